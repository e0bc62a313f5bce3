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
        raise GraphbuildError("the oxigraph server is not installed; reinstall graphbuild (it depends on oxigraph)")
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
    Path(location).parent.mkdir(parents=True, exist_ok=True)
    with StoreLock(location).acquire(exclusive=True):
        fill_and_swap(location, lambda folder: load_graph_file(Path(graph_path), folder))
    return location


def store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL of a server whose query endpoint is given (…/query → …/store)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path[: -len("/query")] + "/store" if parts.path.endswith("/query") else parts.path
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def push_graph(
    graph_path: Path, gsp_url: str, graph_iri: str, timeout: float = 300.0, credentials: tuple[str, str] | None = None
) -> None:
    """Replace a named graph as a whole with HTTP PUT.

    The file is parsed here first: a server may swap the graph in one transaction (Oxigraph) or
    drop it and load the new one as it reads (Virtuoso, which keeps the triples before a syntax
    error), so a broken file must never reach it. `credentials` (user, password) answer HTTP
    Basic or Digest challenges, as Virtuoso's authenticated `/sparql-graph-crud-auth` sends."""
    if not Path(graph_path).exists():
        raise GraphbuildError(f"{graph_path}: no such graph file")
    from .graphio import media_type

    data = Path(graph_path).read_bytes()
    content_type = media_type(graph_path)
    _check_syntax(graph_path, data, content_type)
    url = f"{gsp_url}?{urllib.parse.urlencode({'graph': graph_iri})}"
    request = urllib.request.Request(url, data=data, method="PUT", headers={"Content-Type": content_type})
    try:
        with _opener(gsp_url, credentials).open(request, timeout=timeout) as response:
            if response.status not in (200, 201, 204):
                raise GraphbuildError(f"{gsp_url}: push answered HTTP {response.status}")
    except urllib.error.HTTPError as error:
        detail = error.read()[:200].decode("utf-8", "replace")
        raise GraphbuildError(f"{gsp_url}: push refused, HTTP {error.code}: {detail}") from error
    except urllib.error.URLError as error:
        raise GraphbuildError(f"{gsp_url}: server not reachable ({error.reason})") from error


def _check_syntax(graph_path: Path, data: bytes, content_type: str) -> None:
    """Refuse a file that does not parse in the format it will be sent as, before anything is sent."""
    import pyoxigraph as ox

    fmt = ox.RdfFormat.from_media_type(content_type) or ox.RdfFormat.TURTLE
    try:
        for _ in ox.parse(data, fmt):
            pass
    except SyntaxError as error:
        raise GraphbuildError(f"{graph_path}: push refused, not valid {fmt.name}: {error}") from error


def _opener(url: str, credentials: tuple[str, str] | None) -> urllib.request.OpenerDirector:
    """urllib's opener, answering Basic and Digest challenges from this server when credentials are given."""
    if credentials is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, *credentials)
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)
    )


def exec_server(command: list[str]) -> None:
    """Replace this process with the server (Ctrl-C stops it)."""
    os.execv(command[0], command)
