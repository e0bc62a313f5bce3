"""Compare the extraction contracts of two checkouts on the same documents (a refactoring's check).

    python benchmarks/compare_records.py dump OUT_DIR PATH...   # with the checkout on PYTHONPATH
    python benchmarks/compare_records.py diff DIR_A DIR_B

`dump` writes one JSON per document (the `extract --format json` contract, without the `plans`
list that older checkouts lack, or the one-line reason a document was refused); `diff` lists the
documents whose JSON differ and exits 1 when any does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def dump(out: Path, paths: list[str]) -> None:
    from graphbuild.errors import InputError
    from graphbuild.extract import extract_document
    from graphbuild.read import read_document

    out.mkdir(parents=True, exist_ok=True)
    for given in map(Path, paths):
        for path in sorted(given.glob("*.txt")) if given.is_dir() else [given]:
            try:
                contract = extract_document(read_document(path)).to_contract()
                if not contract.get("plans"):
                    contract.pop("plans", None)
            except InputError as error:
                contract = {"error": error.reason}
            text = json.dumps(contract, ensure_ascii=False, indent=1, sort_keys=True)
            (out / f"{path.parent.name}__{path.name}.json").write_text(text, encoding="utf-8")


def _text(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def diff(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.glob("*.json")} | {p.name for p in b.glob("*.json")})
    changed = [n for n in names if _text(a / n) != _text(b / n)]
    for name in changed[:20]:
        print(name)
    print(f"{len(names)} documents, {len(changed)} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "dump":
        dump(Path(rest[0]), rest[1:])
    else:
        sys.exit(diff(Path(rest[0]), Path(rest[1])))
