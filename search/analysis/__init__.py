"""Analysis: the one place that turns text into index terms.

:mod:`search.analysis.analyzers` holds a Whoosh analyzer per language (a tokenizer and small
filters, one concern each; Unicode normalisation is :mod:`search.text`'s) and the helpers that split, fold and stem
words for the indexer, the query builder and the highlighter. Its classes are pickled into
every index, so their module path is part of the on-disk format.
"""
