"""The engine's caches: bounded, its own, never stale, and no obstacle to parallel searches."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from search import Engine
from search.cache import BoundedCache, IndexCaches, current
from search.query import plan
from search.query.build import Unit

from .conftest import indexed_engine
from .synthetic import make_corpus

QUERIES = ["mines", "demining", "border villages", '"story number"', "synth*", "tok17 OR tok42", "story -mines",
           "déminage", "title:synthetic", "number AND story"]


def outcome(results) -> tuple:
    return results.total, [(hit.id, round(hit.score, 9)) for hit in results.hits]


def test_a_cache_at_its_limit_drops_the_least_recently_used():
    cache: BoundedCache[str, int] = BoundedCache(3)
    for key in "abc":
        cache.put(key, ord(key))
    assert cache.get("a") == ord("a")  # a is now the most recently used
    cache.put("d", 4)
    assert [key in cache for key in "abcd"] == [True, False, True, True]
    assert (len(cache), cache.size) == (3, 3)
    assert cache.keys() == ["c", "a", "d"]


def test_costs_bound_the_cache():
    cache: BoundedCache[str, str] = BoundedCache(10, cost=len)
    cache.put("first", "x" * 6)
    cache.put("second", "y" * 5)
    assert "first" not in cache and cache.size == 5
    cache.put("huge", "z" * 11)  # more than the whole limit: not kept, nothing else dropped
    assert "huge" not in cache and "second" in cache
    nothing: BoundedCache[str, int] = BoundedCache(0)
    nothing.put("a", 1)
    assert len(nothing) == 0
    with pytest.raises(ValueError, match="limit"):
        BoundedCache(-1)


def test_none_is_kept_like_any_value():
    cache: BoundedCache[str, None] = BoundedCache(5)
    calls = []
    for _ in range(3):
        assert cache.get_or_compute("k", lambda: calls.append(1)) is None
    assert calls == [1]


def test_two_engines_keep_their_own_data(tmp_path):
    """The same words, in other documents with other frequencies: each engine's cached postings,
    lengths and frequencies stay its own, searched alternately."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = indexed_engine(tmp_path / "a", {"a1.txt": "Mines\n\nmines mines near the border", "a2.txt": "Weather\n\nrain"})
    second = indexed_engine(tmp_path / "b", {"b1.txt": "Border\n\nthe border is closed today for everyone",
                                             "b2.txt": "Mines\n\nmines", "b3.txt": "Mines again\n\nold mines"})
    alone = {}
    for name, engine in (("a", first), ("b", second)):
        alone[name] = [outcome(Engine(engine.location, translator=None, cache_size=0).search(q)) for q in QUERIES]
    for _ in range(2):
        assert [outcome(first.search(q)) for q in QUERIES] == alone["a"]
        assert [outcome(second.search(q)) for q in QUERIES] == alone["b"]
    assert alone["a"] != alone["b"]
    assert first.caches is not second.caches
    segments = {name: {key[0] for key in engine.caches.postings.keys()}
                for name, engine in (("a", first), ("b", second))}
    assert segments["a"] and segments["b"] and not segments["a"] & segments["b"]


def test_caches_belong_to_the_search_that_runs():
    assert current() is None  # outside an engine: nothing is kept
    assert isinstance(IndexCaches().postings, BoundedCache)


def test_a_rebuilt_index_is_never_served_from_old_entries(tmp_path):
    engine = indexed_engine(tmp_path, {"one.txt": "Mines\n\nmines cleared near the border"})
    before = engine.search("mines")
    assert [hit.id for hit in before.hits] == ["one.txt"]
    (tmp_path / "corpus" / "two.txt").write_text("Mines\n\nmines mines mines everywhere", "utf-8")
    (tmp_path / "corpus" / "one.txt").write_text("Weather\n\nsunny", "utf-8")
    engine.index(tmp_path / "corpus", rebuild=True)
    after = engine.search("mines")
    assert [hit.id for hit in after.hits] == ["two.txt"]
    assert outcome(after) == outcome(Engine(engine.location, translator=None).search("mines"))


class _MeetingTranslator:
    """Translates nothing, but each search waits in ``translations`` until another search
    is there too: searches serialised by a lock would never meet (BrokenBarrierError)."""

    def __init__(self):
        self.barrier = threading.Barrier(2, timeout=30)
        self.lock = threading.Lock()
        self.arrived = 0
        self.met = 0

    def translations(self, word: str) -> dict[str, list[str]]:
        with self.lock:
            first_two = self.arrived < 2
            self.arrived += 1
        if first_two:  # each search asks more than once: only the first two calls wait
            self.barrier.wait()
            with self.lock:
                self.met += 1
        return {}

    def weight(self, word: str, target: str, translation: str) -> float:
        return 1.0

    def knows(self, word: str, lang: str, exactly: bool = False) -> bool:
        return False

    def trusted(self, word: str, lang: str) -> bool:
        return False


def test_searches_run_side_by_side(seeds_index):
    translator = _MeetingTranslator()
    engine = Engine(seeds_index, translator=translator, cache_size=0)
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(lambda _: engine.search("qqmeetqq"), range(2)))
    assert translator.met == 2 and all(results.total == 0 for results in done)


def test_concurrent_searches_give_the_serial_results(tmp_path):
    make_corpus(tmp_path / "corpus", 200)
    Engine(tmp_path / "index", translator=None).index(tmp_path / "corpus")
    serial = Engine(tmp_path / "index", cache_size=0, query_seconds=None)
    expected = {q: outcome(serial.search(q)) for q in QUERIES}
    assert sum(total for total, _ in expected.values()) > 200
    threaded = Engine(tmp_path / "index", cache_size=0, query_seconds=None)  # cold caches, filled by racing threads
    work = QUERIES * 6
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda q: (q, outcome(threaded.search(q))), work))
    assert len(found) == len(work)
    assert all(result == expected[q] for q, result in found)


def test_loading_the_lexicons_is_not_charged_to_the_first_query(seeds_index, tmp_path):
    """The first search of a new engine loads its lexicons (a second or more); the query's
    time budget starts after that, so the first answer is whole, not cut short with a note."""
    mine = tmp_path / "mine.tsv"  # a lexicon of its own: loaded fresh, not from another test
    mine.write_text("english\tfrench\tkind\nlandmine\tmine terrestre\tword\n", "utf-8")
    results = Engine(seeds_index, lexicon=mine, query_seconds=0.25).search("demining")
    assert results.notes == []
    assert results.total == 5 and results.expanded["demining"]


def test_plans_are_keyed_by_what_they_hold_not_where_they_live():
    """Counts of a plan are kept between searches under its signature: two concepts nodes
    built alike share one, different ones never do (a freed node's id is reused)."""
    def concepts(word: str) -> plan.Concepts:
        unit = Unit(word, frozenset([0]), typed=[plan.Term("body_en", word)])
        return plan.Concepts([unit, Unit("fire", frozenset([1]), typed=[plan.Term("body_en", "fire")])], 2)
    assert plan.signature(concepts("cathedral")) == plan.signature(concepts("cathedral"))
    assert plan.signature(concepts("cathedral")) != plan.signature(concepts("forest"))
