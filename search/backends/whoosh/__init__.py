"""The embedded backend: articles become a Whoosh index in a folder, kept in step with the corpus.

:mod:`~.backend` opens the folder and lends searchers, each wrapped in a :mod:`~.view` that
answers a search's reads. Writing: :mod:`~.sync` brings an index in line with a folder
(reading, language detection, analysis and posting encoding in worker processes; adds,
updates and deletes); :mod:`~.schema` builds the Whoosh schema; :mod:`~.postings` encodes an
article's postings where it is read; :mod:`~.segment_writer` files a batch's postings term
by term; :mod:`~.duplicates` keeps copies of an article out of the index and remembers them;
:mod:`~.store` opens and creates the index folder (analysis version, locks, manifest;
:mod:`~.manifest` names its entries); :mod:`~.crashpoints` holds the test-only pauses of the
crash test. Reading: :mod:`~.lengths` and :mod:`~.labels` read per-document field lengths and
labels (language, dates) as arrays; :mod:`~.evaluate` scores a query plan over whole posting
lists with :mod:`~.bm25`'s per-language BM25F; :mod:`~.facets` filters the matches and counts
facets and the timeline. :mod:`~.whoosh_format` is the one module that knows Whoosh's private
format.
"""
