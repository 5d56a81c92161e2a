"""Backends: where an index lives, behind one seam (:mod:`search.backends.base`).

:mod:`~search.backends.fields` names an article's fields for every backend;
:mod:`~search.backends.whoosh` is the embedded default, an index in a folder;
:mod:`~search.backends.solr` a collection of a SolrCloud cluster. Nothing above
this package imports a backend's own modules: the engine asks :func:`open_backend`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import Backend

_URL = re.compile(r"^https?://", re.IGNORECASE)


def open_backend(location: Path | str, searchers: int) -> Backend:
    """The backend for an index location, lending at most ``searchers`` views at once: an
    ``http(s)://`` URL is a Solr collection, anything else a folder (the embedded index)."""
    if _URL.match(str(location)):
        from .solr.backend import SolrBackend

        return SolrBackend(str(location), searchers)
    from .whoosh.backend import WhooshBackend

    return WhooshBackend(Path(location), searchers)
