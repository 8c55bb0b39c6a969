"""Narrative claims: amounts, shares, changes and counts stated by the 情况说明 prose."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.model.document import Claim
from budgetlens.model.enums import ClaimMeasure
from budgetlens.parse.claims import extract_claims
from tests.conftest import seed_path

TITLE = "第三部分 2026年度部门预算情况说明"

AMOUNT, SHARE, CHANGE, COUNT = ClaimMeasure.AMOUNT, ClaimMeasure.SHARE, ClaimMeasure.CHANGE, ClaimMeasure.COUNT


def claims_of(*sentences: str, title: str = TITLE) -> list[Claim]:
    return extract_claims(title, [(10 + i, s) for i, s in enumerate(sentences)])


def find(claims: list[Claim], measure: ClaimMeasure, value: str, unit: str | None = None) -> Claim:
    hits = [c for c in claims if c.measure is measure and c.value == Decimal(value) and unit in (None, c.unit)]
    assert hits, f"no {measure.value} {value} {unit or ''} in {[(c.measure.value, c.value, c.unit) for c in claims]}"
    return hits[0]


# --- amounts and shares -----------------------------------------------------------------------------


def test_amounts_and_shares_with_subjects() -> None:
    claims = claims_of(
        "2026年度示例市园林服务中心预算收入1,234.50万元，主要包括一般公共预算拨款收入1,200.00万元，占97.21%；"
        "政府性基金预算拨款收入0万元，占0%；上年结转34.50万元，占2.79%。"
    )
    total = find(claims, AMOUNT, "1234.50")
    assert (total.subject, total.unit, total.printed) == ("预算收入", "万元", "1,234.50")
    assert find(claims, AMOUNT, "1200").subject == "一般公共预算拨款收入"
    share = find(claims, SHARE, "97.21")
    assert (share.subject, share.unit, share.printed, share.base) == ("一般公共预算拨款收入", "%", "97.21", None)
    zero = [c for c in claims if c.measure is SHARE and c.value == 0]
    assert [c.subject for c in zero] == ["政府性基金预算拨款收入"]
    assert find(claims, SHARE, "2.79").subject == "上年结转"
    assert len(claims) == 7


def test_connectives_are_stripped_from_subjects() -> None:
    claims = claims_of(
        "财政拨款收支总预算500.00万元。其中：一般公共预算拨款480.00万元，政府性基金预算拨款20.00万元。"
        "支出包括：一般公共服务支出300.00万元、住房保障支出45.60万元等。",
        "政府采购预算总额80.00万元。其中：政府采购货物预算50.00万元、政府采购服务预算30.00万元。",
    )
    subjects = [c.subject for c in claims]
    assert subjects == [
        "财政拨款收支总预算",
        "一般公共预算拨款",
        "政府性基金预算拨款",
        "一般公共服务支出",
        "住房保障支出",
        "政府采购预算总额",
        "政府采购货物预算",
        "政府采购服务预算",
    ]


def test_units_yuan_and_yi_yuan() -> None:
    claims = claims_of("办公设备购置费3,500元，专项资金1.2亿元。")
    assert find(claims, AMOUNT, "3500", "元").printed == "3,500"
    assert find(claims, AMOUNT, "1.2", "亿元").subject == "专项资金"


def test_share_with_stated_base() -> None:
    claims = claims_of("公开项目绩效目标12个，涉及项目金额300.00万元，占部门（单位）项目支出总额的100%。")
    share = find(claims, SHARE, "100")
    assert share.base == "部门（单位）项目支出总额"
    assert share.subject == "公开项目绩效目标"
    assert find(claims, AMOUNT, "300").subject == "公开项目绩效目标"  # a bare 项目金额 takes the counted subject


def test_full_width_digits_and_half_width_punctuation() -> None:
    claims = claims_of("支出预算1000.00万元,其中:基本支出７９９．５０万元,占７９．９５％;项目支出200.50万元,占20.05%。")
    basic = find(claims, AMOUNT, "799.50")
    assert (basic.subject, basic.printed) == ("基本支出", "７９９．５０")
    share = find(claims, SHARE, "79.95")
    assert (share.subject, share.unit) == ("基本支出", "%")
    assert find(claims, SHARE, "20.05").subject == "项目支出"


def test_earlier_year_is_kept_in_the_subject() -> None:
    claims = claims_of("主要原因是2025年预算安排培训费1.50万元，2026年预算未安排培训费。")
    assert [c.subject for c in claims] == ["2025年预算安排培训费"]


# --- changes ----------------------------------------------------------------------------------------


def test_increase_after_a_list_refers_to_the_total() -> None:
    claims = claims_of(
        "2026年度示例市园林服务中心预算收入总计1,234.50万元，其中：本年收入1,200.00万元，上年结转34.50万元，"
        "比上年增长20.00万元，增长1.65%，主要原因是新招录人员3人。"
    )
    money = find(claims, CHANGE, "20", "万元")
    assert (money.subject, money.direction, money.base, money.printed) == ("预算收入总计", "increase", "上年", "20.00")
    rate = find(claims, CHANGE, "1.65", "%")
    assert (rate.subject, rate.direction, rate.base) == ("预算收入总计", "increase", "上年")
    assert find(claims, COUNT, "3", "人").subject == "新招录人员"


def test_decrease_against_a_year_with_half_width_punctuation() -> None:
    claims = claims_of("2026年度示例市园林服务中心一般公共预算当年支出980.00万元,比2025年减少12.30万元,下降1.24%;")
    money = find(claims, CHANGE, "12.30", "万元")
    assert (money.subject, money.direction, money.base) == ("一般公共预算当年支出", "decrease", "2025年")
    rate = find(claims, CHANGE, "1.24", "%")
    assert (rate.direction, rate.base) == ("decrease", "2025年")


def test_same_as_last_year() -> None:
    claims = claims_of(
        "其中：因公出国（境）费0万元，与上年预算数相同；公务接待费1.00万元，与上年相比预算数减少0.50万元。"
    )
    same = next(c for c in claims if c.direction == "same")
    assert (same.subject, same.value, same.unit, same.base) == ("因公出国（境）费", Decimal(0), "万元", "上年预算数")
    down = find(claims, CHANGE, "0.50")
    assert (down.subject, down.direction, down.base) == ("公务接待费", "decrease", "上年")


def test_compared_with_previous_year_and_stated_base_amount() -> None:
    claims = claims_of(
        "培训费较上年增加2.00万元。",
        "机关运行经费财政拨款预算50.00万元，比2025年预算55.00万元减少5.00万元，下降9.09%。",
    )
    up = find(claims, CHANGE, "2")
    assert (up.subject, up.direction, up.base) == ("培训费", "increase", "上年")
    previous = find(claims, AMOUNT, "55")
    assert (previous.subject, previous.base) == ("机关运行经费财政拨款预算", "2025年预算")
    down = find(claims, CHANGE, "5")
    assert (down.subject, down.direction, down.base) == ("机关运行经费财政拨款预算", "decrease", "2025年预算")
    assert find(claims, CHANGE, "9.09", "%").direction == "decrease"


# --- counts -----------------------------------------------------------------------------------------


def test_counts_before_and_after_the_noun() -> None:
    claims = claims_of(
        "2026年示例市园林服务中心纳入绩效目标管理的二级项目12个，共计金额300.00万元。其中：其他运转类项目10个；特定目标类项目2个。",
        "本部门2026年所属示例市园林服务中心、示例市苗圃站等2家事业单位机关运行经费财政拨款预算50.00万元。",
        "截至2025年12月31日，示例市园林服务中心共有公务用车编制3辆，实有2辆；新录用人员4名。",
    )
    assert find(claims, COUNT, "12", "个").subject == "纳入绩效目标管理的二级项目"
    assert find(claims, AMOUNT, "300").subject == "纳入绩效目标管理的二级项目"
    assert find(claims, COUNT, "10").subject == "其他运转类项目"
    assert find(claims, COUNT, "2", "家").subject == "事业单位"
    assert find(claims, AMOUNT, "50").subject == "机关运行经费财政拨款预算"
    assert find(claims, COUNT, "3", "辆").subject == "公务用车编制"
    assert find(claims, COUNT, "4", "名").subject == "新录用人员"


def test_threshold_is_part_of_the_counted_subject() -> None:
    claims = claims_of("占有使用价值50万元（原值）以上的通用设备6台（套）。")
    assert len(claims) == 1
    count = claims[0]
    assert (count.measure, count.value, count.unit) == (COUNT, Decimal(6), "台（套）")
    assert "50万元" in count.subject and count.subject.endswith("通用设备")


# --- what is not a claim ------------------------------------------------------------------------------


def test_years_dates_and_document_numbers_are_not_claims() -> None:
    claims = claims_of(
        "根据《示例市2024年预算管理办法（第3版）》（示财预〔2024〕12号）要求，2026年度预算于2026年1月15日批复。",
        "2025年12月31日前完成；项目期3年；1、组织实施；车牌晋C.A1234。",
        "第三部分 2026年度部门预算情况说明",
    )
    assert claims == []


def test_claim_fields() -> None:
    claims = extract_claims("九、政府采购情况", [(7, "政府采购预算总额80.00万元。其中：政府采购工程预算0万元。")])
    first, second = claims
    assert first.section == "九、政府采购情况"
    assert first.sentence == "政府采购预算总额80.00万元。"
    assert second.sentence == "其中：政府采购工程预算0万元。"
    assert first.location.line == 7 and second.location.line == 7


# --- seed documents -----------------------------------------------------------------------------------


def _seed_lines(key: str) -> list[str]:
    return seed_path(key).read_text(encoding="utf-8").split("\n")


def _narrative(lines: list[str]) -> tuple[str, list[tuple[int, str]]]:
    """The 第三部分 prose: from its heading to the annexed target tables, and from 十一、 to the circulars."""

    def text(i: int) -> str:
        return lines[i].lstrip("# ").strip()

    start = next(i for i, t in enumerate(lines) if text(i).startswith("第三部分") and "\t" not in t and "<b>" not in t)
    stop = next(i for i in range(start, len(lines)) if "绩效目标申报表" in lines[i] or "项目支出绩效目标表" in lines[i])
    resume = next(i for i in range(stop, len(lines)) if text(i).startswith("十一、国有资产"))
    end = next(i for i in range(resume, len(lines)) if text(i).startswith(("第四部分", "阳泉市财政局文件", "山西省")))
    paragraphs = _join(lines, start, stop) + _join(lines, resume, end)
    return text(start), paragraphs


def _join(lines: list[str], first: int, last: int) -> list[tuple[int, str]]:
    """Consecutive non-blank lines (watermarks and single-space lines skipped) joined into paragraphs."""
    out: list[tuple[int, str]] = []
    start: int | None = None
    parts: list[str] = []
    for i in range(first, last):
        line = lines[i]
        if line.strip() == "仅供内部审核" or line == " ":
            continue
        if line.strip():
            start = i + 1 if start is None else start
            parts.append(line.strip())
        elif start is not None:
            out.append((start, "".join(parts)))
            start, parts = None, []
    if start is not None:
        out.append((start, "".join(parts)))
    return out


def test_seed_000_narrative_claims() -> None:
    title, paragraphs = _narrative(_seed_lines("000"))
    claims = extract_claims(title, paragraphs)
    total = find(claims, AMOUNT, "8487.06", "万元")
    assert total.subject == "预算收入总计" and total.printed == "8,487.06"
    assert find(claims, SHARE, "99.91", "%").subject == "一般公共预算拨款收入"
    up = find(claims, CHANGE, "86.95", "万元")
    assert (up.direction, up.base) == ("increase", "上年")
    down = find(claims, CHANGE, "7.33", "%")
    assert down.direction == "decrease" and down.subject == "机关运行经费财政拨款预算"
    assert find(claims, COUNT, "35", "个").subject == "纳入绩效目标管理的二级项目"
    assert find(claims, AMOUNT, "312.15").subject == "政府采购货物预算"
    assert find(claims, COUNT, "2", "家").subject == "行政单位"
    assert any(c.direction == "same" and c.subject == "公务用车运行维护费" for c in claims)
    assert not [c for c in claims if c.value in (2024, 2025, 2026)]  # years never become claims
    for claim in claims:
        assert claim.section == title and claim.location.line is not None
        assert claim.printed in claim.sentence


@pytest.mark.parametrize("key", ["001", "004"])
def test_seed_narrative_without_years(key: str) -> None:
    title, paragraphs = _narrative(_seed_lines(key))
    claims = extract_claims(title, paragraphs)
    assert len(claims) > 50
    assert not [c for c in claims if c.value in (2024, 2025, 2026)]
    assert find(claims, COUNT, "12" if key == "004" else "11", "个").subject == "其他运转类项目"


def test_claims_of_a_wrapped_paragraph_stand_on_their_own_lines(tmp_path: Path) -> None:
    """A paragraph printed over several lines: each claim takes the line printing its number."""
    from budgetlens.pipeline import load
    from tests.conftest import write_doc

    text = (
        "示例市档案局2026年部门预算\n"
        "一、收支预算总体情况说明\n"
        "2026年收入预算100.00万元，其中财政拨款收入80.00万\n"
        "元，其他收入20.00万元。支出预算100.00万元，比上年增\n"
        "长10.00万元，增长11.11%。\n"
        "2026年预算支出总表\n单位：万元\n科目编码⇥科目名称⇥合计⇥基本支出⇥项目支出\n"
        "201⇥一般公共服务支出⇥100.00⇥60.00⇥40.00\n合计⇥⇥100.00⇥60.00⇥40.00\n"
    )
    doc = load(write_doc(tmp_path, text))
    lines = {(c.measure, c.printed): c.location.line for c in doc.claims}
    assert lines[(ClaimMeasure.AMOUNT, "80.00")] == 3
    assert lines[(ClaimMeasure.AMOUNT, "20.00")] == 4
    assert lines[(ClaimMeasure.CHANGE, "11.11")] == 5
    assert {c.paragraph for c in doc.claims} == {3}
