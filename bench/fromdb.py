"""The round trip of ``budgetlens generate --from-db`` per document: each source ingested into a temporary store,
written from the store as text and as PDF, read back; prints how many of its stored amounts read back with the same
(table kind, row code or name, column key, value) and, with ``-v``, the ones that do not.

    python bench/fromdb.py [-v] [--formats text,pdf] FILE …
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.fromdb_readback is imported as a package from the project root

from tests.fromdb_readback import read_back  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--formats", default="text,pdf")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    for source in args.files:
        for fmt in args.formats.split(","):
            with tempfile.TemporaryDirectory() as folder:
                stored, back = read_back(source, fmt, Path(folder))
            missed = stored - back
            print(f"{source.name}\t{fmt}\t{sum(stored.values()) - sum(missed.values())}/{sum(stored.values())}")
            if args.verbose:
                for fact, n in sorted(missed.items()):
                    print("  miss", n, *fact)


if __name__ == "__main__":
    main()
