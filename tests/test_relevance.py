"""Ranking on short queries: function words, cognates, coverage, expressions, names, did-you-mean."""

import pytest

from search.crosslang.lexicon import LexiconTranslator, cldr_names, load_glossary, load_tsv

from web.app import create_app

from .conftest import ids, indexed_engine

S000, S003 = "000_0de74260d14e4d44.txt", "003_a636edbbe810d867.txt"


@pytest.fixture(scope="module")
def shipped():
    """The shipped lexicons only (no optional FreeDict), so results are the same everywhere."""
    return LexiconTranslator([load_glossary(), cldr_names()])


def with_user_list(folder, lines: str) -> LexiconTranslator:
    """The shipped lexicons and a user's list of ``lines`` (untrusted, as $SEARCH_LEXICON is)."""
    user = folder / "user.tsv"
    user.write_text(lines, "utf-8")
    return LexiconTranslator([load_glossary(), cldr_names(), load_tsv(user, "user lexicon")])


def filler(lang: str, n: int = 3) -> str:
    sentence = {"en": "Officials gave more details on Tuesday about the plans announced last week. ",
                "fr": "Les responsables ont donné mardi plus de détails sur les projets annoncés la semaine dernière. "}
    return sentence[lang] * n


def test_a_function_word_of_one_language_is_no_content_word_of_the_other(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "bank.txt": "Egypt to sell off state-owned bank\n\nEgypt will sell its stake in Banque du Caire, "
                    "the finance ministry said. " + filler("en"),
        "cup.txt": "La Coupe du monde de football\n\nLa Coupe du monde commence en juin, le monde entier "
                   "regarde. " + filler("fr"),
    }, translator=shipped)
    assert ids(engine.search("Coupe du monde")) == ["cup.txt"]
    assert ids(engine.search("the")) == []  # not a word of French articles either


def test_a_name_outranks_its_words_apart(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "rugby.txt": "La France battue au Stade de France\n\nLa France a perdu au Stade de France. La France "
                     "jouera le premier tour de la Coupe en France, dit la France. " + filler("fr"),
        "cycling.txt": "Le Tour de France part de Brest\n\nLe Tour de France partira de Brest en juillet, "
                       "ont annoncé les organisateurs. " + filler("fr"),
    }, translator=shipped)
    results = engine.search("Tour de France")
    assert ids(results)[0] == "cycling.txt"
    assert "Tour" not in results.expanded  # a name is not translated word by word


def test_cognates_need_more_than_a_shared_prefix(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "net.txt": "Internet use grows\n\nMore homes use the internet than ever. " + filler("en"),
        "intl.txt": "Un tournoi international\n\nLe tournoi international et une interview du président "
                    "sur l'intervention. " + filler("fr"),
        "karabagh.txt": "Retour au Karabagh\n\nLes réfugiés rentrent au Karabagh après la guerre. " + filler("fr"),
    }, translator=shipped)
    results = engine.search("internet")
    assert ids(results) == ["net.txt"]
    assert "international" not in results.hits[0].snippet
    assert ids(engine.search("Karabakh")) == ["karabagh.txt"]  # a true cognate of a name


def test_typed_words_rank_above_their_translation_at_equal_strength(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "en.txt": "Figures published\n\nUnemployment rose again in March, the office said. " + filler("en"),
        "fr.txt": "Chiffres publiés\n\nLe chômage a encore augmenté en mars, selon l'institut. " + filler("fr"),
    }, translator=shipped)
    assert ids(engine.search("unemployment")) == ["en.txt", "fr.txt"]
    assert ids(engine.search("chômage")) == ["fr.txt", "en.txt"]


def test_articles_covering_every_concept_rank_first(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "both.txt": "Summer window\n\nThe football club completed the transfer of its striker. " + filler("en"),
        "football.txt": "Football football\n\nFootball, football and more football: football every day, "
                        "football all night. " + filler("en"),
        "transfer.txt": "Transfer of funds\n\nThe bank transfer, a transfer by wire, a transfer abroad. "
                        + filler("en"),
    }, translator=shipped)
    assert ids(engine.search("football transfer"))[0] == "both.txt"


def test_expressions_translate_as_units(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "pm.txt": "New prime minister\n\nThe prime minister met the cabinet on Monday. " + filler("en"),
        "first.txt": "First minister\n\nThe first of the ministers to speak was the health minister. "
                     + filler("en"),
    }, translator=shipped)
    results = engine.search("Premier ministre")
    assert ids(results)[0] == "pm.txt"
    assert list(results.expanded) == ["Premier ministre"]  # not "Premier" → first, "ministre" → minister
    assert results.expanded["Premier ministre"][0] == "prime minister"
    assert "first.txt" not in ids(engine.search('"Premier ministre"'))  # a quoted phrase translates whole
    assert ids(engine.search('"Premier ministre"')) == ["pm.txt"]


def test_a_translated_expression_in_passing_does_not_outrank_the_typed_words(tmp_path, shipped):
    """The translation of an expression is no reason to rank above articles that hold the
    typed words themselves, even apart (words apart cover the same concepts)."""
    engine = indexed_engine(tmp_path, {
        "athletics.txt": "Athens memories\n\nHer Olympic year ended in Athens with two Olympic titles, "
                         "the best British Olympic result of the Games. " + filler("en"),
        "japan.txt": "Défis pour le Premier ministre du Japon\n\nLe nouveau Premier ministre devra relancer "
                     "l'économie; la pandémie a entraîné le report des Jeux olympiques. " + filler("fr", 8),
    }, translator=shipped)
    results = engine.search("Olympic Games")
    assert results.expanded["Olympic Games"] == ["Jeux olympiques"]
    assert ids(results) == ["athletics.txt", "japan.txt"]


def test_a_rare_translation_gets_no_idf_advantage_over_the_typed_expression(tmp_path, shipped):
    """Jeux olympiques is rarer among French articles than Olympic Games among English
    ones here; at the same strength of match the typed expression still ranks first."""
    sport = {f"sport{n}.txt": f"Games night {n}\n\nThe games and more games; Olympic news. " + filler("en")
             for n in range(6)}
    engine = indexed_engine(tmp_path, {
        **sport,
        "en.txt": "Host city\n\nThe city will host the Olympic Games in 2030. " + filler("en"),
        "fr.txt": "Ville hôte\n\nLa ville accueillera les Jeux olympiques en 2030. " + filler("fr"),
    }, translator=shipped)
    found = ids(engine.search("Olympic Games"))
    assert found.index("en.txt") < found.index("fr.txt")


def test_a_translation_that_stands_for_several_words_weighs_less(tmp_path, shipped):
    """``singer`` is chanteur as well as chanteuse: an article saying chanteuse once ranks
    above one saying singer twice (which a translation standing for one word would not)."""
    engine = indexed_engine(tmp_path, {
        "fr.txt": "Un nouvel album\n\nLa chanteuse sort un album enregistré à Paris cet hiver. " + filler("fr"),
        "en.txt": "Jailed on Monday\n\nThe singer was jailed on Monday; the singer denies it. " + filler("en"),
    }, translator=shipped)
    results = engine.search("chanteuse")
    assert "singer" in results.expanded["chanteuse"]
    assert ids(results) == ["fr.txt", "en.txt"]


def test_a_french_spelling_is_no_english_word(tmp_path, shipped):
    """``marché`` folds to what English stems *March* to; typed with its accent it is French,
    and reaches English articles through its translation only."""
    engine = indexed_engine(tmp_path, {
        "march.txt": "Spring figures\n\nSales rose in March, and again in late March. " + filler("en"),
        "market.txt": "Car market grows\n\nThe car market grew by a tenth. " + filler("en"),
        "marche.txt": "Le marché automobile\n\nLe marché automobile progresse encore. " + filler("fr"),
    }, translator=shipped)
    results = engine.search("marché")
    assert "market" in results.expanded["marché"]
    assert ids(results) == ["marche.txt", "market.txt"]
    for typed in ("Marché", "MARCHÉ"):  # capitalised: still the French headword, not a name
        assert ids(engine.search(typed)) == ["marche.txt", "market.txt"]


def test_a_word_typed_in_one_language_is_no_rarer_in_the_others_articles(tmp_path, shipped):
    """A name common in English articles and rare in French ones does not score as a rare
    French word: the French article saying it as often as the English one scores no higher
    (its rarity among French articles would give it 2.4 times the score; the two texts'
    lengths differ by a few words, hence the margin)."""
    clubs = {f"club{n}.txt": f"Match report {n}\n\nChelsea played at home again. " + filler("en") for n in range(6)}
    french = {f"fr{n}.txt": f"Nouvelles {n}\n\nLe conseil municipal s'est réuni. " + filler("fr") for n in range(15)}
    engine = indexed_engine(tmp_path, {
        **clubs,
        **french,
        "en.txt": "Season review\n\nChelsea won the league title with Mourinho. " + filler("en", 4),
        "fr.txt": "Un concours de pâtisserie\n\nChelsea, candidate du concours, a gagné l'épreuve. "
                  + filler("fr", 4),
    }, translator=shipped)
    scores = {hit.id: hit.score for hit in engine.search("Chelsea").hits}
    assert scores["fr.txt"] <= scores["en.txt"] * 1.02


def test_an_acronym_spelt_like_a_stop_word_is_searched(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "who.txt": "Health alert\n\nThe WHO warned of a pandemic on Monday. " + filler("en"),
        "pronoun.txt": "A new mayor\n\nThe man who won the vote spoke on Monday. " + filler("en"),
        "oms.txt": "Alerte sanitaire\n\nL'OMS a mis en garde contre la pandémie. " + filler("fr"),
        "om.txt": "Football\n\nL'OM a battu Lyon dimanche soir. " + filler("fr"),
    }, translator=shipped)
    results = engine.search("WHO")
    assert results.expanded["WHO"] == ["OMS"]
    assert sorted(ids(results)) == ["oms.txt", "who.txt"]
    assert ids(engine.search("who")) == []  # typed in lower case: the pronoun, a stop word
    assert ids(engine.search("OM", translate=False)) == ["om.txt"]


def test_a_names_other_form_counts_as_the_name_whole(tmp_path, shipped):
    """French articles say PSG; for ``Paris Saint-Germain`` they rank as articles with the
    name spelt out do, above any article that only says Paris (which, the name being also an
    expression the lexicon translates, counts only where the name's other words are found)."""
    engine = indexed_engine(tmp_path, {
        "psg.txt": "Le PSG recrute\n\nLe PSG a recruté un nouveau directeur sportif. " + filler("fr"),
        "paris.txt": "Paris, Paris\n\nÀ Paris, la mairie de Paris a fermé les parcs de Paris. " + filler("fr"),
        "name.txt": "Football\n\nLe Paris Saint-Germain a gagné. " + filler("fr"),
    }, translator=shipped)
    results = engine.search("Paris Saint-Germain")
    assert results.expanded["Paris Saint-Germain"] == ["PSG"]
    assert ids(results)[:2] == ["name.txt", "psg.txt"]


def test_a_dictionary_sense_the_corpus_contradicts_is_dropped(tmp_path):
    """``grue Bouygues`` with a user's list giving grue → crane: no article says *crane* with
    Bouygues, so the bird is not what the query means here; once one does, it counts again."""
    translator = with_user_list(tmp_path, "crane\tgrue\n")
    articles = {
        "grue.txt": "Une grue s'effondre\n\nUne grue de Bouygues s'est effondrée sur le chantier. " + filler("fr"),
        "results.txt": "Bouygues results\n\nBouygues sold more telephone contracts this year. " + filler("en"),
        "birds.txt": "Birds return\n\nThe common crane is back in the marshes this spring. " + filler("en"),
    }
    for name in "abc":
        (tmp_path / name).mkdir()
    engine = indexed_engine(tmp_path / "a", articles, translator=translator)
    assert "crane" in engine.search("grue").expanded["grue"]
    results = engine.search("grue Bouygues", explain=True)
    assert ids(results) == ["grue.txt", "results.txt"]
    assert "crane" not in results.expanded.get("grue", [])  # "Also searched" shows what was searched
    site = {"site.txt": "Crane collapse\n\nA Bouygues crane fell on the building site. " + filler("en")}
    engine = indexed_engine(tmp_path / "b", {**articles, **site}, translator=translator)
    results = engine.search("grue Bouygues")
    assert set(ids(results)[:2]) == {"grue.txt", "site.txt"}
    assert "birds.txt" in ids(results)
    assert "crane" in results.expanded["grue"]
    engine = indexed_engine(tmp_path / "c", articles, translator=translator)
    assert "birds.txt" in ids(engine.search("grue Zzyzx"))  # the other word matches nothing: nothing to tell by


def test_the_glossarys_senses_are_not_dropped(tmp_path, shipped):
    """The rule above is for dictionaries' senses: the glossary's are trusted, so a walkout
    elsewhere still answers ``grève Lufthansa`` (after the articles with both)."""
    engine = indexed_engine(tmp_path, {
        "greve.txt": "Grève chez Lufthansa\n\nLes pilotes de Lufthansa sont en grève depuis lundi. " + filler("fr"),
        "pilots.txt": "Lufthansa results\n\nLufthansa carried more passengers this year. " + filler("en"),
        "walkout.txt": "Rail strike\n\nRail workers went on strike on Monday. " + filler("en"),
    }, translator=shipped)
    results = engine.search("grève Lufthansa")
    assert "strike" in results.expanded["grève"]
    assert ids(results)[0] == "greve.txt" and set(ids(results)) == {"greve.txt", "pilots.txt", "walkout.txt"}


def test_a_name_the_lexicon_knows_gets_its_bonus_once(tmp_path, shipped):
    """``Six Nations`` is a name and a glossary expression: one unit stands for both, so
    its words standing together are counted once."""
    engine = indexed_engine(tmp_path, {
        "rugby.txt": "Six Nations opener\n\nWales open their Six Nations campaign in Cardiff. " + filler("en"),
    }, translator=shipped)
    (hit,) = engine.search("Six Nations", explain=True).hits
    together = [row for row in hit.explanation if "together" in row["match"]]
    assert len(together) == 1


def test_a_dictionary_sense_leaves_a_prefix_its_whole_budget(tmp_path):
    """Deciding which senses the corpus contradicts must not spend the prefix budget that
    the search itself needs: every article matching ``co*`` still matches ``grue co*``."""
    translator = with_user_list(tmp_path, "crane\tgrue\n")
    many = " ".join(f"co{n:03d}x" for n in range(260))  # over the 200 terms a prefix expands to
    german = "Die Beamten gaben am Dienstag weitere Einzelheiten zu den Plänen bekannt. "
    engine = indexed_engine(tmp_path, {
        "en.txt": f"{filler('en', 30)} {many}\n\n{filler('en', 30)} The {many}. " + filler("en", 20),
        "fr.txt": f"{filler('fr', 30)} {many}\n\n{filler('fr', 30)} Les {many}. " + filler("fr", 20),
        "de.txt": f"Eine Liste\n\n{german * 30} Die {many}. " + german * 20,
        "grue.txt": "Une grue\n\nUne grue s'est effondrée. " + filler("fr"),
    }, translator=translator)
    assert {hit.lang for hit in engine.search("co*").hits} == {"en", "fr", "de"}  # three fields of 200 terms
    assert set(ids(engine.search("grue co*"))) == {"en.txt", "fr.txt", "de.txt", "grue.txt"}


def test_stemming_does_not_join_unrelated_words(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "pets.txt": "Animal welfare\n\nThe animal charity took in a neglected dog. " + filler("en"),
        "film.txt": "Animation awards\n\nThe animated film won the animation prize. " + filler("en"),
    }, translator=shipped)
    assert ids(engine.search("animal", translate=False)) == ["pets.txt"]
    assert ids(engine.search("animation", translate=False)) == ["film.txt"]


def test_cessez_le_feu_finds_the_english_seed(engine):
    found = ids(engine.search("cessez le feu"))
    assert S000 in found and S003 in found


def test_no_op_translations_are_not_shown(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {"a.txt": "Rugby news\n\nThe rugby season starts. " + filler("en")},
                            translator=shipped)
    assert "rugby" not in engine.search("rugby").expanded


def test_did_you_mean_only_for_unknown_words(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "fire.txt": "Notre Dame fire\n\nThe fire at Notre Dame destroyed the roof. The fire spread. " + filler("en"),
        "fire2.txt": "Fire in Paris\n\nA fire broke out in Paris overnight, firefighters said. " + filler("en"),
    }, translator=shipped)
    assert engine.search("Notre Dame fire").suggestion is None
    assert engine.search("xqzvbnm plouf").suggestion is None
    assert engine.search("Notre Dame firre").suggestion == "Notre Dame fire"


def test_did_you_mean_weighs_how_common_a_word_is_against_its_edits(tmp_path, shipped):
    macron = {f"macron{i}.txt": f"Macron speaks {i}\n\nPresident Macron spoke on Tuesday, and Macron's "
                                 f"aides followed the election closely. " + filler("en") for i in range(12)}
    engine = indexed_engine(tmp_path, {
        **macron,
        "macon.txt": "Wine from Macon\n\nThe macon wines of Burgundy sold well. " + filler("en"),
        "stump.txt": "On the stump\n\nElectioneering went on all week in the county. " + filler("en"),
    }, translator=shipped)
    # One transposition from Macron (12 articles), one deletion from macon (1 article).
    assert engine.search("Macorn").suggestion == "Macron"
    # "elction" is one edit from election (whose stem is elect), far from electioneering.
    assert engine.search("elction").suggestion == "election"


def test_a_silent_correction_is_said(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "coach.txt": "Mourinho speaks\n\nJose Mourinho praised his players after the match. " + filler("en"),
        "entraineur.txt": "Mourinho parle\n\nJosé Mourinho a félicité ses joueurs après le match. " + filler("fr"),
    }, translator=shipped)
    results = engine.search("Mourino")
    assert sorted(ids(results)) == ["coach.txt", "entraineur.txt"]  # found through the near spelling...
    assert results.corrected == "Mourinho" and results.suggestion is None  # ... and said so
    assert results.to_dict()["corrected"] == "Mourinho"
    assert engine.search("Mourinho").corrected is None
    client = create_app({"INDEX_DIR": tmp_path / "index"}).test_client()
    page = " ".join(client.get("/search?q=Mourino").get_data(as_text=True).split())
    assert "Showing results for <strong>Mourinho</strong>" in page


def test_a_loanword_found_in_the_other_languages_articles_is_still_translated(tmp_path, shipped):
    """``lockdown``, quoted in a French article and in no English one, is an English word the
    glossary translates: the French articles on *confinement* are found, and the page says so."""
    engine = indexed_engine(tmp_path, {
        "quote.txt": "Une chanson contre le lockdown\n\nLe chanteur a sorti une chanson intitulée "
                     "lockdown, en anglais. " + filler("fr"),
        "conf1.txt": "Le confinement prolongé\n\nLe confinement est prolongé de deux semaines, a annoncé "
                     "le gouvernement. " + filler("fr"),
        "conf2.txt": "Fin du confinement\n\nLes commerces rouvrent après huit semaines de confinement. " + filler("fr"),
        "en.txt": "Markets rally\n\nShares rose on Tuesday as investors bought banks. " + filler("en"),
    }, translator=shipped)
    results = engine.search("lockdown")
    assert sorted(ids(results)) == ["conf1.txt", "conf2.txt", "quote.txt"]
    assert results.expanded == {"lockdown": ["confinement"]}


def test_operators_apply_to_a_name_whole(tmp_path, shipped, new_index):
    engine = indexed_engine(tmp_path, index=new_index, articles={
        "both.txt": "Le Pen et le Brexit\n\nMarine Le Pen a salué le Brexit, une victoire selon elle. " + filler("fr"),
        "brexit.txt": "Le Brexit repoussé\n\nLe Brexit est repoussé, le Parlement britannique a voté. " + filler("fr"),
        "lepen.txt": "Le Pen en campagne\n\nMarine Le Pen était en campagne dans le Nord. " + filler("fr"),
        "pen.txt": "A pen for the queen\n\nThe pen used to sign the Brexit bill was sold. " + filler("en"),
    }, translator=shipped)
    assert sorted(ids(engine.search("Brexit AND Le Pen"))) == ["both.txt"]
    assert sorted(ids(engine.search("Le Pen AND Brexit"))) == ["both.txt"]
    assert sorted(ids(engine.search("Brexit NOT Le Pen"))) == ["brexit.txt", "pen.txt"]


def test_not_leaves_out_a_name_untranslated_and_says_what_it_left_out(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "may.txt": "May and Brexit\n\nTheresa May defended her Brexit deal in the Commons. " + filler("en"),
        "mai.txt": "Défilés du 1er mai\n\nLes syndicats ont défilé le 1er mai, le Brexit dans toutes les "
                   "têtes. " + filler("fr"),
        "vote.txt": "Le Brexit et le scrutin\n\nLe Brexit pèsera sur le scrutin de dimanche. " + filler("fr"),
    }, translator=shipped)
    results = engine.search("Brexit NOT May")
    assert sorted(ids(results)) == ["mai.txt", "vote.txt"]  # May is a name here, not *mai*
    assert results.excluded == {"May": []} and results.expanded == {}
    assert engine.search("Brexit NOT unemployment").excluded == {"unemployment": ["chômage"]}
    client = create_app({"INDEX_DIR": tmp_path / "index"}).test_client()
    page = " ".join(client.get("/search?q=Brexit+NOT+May").get_data(as_text=True).split())
    assert "Left out articles with: <span>May</span>" in page


def test_explain_says_what_matched(tmp_path, shipped):
    engine = indexed_engine(tmp_path, {
        "fr.txt": "Chiffres publiés\n\nLe chômage a encore augmenté en mars, selon l'institut. " + filler("fr"),
    }, translator=shipped)
    hit = engine.search("unemployment", explain=True).hits[0]
    assert any(row["concept"] == "unemployment" and "chômage" in row["match"] and row["counted"]
               for row in hit.explanation)
    assert "explanation" not in engine.search("unemployment").hits[0].to_dict()


def test_function_words_are_no_concepts(shipped):
    from search.query.build import build
    from search.query.parse import parse

    assert build(parse("accident de la route").root, shipped).query.size == 2
    assert build(parse("the Bank of England rates").root, shipped).query.size == 2  # a name, then a word
    assert build(parse("unemployment chômage").root, shipped).query.size == 1  # both languages typed


def test_a_typed_word_outside_its_expressions_translation_is_weak(tmp_path, shipped, new_index):
    """``Prime Minister``: *prime* in a French article is a bonus, not half a prime minister, so
    the articles on *prime à la casse* do not outrank those on a Premier ministre."""
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={
        "casse.txt": "Prime à la casse : le gouvernement n'y arrive plus\n\nLa prime à la casse coûte cher : "
                     "cette prime a séduit, la prime sera réduite, écrit le Premier ministre. " + filler("fr"),
        "pm1.txt": "Le Premier ministre en visite\n\nLe Premier ministre a visité une usine à Lyon. " + filler("fr"),
        "pm2.txt": "Démission au gouvernement\n\nLe Premier ministre a accepté la démission du ministre. "
                   + filler("fr"),
    })
    found = ids(engine.search("Prime Minister", lang="fr"))
    assert sorted(found) == ["casse.txt", "pm1.txt", "pm2.txt"] and found[-1] == "casse.txt"


def test_one_word_for_an_expression_that_the_corpus_does_not_support_is_weak(tmp_path, shipped, new_index):
    """*Mondial* translates ``World Cup``, but *mondiale* is also a world war: the word is more
    common among French articles than "World Cup" among English ones, so an article it alone
    matches ranks below every article that holds the Cup for real."""
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={
        "cup.txt": "World Cup final\n\nThe World Cup final will be played in Paris. " + filler("en"),
        "rain.txt": "Rain in Wales\n\nHeavy rain fell on Wales on Tuesday. " + filler("en"),
        "bank.txt": "Bank rates\n\nThe bank kept its rates on hold. " + filler("en"),
        "coupe.txt": "La Coupe du monde\n\nLa Coupe du monde de football débute en juin. " + filler("fr", 12),
        "obus.txt": "Un obus de la guerre mondiale\n\nUn obus de la Première Guerre mondiale a été découvert, "
                    "puis un autre obus de la guerre mondiale, la Seconde Guerre mondiale. Mondiale !",
        "banque.txt": "La Banque mondiale\n\nLa Banque mondiale prévoit une croissance mondiale faible. "
                      + filler("fr"),
    })
    found = ids(engine.search("World Cup"))
    assert found[:2] == ["cup.txt", "coupe.txt"] or found[:2] == ["coupe.txt", "cup.txt"]
    assert set(found[2:]) == {"obus.txt", "banque.txt"}


def test_an_expression_keeps_its_words_translations_as_weaker_alternatives(tmp_path, shipped, new_index):
    """``salaire minimum`` is *minimum wage* as a phrase, but an English article that says the
    words apart (a minimum hourly wage) is found too, below the one with the phrase."""
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={
        "phrase.txt": "Minimum wage rises\n\nThe minimum wage rises to five pounds. " + filler("en"),
        "apart.txt": "Pay deal\n\nWorkers will earn a minimum hourly wage of five pounds. " + filler("en"),
        "cold.txt": "Cold night\n\nThe minimum temperature fell to a minimum of minus five, a record "
                    "minimum. " + filler("en"),
        "other.txt": "Markets rally\n\nShares rose as investors bought banks. " + filler("en"),
    })
    results = engine.search("salaire minimum")
    assert ids(results) == ["phrase.txt", "apart.txt", "cold.txt"]
    assert results.expanded == {"salaire minimum": ["minimum wage", "national minimum wage"]}


def test_a_sense_the_corpus_does_not_support_ranks_below_the_one_it_does(tmp_path, shipped, new_index):
    """``Notre-Dame fire``: *licencier* (to fire someone) is a sense of ``fire``, but articles on
    Notre-Dame hardly ever hold it, while they often hold *incendie*: the cathedral's fire ranks
    first, whatever a deputy's article on Notre-Dame-de-Gravenchon says about firing."""
    cathedral = {f"incendie{n}.txt": f"Après l'incendie {n}\n\nL'incendie de la cathédrale Notre-Dame a "
                                     f"détruit la charpente. " + filler("fr", 10) for n in range(3)}
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={
        **cathedral,
        "depute.txt": "Notre-Dame : le député veut licencier\n\nLe député de Notre-Dame-de-Gravenchon veut "
                      "licencier son assistante ; licencier sa femme, licencier encore, dit-il à Notre-Dame.",
        **{f"usine{n}.txt": f"Plan social {n}\n\nL'usine va licencier 200 salariés. " + filler("fr") for n in range(6)},
        "feu.txt": "Feu de forêt\n\nUn incendie a brûlé 20 hectares. " + filler("fr"),
    })
    found = ids(engine.search("Notre-Dame fire"))
    assert set(found[:3]) == set(cathedral) and found.index("depute.txt") > 2


def test_a_quoted_name_is_not_reduced_to_one_word_of_its_translation(tmp_path, shipped, new_index):
    """``"Notre-Dame"`` translates to *Our Lady*, which is searched as *lady* (our is a stop
    word): an article on the Essex Ladies never outranks one on Notre-Dame."""
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={
        "nd.txt": "La cathédrale rouvre\n\nLa cathédrale Notre-Dame rouvre ses portes. " + filler("fr", 12),
        "ladies.txt": "Essex Ladies win\n\nThe Essex Ladies won; the ladies were delighted, said the lady "
                      "captain, a lady.",
    })
    assert ids(engine.search('"Notre-Dame"'))[0] == "nd.txt"


def test_a_common_word_of_a_name_does_not_cover_the_name(tmp_path, shipped, new_index):
    """``Tour de France`` is not every article that says *France*."""
    france = {f"fr{n}.txt": f"Actualité {n}\n\nLa France a voté une loi, a dit le gouvernement de la France. "
                            + filler("fr") for n in range(15)}
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={
        **france,
        "tour.txt": "Le Tour de France part de Brest\n\nLe Tour de France partira de Brest. " + filler("fr"),
    })
    assert ids(engine.search("Tour de France")) == ["tour.txt"]


def test_a_names_initials_are_searched_where_the_corpus_uses_them(tmp_path, shipped, new_index):
    """Articles that spell the European Union out also call it the EU: an article that says
    only *EU* is found for ``European Union``."""
    spelt = {f"eu{n}.txt": f"Summit {n}\n\nThe European Union met in Brussels; the EU agreed a plan. "
                           + filler("en") for n in range(3)}
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={
        **spelt,
        "only.txt": "Rebate row\n\nThe EU budget rebate divides the UK and France. " + filler("en"),
        "other.txt": "Eurostar delays\n\nEurostar trains ran late. " + filler("en"),
    })
    assert "only.txt" in ids(engine.search("European Union"))


def test_a_name_of_several_words_weighs_as_one_concept_beside_the_others(tmp_path, shipped, new_index):
    """``European Union budget`` is two concepts, the Union and a budget: an article on the
    Union's budget ranks above one on the Union that mentions a budget in passing, however
    often the latter names the Union (its two words must not count as two concepts)."""
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={
        "members.txt": "European Union welcomes new members\n\nThe European Union grew on Saturday: the European "
                       "Union now has 25 members, European Union leaders met them and the European Union flag "
                       "flew. " + filler("en") + "A budget review comes later.",
        "budget.txt": "Budget talks stall\n\nThe budget talks stalled on Saturday: the European Union could not "
                      "agree its budget, and the budget row goes on. " + filler("en"),
        **{f"other{n}.txt": f"Match report {n}\n\nThe home side won on Saturday. " + filler("en") for n in range(4)},
    })
    assert ids(engine.search("European Union budget"))[:2] == ["budget.txt", "members.txt"]


def test_a_name_holding_an_expression_is_one_concept_of_all_its_words(tmp_path, shipped):
    """``Prime Minister`` (an expression) within ``Prime Minister Theresa May`` (a name) is
    one concept of four words, not two concepts of two."""
    engine = indexed_engine(tmp_path, translator=shipped, articles={
        "pm.txt": "Budget day\n\nPrime Minister Theresa May presented the budget on Monday. " + filler("en"),
        "other.txt": "Match report\n\nThe home side won on Saturday. " + filler("en")})
    explained = engine.search("Prime Minister Theresa May budget", explain=True).hits[0].explanation
    name = [entry["match"] for entry in explained if entry["concept"] != "budget" and "near" not in entry["match"]]
    assert {"Prime Minister", "Prime", "Minister", "Theresa", "May"} <= {e["concept"] for e in explained}
    assert name and all(match.endswith("÷4 (one concept of 4 words)") for match in name), name
    assert not any("÷" in entry["match"] for entry in explained if entry["concept"] == "budget")


def test_initials_that_are_mostly_another_words_stem_are_not_searched(tmp_path, shipped, new_index):
    """French articles call the Olympic Games the JO, but the index holds stems, and *Joe*
    stems to *jo* too: where most articles holding *jo* never spell the Games out, the
    initials stand for something else, and an article on Joe Biden is no answer."""
    games = {f"jo{n}.txt": f"Sport {n}\n\nLes Jeux olympiques de Paris approchent ; les JO auront lieu en été. "
                           + filler("fr") for n in range(3)}
    joe = {f"joe{n}.txt": f"Campagne {n}\n\nJoe Biden a tenu un meeting dans l'Ohio. " + filler("fr") for n in range(40)}
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={**games, **joe})
    assert sorted(ids(engine.search("Jeux olympiques", limit=50))) == sorted(games)
    assert sorted(ids(engine.search("Olympic Games", limit=50))) == sorted(games)


def test_an_articles_opening_counts_more_than_a_passing_mention(tmp_path, shipped, new_index):
    """News says what it is about first: an article that opens on an earthquake ranks above a
    same-length one that mentions two earthquakes in passing at its end."""
    engine = indexed_engine(tmp_path, index=new_index, translator=shipped, articles={
        "opening.txt": "Rescue teams at work\n\nAn earthquake struck the north of the country overnight. "
                       + filler("en", 6),
        "passing.txt": "Council budget approved\n\nThe council approved its budget. " + filler("en", 5)
                       + "The mayor recalled the earthquake of 1990 and the earthquake of 2001.",
        **{f"other{n}.txt": f"Markets {n}\n\nShares rose as investors bought banks. " + filler("en")
           for n in range(4)},
    })
    assert ids(engine.search("earthquake")) == ["opening.txt", "passing.txt"]

