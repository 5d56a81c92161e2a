"""Backends: where an index lives, behind one seam (:mod:`search.backends.base`).

:mod:`~search.backends.fields` names an article's fields for every backend;
:mod:`~search.backends.whoosh` is the embedded default, an index in a folder. Nothing above
this package imports a backend's own modules: the engine asks :func:`open_backend`.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SearchError
from .base import Backend

_URL = re.compile(r"^https?:/", re.IGNORECASE)
"""An index given as a URL (a path object folds ``//`` into ``/``)."""


def open_backend(location: Path | str, searchers: int) -> Backend:
    """The backend for an index location (a folder is the embedded Whoosh index), lending at
    most ``searchers`` views at once. A URL is refused with a clear message rather than taken
    for a folder named ``http:``."""
    if _URL.match(str(location)):
        raise SearchError(f"{_without_credentials(str(location))}: an index URL (a Solr collection) is not "
                          f"supported by this version; give a folder")
    from .whoosh.backend import WhooshBackend

    return WhooshBackend(Path(location), searchers)


def _without_credentials(url: str) -> str:
    return re.sub(r"^(https?:/+)[^/@]*@", r"\1", url, flags=re.IGNORECASE)
