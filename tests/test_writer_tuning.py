"""The writer speed-ups leave the index exactly as Whoosh would write it."""

from search import indexer
from search.engine import Engine
from search.writer_tuning import _CachedLengths

from .synthetic import make_corpus


def postings(index_dir):
    with Engine(index_dir)._reading() as searcher:
        reader = searcher.reader()
        found = {}
        for field in ("body_en", "body_fr", "cognates"):
            for text in reader.lexicon(field):
                m = reader.postings(field, text)
                items = []
                while m.is_active():
                    items.append((m.id(), m.weight(), m.value()))
                    m.next()
                found[field, text] = items
        return found, searcher.doc_count()


def test_spilled_runs_give_the_same_postings(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 300)
    in_memory = postings(_build(corpus, tmp_path / "a", monkeypatch, writer_mb=256))
    spilled = postings(_build(corpus, tmp_path / "b", monkeypatch, writer_mb=1))
    assert in_memory[1] == spilled[1] == 300
    assert in_memory[0] == spilled[0]


def test_cached_lengths_equal_whoosh_lengths(tmp_path, corpus):
    Engine(tmp_path / "index").index(corpus)
    with Engine(tmp_path / "index")._reading() as searcher:
        perdoc = searcher.reader()._perdoc
        cached = _CachedLengths(perdoc)
        fields = ["title_en", "body_en", "title_fr", "body_fr", "cognates", "body_xx"]
        for docnum in range(searcher.doc_count_all()):
            for field in fields:
                assert cached.doc_field_length(docnum, field) == perdoc.doc_field_length(docnum, field)
        assert any(cached.doc_field_length(d, "body_en") for d in range(searcher.doc_count_all()))


def _build(corpus, index_dir, monkeypatch, writer_mb):
    monkeypatch.setattr(indexer, "WRITER_MB", writer_mb)
    spilled = []
    original = indexer.tuned

    def watching(writer):
        writer = original(writer)
        save = writer.pool.save
        writer.pool.save = lambda: (spilled.append(len(writer.pool.current)), save())[1]
        return writer

    monkeypatch.setattr(indexer, "tuned", watching)
    indexer.sync(corpus, index_dir, workers=0)
    assert (sum(1 for n in spilled if n) > 1) == (writer_mb < 10)
    return index_dir
