"""The field class that every Whoosh index written so far names by this module's path.

Whoosh pickles an index's schema, fields and their classes included, into its table of
contents. Keeping :class:`EncodedText` here, where indexes already name it, keeps their bytes
and lets them open without a rebuild; moving it means a reindex (bump ``ANALYSIS_VERSION``).
The schema itself is built by :mod:`search.backends.whoosh.schema`.
"""

from __future__ import annotations

from whoosh.fields import TEXT

from ..backends.whoosh.postings import EncodedPostings


class EncodedText(TEXT):
    """A text field whose documents arrive as :class:`EncodedPostings`.

    Encoding a document's postings (counting terms, packing positions) is a third of the
    writer's work per article; the reading workers do it instead, on the other core, and
    the single writer process only files the postings. Plain text is analysed as by
    ``TEXT``."""

    def index(self, value, **kwargs):
        if isinstance(value, EncodedPostings):
            raise TypeError("pre-encoded postings are filed by search.backends.whoosh.segment_writer's writer only")
        return super().index(value, **kwargs)
