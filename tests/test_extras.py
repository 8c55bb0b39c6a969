"""Installed light: a missing optional dependency is one line naming its extra (exit 2); the base install does its job.

Each run is the real command line in a subprocess whose ``sitecustomize`` makes the given modules
unimportable (``ModuleNotFoundError``, as when they are not installed), so the tests need no second
environment: the blocker stands in for the package not being there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from budgetlens.pipeline import load
from budgetlens.report.exports import facts_jsonl
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # each test runs the command line in a subprocess

EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"
BLOCKER = '''
import os
import sys

BLOCKED = frozenset(filter(None, os.environ.get("BUDGETLENS_TEST_BLOCKED", "").split(",")))


class NotInstalled:
    """Finds the blocked modules first and says they are not there."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NotInstalled())
'''
# Everything the base install does not bring (numpy and pdfminer come only with extras too).
OPTIONAL = (
    "pandas", "pyarrow", "duckdb", "psycopg", "dask", "distributed", "rapidocr", "onnxruntime", "cv2", "numpy",
    "docx", "python_calamine", "xlrd", "lxml", "pdfplumber", "pdfminer",
)  # fmt: skip
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def blocked(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """``blocked(modules, *args, env=…)``: ``budgetlens *args`` (or ``python -c code``) run without ``modules``."""
    folder = tmp_path_factory.mktemp("blocker")
    (folder / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")

    def run(
        modules: tuple[str, ...], *args: str, env: dict[str, str] | None = None, code: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
        environment = os.environ | {"PYTHONPATH": path, "BUDGETLENS_TEST_BLOCKED": ",".join(modules)} | (env or {})
        command = ["-c", code] if code is not None else ["-m", "budgetlens", *args]
        return subprocess.run(
            [sys.executable, *command], capture_output=True, text=True, timeout=300, cwd=ROOT, env=environment
        )

    return run


def test_the_blocker_blocks(blocked: Run) -> None:
    out = blocked(("pandas",), code="import pandas")
    assert out.returncode == 1 and "No module named 'pandas'" in out.stderr


# -- a missing extra: one line, exit 2, naming the extra --------------------------------------------------------


def _files(tmp: Path) -> dict[str, Path]:
    """Small inputs of each format (the optional reader is never reached, so their content hardly matters)."""
    from openpyxl import Workbook
    from PIL import Image

    names = (
        ("pdf", "text.pdf"),
        ("png", "scan.png"),
        ("scan-pdf", "scan.pdf"),
        ("xlsx", "book.xlsx"),
        ("docx", "doc.docx"),
    )
    files = {"text": EXAMPLE, "html": tmp / "page.html"} | {key: tmp / name for key, name in names}
    files["pdf"].write_bytes(b"%PDF-1.7\n%%EOF\n")  # the PDF reader's first import decides
    page = Image.new("RGB", (400, 300), "white")
    page.paste((0, 0, 0), (50, 140, 350, 146))  # ink: a blank page is refused before OCR is needed
    page.save(files["png"])
    page.save(files["scan-pdf"])  # a PDF of one image page, no text layer
    workbook = Workbook()
    workbook.create_sheet("预算").append(["科目编码", "科目名称", "合计"])
    workbook.save(files["xlsx"])
    with zipfile.ZipFile(files["docx"], "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    files["html"].write_text("<html><body><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8")
    return files


# (what is missing, the command with {format} and {tmp} placeholders, extra environment, the extra it names)
MISSING = [
    pytest.param(("rapidocr",), ("check", "{png}"), {}, "ocr", id="scan-image"),
    pytest.param(("onnxruntime",), ("check", "{png}"), {}, "ocr", id="scan-engine"),
    pytest.param(("rapidocr",), ("check", "{scan-pdf}"), {}, "ocr", id="scan-pdf"),
    pytest.param(("python_calamine",), ("check", "{xlsx}"), {}, "office", id="xlsx"),
    pytest.param(("docx",), ("extract", "{docx}"), {}, "office", id="docx"),
    pytest.param(("lxml",), ("check", "{html}"), {}, "office", id="html"),
    pytest.param(("pandas",), ("compare", "{text}", "{text}"), {}, "data", id="compare"),
    pytest.param(
        ("pyarrow",), ("extract", "-f", "parquet", "-o", "{tmp}/f.parquet", "{text}"), {}, "data", id="parquet"
    ),
    pytest.param(("duckdb",), ("ingest", "{text}", "--db", "{tmp}/s.duckdb"), {}, "store", id="ingest"),
    pytest.param(("duckdb",), ("query", "select 1", "--db", "{tmp}/s.duckdb"), {}, "store", id="query"),
    pytest.param(
        ("psycopg",), ("ingest", "{text}", "--db", "postgresql://127.0.0.1:1/none"), {}, "postgres", id="postgres"
    ),
    pytest.param(
        ("dask", "distributed"),
        ("ingest", "{text}", "--db", "{tmp}/d.duckdb", "--engine", "dask"),
        {},
        "dask",
        id="dask",
    ),
    pytest.param(
        ("pdfplumber",),
        ("check", "{scan-pdf}"),
        {"BUDGETLENS_PDF_BACKEND": "pdfplumber"},
        "pdfplumber",
        id="pdfplumber",
    ),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("modules", "command", "env", "extra"), MISSING)
def test_a_missing_extra_is_one_line_naming_it(
    blocked: Run,
    tmp_path: Path,
    modules: tuple[str, ...],
    command: tuple[str, ...],
    env: dict[str, str],
    extra: str,
    lang: str,
) -> None:
    places = {k: str(v) for k, v in _files(tmp_path).items()} | {"tmp": str(tmp_path)}
    args = [arg.format_map(places) for arg in command]
    out = blocked(modules, *args, "--lang", lang, env=env)
    assert out.returncode == 2, out.stderr
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("budgetlens: "), out.stderr
    assert f"pip install 'budgetlens[{extra}]'" in out.stderr
    assert any(m in out.stderr for m in modules)  # which module is missing
    assert ("需要安装" in out.stderr) is (lang == "zh") and ("needs the" in out.stderr) is (lang == "en")
    for defect in ("内部错误", "internal error", "Traceback"):
        assert defect not in out.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_broken_base_install_names_the_missing_package(blocked: Run, tmp_path: Path, lang: str) -> None:
    out = blocked(("pypdfium2",), "check", str(_files(tmp_path)["pdf"]), "--lang", lang)
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert out.stderr.rstrip().endswith("pip install pypdfium2") and "Traceback" not in out.stderr


def test_the_python_api_without_pandas_raises_the_same_clear_error(blocked: Run) -> None:
    code = (
        "from budgetlens.errors import BudgetLensError\n"
        "try:\n    import budgetlens.api\n"
        "except ImportError as exc:\n    assert isinstance(exc, BudgetLensError); print(exc.message('en'))\n"
    )
    out = blocked(("pandas",), code=code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("the Python API (budgetlens.api) needs the data extra (pandas is missing)")
    assert out.stdout.rstrip().endswith("pip install 'budgetlens[data]'")


# -- the base install's job ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def text_pdf(derived: Callable[..., Path]) -> Path:
    """The example printed to a PDF with a text layer (the fixture builder; skipped without WeasyPrint)."""
    return derived("pdf")


@pytest.mark.parametrize("which", ["text", "pdf"])
def test_check_and_facts_need_no_extra(blocked: Run, text_pdf: Path, which: str) -> None:
    path = EXAMPLE if which == "text" else text_pdf
    checked = blocked(OPTIONAL, "check", str(path), "--format", "json")
    assert checked.returncode == 1, checked.stderr  # the example's planted errors
    assert {f["code"] for f in json.loads(checked.stdout)["findings"]} >= {"BL201", "BL202"}
    facts = blocked(OPTIONAL, "extract", "--format", "facts", str(path))
    assert facts.returncode == 0 and facts.stderr == "", facts.stderr
    assert facts.stdout == facts_jsonl([load(path)])  # the same facts as with every extra installed


def test_reports_and_exports_of_the_base_install(blocked: Run, text_pdf: Path, tmp_path: Path) -> None:
    html = blocked(OPTIONAL, "check", str(text_pdf), "--format", "html", "-o", str(tmp_path / "r.html"))
    assert html.returncode == 1 and "data:image/png" in (tmp_path / "r.html").read_text(encoding="utf-8")  # crops
    for fmt, out in (("xlsx", tmp_path / "f.xlsx"), ("datapackage", tmp_path / "package")):
        done = blocked(OPTIONAL, "extract", "--format", fmt, "-o", str(out), str(EXAMPLE))
        assert done.returncode == 0 and out.exists(), done.stderr


def test_image_pages_of_a_text_pdf_without_ocr_are_listed_as_not_read(
    blocked: Run, derived: Callable[..., Path]
) -> None:
    mixed = derived("mixed-pdf", pages=3)
    out = blocked(("rapidocr",), "extract", "--format", "json", str(mixed))
    assert out.returncode == 0, out.stderr
    assert "pip install 'budgetlens[ocr]'" in out.stderr and "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("budgetlens: 警告: ") and "第 3 页" in out.stderr
    english = blocked(("rapidocr",), "extract", "--format", "json", "--lang", "en", str(mixed))
    assert english.stderr.count("\n") == 1 and "pages 3 have no text layer" in english.stderr
    pages = {t["location"]["page"] for t in json.loads(out.stdout)["tables"]}
    assert pages and 3 not in pages  # the text pages' tables are read
