"""Where the test data lives (imported by tests and by conftest; pytest discourages importing conftest)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD_PATH = Path(__file__).parent / "fixtures" / "luzhou-air-meetings.gold.json"
DEV_RAW = RAW / "dev"  # the development corpus (texts); its hand annotation is DEV_GOLD_DIR
DEV_GOLD_DIR = Path(__file__).parent / "fixtures" / "dev"
# Development texts of each genre that the reader tests turn into Word, PDF, HTML and traditional copies.
READER_TEXTS = [
    DEV_RAW / name
    for name in (
        "l01_zhejiang-sheng-daqi-bumen-fengong-fangan.txt",
        "l07_haidian-qu-jinfang-yanhua-baozhu-zhize-fengong.txt",
        "p01_wuhan-shi-2020-daqi-gongzuofangan.txt",
        "r02_anyuan-qu-daqi-zhuanweihui.txt",
    )
]


class Runner(CliRunner):
    """A CliRunner whose `invoke` lets unexpected exceptions through (a traceback is a failure, not an
    exit code to compare); the command's own errors still become exit codes and one line."""

    def invoke(self, *args, catch_exceptions: bool = False, **kwargs):
        return super().invoke(*args, catch_exceptions=catch_exceptions, **kwargs)


def benchmark_generator():
    """benchmarks/generate.py as a module: documents of both genres written for real areas from the
    vocabularies (it is a script, not part of the package)."""
    import importlib.util
    import sys

    name = "benchmark_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "generate.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[name]
