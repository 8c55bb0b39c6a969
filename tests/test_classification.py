"""The shipped classification tables and their loader (budgetlens.model.classification)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from budgetlens.model import classification as cls
from tests.conftest import SEEDS

CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
AMOUNT = re.compile(r"^\d+\.\d{2}$")

# the 30 类 of 支出功能分类, as printed (with ordinals, without codes) in the 2026 收支总表 of seed 000
CLASSES = {
    "201": "一、一般公共服务支出", "202": "二、外交支出", "203": "三、国防支出", "204": "四、公共安全支出",
    "205": "五、教育支出", "206": "六、科学技术支出", "207": "七、文化旅游体育与传媒支出",
    "208": "八、社会保障和就业支出", "209": "九、社会保险基金支出", "210": "十、卫生健康支出",
    "211": "十一、节能环保支出", "212": "十二、城乡社区支出", "213": "十三、农林水支出", "214": "十四、交通运输支出",
    "215": "十五、资源勘探工业信息等支出", "216": "十六、商业服务业等支出", "217": "十七、金融支出",
    "219": "十八、援助其他地区支出", "220": "十九、自然资源海洋气象等支出", "221": "二十、住房保障支出",
    "222": "二十一、粮油物资储备支出", "223": "二十二、国有资本经营预算支出", "224": "二十三、灾害防治及应急管理支出",
    "227": "二十四、预备费", "229": "二十五、其他支出", "230": "二十六、转移性支出", "231": "二十七、债务还本支出",
    "232": "二十八、债务付息支出", "233": "二十九、债务发行费用支出", "234": "三十、抗疫特别国债安排的支出",
}  # fmt: skip


def seed_lines(prefix: str) -> list[str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8").split("\n")


# ------------------------------------------------------------------ the data files


@pytest.mark.parametrize("scheme", cls.SCHEMES)
def test_rows_are_consistent(scheme: str) -> None:
    entries = cls.all_entries(scheme)
    assert entries
    codes = {e.code for e in entries}
    for e in entries:
        assert e.scheme == scheme and e.name and e.source
        assert e.level == {3: 1, 5: 2, 7: 3}[len(e.code)], e
        if e.level == 1:
            assert e.parent is None, e
        else:
            assert e.parent == e.code[:-2] and e.parent in codes, e
        assert e.source.startswith("seed:") or e.source == "财政部《2026年政府收支分类科目》", e
    for code in codes:  # the year ranges of one code never overlap
        rows = sorted((e for e in entries if e.code == code), key=lambda e: e.valid_from or 0)
        for older, newer in itertools.pairwise(rows):
            assert older.valid_to is not None and newer.valid_from is not None and older.valid_to < newer.valid_from


@pytest.mark.needs_shared
@pytest.mark.parametrize("scheme", cls.SCHEMES)
def test_seed_sources_point_at_the_code(scheme: str) -> None:
    for e in cls.all_entries(scheme):
        m = re.fullmatch(r"seed:(\d{3}):L(\d+)", e.source)
        if m is None:
            continue
        line = seed_lines(m.group(1))[int(m.group(2)) - 1]
        wanted = e.name if scheme == "economic_gov" else e.code  # 政府经济分类: names only in the seeds
        assert cls.normalise_name(wanted) in cls.normalise_name(line), (e, line)


def test_crosswalk_codes_exist() -> None:
    for e in cls.all_entries("economic_dept"):
        for gov in cls.crosswalk(e.code):
            g = cls.economic(gov)
            assert g is not None and g.scheme == "economic_gov" and g.level == 2
    assert cls.crosswalk("30101") == ["50101", "50501"]
    assert cls.crosswalk("30101", "机关") == ["50101"]
    assert cls.crosswalk("30101", "事业") == ["50501"]
    assert cls.crosswalk("30302", "机关") == ["50905"]  # 'any' rows apply to both
    assert cls.crosswalk("39999") == []
    with pytest.raises(ValueError):
        cls.crosswalk("30101", "企业")


# ------------------------------------------------------------------ look-ups


def test_full_class_list() -> None:
    classes = {e.code: e.name for e in cls.all_entries("functional") if e.level == 1}
    assert classes == {code: cls.normalise_name(printed) for code, printed in CLASSES.items()}


@pytest.mark.parametrize(("code", "printed"), sorted(CLASSES.items()))
def test_class_names_without_codes_resolve(code: str, printed: str) -> None:
    entry = cls.functional_by_name(printed, year=2026)
    assert entry is not None and entry.code == code and entry.level == 1
    assert cls.functional_by_name(printed, year=2026, level=1) == entry


@pytest.mark.parametrize(
    "printed", ["一、一般公共服务支出", "二十二、粮油物资储备支出", "（一）住房保障支出", "①卫生健康支出"]
)
def test_ordinals_and_widths_are_ignored(printed: str) -> None:
    assert cls.functional_by_name(printed) is not None
    assert cls.economic_dept_by_name("维修(护)费") == cls.economic_dept_by_name("维修（护）费") is not None
    assert cls.economic_dept_by_name("机关事业单位基 本养老保险缴费") == cls.economic("30108")


def test_rename_by_year() -> None:
    old, new = cls.functional("2013804", 2024), cls.functional("2013804", 2026)
    assert old is not None and old.name == "市场主体管理"
    assert new is not None and new.name == "经营主体管理" and new.renamed_from == "市场主体管理"
    assert cls.functional("2013804") == new  # no year: the current name
    assert cls.functional_by_name("市场主体管理", year=2024) == old
    assert cls.functional_by_name("市场主体管理", year=2026) == new  # a former name resolves to the current row
    assert cls.functional_by_name("经营主体管理", year=2026) == new
    assert cls.name_matches(new, "市场主体管理", 2024)
    assert not cls.name_matches(new, "市场主体管理", 2026)
    assert cls.name_matches(new, "市场主体管理")  # any year
    assert cls.functional("2013810", 2026) is not None and cls.functional("2013810", 2026).name == "质量基础"  # type: ignore[union-attr]


def test_unknown_codes_return_none() -> None:
    assert cls.functional("2013898") is None
    assert cls.functional("218") is None
    assert cls.functional("20138", year=1990) is not None  # open ranges
    assert cls.functional("") is None
    assert cls.economic("30230") is None
    assert cls.economic("40101") is None
    assert cls.economic("2013801") is None
    assert cls.functional_by_name("不存在的科目") is None
    assert cls.functional_by_name("") is None


def test_ambiguous_names_need_context() -> None:
    assert cls.functional_by_name("行政运行") is None
    assert cls.functional_by_name("行政运行", parent="20138") == cls.functional("2013801")
    assert cls.functional_by_name("行政运行", parent="财政事务") == cls.functional("2010601")
    assert cls.economic_dept_by_name("资本金注入") is None
    assert cls.economic_dept_by_name("资本金注入", parent="对企业补助") == cls.economic("31201")
    assert cls.economic_dept_by_name("其他支出") == cls.economic("399")  # the 类 wins over its 款 39999
    assert cls.economic_dept_by_name("其他支出", parent="399") == cls.economic("39999")


def test_economic_routing() -> None:
    dept, gov = cls.economic("30101"), cls.economic("50101")
    assert dept is not None and dept.scheme == "economic_dept" and dept.name == "基本工资"
    assert gov is not None and gov.scheme == "economic_gov" and gov.name == "工资奖金津补贴"
    assert cls.economic_gov_by_name("工资福利支出") == cls.economic("50501")
    with pytest.raises(ValueError):
        cls.all_entries("budget")


# ------------------------------------------------------------------ the seed documents


@pytest.mark.needs_shared
@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_every_printed_code_resolves_with_its_name(prefix: str) -> None:
    rows = [cells for cells in (line.split("\t") for line in seed_lines(prefix)) if CODE.match(cells[0])]
    assert len(rows) > 40
    problems = []
    for cells in rows:
        entry = cls.functional(cells[0], 2026)
        if entry is None or len(cells) < 2 or not cls.name_matches(entry, cells[1], 2026):
            problems.append((cells[0], cells[1:2], entry))
    assert not problems


@pytest.mark.needs_shared
@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_class_names_in_the_income_expenditure_table(prefix: str) -> None:
    lines = seed_lines(prefix)
    start = next(i for i, line in enumerate(lines) if line.strip("# ") == "2026年预算收支总表")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("本年收入合计"))
    cells = [line.split("\t") for line in lines[start:end]]
    printed = [c[2] for c in cells if len(c) > 2 and re.match(r"^[一二三四五六七八九十]+、", c[2])]
    assert len(printed) == 30
    resolved = {cls.functional_by_name(name, year=2026) for name in printed}
    assert None not in resolved
    assert {e.code for e in resolved if e is not None} == set(CLASSES)


@pytest.mark.needs_shared
@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_basic_expenditure_table_names_and_pairs(prefix: str) -> None:
    """表六 prints 部门 款 names next to 政府 款 names (no codes): both resolve and the pair is crosswalked."""
    lines = seed_lines(prefix)
    start = next(i for i, line in enumerate(lines) if line.startswith("2026年一般公共预算安排基本支出分经济科目表"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("2026年政府性基金预算收入表"))
    rows = [c for c in (line.split("\t") for line in lines[start:end]) if len(c) > 2 and AMOUNT.match(c[2])]
    rows = [c for c in rows if c[0] != "合计"]
    assert len(rows) > 20
    for cells in rows:
        dept = cls.economic_dept_by_name(cells[0], year=2026)
        assert dept is not None, cells
        if not cells[1]:
            assert dept.level == 1, cells
            continue
        gov = cls.economic_gov_by_name(cells[1], year=2026)
        assert gov is not None, cells
        assert gov.code in cls.crosswalk(dept.code), cells


@pytest.mark.needs_shared
@pytest.mark.parametrize(("prefix", "year"), [("002", 2024), ("003", 2022)])
def test_final_account_codes_resolve_for_their_year(prefix: str, year: int) -> None:
    """Final accounts print codes in OCR'd (002) or run-together (003) layouts: the codes alone must resolve."""
    first, last = {"002": (151, 334), "003": (267, 885)}[prefix]  # 公开02表 .. 公开05表
    found = set()
    for line in seed_lines(prefix)[first - 1 : last]:
        cells = line.split("\t") if prefix == "002" else [line.strip().split(" ")[0]]
        for cell in cells[:2]:
            if re.fullmatch(r"2\d{2}(?:\d{2}){0,2}", cell.strip()):
                found.add(cell.strip())
    assert len(found) > 20
    assert [code for code in sorted(found) if cls.functional(code, year) is None] == []
    assert cls.functional("2013804", year).name == "市场主体管理"  # type: ignore[union-attr]


# ------------------------------------------------------------------ the whole 功能分类 table

YEARS = range(2013, 2027)  # every year a row might be asked for; open ranges apply to all of them


def functional_rows() -> list[cls.Entry]:
    return list(cls.all_entries("functional"))


def test_functional_file_is_sorted_and_clean() -> None:
    rows = functional_rows()
    assert len(rows) > 900
    keys = [(e.code, e.valid_from or 0) for e in rows]
    assert keys == sorted(keys)
    for e in rows:
        assert CODE.match(e.code) and e.code[0] == "2", e
        assert not re.search(r"\s", e.name), e  # no stray (or full-width) spaces
        assert not re.search(r"[()]", e.name), e  # the catalogue prints full-width （）
        assert e.renamed_from is None or e.valid_from is not None, e
    raw = (Path(cls.__file__).parents[1] / "data" / "classification" / "functional.csv").read_text(encoding="utf-8")
    for lineno, line in enumerate(raw.splitlines(), start=1):  # the loader strips cells: check the file itself
        assert all(cell == cell.strip() for cell in line.split(",")), (lineno, line)


@pytest.mark.parametrize("year", YEARS)
def test_functional_codes_unique_and_parents_valid_per_year(year: int) -> None:
    valid = [e for e in functional_rows() if e.valid_in(year)]
    by_code: dict[str, list[cls.Entry]] = {}
    for e in valid:
        by_code.setdefault(e.code, []).append(e)
    assert [c for c, rows in by_code.items() if len(rows) > 1] == []  # one name per code and year
    for e in valid:
        assert e.level == {3: 1, 5: 2, 7: 3}[len(e.code)], e
        if e.level > 1:
            assert e.parent == e.code[:-2] and e.parent in by_code, (year, e)  # the parent exists that year
            assert by_code[e.parent][0].level == e.level - 1
    assert {c for c in by_code if len(c) == 3} == set(CLASSES)


def test_every_class_with_items_and_known_gaps() -> None:
    rows = functional_rows()
    classes = {e.code for e in rows if e.level == 1}
    with_items = {e.code[:3] for e in rows if e.level == 2}
    assert with_items <= classes
    # 类 without any 款 in the table: 209 (social-insurance funds' own catalogue), 227 预备费 (has no 款),
    # 230 转移性支出 and 234 (not printed by departments). Any other 类 must have its 款.
    assert classes - with_items == {"209", "227", "230", "234"}
    for e in rows:
        if e.level == 3:
            assert e.code[:3] in classes and e.code[:5] in {r.code for r in rows if r.level == 2}, e


def test_standard_item_suffixes() -> None:
    """行政运行 is always 01, 一般行政管理事务 02, 机关服务 03; a 99 项 or 款 is an 其他… catch-all."""
    suffix = {"行政运行": {"01"}, "一般行政管理事务": {"02"}, "机关服务": {"03"}, "事业运行": {"50", "04"}}
    for e in functional_rows():
        if e.level == 3 and e.name in suffix:
            assert e.code[-2:] in suffix[e.name], e
            if e.name == "事业运行" and e.code[-2:] == "04":
                assert e.code == "2130104", e  # 农业农村 numbers its 事业运行 04
        if e.level > 1 and e.code.endswith("99"):
            assert "其他" in e.name, e
    for kuan in {e.parent for e in functional_rows() if e.level == 3 and e.name == "一般行政管理事务"}:
        assert cls.functional(kuan + "01") is not None and cls.functional(kuan + "01").name == "行政运行", kuan  # type: ignore[union-attr]


WELL_KNOWN = {
    "2010101": "行政运行", "2010301": "行政运行", "2011105": "派驻派出机构", "2013404": "宗教事务",
    "20402": "公安", "2040220": "执法办案", "2040610": "社区矫正",
    "20502": "普通教育", "2050201": "学前教育", "2050202": "小学教育", "2050203": "初中教育",
    "2050204": "高中教育", "2050205": "高等教育", "2050299": "其他普通教育支出", "2050803": "培训支出",
    "2060203": "自然科学基金", "2070308": "群众体育",
    "20801": "人力资源和社会保障管理事务", "2080109": "社会保险经办机构", "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出", "2080506": "机关事业单位职业年金缴费支出",
    "2080901": "退役士兵安置", "2081002": "老年福利", "2081901": "城市最低生活保障金支出",
    "2082602": "财政对城乡居民基本养老保险基金的补助", "2082801": "行政运行",
    "21001": "卫生健康管理事务", "2100101": "行政运行", "2100201": "综合医院", "2100202": "中医（民族）医院",
    "2100302": "乡镇卫生院", "2100401": "疾病预防控制机构", "2100408": "基本公共卫生服务",
    "2101101": "行政单位医疗", "2101202": "财政对城乡居民基本医疗保险基金的补助", "2101301": "城乡医疗救助",
    "2110301": "大气", "2120501": "城乡社区环境卫生", "2120801": "征地和拆迁补偿支出",
    "21301": "农业农村", "2130104": "事业运行", "2130122": "农业生产发展", "2130142": "农村道路建设",
    "21302": "林业和草原", "21303": "水利", "2130305": "水利工程建设", "2130306": "水利工程运行与维护",
    "2130314": "防汛", "2130315": "抗旱", "2130705": "对村民委员会和村党支部的补助",
    "21401": "公路水路运输", "2140104": "公路建设", "2140106": "公路养护",
    "22001": "自然资源事务", "22005": "气象事务", "2210101": "廉租住房", "2210105": "农村危房改造",
    "2210108": "老旧小区改造", "2210201": "住房公积金", "2210202": "提租补贴", "2210203": "购房补贴",
    "2210302": "住房公积金管理", "22401": "应急管理事务", "2240106": "安全监管", "22405": "地震事务",
    "2296002": "用于社会福利的彩票公益金支出", "23104": "地方政府专项债务还本支出",
}  # fmt: skip


@pytest.mark.parametrize("year", [2024, 2025, 2026])
@pytest.mark.parametrize(("code", "name"), sorted(WELL_KNOWN.items()))
def test_well_known_codes(code: str, name: str, year: int) -> None:
    entry = cls.functional(code, year)
    assert entry is not None and entry.name == name
    assert cls.name_matches(entry, name, year)
    if entry.parent:  # the name also resolves back to the code under its parent
        assert cls.functional_by_name(name, year=year, parent=entry.parent) == entry


@pytest.mark.parametrize(
    ("code", "printed"),
    [
        ("2130305", "水利工程建设"),
        ("2100202", "中医(民族)医院"),
        ("2050203", "初中教育"),
        ("2080505", "机关事业单位基本 养老保险缴费支出"),
    ],
)
def test_printed_variants_match(code: str, printed: str) -> None:
    """Half-width parentheses and wrapped spaces in a printed name are no BL402 mismatch."""
    entry = cls.functional(code, 2026)
    assert entry is not None and cls.name_matches(entry, printed, 2026)
    assert not cls.name_matches(entry, "其他" + printed, 2026)
