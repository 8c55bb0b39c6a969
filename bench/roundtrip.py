"""The round trip of ``budgetlens generate`` on many random data sets: for each format, N consistent data sets drawn by
the Hypothesis strategy of the template's kind (``tests/generate_strategies.py``: budgets or final accounts) are
composed in each template, written, read back and checked; the run counts the data sets and stops a format at its
first failure, which Hypothesis shrinks to a minimal data set and prints.

    python bench/roundtrip.py [-n 1000] [--formats text,html,xlsx,docx,pdf] [--templates NAME,…] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.generate_strategies is imported as a package from the project root

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from tests.generate_strategies import property_for, strategy_for  # noqa: E402

from budgetlens.generate.templates import list_templates  # noqa: E402


def run_format(fmt: str, template: str, count: int, start: int) -> tuple[int, float, str | None]:
    """(data sets tried, seconds, the failure's text or None)."""
    tried = 0
    holds = property_for(fmt, template)

    def counted(data: object) -> None:
        nonlocal tried
        tried += 1
        holds(data)  # type: ignore[arg-type]

    test = seed(start)(
        settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))(
            given(strategy_for(template))(counted)
        )
    )
    began = time.monotonic()
    try:
        test()
    except Exception as exc:  # the property failed: Hypothesis has shrunk it to a minimal data set
        return tried, time.monotonic() - began, f"{type(exc).__name__}: {exc}"[:2000]
    return tried, time.monotonic() - began, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000, help="data sets per format (default 1000)")
    parser.add_argument("--formats", default="text,html,xlsx,docx,pdf", help="comma-separated formats")
    parser.add_argument("--templates", default="", help="comma-separated templates (default: every template)")
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed (default 0)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    failed = False
    templates = [t for t in args.templates.split(",") if t] or [t.name for t in list_templates()]
    print(f"{'template':26} {'format':8} {'data sets':>10} {'seconds':>9} {'per set':>8}  result")
    for template in templates:
        for fmt in args.formats.split(","):
            tried, seconds, failure = run_format(fmt.strip(), template, args.count, args.seed)
            result = "round trip holds" if failure is None else "FAILED"
            per = seconds / max(tried, 1)
            print(f"{template:26} {fmt:8} {tried:>10} {seconds:>9.1f} {per:>8.2f}  {result}", flush=True)
            if failure:
                failed = True
                print(failure)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
