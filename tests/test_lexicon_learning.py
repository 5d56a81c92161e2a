"""Learning word pairs from parallel sentences, and the shipped learned lexicon."""

from search.crosslang.lexicon import DATA, Lexicon, LexiconTranslator, available_lexicons, load_tsv
from search.crosslang.lexicon_learning import learn, read_parallel

from .conftest import indexed_engine

PARALLEL = [
    ("The government raised interest rates.", "Le gouvernement a relevé les taux d'intérêt."),
    ("Interest rates fell in March.", "Les taux d'intérêt ont baissé en mars."),
    ("The government fell.", "Le gouvernement est tombé."),
    ("Unemployment rose in March.", "Le chômage a augmenté en mars."),
    ("Unemployment fell again.", "Le chômage a de nouveau baissé."),
    ("The government fears unemployment.", "Le gouvernement craint le chômage."),
]


def pairs_of(learned):
    return {(p.english, p.french) for p in learned}


def test_model_one_finds_translations_from_cooccurrence_alone():
    learned = pairs_of(learn(PARALLEL))
    assert {("government", "gouvernement"), ("unemployment", "chômage"), ("march", "mars")} <= learned
    # "fell" appears beside "government" and "unemployment" too: EM gives those to their own words.
    assert ("government", "chômage") not in learned and ("unemployment", "gouvernement") not in learned


def test_pairs_are_written_as_surface_words_that_analyse_back():
    learned = learn(PARALLEL)
    translator = LexiconTranslator([load_tsv_pairs(learned)])
    assert "chômage" in translator.translations("unemployment")["fr"]
    assert "unemployment" in translator.translations("chômage")["en"]


def test_a_pair_seen_once_is_not_kept():
    assert not any(p.english == "fears" for p in learn(PARALLEL))


def test_read_parallel_skips_blank_lines():
    assert list(read_parallel(["a", "", "c"], ["x", "y", ""])) == [("a", "x")]


def test_no_learned_list_ships_and_a_learned_one_loads_as_a_user_lexicon(tmp_path):
    names = [lx.name for lx in available_lexicons(freedict_dir=tmp_path / "absent")]
    assert names == ["news glossary", "CLDR names (Babel)"]
    assert not list(DATA.rglob("*wmt*"))
    learned = tmp_path / "learned.tsv"
    learned.write_text("".join(f"{p.english}\t{p.french}\t0.5\t0.5\n" for p in learn(PARALLEL)), "utf-8")
    names = [lx.name for lx in available_lexicons(learned, freedict_dir=tmp_path / "absent")]
    assert names[-1] == "user lexicon"


def test_weighted_lexicon_gives_the_likelier_translation_the_larger_share(tmp_path):
    lexicon_file = tmp_path / "weighted.tsv"
    lexicon_file.write_text("rates\ttaux\t0.9\t0.8\nrates\ttarifs\t0.1\t0.6\nrates\tcadences\tbad\n", "utf-8")
    translator = LexiconTranslator([load_tsv(lexicon_file, "user lexicon")])
    assert translator.weight("rate", "fr", "taux") == 0.9
    assert translator.weight("taux", "en", "rates") == 0.8
    assert translator.weight("rates", "fr", "cadences") == 1.0  # unreadable weight: the default
    sentence = "La banque centrale a annoncé hier que les {} resteront inchangés pour les trois prochains mois."
    engine = indexed_engine(tmp_path, {f"{word}.txt": sentence.format(word) for word in ("taux", "tarifs")},
                            translator=LexiconTranslator([load_tsv(lexicon_file, "weights only")]))
    hits = engine.search("rates").hits
    assert [h.id for h in hits][:2] == ["taux.txt", "tarifs.txt"]
    assert hits[0].score > 5 * hits[1].score


def load_tsv_pairs(learned):
    lexicon = Lexicon("learned", "-")
    for pair in learned:
        lexicon.add(pair.english, pair.french)
    return lexicon


def test_freedict_dictionaries_load_and_keep_the_senses_both_directions_agree_on(tmp_path):
    import gzip

    def dictd(code: str, entries: dict[str, str]) -> None:
        data, index = b"", []
        for head, body in entries.items():
            entry = f"{head}\n{body}\n".encode()
            index.append(f"{head}\t{_b64(len(data))}\t{_b64(len(entry))}")
            data += entry
        (tmp_path / f"freedict-{code}.dict.dz").write_bytes(gzip.compress(data))
        (tmp_path / f"freedict-{code}.index").write_text("\n".join(index) + "\n", "utf-8")

    def _b64(n: int) -> str:
        digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        out = ""
        while True:
            out, n = digits[n % 64] + out, n // 64
            if not n:
                return out

    dictd("eng-fra", {"zebracorn": "1. zébricorne, licorne rayée\n2. cheval"})
    dictd("fra-eng", {"zébricorne": "zebracorn"})
    found = available_lexicons(freedict_dir=tmp_path)
    assert [lx.name for lx in found][-1] == "FreeDict eng-fra + fra-eng"
    translator = LexiconTranslator(found)
    assert translator.translations("zebracorns")["fr"] == ["zébricorne"]  # confirmed by the other direction
    assert not translator.trusted("zebracorn", "en")
