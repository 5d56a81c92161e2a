"""Deterministic synthetic corpora made by recombining the seeds' real paragraphs."""

from __future__ import annotations

import random
from pathlib import Path

from .conftest import SEEDS


def seed_paragraphs() -> dict[str, list[str]]:
    """Paragraphs of the English seeds and of the French one."""
    out: dict[str, list[str]] = {"en": [], "fr": []}
    for path in sorted(SEEDS.iterdir()):
        lang = "fr" if path.name.startswith("003") else "en"
        out[lang] += [p.strip() for p in path.read_text("utf-8").split("\n\n") if len(p.strip()) > 80]
    return out


def make_corpus(folder: Path, count: int, seed: int = 7, start: int = 0) -> list[Path]:
    """``count`` articles named art-<n>.txt, each with a unique word ``tokN`` to search for."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        lang = "fr" if n % 4 == 0 else "en"
        body = "\n\n".join(rng.sample(paragraphs[lang], k=min(4, len(paragraphs[lang]))))
        path = folder / f"art-{n:05d}.txt"
        path.write_text(f"Synthetic story number {n} tok{n}\n\n{body}\n", "utf-8")
        paths.append(path)
    return paths
