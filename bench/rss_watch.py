"""Run a command and report its wall time and the peak memory of it and its children.

    python bench/rss_watch.py -- search index --corpus /tmp/corpus-30x --index /tmp/ix-30x --json
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def tree_memory_mb(root: int) -> tuple[float, float]:
    """(summed RSS, summed PSS) of ``root`` and its descendants: PSS shares pages that
    forked workers hold in common, RSS counts them once per process."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        children.setdefault(int(fields["PPid"].strip()), []).append(int(fields["Pid"].strip()))
    rss = pss = 0.0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            for line in open(f"/proc/{pid}/smaps_rollup"):
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
        except OSError:
            pass
    return rss, pss


def main() -> None:
    command = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else sys.argv[1:]
    started = time.monotonic()
    proc = subprocess.Popen(command)
    peak_rss = peak_pss = 0.0
    while proc.poll() is None:
        rss, pss = tree_memory_mb(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(1.0)
    print(f"exit {proc.returncode}; {time.monotonic() - started:.1f} s; process tree peak: "
          f"summed RSS {peak_rss:.0f} MB, summed PSS {peak_pss:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
