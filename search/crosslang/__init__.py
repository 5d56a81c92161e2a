"""Cross-language: what lets an English query find French articles, and the other way round.

:mod:`~search.crosslang.lexicon` loads the word lists (the project's glossary, CLDR names via
Babel, FreeDict when installed, a user's list) into the translator the query builder asks;
:mod:`~search.crosslang.lexicon_learning` learns a user lexicon from aligned translations;
:mod:`~search.crosslang.counterparts` finds an article's story in the other language and
:mod:`~search.crosslang.related` finds articles like one (searched as a query, so translated
like one).
"""
