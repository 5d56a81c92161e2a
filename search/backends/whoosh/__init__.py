"""The embedded backend: articles become a Whoosh index in a folder, kept in step with the corpus.

:mod:`~.backend` opens the folder and lends searchers, each wrapped in a :mod:`~.view` that
answers a search's reads. Writing: :mod:`~.sync` brings an index in line with a folder
(reading, language detection, analysis and posting encoding in worker processes; adds,
updates and deletes); :mod:`~.schema` builds the Whoosh schema; :mod:`~.postings` encodes an
article's postings where it is read; :mod:`~.segment_writer` files a batch's postings term
by term; :mod:`~.duplicates` remembers the copies left out of the index and drops their postings;
:mod:`~.store` opens and creates the index folder (analysis version, locks, manifest).
What every backend shares of a sync (walking and reading the corpus, the entries per file,
copies, what a read file changes) is in :mod:`search.backends.corpus`,
:mod:`~search.backends.manifest`, :mod:`~search.backends.copies`, :mod:`~search.backends.changes`
and :mod:`~search.backends.document`. Reading: :mod:`~.lengths` and :mod:`~.labels` read per-document field lengths and
labels (language, dates) as arrays; :mod:`~.evaluate` scores a query plan over whole posting
lists with :mod:`~.bm25`'s per-language BM25F; :mod:`~.facets` filters the matches and counts
facets and the timeline. :mod:`~.whoosh_format` is the one module that knows Whoosh's private
format.
"""
