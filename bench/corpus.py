"""A corpus of generated disclosures with a manifest of what each one prints, for measuring the reader at scale.

N consistent budgets (and final accounts, for a final-account template) are drawn by the Hypothesis strategies of
``tests/generate_strategies.py`` (seeded: the same
command writes the same corpus; Hypothesis also draws from the constants of the project's modules loaded, so a
seed's data sets are those of a fresh process), composed with each template in turn and written in each format
in turn. The manifest (``manifest.jsonl``, one JSON object a document) names the file, template, format and seed,
the amounts each table prints (``"title|kind"`` → amounts) and the errors deliberately injected: with ``--errors RATE``
each text document is changed, with that probability, at one printed number as ``bench/mutation.py`` changes it
(the units digit of the integer part, a table cell or a narrative amount); the record gives the kind, the line,
the printed and the changed figure and the finding expected: a new finding at that line or next to it,
or whose probable cause or evidence is that line. ``bench/corpus_score.py`` reads the corpus back and scores it.

    python bench/corpus.py 40 [-o corpus] [--formats text,html,pdf,docx,xlsx] [--seed 0] [--errors 0.5]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import warnings
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.generate_strategies is imported as a package from the project root

from bench.mutation import bump, sites  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from tests.generate_strategies import strategy_for  # noqa: E402

from budgetlens.generate.kinds import compose  # noqa: E402
from budgetlens.generate.printed import PrintedDocument  # noqa: E402
from budgetlens.generate.render import render  # noqa: E402
from budgetlens.generate.templates import Template, list_templates  # noqa: E402
from budgetlens.generate.text import render_text  # noqa: E402

FORMATS = ("text", "html", "pdf", "docx", "xlsx")
SUFFIX = {"text": "txt", "html": "html", "pdf": "pdf", "docx": "docx", "xlsx": "xlsx"}
EXPECTED = "a new finding at the line or next to it, or whose probable cause or evidence is the line"


def draw(count: int, start: int, template: str) -> list[Any]:
    """``count`` data sets of the template's kind (budgets or final accounts), the same for the same ``start``
    (Hypothesis' generation phase only, no shrinking)."""
    drawn: list[Any] = []

    def keep(data: Any) -> None:
        if len(drawn) < count:
            drawn.append(data)

    run = seed(start)(
        settings(
            max_examples=count, deadline=None, database=None, phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )(given(strategy_for(template))(keep))
    )  # fmt: skip
    run()
    return drawn


def table_key(title: str, kind: str) -> str:
    return f"{title}|{kind}"


def composed_facts(doc: PrintedDocument) -> dict[str, list[str]]:
    """Each table's printed amounts (``title|kind`` → sorted values as text), the multiset the reader should get."""
    facts: dict[str, list[str]] = {}
    for t in doc.tables:
        values = Counter(c.value for row in t.rows for c in row if c.value is not None)
        facts[table_key(t.title, t.kind)] = sorted(str(v) for v in values.elements())
    return facts


def inject(path: Path, rng: random.Random) -> dict[str, Any] | None:
    """Change one printed number of the text document at ``path`` in place (mutation.py's change); its record."""
    from budgetlens.pipeline import load
    from budgetlens.report.facts import document_facts

    doc = load(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    candidates = [s for s in sites(doc) if s[1] in lines[s[0] - 1] and bump(s[1]) != s[1]]
    if not candidates:
        return None
    line, printed, kind = rng.choice(candidates)
    changed = bump(printed)
    lines[line - 1] = lines[line - 1].replace(printed, changed, 1)
    record: dict[str, Any] = {"kind": kind, "line": line, "printed": printed, "changed": changed, "expected": EXPECTED}
    if kind == "table":  # which table's amount it is, so that the score expects the changed value there
        fact = next(f for f in document_facts(doc) if f.get("line") == line and f.get("printed") == printed)
        record["table"] = table_key(fact["table_title"], fact["table"])
        before = Decimal(fact["value"])
        record["value"] = str(before)
        record["changed_value"] = str(before + (Decimal(_digits(changed)) - Decimal(_digits(printed))))
    path.write_text("\n".join(lines), encoding="utf-8")
    return record


def _digits(printed: str) -> str:
    return printed.replace(",", "").replace(" ", "").rstrip("%")


def write_one(data: Any, template: Template, fmt: str, path: Path) -> PrintedDocument:
    doc = compose(data, template)
    if fmt == "text":
        path.write_text(render_text(doc), encoding="utf-8")
    else:
        render(doc, fmt, path)
    return doc


def build(count: int, out: Path, formats: list[str], start: int, rate: float) -> Path:
    """Write the corpus in ``out`` and return its manifest."""
    out.mkdir(parents=True, exist_ok=True)
    templates = list_templates()
    rng = random.Random(f"corpus:{start}")
    manifest = out / "manifest.jsonl"
    kinds = {t.kind: t.name for t in reversed(templates)}  # a template of each kind draws that kind's data
    data_sets = {kind: draw(count, start, name) for kind, name in kinds.items()}
    with manifest.open("w", encoding="utf-8") as lines:
        for i in range(count):
            fmt = formats[i % len(formats)]
            template = templates[(i // len(formats)) % len(templates)]
            data = data_sets[template.kind][i]
            path = out / f"doc{i:04d}.{SUFFIX[fmt]}"
            doc = write_one(data, template, fmt, path)
            errors = []
            if fmt == "text" and rng.random() < rate:
                injected = inject(path, rng)
                errors = [injected] if injected else []
            entry = {"file": path.name, "template": template.name, "format": fmt, "seed": f"{start}:{i}",
                     "facts": composed_facts(doc), "errors": errors}  # fmt: skip
            lines.write(json.dumps(entry, ensure_ascii=False) + "\n")
            print(f"{path.name} {fmt} {template.name}{' with an error' if errors else ''}", flush=True)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="documents to write")
    parser.add_argument("-o", "--output", type=Path, default=Path("corpus"), help="folder (default ./corpus)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated formats")
    parser.add_argument("--seed", type=int, default=0, help="seed of the data sets and the injected errors")
    parser.add_argument("--errors", type=float, default=0.0, help="share of text documents given one error")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        parser.error(f"unknown formats {unknown} (one of {', '.join(FORMATS)})")
    warnings.simplefilter("ignore")
    manifest = build(args.count, args.output, formats, args.seed, args.errors)
    print(f"wrote {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
