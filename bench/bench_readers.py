"""Pages per second of the PDF reader and of the whole pipeline, against bare table extractors.

Measured in one run on the same PDF (the project example as the fixture builder prints it unless
--pdf is given), for each page reader (pdfium, the default, and pdfplumber, the reference):
``read_pdf`` and the whole pipeline (``load`` + ``run_checks``); against pdfplumber's bare
``extract_tables()`` on every page and camelot lattice when it can be imported (``--extra-site
DIR`` appends a directory where it was installed with ``pip install --target DIR camelot-py``, so
the project's environment stays as it is). Ratios are to pdfplumber's ``extract_tables()``. Then
the same readers on a PDF of ``--big`` pages made by repeating the example's pages, each in a
process of its own, for its time and peak memory (its peak RSS, and the largest of the processes it
reads pages with, if any: pdfium with ``BUDGETLENS_PDF_WORKERS=2``) on a long file. Peak MB on the
short file is tracemalloc's peak of Python allocations (pdfium's native memory is not included).

``--processes [PDF ...]`` measures what a user waits for instead, each run a process of its own
(default: every PDF of ../shared/real): the whole ``budgetlens extract`` of each PDF, start-up
included, against a bare pdfplumber script that opens the file and calls ``extract_tables()`` on
every page (target: 0.6× or less), with each process's peak resident memory (its ru_maxrss) and,
for budgetlens, the seconds from the start of the process to its first read of the file; then
the start-up alone: ``budgetlens --help`` and ``budgetlens check`` of the example text. Runs of the
two are interleaved and the median is shown; budgetlens's bytecode is compiled first, as an
install does.

    python bench/bench_readers.py [--pdf FILE] [--repeat 3] [--big 500] [--extra-site DIR]
    python bench/bench_readers.py --processes [PDF ...] [--repeat 3]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from processes import HEADER, interleaved, race, row  # bench/processes.py, beside this file

from budgetlens.check.runner import run_checks
from budgetlens.pipeline import load
from budgetlens.read.pdf import read_pdf
from budgetlens.read.pdf_pages import BACKEND_VARIABLE, BACKENDS, WORKERS_VARIABLE, page_count

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"
REAL = ROOT.parent / "shared" / "real"
PROCESS_TARGET = 0.6  # budgetlens extract as a process, against the bare pdfplumber script
BARE_PLUMBER = """
import sys
import pdfplumber

with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
        page.close()
"""
# Runs the command line as its console script does, noting (on stderr) when it first opens the input file.
FIRST_READ = """
import sys, time
target = sys.argv[-1]
def note(event, args):
    if event == "open" and args and str(args[0]) == target and not getattr(note, "seen", False):
        note.seen = True
        sys.stderr.write(f"\\nfirst-read {time.time()}\\n")
sys.addaudithook(note)
sys.argv = ["budgetlens", *sys.argv[1:]]
from budgetlens.cli.main import run
run()
"""


def _example_pdf(folder: Path) -> Path:
    """The example as the fixture builder prints it (cached under .cache/fixtures)."""
    sys.path.insert(0, str(ROOT))
    from tests.fixtures.build import derived

    return derived("pdf", "example")


def _repeat_pages(source: Path, pages: int, target: Path) -> Path:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(source)
    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        take = min(len(src), pages - len(out))
        out.import_pages(src, list(range(take)))
    out.save(target)
    return target


def _plumber_tables(path: Path) -> int:
    import pdfplumber

    cells = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            cells += sum(len(row) for table in page.extract_tables() for row in table)
            page.close()
    return cells


def _camelot_lattice(path: Path) -> int:
    import camelot

    tables = camelot.read_pdf(str(path), pages="all", flavor="lattice")
    return sum(t.df.size for t in tables)


def _with_backend(backend: str, fn: Callable[[Path], int]) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        before = os.environ.get(BACKEND_VARIABLE)
        os.environ[BACKEND_VARIABLE] = backend
        try:
            return fn(path)
        finally:
            if before is None:
                del os.environ[BACKEND_VARIABLE]
            else:
                os.environ[BACKEND_VARIABLE] = before

    return run


def _pipeline(path: Path) -> int:
    return len(run_checks(load(path)).findings)


def _read(path: Path) -> int:
    return len(read_pdf(path).lines)


def _runs(camelot_ok: bool) -> dict[str, Callable[[Path], int]]:
    runs: dict[str, Callable[[Path], int]] = {"pdfplumber extract_tables": _plumber_tables}
    for backend in BACKENDS:
        runs[f"read_pdf ({backend})"] = _with_backend(backend, _read)
        runs[f"pipeline ({backend})"] = _with_backend(backend, _pipeline)
    if camelot_ok:
        runs["camelot lattice"] = _camelot_lattice
    return runs


def _time(fn: Callable[[Path], int], path: Path, repeat: int, trace: bool) -> tuple[float, float | None]:
    """Median seconds over ``repeat`` runs and the tracemalloc peak (MB) of one more run (slow: optional)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    if not trace:
        return statistics.median(times), None
    tracemalloc.start()
    fn(path)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return statistics.median(times), peak


def _report(path: Path, repeat: int, runs: dict[str, Callable[[Path], int]], trace: bool) -> None:
    pages = page_count(path)
    print(f"\n{path.name}: {pages} pages, median of {repeat}", flush=True)
    print(f"{'':<30}{'seconds':>9}{'ms/page':>9}{'vs plumber':>12}{'peak MB':>9}", flush=True)
    base = 0.0
    for name, fn in runs.items():
        seconds, peak = _time(fn, path, repeat, trace)
        base = base or seconds
        shown = f"{peak:>9.1f}" if peak is not None else f"{'-':>9}"
        print(f"{name:<30}{seconds:>9.2f}{seconds / pages * 1000:>9.1f}{seconds / base:>11.2f}x{shown}", flush=True)


def _one_run(name: str, path: Path) -> None:
    """Child process: one run of ``name`` on ``path``; prints its seconds and peak RSS as JSON."""
    if name.endswith(", two processes)"):
        os.environ[WORKERS_VARIABLE] = "2"
        name = name.replace(", two processes", "")
    fn = _runs(camelot_ok=False)[name]
    start = time.perf_counter()
    fn(path)
    seconds = time.perf_counter() - start
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss": _peak_rss_mb(), "workers": workers}))


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started (ru_maxrss would carry the parent's over exec)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report_big(path: Path, names: list[str]) -> None:
    pages = page_count(path)
    print(f"\n{path.name}: {pages} pages, one run each in its own process", flush=True)
    print(f"{'':<30}{'seconds':>9}{'ms/page':>9}{'vs plumber':>12}{'max RSS MB':>12}{'worker RSS MB':>14}", flush=True)
    base = 0.0
    for name in names:
        out = subprocess.run(
            [sys.executable, __file__, "--one-run", name, str(path)], capture_output=True, text=True, check=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        seconds = result["seconds"]
        base = base or seconds
        workers = f"{result['workers']:>14.0f}" if result["workers"] else f"{'-':>14}"
        row = f"{name:<30}{seconds:>9.2f}{seconds / pages * 1000:>9.1f}{seconds / base:>11.2f}x{result['rss']:>12.0f}"
        print(row + workers, flush=True)


def _report_processes(pdfs: list[Path], repeat: int) -> None:
    import budgetlens

    compileall.compile_dir(Path(budgetlens.__file__).parent, quiet=1)  # what installing the package does
    python = sys.executable
    for pdf in pdfs:
        race(
            f"{pdf.name}: {page_count(pdf)} pages, each a process, median of {repeat}",
            ("pdfplumber extract_tables() script", [python, "-c", BARE_PLUMBER, str(pdf)]),
            ("budgetlens extract", [python, "-c", FIRST_READ, "extract", str(pdf)]),
            PROCESS_TARGET,
            repeat,
        )
    commands = {
        "budgetlens --help": [python, "-m", "budgetlens", "--help"],
        "budgetlens check (example text)": [python, "-c", FIRST_READ, "check", str(EXAMPLE)],
        "python -c pass": [python, "-c", "pass"],
    }
    print(f"\nstart-up, each a process, median of {repeat}\n{HEADER}", flush=True)
    for name, run in interleaved(commands, repeat).items():
        print(row(name, run, None), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", type=Path, help="a PDF to measure (default: the example as the fixture builder prints it)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--big", type=int, default=500, help="pages of the long PDF (0: skip it)")
    ap.add_argument("--extra-site", type=Path, help="a directory holding camelot-py (pip install --target)")
    ap.add_argument("--one-run", nargs=2, metavar=("NAME", "PDF"), help=argparse.SUPPRESS)
    ap.add_argument(
        "--processes",
        nargs="*",
        type=Path,
        metavar="PDF",
        help="budgetlens extract against a bare pdfplumber script, as processes (default: ../shared/real)",
    )
    args = ap.parse_args()
    if args.processes is not None:
        pdfs = args.processes or sorted(REAL.glob("*.pdf"))
        if not pdfs:
            print(f"no PDF given and none in {REAL}")
            return 2
        _report_processes(pdfs, args.repeat)
        return 0
    if args.one_run:
        _one_run(args.one_run[0], Path(args.one_run[1]))
        return 0
    if args.extra_site:
        sys.path.append(str(args.extra_site))
    try:
        import camelot  # noqa: F401

        camelot_ok = True
    except ImportError as exc:
        print(f"camelot not measured: {exc}")
        camelot_ok = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = args.pdf or _example_pdf(folder)
        _report(pdf, args.repeat, _runs(camelot_ok), trace=True)
        if args.big:  # the long file: time and max RSS only (tracemalloc would triple the time)
            big = _repeat_pages(pdf, args.big, folder / f"big-{args.big}.pdf")
            names = ["pdfplumber extract_tables"] + [f"read_pdf ({b})" for b in BACKENDS]
            names += ["read_pdf (pdfium, two processes)", "pipeline (pdfium)"]
            _report_big(big, names)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
