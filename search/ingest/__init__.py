"""Ingest: files in a corpus folder become articles.

:mod:`~search.ingest.readers` picks the reader of a file (:mod:`~search.ingest.articles` for
text and JSON, :mod:`~search.ingest.html_pages` for saved web pages, :mod:`~search.ingest.feeds`
for RSS and Atom, :mod:`~search.ingest.word_files` for .docx); :mod:`~search.ingest.textfix`
repairs their text and :mod:`~search.ingest.dates` reads dates; :mod:`~search.ingest.ignore`
holds the rules for files that are not articles; :mod:`~search.ingest.language` detects an
article's language; :mod:`~search.ingest.sources` finds an indexed article's file again.
Text is normalised with :mod:`search.text`; nothing here imports the analysis stage or later.
"""
