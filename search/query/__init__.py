"""Query: a user's query becomes a plan, and a backend's page becomes ranked, highlighted results.

In the order a query travels: :mod:`~search.query.parse` reads the query language into a
tree; :mod:`~search.query.build` turns it into a backend-neutral :mod:`~search.query.plan` of
concepts (with their translations, expressions and cognates) and says which words to mark;
a backend (:mod:`search.backends`) ranks the plan within the :mod:`~search.query.budget`,
filtered by :mod:`~search.query.facets`' date filters, with :mod:`~search.query.ranking`'s
formulas; :mod:`~search.query.highlight` marks snippets and :mod:`~search.query.paragraphs`
cuts an article for display; :mod:`~search.query.suggest` offers a "did you mean".
:mod:`~search.query.run` drives a query through these steps and builds an article's view;
:mod:`~search.query.overview` describes the collection for the home page. No module here
imports a later stage (crosslang, the engine, the CLI or the web app) or a backend's own
modules.
"""
