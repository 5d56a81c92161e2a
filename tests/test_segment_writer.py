"""The term-at-a-time segment writer gives what Whoosh's own writer gives, block by block."""

from __future__ import annotations

import random

import pytest
from whoosh import index
from whoosh.fields import TEXT, Schema

from search.backends.whoosh.postings import encode_postings
from search.backends.whoosh.schema import build_schema, shared_schema
from search.backends.whoosh.segment_writer import PostingsBatch, TermwiseSegmentWriter, pack_stored
from search.backends.whoosh.whoosh_format import leaf_matcher, whoosh_blocks

TEXT_FIELDS = ("title_en", "body_en", "body_fr", "cognates")


def documents(count: int, start: int = 0, seed: int = 7) -> list[dict]:
    """Documents with common and rare terms, some lists longer than a block, repeats."""
    rng = random.Random(seed + start)
    vocab = [f"w{i}" for i in range(600)]
    docs = []
    for n in range(start, start + count):
        lang = "fr" if n % 3 == 0 else "en"
        body = [rng.choice(vocab[: rng.randint(3, 600)]) for _ in range(rng.randint(1, 400))]
        doc = {
            "id": f"doc{n}", "lang": lang, "date": f"2020-01-{n % 28 + 1:02d}", "year": "2020",
            "title": f"Title {n}", "body": " ".join(body), "sha": f"{n:040d}", "keys": "",
            f"body_{lang}": body, "cognates": body[::3] or body,
        }
        if n % 4:
            doc[f"title_{lang}"] = [rng.choice(vocab) for _ in range(rng.randint(1, 9))]
        docs.append(doc)
    return docs


def encoded(doc: dict) -> dict:
    return {name: encode_postings(shared_schema()[name], value) if isinstance(value, list) else value for name, value in doc.items()}


def build(folder, batches: list[list[dict]], termwise: bool, limitmb: float = 64, merge: bool = True,
          grouped: int = 0) -> None:
    """Index ``batches`` in one commit each: with our writer, or with Whoosh's on term lists.
    With ``grouped``, our writer takes postings gathered in groups of that many documents."""
    folder.mkdir()
    ix = index.create_in(folder, build_schema())
    for batch in batches:
        if termwise:
            writer = TermwiseSegmentWriter(ix, limitmb=limitmb)
            prepared = [pack_stored(ix.schema, encoded(doc)) if n % 2 else encoded(doc) for n, doc in enumerate(batch)]
            # Stored values packed (as the workers do) for every other document, as given for the rest.
            for start in range(0, len(prepared), grouped or len(prepared)):
                group = prepared[start:start + grouped] if grouped else []
                postings = PostingsBatch.gather(group) if grouped else None
                first = writer.docnum
                for doc in (group if grouped else prepared):
                    writer.update_document(**doc)
                if postings is not None:
                    writer.add_batch(postings, first)
        else:
            writer = ix.writer(limitmb=limitmb)
            for doc in batch:
                writer.update_document(**doc)
        writer.commit(merge=merge)
    ix.close()


def snapshot(folder) -> dict:
    """Every term's info row and every block's info and contents, per segment."""
    ix = index.open_dir(folder)
    found = {}
    with ix.reader() as top:
        for segnum, (reader, _) in enumerate(top.leaf_readers()):
            docnums = range(reader.doc_count_all())
            found[segnum, "docs"] = [(reader.stored_fields(n), reader.is_deleted(n)) for n in docnums]
            for field in reader.indexed_field_names():
                for text in reader.lexicon(field):
                    info = reader.term_info(field, text)
                    found[segnum, field, text] = (
                        info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                        info.max_weight(), info.min_id(), info.max_id(), blocks(reader.postings(field, text)),
                    )
    ix.close()
    return found


def blocks(matcher) -> list:
    return whoosh_blocks(leaf_matcher(matcher))


def test_one_segment_equals_whoosh(tmp_path):
    docs = documents(300)
    build(tmp_path / "whoosh", [docs], termwise=False)
    build(tmp_path / "ours", [docs], termwise=True)
    ours, theirs = snapshot(tmp_path / "ours"), snapshot(tmp_path / "whoosh")
    assert ours == theirs
    long_lists = [key for key, value in ours.items() if len(key) == 3 and len(value[-1]) > 1]
    assert long_lists, "some posting lists should span several blocks"
    assert {key[1] for key in ours if len(key) == 3} >= {"id", "lang", *TEXT_FIELDS}


@pytest.mark.parametrize("grouped", [1, 37])
def test_postings_gathered_in_batches_equal_whoosh(tmp_path, grouped):
    docs = documents(300)
    build(tmp_path / "whoosh", [docs], termwise=False)
    build(tmp_path / "ours", [docs], termwise=True, grouped=grouped, limitmb=0.5)
    assert snapshot(tmp_path / "ours") == snapshot(tmp_path / "whoosh")


def test_a_batch_must_match_the_documents_added(tmp_path):
    ix = index.create_in(tmp_path, build_schema())
    writer = TermwiseSegmentWriter(ix)
    docs = [encoded(doc) for doc in documents(3)]
    postings = PostingsBatch.gather(docs)
    first = writer.docnum
    for doc in docs[:2]:
        writer.add_document(**doc)
    with pytest.raises(ValueError, match="batch of 3 documents, but 2"):
        writer.add_batch(postings, first)
    writer.cancel()


def test_spilled_runs_equal_whoosh(tmp_path):
    docs = documents(300)
    build(tmp_path / "whoosh", [docs], termwise=False)
    build(tmp_path / "ours", [docs], termwise=True, limitmb=0.25)
    assert snapshot(tmp_path / "ours") == snapshot(tmp_path / "whoosh")


def test_spill_happens_under_a_small_limit(tmp_path):
    ix = index.create_in(tmp_path, build_schema())
    writer = TermwiseSegmentWriter(ix, limitmb=0.25)
    for doc in documents(200):
        writer.add_document(**encoded(doc))
    assert len(writer.pool._runs) > 1
    writer.cancel()
    ix.close()


def test_merged_small_segments_and_updates_equal_whoosh(tmp_path):
    """Later commits merge earlier small segments through the pool's per-posting path, and
    updates delete the older copy of a document."""
    batches = [documents(40), documents(40, start=40), documents(30, start=20, seed=9)]
    build(tmp_path / "whoosh", batches, termwise=False)
    build(tmp_path / "ours", batches, termwise=True)
    ours = snapshot(tmp_path / "ours")
    assert ours == snapshot(tmp_path / "whoosh")
    with index.open_dir(tmp_path / "ours").searcher() as searcher:
        assert searcher.doc_count() == 80


def test_plain_text_values_are_analysed_as_whoosh_does(tmp_path):
    docs = [{"id": f"d{n}", "body_en": f"the mines were cleared {n} times near the border"} for n in range(20)]
    build(tmp_path / "whoosh", [docs], termwise=False)
    build(tmp_path / "ours", [docs], termwise=True)
    assert snapshot(tmp_path / "ours") == snapshot(tmp_path / "whoosh")


def test_schemas_with_term_vectors_are_refused(tmp_path):
    ix = index.create_in(tmp_path, Schema(text=TEXT(vector=True)))
    with pytest.raises(ValueError, match="text"):
        TermwiseSegmentWriter(ix)
    with ix.writer() as writer:  # the refused writer let go of the lock
        writer.add_document(text="still writable")
