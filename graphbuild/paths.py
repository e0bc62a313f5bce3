"""Where the ontology, vocabularies, shapes, queries and rules live."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ontology_dir"]


def ontology_dir() -> Path:
    """The `ontology/` folder: `GRAPHBUILD_ONTOLOGY` if set, else the one beside the package."""
    override = os.environ.get("GRAPHBUILD_ONTOLOGY")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "ontology"
