"""Articles with the same text are one result listing its copies, through runs that change the corpus."""


from search import Engine
from search.backends.whoosh.duplicates import drop_documents
from search.backends.whoosh.segment_writer import PostingsBatch
from search.backends.whoosh.postings import encode_postings
from search.backends.whoosh.schema import shared_schema

from .conftest import write_files as write

STORY = ("Glacier retreat speeds up\n\nThe Rhône glacier lost more ice this summer than in any year since measurements "
         "began, glaciologists said on Tuesday.\n")
OTHER = "Ferry service resumes\n\nThe island ferry sailed again on Friday after a week of storms kept it in port.\n"




def ids(engine: Engine, q: str) -> list[str]:
    return [hit.id for hit in engine.search(q).hits]


def test_copies_are_one_result_that_lists_them(tmp_path, new_index):
    corpus = tmp_path / "corpus"
    # Same text once byte for byte, once with other line breaks, spacing and case.
    write(corpus, {"a/glacier.txt": STORY, "b/glacier.txt": STORY, "c/glacier.md": STORY.replace(" began,", "\nBEGAN,  "),
                   "ferry.txt": OTHER})
    engine = Engine(new_index)
    report = engine.index(corpus)
    assert report.indexed == 2 and sum(report.languages.values()) == 2
    assert (engine.stats().articles, engine.stats().duplicates) == (2, 2)
    assert report.duplicates == [{"path": "b/glacier.txt", "copy_of": "a/glacier.txt"},
                                 {"path": "c/glacier.md", "copy_of": "a/glacier.txt"}]
    results = engine.search("glacier")
    assert results.total == 1
    hit = results.to_dict()["results"][0]
    assert hit["id"] == "a/glacier.txt" and hit["duplicates"] == ["b/glacier.txt", "c/glacier.md"]
    assert engine.search("ferry").to_dict()["results"][0]["duplicates"] == []
    view = engine.article("a/glacier.txt")
    assert view.duplicates == ["b/glacier.txt", "c/glacier.md"]
    assert engine.article("b/glacier.txt").id == "a/glacier.txt"  # a copy's id shows the indexed article


def test_removing_the_indexed_copy_keeps_the_story_searchable(tmp_path, new_index):
    corpus = tmp_path / "corpus"
    write(corpus, {"a.txt": STORY, "b.txt": STORY, "c.txt": STORY})
    engine = Engine(new_index)
    engine.index(corpus)
    assert ids(engine, "glacier") == ["a.txt"]
    (corpus / "a.txt").unlink()
    report = engine.index(corpus)
    assert (report.indexed, report.deleted) == (1, 1)
    assert ids(engine, "glacier") == ["b.txt"]
    assert engine.search("glacier").hits[0].duplicates == ["c.txt"]
    (corpus / "b.txt").unlink()
    engine.index(corpus)
    assert ids(engine, "glacier") == ["c.txt"] and engine.search("glacier").hits[0].duplicates == []
    again = engine.index(corpus)
    assert (again.indexed, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 1)


def test_removing_a_copy_or_editing_it_apart(tmp_path, new_index):
    corpus = tmp_path / "corpus"
    write(corpus, {"a.txt": STORY, "b.txt": STORY, "c.txt": STORY})
    engine = Engine(new_index)
    engine.index(corpus)
    (corpus / "c.txt").unlink()
    report = engine.index(corpus)
    assert (report.indexed, report.deleted, report.unchanged) == (0, 0, 1)
    assert engine.search("glacier").hits[0].duplicates == ["b.txt"]
    write(corpus, {"b.txt": STORY + "\nUpdate: the glacier lost 3% of its volume.\n"})
    report = engine.index(corpus)
    assert report.indexed == 1 and report.duplicates == []
    assert sorted(ids(engine, "glacier")) == ["a.txt", "b.txt"]


def test_editing_the_indexed_copy_promotes_another(tmp_path, new_index):
    corpus = tmp_path / "corpus"
    write(corpus, {"a.txt": STORY, "b.txt": STORY})
    engine = Engine(new_index)
    engine.index(corpus)
    write(corpus, {"a.txt": OTHER})
    report = engine.index(corpus)
    assert report.duplicates == [] and sum(report.languages.values()) == 2
    assert ids(engine, "glacier") == ["b.txt"] and ids(engine, "ferry") == ["a.txt"]


def test_a_new_copy_of_an_indexed_article_is_not_a_result(tmp_path, new_index):
    corpus = tmp_path / "corpus"
    write(corpus, {"z.txt": STORY})
    engine = Engine(new_index)
    engine.index(corpus)
    write(corpus, {"a.txt": STORY})  # sorts first, but the article already indexed stays the one shown
    report = engine.index(corpus)
    assert (report.indexed, report.unchanged) == (0, 1)
    assert ids(engine, "glacier") == ["z.txt"] and engine.search("glacier").hits[0].duplicates == ["a.txt"]


def test_lost_manifest_keeps_copies_out_of_the_results(tmp_path):
    """The embedded index's manifest file (a Solr collection keeps its own in documents)."""
    corpus = tmp_path / "corpus"
    write(corpus, {"a.txt": STORY, "b.txt": STORY, "c.txt": OTHER})
    engine = Engine(tmp_path / "ix")
    engine.index(corpus)
    (tmp_path / "ix" / "manifest.json").unlink()
    report = engine.index(corpus)
    assert (report.indexed, report.unchanged, len(report.duplicates)) == (0, 2, 1)
    assert ids(engine, "glacier") == ["a.txt"]


def test_copies_in_one_batch_and_across_batches(tmp_path, new_index):
    """Enough files for the worker pool: copies are found inside a batch and between batches."""
    corpus = tmp_path / "corpus"
    files = {f"n{i:03d}.txt": f"Story number {i}\n\nA unique report about item {i} and its zorblat.\n" for i in range(260)}
    files.update({f"n{i:03d}-copy.txt": files[f"n{i:03d}.txt"] for i in (0, 1, 130, 259)})  # same batch
    files.update({f"z{i:03d}.txt": files[f"n{i:03d}.txt"] for i in (0, 2, 200)})  # the last batch
    write(corpus, files)
    engine = Engine(new_index)
    report = engine.index(corpus, workers=2)
    assert report.indexed == 260 and len(report.duplicates) == 7
    assert engine.search("zorblat", limit=100).total == 260
    hit = engine.search('"item 0 and"').hits[0]  # "n000-copy.txt" sorts before "n000.txt"
    assert (hit.id, hit.duplicates) == ("n000-copy.txt", ["n000.txt", "z000.txt"])
    assert engine.search('"item 200 and"').hits[0].duplicates == ["z200.txt"]
    # Every remaining document's postings still point at its own text.
    for i in (2, 131, 258):
        assert ids(engine, f'"item {i} and"') == [f"n{i:03d}.txt"]


def test_drop_documents_renumbers_the_rest():
    docs = [{"body_en": encode_postings(shared_schema()["body_en"], terms)} for terms in (["a", "b"], ["b", "c"], ["c", "d"], ["a", "d"])]
    batch = PostingsBatch.gather(docs)
    kept = drop_documents(batch, [1])
    assert kept.count == 3
    names, ends, _, places, *_ = kept.fields["body_en"]
    postings = {}
    start = 0
    for name, end in zip(names, ends):
        postings[name.decode()] = list(places[start:end])
        start = end
    assert postings == {"a": [0, 2], "b": [0], "c": [1], "d": [1, 2]}
