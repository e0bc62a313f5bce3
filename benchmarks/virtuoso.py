"""A private Virtuoso (Debian's `virtuoso-t`) on loopback ports for the benchmarks, with a graph
bulk-loaded from an N-Triples file.

The set-up is that of tests/test_virtuoso.py (a pytest fixture, so not importable as a helper): every
file in one private folder, both listeners on loopback, no cap on result rows or query time. The
benchmarks give it more buffers than the tests (millions of triples) and load with Virtuoso's bulk
loader (`ld_dir` + `rdf_loader_run` through `isql-vt`), which is how a large graph goes in.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

DBA = ("dba", "dba")  # a fresh database's administrator; the server listens on loopback only
GRAPH_IRI = "https://example.org/graph/bench"

INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {folder}/virtuoso-temp.db
TransactionFile    = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = {folder}, {data}
ThreadsPerQuery      = 2
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty}
MaxQueryMem          = 2G

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {folder}/www
MaxClientConnections = 5
ServerThreads        = 5
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = 10000000
MaxQueryExecutionTime      = 0
MaxQueryCostEstimationTime = 0
"""


def available() -> bool:
    """Whether Debian's server and its SQL client are installed."""
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


class Virtuoso:
    """A running private server: `start()`, `load(ntriples)`, `endpoint`, `stop()`."""

    def __init__(self, folder: Path, data: Path, buffers: int = 170_000) -> None:
        self.folder, self.data, self.buffers = folder, data, buffers
        self.process: subprocess.Popen | None = None
        self.http_port = self.sql_port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def endpoint(self) -> str:
        """The query endpoint with the loaded graph as default graph (Virtuoso's own default graph
        is the union of all its graphs, its system graphs included)."""
        return f"{self.base}/sparql?{urllib.parse.urlencode({'default-graph-uri': GRAPH_IRI})}"

    def start(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        (self.folder / "www").mkdir(parents=True)
        self.http_port, self.sql_port = _free_port(), _free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            INI.format(
                folder=self.folder,
                data=self.data,
                sql_port=self.sql_port,
                http_port=self.http_port,
                buffers=self.buffers,
                dirty=self.buffers * 3 // 4,
            ),
            encoding="utf-8",
        )
        log = (self.folder / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(ini)],
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait(f"{self.base}/sparql?query=ASK%7B%7D", seconds=120)
        except RuntimeError:
            tail = (self.folder / "stdout.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            self.stop()
            raise RuntimeError(f"Virtuoso did not start:\n{tail}") from None

    def isql(self, statements: str) -> str:
        """Run SQL statements through `isql-vt` on the server's SQL port; its output."""
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", DBA[0], DBA[1], f"exec={statements}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {(done.stdout + done.stderr)[-1000:]}")
        return done.stdout

    def load(self, ntriples: Path) -> None:
        """Bulk-load one N-Triples file (inside `data`) into GRAPH_IRI, then checkpoint."""
        self.isql(f"ld_dir('{ntriples.parent}', '{ntriples.name}', '{GRAPH_IRI}'); rdf_loader_run(); checkpoint;")

    def pid(self) -> int:
        return self.process.pid if self.process else 0

    def stop(self) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), then SIGKILL if it is still there after 30 s."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
