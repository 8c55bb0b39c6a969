"""The PDF reader on real disclosures of a province it was not written for (read from ../shared/real).

Their narrative pages set the figures in another font whose boxes sit lower than the Chinese text
around them: the figures must stay in their sentences, and no paragraph may be taken for a table
without rules. The ruled tables are covered by tests/test_real_final_account.py.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from budgetlens.read import RawDocument, read_document
from budgetlens.read.aligned_columns import AMOUNT, reads_as_prose
from tests.conftest import REAL
from tests.requirements import missing

pytestmark = pytest.mark.slow

FINAL = "shpt_czj_2024_final_good.pdf"
NAMES = (FINAL, "shpt_final_template_2024.pdf", "shpt_sifaju_2026_dept_budget.pdf", "shpt_wanli_2024_dept_budget.pdf")
NARRATIVE = range(21, 25)  # the final account's 情况说明 pages
_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _raw(name: str) -> RawDocument:
    path = REAL / name
    if not path.is_file():
        pytest.skip(missing("shared") or f"{name} not found in {REAL}")
    return read_document(path)


def test_figures_stay_in_their_sentences() -> None:
    raw = _raw(FINAL)
    lines = [line for line in raw.lines if line.page in NARRATIVE]
    assert lines
    assert not set(raw.unruled) & set(NARRATIVE)
    assert all(len(line.cells) == 1 for line in lines)
    for line in lines:  # no line of figures alone: every amount is read within its sentence
        amounts = [w for w in re.split(r"[^\d.,%]+", line.text) if AMOUNT.match(w)]
        assert not amounts or _CJK.search(line.text), line.text
    total = [line.text for line in lines if "2995.39" in line.text]
    assert len(total) == 1
    assert re.search(r"2024年度\w*总计2995\.39万元。与2023年度相比", total[0])


@pytest.mark.parametrize("name", NAMES)
def test_no_line_of_running_text_is_cut_into_cells(name: str) -> None:
    raw = _raw(name)
    cut = [line.text for line in raw.lines if len(line.cells) > 1 and reads_as_prose(line.cells)]
    assert cut == []
