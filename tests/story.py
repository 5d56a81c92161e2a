"""A small dated corpus in which one story (a rail strike, *grève* in French) unfolds over
2017-2020 in both languages among other news, with a collection that grows year by year: what
the timeline, its zoom and its shares are tested on. The folders are sections (business,
sport; économie, sport)."""

from __future__ import annotations

import json
from pathlib import Path

STRIKE_EN = ("Rail strike {n}: unions extend the walkout",
             "The rail unions said on {day} that the strike would go on, as talks with the rail company "
             "stalled again. Commuters faced cancelled trains across the network and the minister urged "
             "both sides to return to the negotiating table before the holidays.")
STRIKE_FR = ("Grève des cheminots {n} : les syndicats prolongent le mouvement",
             "Les syndicats de cheminots ont annoncé que la grève continuerait, les négociations avec la "
             "compagnie ferroviaire étant de nouveau bloquées. Les voyageurs ont subi des trains supprimés "
             "sur tout le réseau et le ministre a appelé les deux parties à reprendre le dialogue.")
OTHER_EN = ("Football club {n} wins at home",
            "The football club won its home match on {day} after a goal in the second half, and the coach "
            "praised the defence for a clean sheet against a strong side from the north.")
OTHER_FR = ("Le club de football {n} gagne à domicile",
            "Le club de football a gagné son match à domicile grâce à un but en seconde période, et "
            "l'entraîneur a salué la défense pour sa solidité face à une équipe du nord.")

STRIKE_MONTHS = ["2017-03", "2017-04", "2018-04", "2018-05", "2018-06", "2019-04", "2019-12", "2020-06"]
"""Months of the strike story: both languages each month (French only in 2019-12)."""
YEARS = {"2017": 2, "2018": 4, "2019": 8, "2020": 16}
"""Other articles per year and language: the collection grows, so raw counts would peak in 2020."""


def write_story_corpus(folder: Path) -> dict[str, int]:
    """Write the corpus under ``folder``; returns how many strike articles each language has."""
    made = {"en": 0, "fr": 0}
    n = 0
    for month in STRIKE_MONTHS:
        for lang, (title, text), section in (("en", STRIKE_EN, "en/business"), ("fr", STRIKE_FR, "fr/economie")):
            if month == "2019-12" and lang == "en":
                continue
            n += 1
            made[lang] += 1
            _write(folder / section / f"strike-{n:03d}.json", title.format(n=n), f"{month}-15", text.format(day=month))
    for year, count in YEARS.items():
        for i in range(count):
            day = f"{year}-{i % 12 + 1:02d}-0{i % 9 + 1}"
            for lang, (title, text), section in (("en", OTHER_EN, "en/sport"), ("fr", OTHER_FR, "fr/sport")):
                n += 1
                _write(folder / section / f"club-{n:03d}.json", title.format(n=n), day, text.format(day=day))
    return made


def _write(path: Path, title: str, date: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"title": title, "date": date, "text": text}, ensure_ascii=False), "utf-8")
