"""Names that Whoosh indexes hold by their import path (see :mod:`search.index.schema`).

Only the embedded backend (:mod:`search.backends.whoosh`) uses them."""
