"""Typed exceptions of the library; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class GraphbuildError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(GraphbuildError):
    """A source document cannot be used: missing, empty, binary, undecodable or without a meeting.

    It crosses process boundaries intact (a pool worker's error reaches the main process):

    >>> import pickle
    >>> str(pickle.loads(pickle.dumps(InputError("a.txt", "empty file"))))
    'a.txt: empty file'
    """

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):
        """Rebuilt from path and reason when it crosses a process pool (`Exception` pickles as
        `cls(*self.args)`, and args holds only the joined message)."""
        return (type(self), (self.path, self.reason))


class GraphInputError(GraphbuildError):
    """A graph file cannot be read or does not conform to the shapes."""


class QueryError(GraphbuildError):
    """A named query is unknown, malformed or missing a parameter."""


class StoreError(GraphbuildError):
    """An Oxigraph store cannot be used: incomplete, locked by another process, or not a store."""
