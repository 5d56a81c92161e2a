"""Query: a user's query becomes a page of ranked, highlighted results.

In the order a query travels: :mod:`~search.query.parse` reads the query language into a
tree; :mod:`~search.query.build` turns it into per-language plans of concepts (with their
translations, expressions and cognates) and says which words to mark;
:mod:`~search.query.evaluate` scores every match at once with :mod:`~search.query.bm25`'s
per-language BM25F; :mod:`~search.query.facets` filters the matches and counts the facets and
timeline; :mod:`~search.query.highlight` marks snippets and :mod:`~search.query.paragraphs`
cuts an article for display; :mod:`~search.query.suggest` offers a "did you mean".
:mod:`~search.query.run` drives a query through these steps and builds an article's view;
:mod:`~search.query.overview` describes the collection for the home page. No module here
imports a later stage (crosslang, the engine, the CLI or the web app).
"""
