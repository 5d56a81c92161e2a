"""Words Snowball stems onto an unrelated word's stem, given a stem of their own.

Snowball (Porter2 for English) is a rule system: now and then its rules give two unrelated
words one stem, and then every search for one finds the other (``animal cruelty`` found
cartoon *animation* awards; ``imports`` would find every article saying *important*). Search
engines keep a small override list for these (Elasticsearch's ``stemmer_override``); this is
ours, written for this project from pairs checked with the stemmer on the news corpus.

Each entry sends every inflection of the *less expected* sense to a stem of its own, so the
commoner sense keeps the stem Snowball gives it. Keys are lower-case words as typed (French
keys keep their accents: the exceptions are applied before accents are folded, so
``côté`` (side) can leave ``côte`` (coast) while ``cote`` typed without accents still finds
the coast). Stems are plain ASCII and, checked on the corpus when the list was written, no
Snowball stem of another word but for rare inflections of the same family (*cotée*,
*pêchée*). ``parti`` is also *partir*'s past participle (``il est parti``), which keeps the
party's stem: a trade made for news, where the party is the commoner search.

Some pairs are left alone on purpose: ``marché``/``marche`` and ``mère``/``mer`` differ only
by accents, and separating them would lose every search typed without accents; ``port``
(harbour, the wearing of a mask) is one word in two senses, which no stemmer can split.

Changing this list changes indexed terms: bump ``ANALYSIS_VERSION`` in
:mod:`search.analysis.analyzers` (a test pins the list's fingerprint to remind you).
"""

from __future__ import annotations


def _senses(stem: str, words: str) -> dict[str, str]:
    return {word: stem for word in words.split()}


STEM_EXCEPTIONS: dict[str, dict[str, str]] = {
    "en": {
        # animal (anim) / animation
        **_senses("animat", "animation animations animated animate animates animating animator animators"),
        # business (busi) / busy
        **_senses("busy", "busy busier busiest busily"),
        # experiment (experi) / experience
        **_senses("experienc", "experience experiences experienced experiencing"),
        # author / authority
        **_senses("authoriti", "authority authorities"),
        # imports (import) / important
        **_senses("importan", "important importance importantly"),
        # Conservative (conserv) / conservation
        **_senses("conservat", "conservation conservationist conservationists"),
        # execution (execut) / executive
        **_senses("executiv", "executive executives"),
        # position (posit) / positive
        **_senses("positiv", "positive positively positives positivity"),
        # departed (depart) / department
        **_senses("department", "department departments departmental"),
        # apart / apartment
        **_senses("apartment", "apartment apartments"),
        # hospital (hospit) / hospitality
        **_senses("hospitality", "hospitality"),
        # Liberal (liber) / liberation
        **_senses("liberat", "liberation liberate liberated liberates liberating liberator liberators"),
        # public / publication, publicity
        **_senses("publicat", "publication publications"),
        **_senses("publiciti", "publicity"),
        # compete (compet) / competent
        **_senses("competen", "competent competence competency"),
        # unit(s) / United (Nations, States, Kingdom, Manchester United), unite
        **_senses("unite", "united unite unites uniting"),
        # miners (miner) / minerals
        **_senses("mineral", "mineral minerals"),
        # acronyms ending in s, which Snowball takes for a plural
        **_senses("sars", "sars"),
    },
    "fr": {
        # part, partir (part) / parti (a political party) / partie (a part, a game)
        **_senses("parti", "parti partis"),
        **_senses("partie", "partie parties"),
        # côte (coast, cot) / côté (side: "à côté de", "de son côté")
        **_senses("cote", "côté côtés"),
        # pêche (fishing, pech) / péché (sin)
        **_senses("peche", "péché péchés pécher pécheur pécheurs"),
        # général (a general, general) / généralement (generally)
        **_senses("generalement", "généralement generalement"),
        # jeune (young, jeun) / jeûne (fasting)
        **_senses("jeune", "jeûne jeûnes jeûner"),
        # élève(s) (pupils, elev) / élevé (high)
        **_senses("eleve", "élevé élevée élevés élevées"),
        # coup, couper (coup) / coupe (a cup: Coupe du monde, Coupe de France)
        **_senses("coupes", "coupe coupes"),
        # vol, voler (vol) / volant (a steering wheel)
        **_senses("volant", "volant volants"),
        # triplé (a hat-trick, tripl) / triplement (tripling)
        **_senses("triplement", "triplement triplements"),
        # assurer, assuré (assur) / assurance (insurance: assurance chômage, assurance maladie)
        **_senses("assurance", "assurance assurances"),
        # dame (Notre-Dame, dam) / Damas (Damascus)
        **_senses("damas", "damas"),
        # acronyms ending in s, which Snowball takes for a plural: OMS is not OM (Marseille)
        **_senses("oms", "oms"),
        **_senses("sms", "sms"),
        **_senses("ps", "ps"),
    },
}
"""``{language: {word: stem}}``."""
