"""A city 教育局 final account in the 公开01表–公开09表 template (元), tables first and narrative last.

Amounts with thousands separators (``build(separators=False)`` prints them without), codes split over
类 | 款 | 项, 栏次 rows, 行次 columns in 公开01/04, the three-block 基本支出决算表, 预算数 / 决算数 三公, an empty
公开09表 with a note, and the 支出决算表 cut by hand under a 续表 label with its header repeated.
"""

from __future__ import annotations

import random
from decimal import Decimal

from tests.provincial.city_final_detail import basic_detail, capital, narrative, three_public
from tests.provincial.classification import FUNCTION_NAMES
from tests.provincial.model import (
    ZERO,
    Amounts,
    BodyCell,
    Disclosure,
    HeaderCell,
    Table,
    TreeRow,
    TruthCell,
    add_tree,
    amount_text,
    cents,
    printed_value,
)
from tests.provincial.model import tree_rows as function_tree

DEPT = "青岚市教育局"
YEAR = 2025
UNIT = "元"
NUMERALS = "一二三四五六七八九十"
Side = list[tuple[str, Decimal | None]]


def _items(rng: random.Random) -> dict[str, Amounts]:
    """Amounts per 项: basic and project spending, the non-fiscal money and the fiscal share derived from them."""

    def amount(lo: int, hi: int) -> Decimal:
        return cents(Decimal(rng.randint(lo * 100, hi * 100)) / 100)

    basic = {"2050101": (2_800_000, 3_600_000), "2080501": (300_000, 600_000), "2080502": (500_000, 900_000),
             "2080505": (1_200_000, 1_800_000), "2080506": (400_000, 700_000), "2101101": (150_000, 250_000),
             "2101102": (600_000, 900_000), "2101103": (80_000, 160_000), "2210201": (1_100_000, 1_600_000),
             "2050201": (4_000_000, 6_000_000), "2050202": (9_000_000, 12_000_000),
             "2050203": (7_000_000, 9_000_000), "2050204": (6_000_000, 8_000_000),
             "2050302": (2_000_000, 3_000_000), "2050701": (900_000, 1_300_000)}  # fmt: skip
    items: dict[str, Amounts] = {code: {"basic": amount(lo, hi)} for code, (lo, hi) in basic.items()}
    project = {"2050102": (200_000, 500_000), "2050199": (50_000, 150_000), "2050201": (500_000, 1_500_000),
               "2050202": (1_000_000, 3_000_000), "2050203": (800_000, 2_000_000), "2050204": (600_000, 1_800_000),
               "2050299": (300_000, 900_000), "2050801": (100_000, 400_000),
               "2050999": (1_000_000, 2_500_000)}  # fmt: skip
    for code, (lo, hi) in project.items():
        items.setdefault(code, {})["proj"] = amount(lo, hi)
    fund_code = "2296004"
    items[fund_code] = {"proj": Decimal("850000.00")}
    non_fiscal = {"2050204": {"shiye": Decimal("1260500.00"), "jingying": Decimal("182300.00")},
                  "2050302": {"shiye": Decimal("486000.00")}, "2050701": {"shangji": Decimal("300000.00")},
                  "2050801": {"other": Decimal("25600.00")}}  # fmt: skip
    for code, a in items.items():
        a.setdefault("basic", ZERO)
        a.setdefault("proj", ZERO)
        own = non_fiscal.get(code, {})
        for key in ("jingying", "shiye", "shangji", "other"):
            a[key] = own.get(key, ZERO)
        spent_from_own = a["shiye"] + a["shangji"] + a["other"]  # non-fiscal revenue is spent first on basic
        on_basic = min(spent_from_own, a["basic"])
        a["gbasic"] = a["basic"] - on_basic
        a["gproj"] = ZERO if code == fund_code else a["proj"] - (spent_from_own - on_basic)
        a["fproj"] = a["proj"] if code == fund_code else ZERO
        a["gen"] = a["gbasic"] + a["gproj"]
        a["fiscal"] = a["gen"] + a["fproj"]
        a["total_exp"] = a["basic"] + a["proj"] + a["jingying"]
        a["total_inc"] = a["fiscal"] + a["shangji"] + a["shiye"] + a["jingying"] + a["other"]
        a["zero"] = ZERO
        assert a["total_exp"] == a["total_inc"]
    return items


def code_header(columns: list[str] | None, groups: list[tuple[str, list[str] | None]] | None = None,
                ) -> list[list[HeaderCell]]:  # fmt: skip
    """科目代码 over 类 | 款 | 项, 科目名称, then the amount columns (or groups of them over a second row)."""
    top: list[HeaderCell] = [("科目代码", 3, 1), ("科目名称", 1, 2)]
    second: list[HeaderCell] = [("类", 1, 1), ("款", 1, 1), ("项", 1, 1)]
    if groups is None:
        top += [(c, 1, 2) for c in columns or []]
    else:
        for group, subs in groups:
            if subs is None:
                top.append((group, 1, 2))
            else:
                top.append((group, len(subs), 1))
                second += [(s, 1, 1) for s in subs]
    return [top, second]


def stub_label_row(table: Table, n_amounts: int) -> None:
    """The 栏次 row numbering the amount columns of a code table."""
    cells: list[BodyCell] = [("栏次", "lanci3"), ("", "code"), ("", "code"), ("", "txt")]
    table.body.append(cells + [(str(i + 1), "lanci") for i in range(n_amounts)])


def code_table(title: str, kind: str, label: str, header: list[list[HeaderCell]], keys: list[str],
               headers: list[str], rows: list[TreeRow], total: Amounts, sep: bool) -> Table:  # fmt: skip
    table = Table(title, kind, UNIT, label, header, 4 + len(keys))
    stub_label_row(table, len(keys))
    add_tree(table, rows, total, keys, headers, total_label="合计", split_code=True, sep=sep, zero="zero")
    table.landscape = True
    return table


def _two_sided(table: Table, left: Side, right: list[tuple[str, list[Decimal | None]]], headers: list[str],
               sep: bool, number_blank_rows: bool) -> None:  # fmt: skip
    """Rows of a 收入 | 支出 table with 行次: 1… on the left, 29… on the right, the right side in ``headers``."""
    for i, ((left_name, left_value), (right_name, right_values)) in enumerate(zip(left, right, strict=True)):
        left_no, right_no = str(i + 1), str(i + 29)
        left_text = amount_text(left_value, sep=sep, zero="zero") if left_name else ""
        right_texts = [amount_text(v, sep=sep, zero="zero") if right_name else "" for v in right_values]
        cells: list[BodyCell] = [(left_name, "txt"), (left_no, "code"), (left_text, "num"), (right_name, "txt")]
        cells.append((right_no if right_name or number_blank_rows else "", "code"))
        cells += [(text, "num") for text in right_texts]
        truths: list[TruthCell] = []
        if left_name:
            truths.append(dict(row_code=None, row_number=left_no, row_name=left_name, column_header="收入 / 金额",
                               value=printed_value(left_text), col=2))  # fmt: skip
        if right_name:
            truths += [dict(row_code=None, row_number=right_no, row_name=right_name, column_header=headers[j],
                            value=printed_value(text), col=5 + j) for j, text in enumerate(right_texts)]  # fmt: skip
        table.add(cells, truths)


def build(separators: bool = True) -> Disclosure:
    """docB, or docB_nosep with the amounts printed without thousands separators."""
    sep = separators
    rng = random.Random(2025)
    items = _items(rng)
    rows, total = function_tree(items, FUNCTION_NAMES)
    lei_rows = [x for x in rows if x[1] == 0]
    carry_in = {"gen": Decimal("1326480.55"), "fund": ZERO, "other": Decimal("215300.00")}
    carried = sum(carry_in.values(), ZERO)

    revenue: Side = [("一、一般公共预算财政拨款收入", total["gen"]), ("二、政府性基金预算财政拨款收入", total["fproj"]),
                     ("三、国有资本经营预算财政拨款收入", ZERO), ("四、上级补助收入", total["shangji"]),
                     ("五、事业收入", total["shiye"]), ("六、经营收入", total["jingying"]),
                     ("七、附属单位上缴收入", ZERO), ("八、其他收入", total["other"])]  # fmt: skip
    spending: Side = [(f"{NUMERALS[i]}、{x[2]}", x[3]["total_exp"]) for i, x in enumerate(lei_rows)]
    income = sum((v for _, v in revenue if v is not None), ZERO)
    header: list[list[HeaderCell]] = [[("收入", 3, 1), ("支出", 3, 1)],
                                      [("项目", 1, 1), ("行次", 1, 1), ("金额", 1, 1), ("项目", 1, 1), ("行次", 1, 1),
                                       ("金额", 1, 1)]]  # fmt: skip
    summary = Table(f"{DEPT}{YEAR}年度收入支出决算总表", "final.summary", UNIT, "公开01表", header, 6)
    summary.body.append([("栏次", "txt"), ("", "txt"), ("1", "lanci"), ("栏次", "txt"), ("", "txt"), ("2", "lanci")])
    n = max(len(revenue), len(spending))
    left = [*revenue, *[("", None)] * (n - len(revenue)), ("本年收入合计", income), ("使用非财政拨款结余", ZERO),
            ("年初结转和结余", carried), ("总计", income + carried)]  # fmt: skip
    right = [*spending, *[("", None)] * (n - len(spending)), ("本年支出合计", total["total_exp"]), ("结余分配", ZERO),
             ("年末结转和结余", carried), ("总计", total["total_exp"] + carried)]  # fmt: skip
    _two_sided(summary, left, [(name, [v]) for name, v in right], ["支出 / 金额"], sep, number_blank_rows=True)
    summary.landscape = True
    tables = [summary]

    keys = ["total_inc", "fiscal", "shangji", "shiye", "jingying", "zero", "other"]
    heads = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    tables.append(code_table(f"{DEPT}{YEAR}年度收入决算表", "final.revenue", "公开02表", code_header(heads), keys,
                             heads, rows, total, sep))  # fmt: skip
    keys = ["total_exp", "basic", "proj", "zero", "jingying", "zero"]
    heads = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    expenditure = code_table(f"{DEPT}{YEAR}年度支出决算表", "final.expenditure", "公开03表", code_header(heads), keys,
                             heads, rows, total, sep)  # fmt: skip
    expenditure.continuation_at = 18
    tables.append(expenditure)
    tables.append(_fiscal_summary(total, lei_rows, carry_in["gen"], sep))

    general_items = {c: {"total": a["gen"], "basic": a["gbasic"], "proj": a["gproj"]}
                     for c, a in items.items() if a["gen"]}  # fmt: skip
    general_rows, general_total = function_tree(general_items, FUNCTION_NAMES)
    heads = ["合计", "基本支出", "项目支出"]
    tables.append(code_table(f"{DEPT}{YEAR}年度一般公共预算财政拨款支出决算表", "final.general_expenditure", "公开05表",
                             code_header(None, [("本年支出", heads)]), ["total", "basic", "proj"],
                             [f"本年支出 / {h}" for h in heads], general_rows, general_total, sep))  # fmt: skip

    travel = {"abroad": ZERO, "car_buy": ZERO, "car_run": Decimal("48620.00"), "recv": Decimal("21375.50")}
    budgeted_travel = {"abroad": ZERO, "car_buy": ZERO, "car_run": Decimal("55000.00"), "recv": Decimal("30000.00")}
    general_basic = sum((a["gbasic"] for a in items.values()), ZERO)
    tables.append(basic_detail(rng, general_basic, travel, f"{DEPT}{YEAR}", sep))
    tables.append(three_public(budgeted_travel, travel, f"{DEPT}{YEAR}", sep))

    fund_items = {c: {"cin": ZERO, "inc": a["fproj"], "tot": a["fproj"], "basic": ZERO, "proj": a["fproj"],
                      "cout": ZERO} for c, a in items.items() if a["fproj"]}  # fmt: skip
    fund_rows, fund_total = function_tree(fund_items, FUNCTION_NAMES)
    header = code_header(None, [("年初结转和结余", None), ("本年收入", None),
                                ("本年支出", ["小计", "基本支出", "项目支出"]), ("年末结转和结余", None)])  # fmt: skip
    tables.append(code_table(f"{DEPT}{YEAR}年度政府性基金预算财政拨款收入支出决算表", "final.fund", "公开08表", header,
                             ["cin", "inc", "tot", "basic", "proj", "cout"],
                             ["年初结转和结余", "本年收入", "本年支出 / 小计", "本年支出 / 基本支出",
                              "本年支出 / 项目支出", "年末结转和结余"], fund_rows, fund_total, sep))  # fmt: skip
    empty = capital(f"{DEPT}{YEAR}", code_header(None, [("本年支出", ["合计", "基本支出", "项目支出"])]))
    stub_label_row(empty, 3)
    empty.add([("", "code")] * 3 + [("合计", "name0")] + [("", "num")] * 3,
              [dict(row_code=None, row_name="合计", column_header=f"本年支出 / {h}", value=None, col=4 + j)
               for j, h in enumerate(["合计", "基本支出", "项目支出"])])  # fmt: skip
    tables.append(empty)

    return Disclosure(id="docB" if sep else "docB_nosep", title=f"{DEPT}{YEAR}年度部门决算", dept=DEPT,
                      tables=tables, narrative=narrative(total, income, carried, travel, budgeted_travel),
                      landscape=True, separators=sep, errors=[], narrative_first=False,
                      cover=f"{DEPT}\n{YEAR}年度部门决算", stub_label_span=4 if sep else 1)  # fmt: skip


def _fiscal_summary(total: Amounts, lei_rows: list[TreeRow], carry_general: Decimal, sep: bool) -> Table:
    """公开04表 财政拨款收入支出决算总表: one amount column for revenue, 合计 and 其中 ×3 for expenditure."""
    revenue: Side = [("一、一般公共预算财政拨款", total["gen"]), ("二、政府性基金预算财政拨款", total["fproj"]),
                     ("三、国有资本经营预算财政拨款", ZERO)]  # fmt: skip
    spending: list[tuple[str, list[Decimal | None]]] = [
        (f"{NUMERALS[i]}、{x[2]}", [x[3]["fiscal"], x[3]["gen"], x[3]["fproj"], ZERO]) for i, x in enumerate(lei_rows)
    ]
    n = max(len(revenue), len(spending))
    income = total["gen"] + total["fproj"]
    blank: tuple[str, list[Decimal | None]] = ("", [None] * 4)
    left = [*revenue, *[("", None)] * (n - len(revenue)), ("本年收入合计", income),
            ("年初财政拨款结转和结余", carry_general), ("一般公共预算财政拨款", carry_general),
            ("政府性基金预算财政拨款", ZERO), ("国有资本经营预算财政拨款", ZERO),
            ("总计", income + carry_general)]  # fmt: skip
    right = [*spending, *[blank] * (n - len(spending)),
             ("本年支出合计", [income, total["gen"], total["fproj"], ZERO]),
             ("年末财政拨款结转和结余", [carry_general, carry_general, ZERO, ZERO]), blank, blank, blank,
             ("总计", [income + carry_general, total["gen"] + carry_general, total["fproj"], ZERO])]  # fmt: skip
    header: list[list[HeaderCell]] = [
        [("收入", 3, 1), ("支出", 6, 1)],
        [("项目", 1, 2), ("行次", 1, 2), ("金额", 1, 2), ("项目", 1, 2), ("行次", 1, 2), ("合计", 1, 2),
         ("其中", 3, 1)],
        [("一般公共预算财政拨款", 1, 1), ("政府性基金预算财政拨款", 1, 1),
         ("国有资本经营预算财政拨款", 1, 1)]]  # fmt: skip
    table = Table(f"{DEPT}{YEAR}年度财政拨款收入支出决算总表", "final.fiscal_summary", UNIT, "公开04表", header, 9)
    table.body.append([("栏次", "txt"), ("", "txt"), ("1", "lanci"), ("栏次", "txt"), ("", "txt")]
                      + [(str(i), "lanci") for i in range(2, 6)])  # fmt: skip
    of_which = "支出 / 其中 / "
    headers = ["支出 / 合计", f"{of_which}一般公共预算财政拨款", f"{of_which}政府性基金预算财政拨款",
               f"{of_which}国有资本经营预算财政拨款"]  # fmt: skip
    _two_sided(table, left, right, headers, sep, number_blank_rows=False)
    table.landscape = True
    return table
