"""A result list as an Atom feed, a CSV file or a JSON file, and the bounded pool that
whole-list exports are prepared in.

The CSV and JSON files hold the whole list, written page by page as the engine reads it
(Engine.export_pages), so that a long list starts downloading at once and is never cut; each
holds a slot of the pool until its last page is sent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import threading
import time
import unicodedata
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from typing import Iterable, Iterator
from urllib.parse import quote

from search import Results

ATOM = "http://www.w3.org/2005/Atom"
CSV_COLUMNS = ("rank", "title", "date", "lang", "section", "source", "url", "snippet", "link", "id")
BOM = "\ufeff"
"""First in a CSV file: spreadsheets that otherwise assume the system's code page (Excel's
Windows-1252) then read UTF-8, and "Grève" stays "Grève"."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FILE_NAME_CHARS = 40


def article_url(base: str, doc_id: str) -> str:
    return base.rstrip("/") + "/article/" + quote(doc_id)


def atom_feed(results: Results, base: str, self_url: str, page_url: str, title: str,
              indexed_at: float | None = None) -> bytes:
    """An Atom 1.0 feed of ``results`` (newest first). Atom wants an ``updated`` date on the feed
    and each entry, and we invent none: the feed's is its newest article's date, else the time
    the index was written (``indexed_at``); an undated article's is the feed's."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    newest = max((hit.date for hit in results.hits if hit.date), default=None)
    when = dt.datetime.fromtimestamp(indexed_at, dt.timezone.utc) if indexed_at else dt.datetime.now(dt.timezone.utc)
    updated = f"{newest}T00:00:00Z" if newest else when.strftime("%Y-%m-%dT%H:%M:%SZ")
    _text(feed, "title", title)
    _text(feed, "id", self_url)
    _text(feed, "updated", updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url, type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=page_url, type="text/html")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "News search")
    for hit in results.hits:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        link = article_url(base, hit.id)
        _text(entry, "title", hit.title or hit.id)
        _text(entry, "id", link)
        _text(entry, "updated", f"{hit.date}T00:00:00Z" if hit.date else updated)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link, hreflang=hit.lang)
        if hit.url:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=hit.url)
        if hit.source:
            _text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", hit.source)
        if hit.snippet_text:
            summary = _text(entry, "summary", hit.snippet_text)
            summary.set("{http://www.w3.org/XML/1998/namespace}lang", hit.lang)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = _xml_safe(value)
    return element


def _xml_safe(value: str) -> str:
    """Characters XML 1.0 cannot hold (control codes) removed."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", value)


def csv_export(pages: Iterable[Results], base: str) -> Iterator[str]:
    """The CSV file of a result list, a page of rows at a time: a byte-order mark, a header row,
    one row per result with its snippet as plain text. Cells that a spreadsheet would run as a
    formula (starting with = + - @) get a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    yield BOM + _take(out)
    for results in pages:
        start = (results.page - 1) * results.limit
        for rank, hit in enumerate(results.hits, start + 1):
            row = (rank, hit.title, hit.date or "", hit.lang, hit.section or "", hit.source or "", hit.url or "",
                   hit.snippet_text,
                   article_url(base, hit.id), hit.id)
            writer.writerow([_cell(value) for value in row])
        yield _take(out)


def json_export(pages: Iterable[Results]) -> Iterator[str]:
    """The JSON of a result list (the shape of the API's, every result on one page), written a
    page of results at a time."""
    first = True
    for results in pages:
        rows = ",".join(json.dumps(hit.to_dict(), ensure_ascii=False) for hit in results.hits)
        if first:
            head = {**results.to_dict(), "page": 1, "pages": 1, "limit": max(1, results.total)}
            del head["results"]
            yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": [' + rows
            first = False
        elif rows:
            yield "," + rows
    yield "]}"


def attachment(query: str, extension: str) -> str:
    """A Content-Disposition naming the file after the query (RFC 6266): ``filename*`` keeps its
    accents (search-grève.csv), ``filename`` is the same in ASCII for older software."""
    stem = re.sub(r"[^\w]+", "-", query).strip("-_")[:FILE_NAME_CHARS].strip("-_") or "results"
    name = f"search-{stem}.{extension}"
    ascii_name = re.sub(r"[^A-Za-z0-9.-]+", "-", unicodedata.normalize("NFKD", name).encode("ascii", "ignore")
                        .decode("ascii"))
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _take(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


EXPORT_WORKERS = 1
"""Whole-list exports (CSV, JSON) prepared at once (a slot is held until the file is sent). Each costs tens of
times a result page; with more at once, 20 export clients pushed other readers' p95 to 3.5 s
(bench/load.py --exporters 20, bench/RESULTS.md)."""
EXPORT_WAITING = 2
"""Exports that may wait for a slot; more are answered 503 at once. Waiting ones hold a
server thread, so workers and waiting together stay well below ``--threads`` (8)."""
EXPORT_WAIT_SECONDS = 10.0
"""How long an export waits for a slot before it is answered 503."""
EXPORT_RETRY_SECONDS = 5
"""The ``Retry-After`` of that 503."""
EXPORT_REST = 1.0
"""After an export, its slot stays closed for this share of the time the export took (the
answer is not delayed): exports then use at most about half of a slot's time, and searches,
which share the interpreter's lock with them, keep their latency under export load."""


class ExportsBusy(Exception):
    """Every export slot is taken and the queue is full (or the wait ran out)."""


class ExportPool:
    """At most ``workers`` exports at once and ``waiting`` more queued: searches keep the rest
    of the server's threads and CPU however many exports are asked for."""

    def __init__(self, workers: int = EXPORT_WORKERS, waiting: int = EXPORT_WAITING,
                 wait_seconds: float = EXPORT_WAIT_SECONDS, rest: float = EXPORT_REST) -> None:
        if workers < 1 or waiting < 0 or rest < 0:
            raise ValueError("an export pool needs a worker, a queue of zero or more and a rest of zero or more")
        self.workers, self.waiting, self.wait_seconds, self.rest = workers, waiting, wait_seconds, rest
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self._admitted = 0

    @property
    def admitted(self) -> int:
        """Exports being prepared or waiting for a slot now."""
        with self._lock:
            return self._admitted

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Run the block in an export slot, or raise :class:`ExportsBusy`."""
        with self._lock:
            if self._admitted >= self.workers + self.waiting:
                raise ExportsBusy()
            self._admitted += 1
        try:
            if not self._slots.acquire(timeout=self.wait_seconds):
                raise ExportsBusy()
            started = time.monotonic()
            try:
                yield
            finally:
                self._release_after((time.monotonic() - started) * self.rest)
        finally:
            with self._lock:
                self._admitted -= 1

    def _release_after(self, seconds: float) -> None:
        if seconds <= 0:
            self._slots.release()
            return
        timer = threading.Timer(seconds, self._slots.release)
        timer.daemon = True
        timer.start()
