"""Where the ontology, vocabularies, shapes, queries, rules and page templates live.

`ontology/` stays at the top of the repository and ships inside the wheel as the package
`graphbuild.ontology` (see `pyproject.toml`); both are read through `importlib.resources`, so an
installed wheel and an editable checkout find the same files. `GRAPHBUILD_ONTOLOGY` points the
tool at another ontology folder (a vocabulary being edited, for instance).
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import GraphbuildError

__all__ = ["ontology_dir", "ontology_files", "template_text"]


def ontology_dir() -> Path:
    """The ontology folder: `GRAPHBUILD_ONTOLOGY` if set, else the packaged `graphbuild.ontology`."""
    override = os.environ.get("GRAPHBUILD_ONTOLOGY")
    folder = Path(override) if override else _packaged_ontology()
    if not (folder / "graphbuild.ttl").is_file():
        raise GraphbuildError(f"{folder}: not an ontology folder (no graphbuild.ttl); reinstall graphbuild")
    return folder


@cache
def _packaged_ontology() -> Path:
    return Path(str(resources.files("graphbuild.ontology")))


def ontology_files(subfolder: str, pattern: str) -> list[Path]:
    """The files of an ontology subfolder matching `pattern`, sorted; an error when there are none."""
    folder = ontology_dir() / subfolder
    found = sorted(folder.glob(pattern))
    if not found:
        raise GraphbuildError(f"{folder}: no {pattern} files; the installed ontology is incomplete")
    return found


def template_text(name: str) -> str:
    """A page template shipped with the package."""
    resource = resources.files("graphbuild") / "templates" / name
    if not resource.is_file():
        raise GraphbuildError(f"graphbuild/templates/{name}: missing from the installation; reinstall graphbuild")
    return resource.read_text(encoding="utf-8")
