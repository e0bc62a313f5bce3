"""The wheel is the product: built, installed into a fresh environment and run from another folder, it
finds its ontology, vocabularies, shapes, queries, rules and page template (they ship as package data)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "luzhou-air-meetings.txt"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the sources, so that setuptools' build folders stay out of the work tree."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("graphbuild", "ontology"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("graphbuild-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding only the wheel; the dependencies are reached through a path entry to this
    environment's site-packages, whose own .pth files (the editable checkout among them) are not run."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    Path(site, "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_the_wheel_carries_the_ontology_and_the_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "graphbuild/ontology/graphbuild.ttl" in names
    assert "graphbuild/ontology/vocab/cues.ttl" in names
    assert any(n.startswith("graphbuild/ontology/queries/") and n.endswith(".rq") for n in names)
    assert any(n.startswith("graphbuild/ontology/rules/") and n.endswith(".rq") for n in names)
    assert "graphbuild/templates/graph.html" in names


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "graphbuild"), *args], cwd=cwd, capture_output=True, text=True)


def test_the_installed_wheel_runs_from_another_folder(installed, tmp_path):
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import graphbuild; print(graphbuild.__file__)"],
        cwd=tmp_path, check=True, capture_output=True, text=True,
    ).stdout
    assert str(installed) in where  # the wheel's copy, not the checkout
    built = _run(installed, tmp_path, "build", str(SEED), "-o", "graph.ttl")
    assert built.returncode == 0, built.stderr
    validated = _run(installed, tmp_path, "validate", "graph.ttl", "--warnings")
    assert validated.returncode == 0, validated.stderr
    assert "warning" in validated.stdout.lower()  # the coverage shapes are found: the seed has gaps
    listed = _run(installed, tmp_path, "query", "--list")
    assert listed.returncode == 0 and "gaps" in listed.stdout
    rendered = _run(installed, tmp_path, "render", "--graph", "graph.ttl", "-o", "graph.html")
    assert rendered.returncode == 0, rendered.stderr
    assert (tmp_path / "graph.html").stat().st_size > 100_000  # the page inlines vis-network


def test_a_missing_ontology_is_one_line(installed, tmp_path):
    env_missing = {"GRAPHBUILD_ONTOLOGY": str(tmp_path / "nowhere"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [str(installed / "bin" / "graphbuild"), "build", str(SEED), "-o", "g.ttl"],
        cwd=tmp_path, capture_output=True, text=True, env=env_missing,
    )
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1
    assert "ontology" in done.stderr and not (tmp_path / "g.ttl").exists()
