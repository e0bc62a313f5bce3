"""Shared fixtures: the raw document, its hand annotation, the extraction, and built graphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.extract import extract_document
from graphbuild.pipeline import build_from_paths
from graphbuild.read import read_document

from .paths import GOLD_PATH, RAW, Runner


@pytest.fixture(scope="session", autouse=True)
def private_build_cache(tmp_path_factory):
    """Builds into a store cache each document (`$XDG_CACHE_HOME/graphbuild`): keep the tests'
    entries out of the user's cache (subprocesses inherit the variable)."""
    import os

    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def document():
    return read_document(RAW / "luzhou-air-meetings.txt")


@pytest.fixture(scope="session")
def record(document):
    return extract_document(document)


@pytest.fixture(scope="session")
def graph():
    """The inferred graph of data/raw (do not mutate)."""
    return build_from_paths([RAW], infer=True)


@pytest.fixture(scope="session")
def text_graph():
    """The graph of data/raw without inference."""
    return build_from_paths([RAW], infer=False)


@pytest.fixture(scope="session")
def graph_file(tmp_path_factory, graph) -> Path:
    from graphbuild.graphio import write_graph

    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    write_graph(graph, path)
    return path


@pytest.fixture(scope="session")
def projection(graph):
    from graphbuild.projection import project
    from graphbuild.store import RdflibStore

    return project(RdflibStore(graph))


@pytest.fixture
def runner() -> Runner:
    return Runner()
