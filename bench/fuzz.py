"""Fuzzing campaign: thousands of mutated inputs per format, each run through its reader or parser.

Every case is generated from its seed (``--seed``, the format and the case's number: bench/fuzz_inputs.py), so
any case can be made again. A case ends ``ok`` (a document came out), ``refused`` (the tool's one-line error)
or as a crash (any other exception, an error message of more than one line, more than ``--timeout-per-case``
seconds, or the process dying). The cases run in-process in a child per format whose address space is capped
(``--memory-mb``); a child that dies is restarted after the case it died on. Each crashing input is written
to ``--out/<format>/<exception>@<location>/`` (at most three per cause; a text input also minimised by
removing lines and characters while it still crashes the same way). Crashes whose cause is known and being
fixed elsewhere (``KNOWN``) are counted apart.

Scans (and PDFs whose mutated text layer is gone) are laid out from OCR output drawn from each image
(``synthetic_recognise``): the OCR engine takes seconds per page, the decoding and the layout of its boxes
are what is fuzzed; ``--real-ocr`` runs the engine.

    nice -n 10 python bench/fuzz.py [--cases 10000] [--format text|pdf|xlsx|html|docx|image|claims|tables|all]
                                    [--seed 1] [--timeout-per-case 10] [--memory-mb 3072] [--out fuzz-out]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fuzz_inputs import FORMATS, SUFFIX, make_case, run_case  # noqa: E402

TEXT_LIKE = ("text", "claims", "tables", "html")
KEEP_PER_CAUSE = 3
# Causes known and not yet fixed: (label, exception type, where it is raised (a path fragment), the input
# pattern that triggers it). A crash matching one is counted as known, not as a new crash. None now.
KNOWN: tuple[tuple[str, str, str, re.Pattern[str]], ...] = ()


class CaseTimeout(BaseException):
    """The case ran past its time (a BaseException: no ``except Exception`` in the tool swallows it)."""


def case_input(fmt: str, seed: int, index: int) -> bytes:
    import random

    return make_case(fmt, random.Random(f"{seed}:{fmt}:{index}"))


def location(tb: TracebackType | None) -> str:
    """The innermost frame in the package (else the innermost frame): ``read/pdf.py:120 read_pdf``."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/budgetlens/" in f.filename] or frames
    if not ours:
        return "?"
    frame = ours[-1]
    path = frame.filename.split("/budgetlens/", 1)[-1]
    return f"{path}:{frame.lineno} {frame.name}"


def known_cause(data: bytes, kind: str) -> str | None:
    text = data.decode("utf-8", errors="replace")
    for label, exc_type, where, pattern in KNOWN:
        if (not exc_type or kind.startswith(exc_type)) and (not where or where in kind) and pattern.search(text):
            return label
    return None


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise CaseTimeout(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def outcome(fmt: str, data: bytes, folder: Path, timeout: float) -> tuple[str, str]:
    """("ok" | "refused" | "crash", the crash's ``Type@location``)."""
    try:
        with alarm(timeout):
            error = run_case(fmt, data, folder)
    except CaseTimeout as exc:
        return "crash", f"Timeout@{location(exc.__traceback__)}"
    except Exception as exc:
        return "crash", f"{type(exc).__name__}@{location(exc.__traceback__)}"
    return ("ok", "") if error is None else ("refused", "")


def minimise(fmt: str, data: bytes, kind: str, folder: Path, timeout: float, budget: float = 20.0) -> bytes:
    """Remove lines, then runs of characters, while the input still crashes as ``kind`` (``budget`` seconds)."""
    text = data.decode("utf-8", errors="replace")
    deadline = time.monotonic() + budget

    def same(candidate: str) -> bool:
        return outcome(fmt, candidate.encode("utf-8"), folder, timeout) == ("crash", kind)

    for splitter, joiner in (("\n", "\n"), ("", "")):
        parts = text.split(splitter) if splitter else list(text)
        chunk = max(1, len(parts) // 2)
        while chunk >= 1 and time.monotonic() < deadline:
            i, removed = 0, False
            while i < len(parts) and time.monotonic() < deadline:
                candidate = parts[:i] + parts[i + chunk :]
                if candidate and same(joiner.join(candidate)):
                    parts, removed = candidate, True
                else:
                    i += chunk
            if not removed:
                chunk //= 2
        text = joiner.join(parts)
    return text.encode("utf-8")


def keep(out: Path, fmt: str, index: int, data: bytes, kind: str, folder: Path, timeout: float) -> None:
    slug = re.sub(r"[^\w@.-]+", "_", kind)[:120]
    where = out / fmt / slug
    where.mkdir(parents=True, exist_ok=True)
    if len(list(where.iterdir())) >= 2 * KEEP_PER_CAUSE:
        return
    suffix = SUFFIX.get(fmt, ".txt")
    (where / f"{index}{suffix}").write_bytes(data)
    if fmt in TEXT_LIKE and not kind.startswith(("Timeout", "Died")):
        (where / f"{index}.min{suffix}").write_bytes(minimise(fmt, data, kind, folder, timeout))


def child(args: argparse.Namespace) -> None:
    """Run cases ``--start`` … ``--cases`` of one format, one JSON line per case on stdout."""
    if args.format in ("image", "pdf") and not args.real_ocr:  # a PDF whose text layer broke is OCR'd
        from bench.fuzz_inputs import synthetic_recognise, synthetic_recognise_cut_out

        from budgetlens.read import scan

        scan.engine = lambda: None  # type: ignore[assignment,return-value]
        scan.recognise = synthetic_recognise  # type: ignore[assignment]
        scan.recognise_cut_out = synthetic_recognise_cut_out  # type: ignore[assignment]
    import warnings

    warnings.simplefilter("ignore")
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="budgetlens-fuzz-") as tmp:
        folder = Path(tmp)
        for index in range(args.start, args.cases):
            data = case_input(args.format, args.seed, index)
            print(json.dumps({"start": index}), flush=True)  # so that a death names its case
            started = time.perf_counter()
            status, kind = outcome(args.format, data, folder, args.timeout_per_case)
            if status == "crash":
                cause = known_cause(data, kind)
                if cause:
                    status, kind = "known", f"{cause} ({kind})"
                else:
                    keep(out, args.format, index, data, kind, folder, args.timeout_per_case)
            record = {"case": index, "status": status, "kind": kind, "seconds": time.perf_counter() - started}
            print(json.dumps(record), flush=True)


@dataclass
class Tally:
    cases: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    crashes: Counter[str] = field(default_factory=Counter)
    known: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def campaign(fmt: str, args: argparse.Namespace) -> Tally:
    """Run one format's cases in capped children, restarting after a case that killed its child."""
    tally = Tally()
    start = 0
    began = time.perf_counter()
    memory = args.memory_mb * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    while start < args.cases:
        command = [sys.executable, __file__, "--child", "--format", fmt, "--start", str(start)]
        command += ["--cases", str(args.cases), "--seed", str(args.seed), "--out", args.out]
        command += ["--timeout-per-case", str(args.timeout_per_case)] + (["--real-ocr"] if args.real_ocr else [])
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, preexec_fn=cap)
        assert proc.stdout is not None
        current = start
        for line in proc.stdout:
            if not line.startswith('{"'):
                continue  # anything else a case printed
            record = json.loads(line)
            if "start" in record:
                current = record["start"]
                continue
            _count(tally, record)
            current = record["case"] + 1
            if current % 1000 == 0:
                print(f"  {fmt}: {current} cases, {tally.counts['crash']} crashes", file=sys.stderr, flush=True)
        code = proc.wait()
        if current >= args.cases:
            break
        kind = f"Died({code})@case {current}"
        data = case_input(fmt, args.seed, current)
        cause = known_cause(data, kind)
        _count(tally, {"status": "known" if cause else "crash", "kind": f"{cause} ({kind})" if cause else kind})
        if not cause:
            keep(Path(args.out), fmt, current, data, kind, Path(tempfile.gettempdir()), args.timeout_per_case)
        start = current + 1
    tally.seconds = time.perf_counter() - began
    return tally


def _count(tally: Tally, record: dict[str, str]) -> None:
    tally.cases += 1
    tally.counts[record["status"]] += 1
    if record["status"] == "crash":
        tally.crashes[record["kind"]] += 1
    elif record["status"] == "known":
        tally.known[record["kind"].split(" (")[0]] += 1


def report(fmt: str, tally: Tally, say: Callable[[str], None]) -> None:
    c = tally.counts
    say(
        f"{fmt:7} cases {tally.cases:6}  ok {c['ok']:6}  refused {c['refused']:6}  crashes {c['crash']:4}"
        f"  known {c['known']:4}  {tally.seconds:7.0f} s"
    )
    for kind, n in tally.crashes.most_common():
        say(f"    crash {n:5}  {kind}")
    for kind, n in tally.known.most_common():
        say(f"    known {n:5}  {kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--format", default="all", choices=[*FORMATS, "all"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout-per-case", type=float, default=10.0)
    parser.add_argument("--memory-mb", type=int, default=3072)
    parser.add_argument("--out", default="fuzz-out")
    parser.add_argument("--real-ocr", action="store_true", help="scans: run the OCR engine (seconds per case)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    formats = FORMATS if args.format == "all" else (args.format,)
    began = time.perf_counter()
    for fmt in formats:
        report(fmt, campaign(fmt, args), lambda s: print(s, flush=True))
    print(f"wall time {time.perf_counter() - began:.0f} s; crashing inputs in {args.out}/", flush=True)


if __name__ == "__main__":
    main()
