"""The engine's errors; every message is safe to show to a user as it is."""


class SearchError(Exception):
    """Base class for errors the engine reports to its callers."""


class QueryError(SearchError, ValueError):
    """A query or one of its parameters is unusable (bad page, limit, language...)."""


class IndexNotFoundError(SearchError):
    """There is no index at the given place yet."""


class IndexVersionError(SearchError):
    """The index was built with other analysis rules and must be rebuilt."""


class IndexLockedError(SearchError):
    """Another process is writing the index."""


class IndexWriteError(SearchError):
    """The index folder cannot be written (full disk, read-only folder, no permission)."""


class LexiconError(SearchError):
    """A lexicon file that cannot be read (a missing or unreadable $SEARCH_LEXICON)."""


class WhooshVersionError(SearchError):
    """The installed Whoosh is not a release whose index files this engine knows."""


class IndexDamagedError(SearchError):
    """An index whose files cannot be read (damaged, truncated, or not one of ours)."""


class BackendUnavailableError(SearchError):
    """No node of the search cluster answers (all stopped, unreachable, or answering 5xx)."""


class BackendError(SearchError):
    """The search cluster refused a request: a bad collection URL, credentials it rejects, or
    a request it cannot run (its message says which)."""
