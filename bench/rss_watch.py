"""Run a command and report its wall time and the peak *summed* RSS of it and its children.

    python bench/rss_watch.py -- search index --corpus /tmp/corpus-30x --index /tmp/ix-30x --json
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def tree_rss_mb(root: int) -> float:
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        children.setdefault(int(fields["PPid"].strip()), []).append(int(fields["Pid"].strip()))
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def main() -> None:
    command = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else sys.argv[1:]
    started = time.monotonic()
    proc = subprocess.Popen(command)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(1.0)
    print(f"exit {proc.returncode}; {time.monotonic() - started:.1f} s; peak RSS of the process tree {peak:.0f} MB",
          file=sys.stderr)


if __name__ == "__main__":
    main()
