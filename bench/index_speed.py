"""Indexing speed: our engine against a plain-Whoosh baseline, SQLite FTS5 and tantivy.

    python bench/index_speed.py [--corpus DIR] [--only ours,whoosh,fts5,tantivy]

Each engine builds its index in a fresh child process (so peak RSS is its own) from the
same files. "ours" is a full `search index --rebuild`, then a no-op re-run. The baseline is
what Whoosh gives out of the box: one TEXT field with StemmingAnalyzer, one process, no
language detection. Ratios are articles/s relative to that baseline.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import SHARED_CORPUS, corpus_files, cpu_note, dir_size_mb, peak_rss_mb

ENGINES = ("ours", "whoosh", "fts5", "tantivy")


def read_plain(path: Path) -> tuple[str, str]:
    """Title and body as the baselines see them: first line and the rest, bytes decoded leniently."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix == ".json":
        try:
            obj = json.loads(text)
            return obj.get("title", ""), obj.get("article") or obj.get("text") or obj.get("body") or ""
        except ValueError:
            return "", text
    title, _, body = text.partition("\n")
    return title, body


def build(engine: str, corpus: Path, out: Path) -> dict:
    files = corpus_files(corpus)
    size = sum(f.stat().st_size for f in files)
    started = time.perf_counter()
    extra: dict = {}
    if engine == "ours":
        from search import Engine

        report = Engine(out).index(corpus, rebuild=True)
        seconds = time.perf_counter() - started
        again = time.perf_counter()
        noop = Engine(out).index(corpus)
        extra = {"noop_seconds": round(time.perf_counter() - again, 3), "noop_unchanged": noop.unchanged,
                 "languages": report.languages, "skipped": len(report.skipped)}
        count = report.indexed
    elif engine == "whoosh":
        from whoosh import index
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import ID, TEXT, Schema

        ix = index.create_in(str(out), Schema(id=ID(stored=True, unique=True), body=TEXT(analyzer=StemmingAnalyzer())))
        writer = ix.writer()
        for f in files:
            title, body = read_plain(f)
            writer.add_document(id=str(f), body=f"{title}\n{body}")
        writer.commit()
        count = len(files)
        seconds = time.perf_counter() - started
    elif engine == "fts5":
        import sqlite3

        db = sqlite3.connect(out / "fts.db")
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, tokenize='porter unicode61 remove_diacritics 2')")
        db.executemany("INSERT INTO docs VALUES (?, ?, ?)", ((str(f), *read_plain(f)) for f in files))
        db.commit()
        db.close()
        count = len(files)
        seconds = time.perf_counter() - started
    elif engine == "tantivy":
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("path", stored=True)
        builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
        builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
        ix = tantivy.Index(builder.build(), path=str(out))
        writer = ix.writer()
        for f in files:
            title, body = read_plain(f)
            writer.add_document(tantivy.Document(path=str(f), title=title, body=body))
        writer.commit()
        writer.wait_merging_threads()
        count = len(files)
        seconds = time.perf_counter() - started
    else:
        raise SystemExit(f"unknown engine {engine}")
    return {"engine": engine, "articles": count, "seconds": round(seconds, 2),
            "articles_per_s": round(count / seconds, 1), "mb_per_s": round(size / 1e6 / seconds, 2),
            "peak_rss_mb": round(peak_rss_mb(), 1), "index_mb": round(dir_size_mb(out), 1), **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    parser.add_argument("--only", default=",".join(ENGINES), help="comma-separated engines to run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(build(args.child, args.corpus, args.out)))
        return
    rows = []
    print(f"corpus: {args.corpus} ({len(corpus_files(args.corpus))} files), {cpu_note()}")
    for engine in args.only.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run([sys.executable, __file__, "--child", engine, "--corpus", str(args.corpus),
                                   "--out", tmp], capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"{engine}: failed or not installed: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    base = next((r for r in rows if r["engine"] == "whoosh"), None)
    if base:
        for r in rows:
            print(f"{r['engine']:8s} {r['articles_per_s']:8.1f} articles/s  "
                  f"{r['articles_per_s'] / base['articles_per_s']:5.2f}x plain Whoosh  "
                  f"peak RSS {r['peak_rss_mb']:.0f} MB  index {r['index_mb']:.0f} MB")


if __name__ == "__main__":
    main()
