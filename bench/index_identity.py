"""Compare two embedded indexes file by file, and inside each segment part by part.

For checking that a refactor leaves the index bytes alone: build the same corpus with the
two versions of the code under the same ``PYTHONHASHSEED`` (Whoosh pickles the stop lists,
frozensets whose order follows the hash seed), then run

    python bench/index_identity.py INDEX_A INDEX_B

Segment ids are random, so they are replaced by their rank before hashing; a compound
segment file is compared through its parts (columns, postings, terms, stored fields), since
its own directory of parts is laid out with padding that varies from run to run.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage

SKIPPED = {"MAIN_WRITELOCK", "sync.lock"}


def _digest(data: bytes) -> tuple[int, str]:
    return len(data), hashlib.sha256(data).hexdigest()[:16]


def fingerprint(folder: Path) -> dict[str, tuple[int, str]]:
    """``{file or segment part: (size, sha256 prefix)}`` with segment ids made neutral."""
    segments = sorted({m.group(1) for f in folder.iterdir() if (m := re.match(r"MAIN_([a-z0-9]+)\.seg$", f.name))})
    storage = FileStorage(str(folder))
    found: dict[str, tuple[int, str]] = {}
    for path in sorted(folder.iterdir()):
        if path.name in SKIPPED:
            continue
        name, data = path.name, path.read_bytes()
        for rank, segment in enumerate(segments):
            name, data = name.replace(segment, f"SEG{rank}"), data.replace(segment.encode(), b"SEG%d" % rank)
        if path.suffix == ".seg":
            parts = CompoundStorage(storage.open_file(path.name))
            for part in parts.list():
                content = parts.open_file(part).read(parts.file_length(part))
                found[f"{name}/{part.split('.', 1)[-1]}"] = _digest(content)
        else:
            found[name] = _digest(data)
    return found


def main() -> int:
    first, second = (fingerprint(Path(arg)) for arg in sys.argv[1:3])
    differ = 0
    for name in sorted(set(first) | set(second)):
        same = first.get(name) == second.get(name)
        differ += not same
        print(f"{'same' if same else 'DIFF':4}  {name:32} {first.get(name)}  {second.get(name)}")
    print(f"{len(set(first) | set(second)) - differ} same, {differ} different")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
