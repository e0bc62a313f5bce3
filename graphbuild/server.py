"""A read-only SPARQL endpoint (Oxigraph's server) and pushing a graph to any SPARQL 1.1 server."""

from __future__ import annotations

import ipaddress
import os
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .errors import GraphbuildError

__all__ = ["oxigraph_binary", "serve_command_line", "push_graph", "store_url"]


def oxigraph_binary() -> str:
    """The `oxigraph` command of the PyPI package `oxigraph`, beside this interpreter or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise GraphbuildError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


DEFAULT_TIMEOUT_S = 30


def serve_command_line(
    location: Path, host: str, port: int, allow_remote: bool, timeout_s: int = DEFAULT_TIMEOUT_S
) -> list[str]:
    """The command that serves `location` read-only; any address but loopback needs `allow_remote`.

    Every query is stopped after `timeout_s` seconds (the server answers with an error), so that
    a few expensive or abandoned requests cannot hold the machine."""
    if not _is_loopback(host) and not allow_remote:
        raise GraphbuildError(f"refusing to listen on {host}: pass --allow-remote to serve beyond this machine")
    return [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
        "--timeout-s",
        str(timeout_s),
    ]


def prepare_location(graph_path: Path, location: Path) -> Path:
    """An Oxigraph directory holding the graph file (loaded afresh into a new folder and swapped
    in, under the store's exclusive lock: a server still serving the old one makes this fail)."""
    from .diskstore import StoreLock, fill_and_swap, load_graph_file

    if not Path(graph_path).exists():
        raise GraphbuildError(f"{graph_path}: no such graph file (run `graphbuild build` first)")
    with StoreLock(location).acquire(exclusive=True):
        fill_and_swap(location, lambda folder: load_graph_file(Path(graph_path), folder))
    return location


def store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL of a server whose query endpoint is given (…/query → …/store)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path[: -len("/query")] + "/store" if parts.path.endswith("/query") else parts.path
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def push_graph(graph_path: Path, gsp_url: str, graph_iri: str, timeout: float = 300.0) -> None:
    """Replace a named graph as a whole with HTTP PUT (the server swaps it in one transaction,
    so a failed push leaves the old graph in place)."""
    if not Path(graph_path).exists():
        raise GraphbuildError(f"{graph_path}: no such graph file")
    data = Path(graph_path).read_bytes()
    url = f"{gsp_url}?{urllib.parse.urlencode({'graph': graph_iri})}"
    content_type = "application/n-triples" if str(graph_path).endswith(".nt") else "text/turtle"
    request = urllib.request.Request(url, data=data, method="PUT", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status not in (200, 201, 204):
                raise GraphbuildError(f"{gsp_url}: push answered HTTP {response.status}")
    except urllib.error.HTTPError as error:
        detail = error.read()[:200].decode("utf-8", "replace")
        raise GraphbuildError(f"{gsp_url}: push refused, HTTP {error.code}: {detail}") from error
    except urllib.error.URLError as error:
        raise GraphbuildError(f"{gsp_url}: server not reachable ({error.reason})") from error


def exec_server(command: list[str]) -> None:
    """Replace this process with the server (Ctrl-C stops it)."""
    os.execv(command[0], command)
