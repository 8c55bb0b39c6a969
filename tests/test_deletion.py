"""A table row that is lost is reported at its table: the deletion harness on a small document and on the seeds.

The full run over every amount row of every seed is `python bench/deletion.py` (minutes); here a fixed
sample of each seed's rows runs (marked slow), and the harness itself on a small document.
"""

from __future__ import annotations

import pytest
from bench.deletion import Deletion, Key, delete_rows, deletions, key, reported, without

from budgetlens.check.runner import run_checks
from budgetlens.model import Document
from budgetlens.pipeline import interpret
from budgetlens.read import RawDocument, read_document
from tests.conftest import write_doc
from tests.requirements import SEEDS, missing

SUMMARY = """示例市档案局
2026年度部门预算公开
2026年预算收支总表
单位：万元
收入⇥⇥支出⇥⇥⇥
项目⇥2026年⇥项目⇥2026年合计⇥当年预算安排⇥上年结转安排
一、一般公共预算⇥100.00⇥一、一般公共服务支出⇥80.00⇥80.00⇥
二、政府性基金预算⇥⇥二、外交支出⇥⇥⇥
⇥⇥三、国防支出⇥0.00⇥0.00⇥
⇥⇥四、公共安全支出⇥20.00⇥20.00⇥
本年收入合计⇥100.00⇥本年支出合计⇥100.00⇥100.00⇥
上年结转⇥⇥年终结转⇥⇥⇥
收入总计⇥100.00⇥支出总计⇥100.00⇥100.00⇥
"""
SAMPLE = 3  # deletions per seed in the test; the bench runs them all


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> tuple[RawDocument, Document, set[Key]]:
    raw = read_document(write_doc(tmp_path_factory.mktemp("deletion"), SUMMARY))
    doc = interpret(raw)
    return raw, doc, {key(f) for f in run_checks(doc).findings if f.severity.value in ("error", "warning")}


def test_deleting_a_line_numbers_the_rest_on(summary: tuple[RawDocument, Document, set[Key]]) -> None:
    raw, doc, _ = summary
    cut = without(raw, 9, 9)
    assert [line.no for line in cut.lines] == list(range(1, len(raw.lines)))
    assert cut.lines[8].text == raw.lines[9].text
    # amount rows only (0.00 counts, blank lines do not), one per printed line
    assert [d.first for d in deletions(doc)] == [7, 9, 10, 11, 13]


def test_every_amount_line_of_the_summary_is_reported_when_lost(
    summary: tuple[RawDocument, Document, set[Key]],
) -> None:
    raw, doc, baseline = summary
    assert [d.first for d in deletions(doc) if not reported(raw, baseline, d)] == []


def test_a_line_outside_the_table_is_no_report(summary: tuple[RawDocument, Document, set[Key]]) -> None:
    """Deleting the cover's issuer line gives findings, but none at the summary table."""
    raw, doc, baseline = summary
    row = deletions(doc)[0]
    cover = Deletion(row.table_id, row.table_kind, row.table_title, row.span, 1, 1, "cover")
    assert not reported(raw, baseline, cover)


@pytest.mark.slow
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) or ["absent"])
def test_a_sample_of_each_seeds_lost_rows_is_reported(seed: str) -> None:
    if not (SEEDS / seed).is_file():
        pytest.skip(missing("shared") or f"{SEEDS / seed} is absent")
    outcome = delete_rows(SEEDS / seed, sample=SAMPLE)
    assert outcome.tried == SAMPLE
    assert outcome.unreported == []
