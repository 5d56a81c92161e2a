"""Backends: where an index lives, behind one seam (:mod:`search.backends.base`).

:mod:`~search.backends.fields` names an article's fields for every backend;
:mod:`~search.backends.whoosh` is the embedded default, an index in a folder. Nothing above
this package imports a backend's own modules: the engine asks :func:`open_backend`.
"""

from __future__ import annotations

from pathlib import Path

from .base import Backend


def open_backend(location: Path | str, searchers: int) -> Backend:
    """The backend for an index location (a folder is the embedded Whoosh index), lending at
    most ``searchers`` views at once."""
    from .whoosh.backend import WhooshBackend

    return WhooshBackend(Path(location), searchers)
