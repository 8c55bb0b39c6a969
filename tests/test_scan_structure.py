"""Table structure of scans without running OCR: pages put together, merged cells, glyphs the detector missed."""

from __future__ import annotations

import numpy as np
import pytest

from budgetlens.read.ocr_layout import Box, layout
from budgetlens.read.raw import Line
from budgetlens.read.ruling import Rule, Segment, Table
from budgetlens.read.scan_pages import assemble, is_page_number

cv2 = pytest.importorskip("cv2")


def line(page: int, *cells: str) -> Line:
    return Line(no=0, text="\t".join(cells), cells=cells, page=page)


HEADER = [("科目编码", "科目名称", "合计"), ("", "", "2026年")]
TITLE = "2026年预算支出总表"


def page(number: int, *rows: tuple[str, ...]) -> list[Line]:
    return [line(number, *row) for row in rows]


def test_page_numbers_are_dropped_table_rows_and_repeated_lines_are_not() -> None:
    assert all(is_page_number(line(1, t)) for t in ("-3-", "— 12 —", "第 4 页", "一7一", "-7.", "5"))
    assert not is_page_number(line(1, "1", "2"))  # a row of small numbers
    assert not is_page_number(line(1, "2026年"))
    pages = [
        page(1, ("示例局部门预算",), ("207", "文化", "1.00"), ("-1-",)),
        page(2, ("示例局部门预算",), ("208", "社保", "2.00"), ("-2-",)),
    ]
    done = assemble(pages)
    assert [ln.cells[0] for ln in done.lines] == ["示例局部门预算", "207", "示例局部门预算", "208"]
    assert done.furniture == 2 and [ln.no for ln in done.lines] == [1, 2, 3, 4]


def test_a_table_going_on_over_a_page_loses_its_repeated_header() -> None:
    first = page(1, (TITLE,), *HEADER, ("207", "文化旅游体育与传媒支出", "1575.93"), ("- 1 -",))
    second = page(2, ("续表",), ("科目编码", "科目名称", "合讦"), *HEADER[1:], ("208", "社会保障和就业支出", "386.10"))
    done = assemble([first, second])
    assert [ln.cells[0] for ln in done.lines] == [TITLE, "科目编码", "", "207", "208"]
    assert done.stitched == 1 and done.lines[-1].page == 2


def test_a_page_opening_with_a_title_starts_a_new_table() -> None:
    first = page(1, (TITLE,), *HEADER, ("207", "文化旅游体育与传媒支出", "1575.93"))
    second = page(2, (TITLE,), *HEADER, ("207", "文化旅游体育与传媒支出", "12.00"))
    done = assemble([first, second])
    assert len(done.lines) == 8 and done.stitched == 0


def box(text: str, x0: float, top: float, x1: float, bottom: float) -> Box:
    return Box(text, 0.99, x0, top, x1, bottom, (x0, top, x1, bottom))


def ruled(strokes: list[Rule], rules: list[float], merged_top: float | None = None) -> Table:
    """Three columns at x = 0, 100, 200, 300; ``merged_top``: the ruling at that x starts below y=40."""
    xs = (0.0, 100.0, 200.0, 300.0)
    segments = tuple((Segment(x, 40.0 if x == merged_top else 0.0, 120.0),) for x in xs)
    return Table(xs, segments, 0.0, 120.0, 4.0, tuple(rules), tuple(strokes))


def test_a_cell_merged_over_two_header_rows_keeps_its_text_in_the_first() -> None:
    # 本年收入 spans the first two columns of header row 1; 上年结转 spans both header rows of column 3,
    # so the ruling at y=40 is drawn under the first two columns only. Its text sits on that missing line.
    strokes = [Rule(0, 0, 300), Rule(40, 0, 200), Rule(80, 0, 300), Rule(120, 0, 300)]
    table = ruled(strokes, [0, 40, 80, 120], merged_top=100)
    boxes = [
        box("本年收入", 60, 10, 140, 30),
        box("上年结转", 210, 32, 290, 52),
        box("合计", 30, 50, 70, 70),
        box("一般公共预算", 110, 50, 190, 70),
        box("2160.93", 30, 90, 90, 110),
        box("2160.93", 130, 90, 190, 110),
        box("6.80", 250, 90, 290, 110),
    ]
    assert [ln.cells for ln in layout(boxes, [table])] == [
        ("本年收入", "", "上年结转"),
        ("合计", "一般公共预算", ""),
        ("2160.93", "2160.93", "6.80"),
    ]


def test_rows_split_by_a_ruling_under_some_columns_stay_apart() -> None:
    # 项目 spans header rows 1-2 in column 1; the ruling between the rows is under columns 2-3 only.
    strokes = [Rule(0, 0, 300), Rule(40, 100, 300), Rule(80, 0, 300), Rule(120, 0, 300)]
    table = ruled(strokes, [0, 40, 80, 120], merged_top=200)  # 金额 spans columns 2-3 of the first row
    boxes = [
        box("项目", 30, 30, 70, 50),
        box("金额", 180, 10, 220, 30),
        box("小计", 130, 50, 170, 70),
        box("一般公共预算", 210, 50, 290, 70),
    ]
    assert [ln.cells for ln in layout(boxes, [table])] == [("项目", "金额", ""), ("", "小计", "一般公共预算")]


def test_a_box_run_across_a_column_ruling_is_cut_where_the_ruling_falls() -> None:
    table = ruled([Rule(0, 0, 300), Rule(40, 0, 300)], [0, 40])
    run_together = box("3260.67支出总计", 40, 10, 180, 30)  # 7 digits and a point (0.55 em), 4 CJK glyphs
    touching = box("行政运行", 20, 10, 104, 30)  # overruns the ruling at 100 by less than half a glyph
    assert [ln.cells for ln in layout([run_together], [table])] == [("3260.67", "支出总计", "")]
    assert [ln.cells for ln in layout([touching], [table])] == [("行政运行", "", "")]


def test_a_glyph_the_detector_missed_is_read_from_its_cut_out() -> None:
    from budgetlens.read.ocr_gaps import recover, uncovered_runs

    grey = np.full((200, 400), 255, np.uint8)
    cv2.rectangle(grey, (10, 10), (390, 190), 0, 2)  # the table's border
    cv2.line(grey, (200, 10), (200, 190), 0, 2)
    cv2.putText(grey, "12.50", (30, 60), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)  # recognised
    cv2.putText(grey, "7", (300, 60), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)  # missed by the detector
    binary = np.where(grey < 128, 255, 0).astype(np.uint8)
    table = Table(
        (10.0, 200.0, 390.0), tuple((Segment(x, 10.0, 190.0),) for x in (10.0, 200.0, 390.0)), 10.0, 190.0, 8.0
    )
    found = [box("12.50", 28, 38, 118, 64)]
    runs = uncovered_runs(binary, found, [table], text_height=26)
    assert len(runs) == 1 and 295 <= runs[0][0] <= 305
    cut_outs: list[tuple[int, int]] = []

    def read(image: np.ndarray) -> tuple[str, float]:
        cut_outs.append(image.shape)
        return "7", 0.97

    recovered = recover(grey, binary, found, [table], 26, 0.0, (200.0, 100.0), read)
    assert [(b.text, round(b.x0)) for b in recovered] == [("7", runs[0][0])] and len(cut_outs) == 1
    assert recover(grey, binary, found, [table], 26, 0.0, (200.0, 100.0), lambda _: ("7", 0.3)) == []


@pytest.mark.slow
def test_a_cut_out_read_leaves_the_engine_detecting_on_whole_pages() -> None:
    pytest.importorskip("rapidocr")
    from budgetlens.read.scan import recognise, recognise_cut_out

    page = np.full((200, 600), 255, np.uint8)
    cv2.putText(page, "1633.94", (40, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    cv2.putText(page, "38.00", (380, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    assert recognise_cut_out(page[40:100, 20:220])[0] == "1633.94"
    from PIL import Image

    _, texts, _ = recognise(Image.fromarray(page).convert("RGB"), "test")
    assert sorted(texts) == ["1633.94", "38.00"]  # two boxes found: detection ran


def test_a_form_label_with_one_glyph_misread_still_names_its_field() -> None:
    from budgetlens.parse.targets import _field_of

    assert _field_of("主管部门及代包") == ("department", "")  # 码 read as 包
    assert _field_of("主管部门及代码") == ("department", "")
    assert _field_of("项目名") is None  # too short to tell from another label
    assert _field_of("绩效目标说明") is None


def test_a_header_word_with_one_glyph_misread_keeps_its_column_key() -> None:
    from budgetlens.parse.columns import column_key, near_word

    misread = column_key(["2026年财政拨款", "一般公共预蓝"])  # 算 read as 蓝
    assert misread == column_key(["2026年财政拨款", "一般公共预算"]) == "fiscal.general"
    assert near_word("上年结余", ["上年结转"]) is None  # four characters: another word, not a misreading
    assert near_word("政府性基金预算", ["政府性基金预算"]) is None  # nothing misread


def test_a_unit_name_with_one_bracket_read_half_width_is_still_a_unit() -> None:
    from budgetlens.parse.hierarchy import looks_like_unit

    printed = "阳泉市药械不良反应监测中心（阳泉市药物警戒中心）"
    assert looks_like_unit("阳泉市药械不良反应监测中心(阳泉市药物警戒中心）", set())
    assert looks_like_unit("示例中心(甲)", {"示例中心（甲）"}) and looks_like_unit(printed, set())
    assert not looks_like_unit("不良反应工作经费(2024年）", set())
