"""Index: articles become a Whoosh index on disk, kept in step with the corpus folder.

:mod:`~search.index.sync` brings an index in line with a folder (reading, language detection,
analysis and posting encoding in worker processes; adds, updates and deletes);
:mod:`~search.index.schema` declares and names the fields; :mod:`~search.index.postings`
encodes an article's postings where it is read; :mod:`~search.index.segment_writer` files a
batch's postings term by term;
:mod:`~search.index.duplicates` keeps copies of an article out of the index and remembers
them; :mod:`~search.index.store` opens and creates the index folder (analysis version, locks,
manifest; :mod:`~search.index.manifest` names its entries); :mod:`~search.index.lengths` and :mod:`~search.index.labels` read per-document
field lengths and labels (language, dates) as arrays for the query side;
:mod:`~search.index.crashpoints` holds the test-only pauses of the crash test.
"""
