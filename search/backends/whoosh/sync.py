"""Sync a corpus folder into the index: add new files, replace changed ones, drop deleted ones.

Files are compared by size and modification time first and by content hash only when those
differ, so a no-op run reads no article. Worker processes read, detect, analyse and encode
batches of files, and group each batch's postings by term; the one writer process adds the
documents and files each term's postings a batch at a time (:mod:`search.backends.whoosh.segment_writer`).
On two cores that beats Whoosh's multi-process writer, which also needed twice the memory.
Whoosh commits atomically, so a run that dies leaves the previous index intact.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from whoosh.query import Every
from whoosh.writing import CLEAR

from ...analysis.analyzers import ANALYSIS_VERSION
from ...ingest.articles import Article
from ...ingest.ignore import CorpusRules
from ...errors import IndexDamagedError
from ..changes import apply
from ..copies import copies_of, own_ids
from ..corpus import Candidate, Doc, Loaded, Progress, choose, load, load_all
from ..crashpoints import pause_point
from ..document import article_terms, stored_fields
from ..manifest import FileEntry, entries_from_articles, entries_from_json
from .duplicates import drop_documents, write_copies
from .labels import language_counts
from .postings import encode_postings
from ..fields import COGNATE_FIELD, FILE_FIELD, ID_FIELD, TEXTKEY_FIELD, body_field, lead_field, title_field
from .schema import shared_schema
from ..report import IndexReport
from .segment_writer import PostingsBatch, TermwiseSegmentWriter, pack_stored
from .store import (
    analysis_version,
    check_readable,
    create_index,
    index_exists,
    open_index,
    read_manifest,
    remove_leftovers,
    sync_lock,
    write_manifest,
)

COMMIT_EVERY = 50_000
"""Articles per intermediate commit in long runs (segments of about this size)."""
WRITER_MB = 128
"""Memory for the writer's posting pool before it spills sorted runs to disk."""

MIN_BATCH, MAX_BATCH = 16, 256
"""Files per batch a worker prepares (the postings of a batch are grouped by term there)."""


@dataclass
class _Batch:
    """Files prepared together; the postings of all their documents, grouped by term."""

    loaded: list[Loaded]
    postings: PostingsBatch


def sync(
    corpus: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    lock_wait: float = 0.0,
    commit_every: int = COMMIT_EVERY,
    excludes: tuple[str, ...] = (),
) -> IndexReport:
    """Bring the index in ``index_dir`` in line with the files under ``corpus``.

    ``excludes`` are gitignore patterns of files to leave out, besides the corpus's
    ``.searchignore`` (a bad one raises :class:`search.ingest.ignore.IgnoreFileError`)."""
    corpus, index_dir = Path(corpus), Path(index_dir)
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    rules = CorpusRules.load(corpus, excludes)
    started = time.perf_counter()
    with sync_lock(index_dir, wait=lock_wait):
        report = IndexReport()
        fresh = rebuild or not index_exists(index_dir)
        if fresh and (not index_exists(index_dir) or analysis_version(index_dir) != ANALYSIS_VERSION):
            ix = create_index(index_dir)
        else:
            try:
                ix = open_index(index_dir)
                check_readable(ix, index_dir)
            except IndexDamagedError:
                if not rebuild:
                    raise
                ix = create_index(index_dir)  # a rebuild replaces an index it cannot read
        remove_leftovers(ix)  # of a run that was killed or failed before
        try:
            known = {} if fresh else _known_files(ix, index_dir)
            plan = choose(corpus, known, report, rules)
            to_read, gone, manifest, copies = plan.to_read, plan.gone, plan.manifest, plan.copies

            # Replacing a live index happens in one atomic commit; otherwise long runs commit
            # every ``commit_every`` articles (at the next batch's end), which bounds the
            # writer's spill files and keeps what was done if the run dies.
            atomic = fresh and ix.doc_count_all() > 0
            partial_commits = 0
            writer = TermwiseSegmentWriter(ix, timeout=30.0, limitmb=WRITER_MB)
            try:
                for file in gone:
                    for doc_id in own_ids(file, known[file].items):
                        writer.delete_by_term(ID_FIELD, doc_id)
                        report.deleted += 1
                in_writer = 0
                for batch in load_all(to_read, _load_batch, progress, workers, MIN_BATCH, MAX_BATCH):
                    first = writer.docnum
                    dropped: list[int] = []
                    place = 0
                    for loaded in batch.loaded:
                        place = apply(writer, loaded, known, manifest, report, copies, place, dropped)
                    writer.add_batch(drop_documents(batch.postings, dropped) if dropped else batch.postings, first)
                    in_writer += len(batch.loaded)
                    if not atomic and in_writer >= commit_every:
                        writer.commit(merge=False)
                        partial_commits += 1
                        in_writer = 0
                        writer = TermwiseSegmentWriter(ix, timeout=30.0, limitmb=WRITER_MB)
                if atomic:
                    writer.commit(mergetype=CLEAR)
                else:
                    writer.commit(merge=partial_commits == 0)
            except BaseException:
                _cancel(writer, ix)
                raise
            pause_point("manifest")  # committed; the manifest still describes the last generation
            write_manifest(index_dir, ix.latest_generation(), manifest)
            duplicates = copies_of(manifest)
            write_copies(index_dir, ix.latest_generation(), duplicates)
            report.duplicates = [{"path": copy, "copy_of": held} for held, found in duplicates.items() for copy in found]
            with ix.searcher() as searcher:
                report.languages = language_counts(searcher)
        finally:
            ix.close()
    report.seconds = time.perf_counter() - started
    return report


def _cancel(writer: TermwiseSegmentWriter, ix) -> None:
    """Abandon a failed run's writer and delete what it wrote (the index itself is intact).

    Cancelling may fail the way the run did (a full disk); the files are removed anyway, or
    a full disk would stay full and every later run would fail too."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - the original error is the one to report
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            try:
                lock.release()
            except Exception:  # noqa: BLE001
                pass
    try:
        remove_leftovers(ix)
    except OSError:
        pass


def document_fields(article: Article, sha: str) -> dict:
    """The Whoosh document for an article: its text in its own language's fields.

    Text fields get their postings encoded here (see :func:`search.analysis.analyzers.index_terms` and
    :class:`search.backends.whoosh.postings.EncodedPostings`), so each article is analysed and encoded once, in
    the reading workers, and the writer only files postings."""
    schema = shared_schema()
    terms = article_terms(article)
    lang = terms.lang
    fields = stored_fields(article, sha, terms)
    fields[body_field(lang)] = encode_postings(schema[body_field(lang)], terms.body)
    fields[lead_field(lang)] = encode_postings(schema[lead_field(lang)], terms.lead)
    fields[COGNATE_FIELD] = encode_postings(schema[COGNATE_FIELD], terms.cognates)
    if terms.title is not None:
        fields[title_field(lang)] = encode_postings(schema[title_field(lang)], terms.title)
    return fields


def _document(article: Article, sha: str, file: str) -> Doc:
    """An article's Whoosh document, its stored fields packed; runs in worker processes."""
    fields = document_fields(article, sha)
    if article.id != file:
        fields[FILE_FIELD] = file  # a feed's item: the manifest is rebuilt from these
    return Doc(article.id, fields[TEXTKEY_FIELD], article.lang, pack_stored(shared_schema(), fields))


def _load_batch(cands: list[Candidate]) -> _Batch:
    """Prepare files together, their postings grouped by term; runs in worker processes."""
    loaded = [load(cand, _document) for cand in cands]
    postings = PostingsBatch.gather([doc.fields for item in loaded for doc in item.docs])
    return _Batch(loaded, postings)


def _known_files(ix, index_dir: Path) -> dict[str, FileEntry]:
    """The files read last time: from the manifest when it is current (and well formed), else
    from the index (copies, which are not in it, are then read again as new files)."""
    generation = ix.latest_generation()
    files = read_manifest(index_dir, generation)
    manifest = entries_from_json(files) if files is not None else None
    if manifest is not None:
        return manifest
    with ix.searcher() as searcher:
        return entries_from_articles(searcher.stored_fields(docnum) for docnum in searcher.docs_for_query(Every()))
