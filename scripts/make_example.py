"""Generate examples/sample-department-budget-2026.txt, a fictional 部门预算公开 in the seeds' text flavour.

The document is composed by ``budgetlens generate``'s code from examples/sample-department-budget-2026.data.yaml
(units, basic expenditure by economic item, projects) with the shanxi-city-budget template: every total is
computed, then exactly two deliberate errors are applied to the composed tables (see ERROR_A, ERROR_B and
examples/README.md), and the seeds' layout quirks (watermark lines, page-break blank lines, a dropped cell) are
added before the text is written (generate/text.py: TAB-separated tables, 万元 with two decimals).

Usage: python scripts/make_example.py [--check] [--pdf] [--data-xlsx]   (or python -m scripts.make_example; --check
exits 1 if the file on disk differs from what the generator produces, or the data workbook does not hold the data
file's figures, for CI; --pdf also prints the text as examples/sample-department-budget-2026.pdf with the fixture
builder, WeasyPrint and the Noto CJK font; --data-xlsx also writes the data file as the data workbook
examples/sample-department-budget-2026.data.xlsx, the layout of ``budgetlens generate --init budget``, and the final
account's data examples/sample-department-final-2024.data.yaml as examples/sample-department-final-2024.data.xlsx,
the layout of ``--init final``; --check also checks that each workbook holds its data file's figures)
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

if not __package__:  # run as `python scripts/make_example.py`: make the `scripts` and `budgetlens` packages importable
    sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "src")]
from budgetlens.generate.compose import compose
from budgetlens.generate.data import BudgetData, load_data
from budgetlens.generate.final_data import FinalData
from budgetlens.generate.printed import Block, Cell, Paragraph, PrintedDocument, PrintedTable
from budgetlens.generate.templates import load_template
from budgetlens.generate.text import render_text
from budgetlens.generate.workbook import write_workbook

OUT = Path(__file__).resolve().parents[1] / "examples" / "sample-department-budget-2026.txt"
DATA = OUT.with_name("sample-department-budget-2026.data.yaml")
DATA_XLSX = DATA.with_suffix(".xlsx")
OUT_PDF = OUT.with_suffix(".pdf")
TEMPLATE = "shanxi-city-budget"
FINAL_DATA = OUT.with_name("sample-department-final-2024.data.yaml")
FINAL_DATA_XLSX = FINAL_DATA.with_suffix(".xlsx")
FINAL_TEMPLATE = "shanghai-district-final"
WATERMARK = "仅供内部审核"
# The two deliberate errors, applied to the composed tables.
ERROR_A = ("2070104", Decimal("1.00"))  # 表三 支出总表: this 项 row's 合计 ≠ 基本支出 + 项目支出
ERROR_B = ("21011", Decimal("0.50"))  # 表五 一般公共预算支出表: this 款 ≠ Σ 项 (类 and 合计 follow the 款)
# Layout quirks of the seeds: page-break blank lines inside tables, a dropped trailing cell, watermark lines.
T2_PAGE_BREAK, T2_DROPPED_CELL = "210", "2101101"
TOC_PAGES = (1, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 9, 10, 10, 11, 11, 12, 13, 13, 13, 13, 13, 14, 14, 14, 15, 15, 15,
             34, 34, 34, 34, 35)  # fmt: skip


def shifted(cell: Cell, delta: Decimal) -> Cell:
    value = (cell.value or Decimal(0)) + delta
    return replace(cell, text=f"{value:.2f}", value=value)


def apply_errors(doc: PrintedDocument) -> None:
    """The two deliberate errors, on the composed rows (index 2 = 合计, 3 = 基本支出).

    ERROR_B moves the 基本支出 cell with 合计 so that each printed row still adds up across; this holds
    because the chosen 款 is all 基本支出.
    """
    by_kind = {t.kind: t for t in doc.tables}
    code_a, delta_a = ERROR_A
    code_b, delta_b = ERROR_B
    for r in by_kind["budget.expenditure"].rows:
        if r[0].text == code_a:
            r[2] = shifted(r[2], delta_a)
    for r in by_kind["budget.general_expenditure"].rows:
        if r[0].text in (code_b, code_b[:3], "合计"):  # 款, its 类 and the 合计 row; the 项 rows stay true
            r[2], r[3] = shifted(r[2], delta_b), shifted(r[3], delta_b)


def seed_layout(doc: PrintedDocument) -> None:
    """What text taken from a printed PDF carries besides the document: watermarks, page breaks, a lost cell."""
    wm = [Paragraph(WATERMARK)] * 2
    doc.cover = [WATERMARK, WATERMARK, *doc.cover, WATERMARK, WATERMARK]
    tables = {t.kind: t for t in doc.tables}
    tables["budget.summary"].rows.insert(21, [])  # a page break, as in every seed
    t2 = tables["budget.revenue"].rows
    t2.insert(next(i for i, r in enumerate(t2) if r[0].text == T2_PAGE_BREAK), [])
    t2[next(i for i, r in enumerate(t2) if r and r[0].text == T2_DROPPED_CELL)].pop()
    t4 = tables["budget.fiscal_summary"].rows
    t4.insert(next(i for i, r in enumerate(t4) if r[0].text == "上年财政拨款结转"), [])
    blocks: list[Block] = []
    projects = 0
    for block in doc.blocks:
        if block is tables["budget.summary"]:
            blocks.append(Paragraph("预算公开表1"))
        blocks.append(block)
        if not isinstance(block, PrintedTable):
            continue
        if block.kind == "budget.general_basic_economic":
            blocks += wm * 2
        elif block.kind in ("budget.three_public", "perf.overall_target"):
            blocks += wm
        elif block.kind == "perf.project_target":
            projects += 1
            if projects % 3 == 0 or projects == len(doc.tables) - 14:
                blocks += wm
    doc.blocks = blocks


def build() -> tuple[str, dict[str, int]]:
    """The whole document as text, plus line marks of the planted error rows and the dropped cell."""
    doc = compose(load_data(DATA), load_template(TEMPLATE))
    apply_errors(doc)
    seed_layout(doc)
    lines = ["", "", *render_text(doc, TOC_PAGES).split("\n")]
    lines.insert(lines.index("第三部分 2026年度部门预算情况说明"), " ")
    five = lines.index("五、一般公共预算支出情况说明")
    lines.insert(five + 2, " ")
    marks: dict[str, int] = {}
    sections = ("2026年预算收入总表", "2026年预算支出总表", "2026年一般公共预算支出预算表（不含上年结转）")
    for name, section, code in zip(("dropped-cell", "error-a", "error-b"), sections,
                                   (T2_DROPPED_CELL, ERROR_A[0], ERROR_B[0]), strict=True):  # fmt: skip
        start = lines.index(section)
        marks[name] = next(i for i in range(start, len(lines)) if lines[i].startswith(code + "\t")) + 1
    return "\n".join(lines), marks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the sample 2026 department budget disclosure.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file on disk differs (for CI)")
    parser.add_argument("--pdf", action="store_true", help="also print the text as the example PDF")
    parser.add_argument("--data-xlsx", action="store_true", help="also write the data file as the data workbook")
    args = parser.parse_args(argv)
    text, marks = build()
    data = text.encode("utf-8")
    if args.check:
        if not OUT.exists() or OUT.read_bytes() != data:
            print(f"{OUT} is out of date: run python scripts/make_example.py", file=sys.stderr)
            return 1
        for book, source, model in ((DATA_XLSX, DATA, BudgetData), (FINAL_DATA_XLSX, FINAL_DATA, FinalData)):
            if not book.exists() or load_data(book, model) != load_data(source, model):
                print(f"{book} is out of date: run python scripts/make_example.py --data-xlsx", file=sys.stderr)
                return 1
        print(f"{OUT} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(text.splitlines())} lines); error (a) line {marks['error-a']}, "
          f"error (b) line {marks['error-b']}, dropped cell line {marks['dropped-cell']}")  # fmt: skip
    if args.pdf:
        write_pdf()
    if args.data_xlsx:
        write_workbook(load_data(DATA), DATA_XLSX, TEMPLATE)
        write_workbook(load_data(FINAL_DATA, FinalData), FINAL_DATA_XLSX, FINAL_TEMPLATE)
        print(f"wrote {DATA_XLSX} and {FINAL_DATA_XLSX}")
    return 0


def write_pdf() -> None:
    """The example printed as a bureau publishes it: the fixture builder's PDF of the text (tables ruled, A4)."""
    import shutil
    import tempfile

    from tests.fixtures.build import build_from

    with tempfile.TemporaryDirectory() as folder:
        shutil.copyfile(build_from(OUT, "pdf", Path(folder)), OUT_PDF)
    print(f"wrote {OUT_PDF} ({OUT_PDF.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    sys.exit(main())
