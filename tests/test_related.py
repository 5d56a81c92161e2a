"""More like this, through Engine.article on the seeds (four English articles, one French)."""

from __future__ import annotations

from search.crosslang.related import RELATED_MAX, related_query


def test_related_articles_cross_languages_and_leave_out_the_counterpart(engine):
    english = engine.article("001_26554f6b1925bc7b.txt")
    related = [item["id"] for item in english.related]
    assert 0 < len(related) <= RELATED_MAX and "001_26554f6b1925bc7b.txt" not in related
    assert "003_a636edbbe810d867.txt" in related  # the French article, found through translations
    french = engine.article("003_a636edbbe810d867.txt")
    assert french.counterpart.id == "000_0de74260d14e4d44.txt"
    assert "000_0de74260d14e4d44.txt" not in [item["id"] for item in french.related]
    assert {item["lang"] for item in french.related} == {"en"}
    assert set(french.related[0]) == {"id", "title", "lang", "date"}


def test_related_query_is_the_articles_distinctive_words(engine):
    with engine.backend.reading() as view:
        words = related_query(view, view.document("003_a636edbbe810d867.txt")).split()
    assert "déminage" in words and len(words) <= 8
    assert not {"le", "la", "de", "les"} & set(words)


def test_a_name_of_several_words_is_one_phrase_of_the_query(tmp_path, new_index):
    """Sri Lanka is one concept: its words alone (the Laye of a lay-off) match other stories."""
    from .conftest import indexed_engine

    engine = indexed_engine(tmp_path, index=new_index, articles={
        "a.txt": "Tsunami bill for Sri Lanka\n\n2005-01-10\n\nSri Lanka faces a bill for the tsunami. The central "
                 "bank of Sri Lanka says the tsunami killed thousands, and Sri Lanka asks creditors for time.",
        "b.txt": "Harvest news\n\n2005-01-11\n\nFarmers in the valley said the harvest was late this year.",
    })
    with engine.backend.reading() as view:
        query = related_query(view, view.document("a.txt"))
    assert '"sri lanka"' in query and "lanka" not in query.replace('"sri lanka"', "")


def test_the_same_text_under_another_headline_is_shown_once(tmp_path, new_index):
    from .conftest import indexed_engine

    story = ("Flood waters rose across the northern valley overnight, forcing hundreds of families from "
             "their homes. Rescue teams used boats to reach villages cut off by the river, and the regional "
             "council opened three shelters in school buildings. Forecasters expect more rain on Friday.")
    other = ("The regional council met on Friday to plan repairs after the flood. Engineers said the river "
             "defences in the northern valley must be raised before the winter rain, and families asked for "
             "help to rebuild their homes.")
    engine = indexed_engine(tmp_path, index=new_index, articles={
        "a.txt": "Floods force families from homes\n\n2020-01-10\n\n" + story,
        "b.txt": "Valley flood: hundreds leave their homes\n\n2020-01-10\n\n" + story + " Updated at noon.",
        "c.txt": "Wire: floods hit northern valley\n\n2020-01-11\n\n" + story + " (Wire copy.)",
        "d.txt": "Council plans flood repairs\n\n2020-01-17\n\n" + other,
    })
    related = [item["id"] for item in engine.article("d.txt").related]
    assert related[:1] in (["a.txt"], ["b.txt"], ["c.txt"]) and len(related) == 1  # one of the three copies
    assert engine.article("a.txt").related == []  # its own copies are not related articles


ABBAS_EN = ("Abbas condemns Tel Aviv bombing\n\n2005-02-27\n\n"
            "Palestinian leader Mahmoud Abbas has condemned the suicide bombing in Tel Aviv that killed four "
            "Israelis on Friday night. Mr Abbas said the attack harmed the Palestinian cause and the peace talks "
            "with Israel. Police in Tel Aviv said the bomber came from the West Bank. Mahmoud Abbas promised to "
            "arrest those behind the attack, and Israel said the peace process could go on if he did.")
ABBAS_FR = ("Mahmoud Abbas condamne l'attentat de Tel Aviv\n\n2005-04-27\n\n"  # too late to be its counterpart
            "Le dirigeant palestinien Mahmoud Abbas a condamné l'attentat suicide qui a tué quatre Israéliens "
            "vendredi soir à Tel Aviv. Selon Mahmoud Abbas, cet attentat nuit à la cause palestinienne et aux "
            "négociations de paix avec Israël. La police de Tel Aviv affirme que l'auteur venait de Cisjordanie. "
            "Abbas a promis d'arrêter les responsables, et Israël estime que le processus de paix peut continuer.")
POLICE_FR = ("Contrôles routiers renforcés pour les vacances\n\n2019-07-05\n\n"
             "La police et la gendarmerie multiplieront les contrôles sur les routes des vacances ce week-end. "
             "Les automobilistes devront respecter les limitations de vitesse, et la police rappelle que "
             "l'alcool au volant reste la première cause des accidents mortels sur les routes en été.")
BEACHES_FR = ("Les plages de Tel Aviv attirent les touristes\n\n2019-08-02\n\n"
              "Les touristes européens se pressent sur les plages de Tel Aviv cet été. Les hôtels d'Israël "
              "affichent complet, et les restaurants du bord de mer ouvrent tard dans la nuit. Les touristes "
              "apprécient les plages, les hôtels et la vie nocturne de Tel Aviv, la ville qui ne dort jamais.")


def _beaches_en(n: int) -> str:
    return (f"Tel Aviv beaches draw tourists {n}\n\n2005-0{n}-10\n\n"
            "Tourists from Europe crowd the beaches of Tel Aviv this summer. Hotels in Israel are full, and "
            f"seafront restaurants stay open late into the night. Report number {n} on the tourist season: the "
            "beaches, the hotels and the night life of Tel Aviv, the city that never sleeps, draw tourists.")


def test_other_language_related_articles_share_the_story_not_a_word(tmp_path, new_index):
    """A French article on the same story (names and subject) is related to an English one; one
    that shares a common word (police), or names whose own story leads elsewhere (Tel Aviv's
    beaches, which lead to the English articles on them), is not shown."""
    from search.crosslang.lexicon import default_translator

    from .conftest import indexed_engine

    engine = indexed_engine(tmp_path, index=new_index, translator=default_translator(), articles={
        "abbas.txt": ABBAS_EN, "abbas-fr.txt": ABBAS_FR, "police-fr.txt": POLICE_FR, "plages-fr.txt": BEACHES_FR,
        **{f"beaches-{n}.txt": _beaches_en(n) for n in (1, 2, 3)},
    })
    assert engine.article("plages-fr.txt").lang == "fr" and engine.article("abbas.txt").lang == "en"
    related = [item["id"] for item in engine.article("abbas.txt").related]
    assert "abbas-fr.txt" in related
    assert "police-fr.txt" not in related and "plages-fr.txt" not in related
    beaches = [item["id"] for item in engine.article("plages-fr.txt").related if item["lang"] == "en"]
    assert beaches and set(beaches) <= {"beaches-1.txt", "beaches-2.txt", "beaches-3.txt"}  # one text shown once
