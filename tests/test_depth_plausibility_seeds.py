"""Classification depth (BL403–BL405) and plausibility (BL7xx) on the five seed documents.

Every finding below was checked against the seed text: 001 states 公务用车编制17辆 but 实有23辆,
004 states 公务用车编制1辆 but 实有2辆 (and explains the extra vehicle), and 004's 整体支出绩效目标
申报表 prints 核定的人员编制数 120人 with 其中：在编人员数 124人. All function tables of the seeds
reach 项 and all economic tables reach 款, so the depth rules stay silent. Seeds are read from
ROOT.parent/shared/seeds; the tests skip when that folder is absent.
"""

from __future__ import annotations

import pytest

from budgetlens.check.rules.counts import staff_facts, vehicle_facts
from budgetlens.check.runner import run_checks
from tests.conftest import seed_doc

CODES = ["BL403", "BL404", "BL405", "BL701", "BL702", "BL704", "BL705", "BL706"]
EXPECTED = {
    "000": [],
    "001": [["BL701", 961]],
    "002": [],
    "003": [],
    "004": [["BL702", 511], ["BL701", 1267]],
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_exact_findings(seed: str) -> None:
    result = run_checks(seed_doc(seed), select=CODES)
    assert result.flatten(["code", "line"]) == EXPECTED[seed]


@pytest.mark.parametrize(
    ("seed", "held"),
    [  # (total, line, quota, sum of the 其中 categories)
        ("000", (31, 2081, 33, 31)),
        ("001", (23, 961, 17, 23)),
        ("002", (0, 628, None, 0)),
        ("003", (13, 1576, None, 13)),
        ("004", (2, 1267, 1, 2)),
    ],
)
def test_vehicle_statements_are_read(seed: str, held: tuple[int, int, int | None, int]) -> None:
    first = vehicle_facts(seed_doc(seed)).held[0]
    quota = first.quota.value if first.quota else None
    assert (first.total.value, first.total.line, quota, sum(v for _, v in first.parts)) == held


def test_statistics_table_count_only_when_printed() -> None:
    # 002 (OCR) prints debris in the 车辆数合计 cell; the parser's rebuilt 0 is not a stated count
    assert vehicle_facts(seed_doc("002")).table == []
    assert [(c.value, c.line) for c in vehicle_facts(seed_doc("003")).table] == [(13, 1343)]


def test_staff_counts_are_read() -> None:
    staff = staff_facts(seed_doc("004"))
    assert staff.quota is not None and staff.on_establishment is not None
    assert (staff.quota.value, staff.quota.line) == (120, 510)
    assert (staff.on_establishment.value, staff.on_establishment.line) == (124, 511)
    structure = staff_facts(seed_doc("001")).narrative[0]
    assert (structure.total.value, [v for _, v in structure.parts]) == (138, [16, 119, 3])
