"""No input makes the pipeline crash: random line deletions, duplications and character changes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlens.check.runner import run_checks
from budgetlens.errors import BudgetLensError
from budgetlens.pipeline import load
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"
SOURCES = sorted(SEEDS.glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8").splitlines() for p in [*SOURCES, EXAMPLE] if p.is_file()]
ALPHABET = "0123456789.,\t 合计项目万元表一、（）仅供内部审核O—-"

edit = st.tuples(
    st.sampled_from(["delete", "duplicate", "substitute", "truncate"]),
    st.integers(0, 10**6),
    st.text(ALPHABET, max_size=3),
)


def mutate(lines: list[str], edits: list[tuple[str, int, str]]) -> str:
    out = list(lines)
    for kind, pos, text in edits:
        if not out:
            break
        i = pos % len(out)
        if kind == "delete":
            del out[i]
        elif kind == "duplicate":
            out.insert(i, out[i])
        elif kind == "truncate":
            out = out[:i]
        else:
            line = out[i]
            j = pos % (len(line) + 1)
            out[i] = line[:j] + text + line[j + 1 :]
    return "\n".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.integers(0, 100), edits=st.lists(edit, min_size=1, max_size=25))
def test_mutated_documents_parse_or_fail_cleanly(source: int, edits: list[tuple[str, int, str]]) -> None:
    if not TEXTS:
        return
    text = mutate(TEXTS[source % len(TEXTS)], edits)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutated.txt"
        path.write_text(text, encoding="utf-8")
        try:
            doc = load(path)
        except BudgetLensError:
            return
        run_checks(doc)
