"""Child processes timed as a user waits for them: wall and CPU seconds, peak memory, time to the first read.

Each command runs as a process of its own; its peak resident memory is its own ru_maxrss (from
wait4, not the largest of all children so far). A child that writes ``first-read <epoch seconds>``
on stderr (``FIRST_READ`` in bench_readers.py does, when the command line first opens its input)
also gives the seconds from its start to that read. Commands compared are run in turn, ``repeat``
times, and the medians kept, so that a busy spell of a shared machine hits them alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChildRun:
    """One child process: its wall and CPU seconds, peak resident MB and seconds from its start to its first read."""

    seconds: float
    cpu: float
    rss: float
    first_read: float | None


def child(argv: list[str]) -> ChildRun:
    """Run one process to its end (stdout discarded); its own ru_maxrss comes from wait4."""
    with tempfile.TemporaryFile() as err:
        started, wall = time.time(), time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - wall
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", errors="replace")
    if child.returncode not in (0, 1):  # 1: check found errors
        raise SystemExit(f"{' '.join(argv[-3:])}: exit {child.returncode}\n{text[-2000:]}")
    marks = [line.split()[1] for line in text.splitlines() if line.startswith("first-read ")]
    first_read = float(marks[0]) - started if marks else None
    return ChildRun(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, first_read)


def _median(runs: list[ChildRun]) -> ChildRun:
    firsts = [r.first_read for r in runs if r.first_read is not None]
    return ChildRun(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.rss for r in runs),
        statistics.median(firsts) if firsts else None,
    )


def interleaved(commands: dict[str, list[str]], repeat: int) -> dict[str, ChildRun]:
    """Each command ``repeat`` times, one after another in turn (so a busy spell of the machine hits all)."""
    runs: dict[str, list[ChildRun]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            runs[name].append(child(argv))
    return {name: _median(found) for name, found in runs.items()}


def row(name: str, run: ChildRun, base: ChildRun | None) -> str:
    first = f"{run.first_read:>12.3f}" if run.first_read is not None else f"{'-':>12}"
    ratio = f"{run.seconds / base.seconds:>9.2f}x" if base else f"{'':>10}"
    cpu_ratio = f"{run.cpu / base.cpu:>9.2f}x" if base else f"{'':>10}"
    return f"{name:<36}{run.seconds:>9.2f}{ratio}{run.cpu:>9.2f}{cpu_ratio}{first}{run.rss:>10.0f}"


HEADER = f"{'':<36}{'seconds':>9}{'ratio':>10}{'CPU s':>9}{'ratio':>10}{'first read':>12}{'peak MB':>10}"


def race(title: str, base: tuple[str, list[str]], ours: tuple[str, list[str]], target: float, repeat: int) -> bool:
    """Time ``ours`` against ``base`` (name, argv), interleaved; print both rows and whether ``target``× was met."""
    result = interleaved(dict((base, ours)), repeat)
    theirs, mine = result[base[0]], result[ours[0]]
    met = mine.seconds <= target * theirs.seconds
    print(f"\n{title}\n{HEADER}\n{row(base[0], theirs, None)}\n{row(ours[0], mine, theirs)}")
    print(f"target {target}x: {'met' if met else 'MISSED'}", flush=True)
    return met
