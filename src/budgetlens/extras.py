"""Optional dependencies: which extra brings what, and the one line a user sees when one is missing.

The base install reads text and PDFs with a text layer, checks them and writes every report and the
JSON, facts, CSV, XLSX and data-package exports. The rest comes with an extra (``pyproject.toml``).
An optional module is imported where it is used, inside ``needs(feature)``: its absence becomes
``MissingExtra``, a ``BudgetLensError`` that the command line prints as one line (exit code 2) naming
the feature and the install command, and an ``ImportError`` for code that guards an import itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from budgetlens.errors import BudgetLensError


@dataclass(frozen=True, slots=True)
class Extra:
    """An extra of the package (``pip install 'budgetlens[name]'``) and how a message names it."""

    name: str
    zh: str
    en: str

    @property
    def install(self) -> str:
        return f"pip install 'budgetlens[{self.name}]'"


EXTRAS = {
    extra.name: extra
    for extra in (
        Extra("ocr", "OCR 组件", "OCR"),
        Extra("office", "办公文档组件", "office"),
        Extra("data", "数据分析组件", "data"),
        Extra("store", "数据库组件", "store"),
        Extra("postgres", "PostgreSQL 组件", "PostgreSQL"),
        Extra("dask", "Dask 组件", "Dask"),
        Extra("pdfplumber", "pdfplumber 组件", "pdfplumber"),
        Extra("web", "审核台组件", "review desk"),
        Extra("generate", "公开文件生成组件", "generate"),
    )
}


@dataclass(frozen=True, slots=True)
class Feature:
    """What the user asked for, in both languages, and the extra that provides it (None: the base install)."""

    zh: str
    en: str
    extra: str | None


FeatureName = Literal[
    "pdf", "scan", "scanned-pdf", "image-pages", "workbook", "word", "web", "pdfplumber",
    "compare", "frames", "parquet", "api", "store", "postgres", "dask", "serve", "generate-pdf", "generate-docx",
]  # fmt: skip

FEATURES: dict[FeatureName, Feature] = {
    "pdf": Feature("读取 PDF 文件", "reading PDFs", None),
    "scan": Feature("读取扫描件", "reading scans", "ocr"),
    "scanned-pdf": Feature("PDF 没有文本层（扫描件），识别", "the PDF has no text layer (a scan); reading it", "ocr"),
    "image-pages": Feature("识别这些页", "OCR of these pages", "ocr"),
    "workbook": Feature("读取 Excel 工作簿", "reading Excel workbooks", "office"),
    "word": Feature("读取 Word 文件", "reading Word files", "office"),
    "web": Feature("读取网页", "reading web pages", "office"),
    "pdfplumber": Feature(
        "用 pdfplumber 读取 PDF（BUDGETLENS_PDF_BACKEND=pdfplumber）",
        "the pdfplumber page reader (BUDGETLENS_PDF_BACKEND=pdfplumber)",
        "pdfplumber",
    ),
    "compare": Feature("对比（compare）", "compare", "data"),
    "frames": Feature("DataFrame 形式的数据", "DataFrames", "data"),
    "parquet": Feature("导出 Parquet", "the Parquet export", "data"),
    "api": Feature("Python 接口（budgetlens.api）", "the Python API (budgetlens.api)", "data"),
    "store": Feature("数据库（ingest、query）", "the database (ingest, query)", "store"),
    "postgres": Feature("使用 PostgreSQL 数据库", "a PostgreSQL database", "postgres"),
    "dask": Feature("用 Dask 导入（--engine dask）", "ingesting with --engine dask", "dask"),
    "serve": Feature("审核台（serve）", "the review desk (serve)", "web"),
    "generate-pdf": Feature("生成 PDF（generate --format pdf）", "writing a PDF (generate --format pdf)", "generate"),
    "generate-docx": Feature(
        "生成 Word 文件（generate --format docx）", "writing a Word file (generate --format docx)", "generate"
    ),
}


class MissingExtra(BudgetLensError, ImportError):
    """An optional module is not installed; the message names the feature and how to install it."""

    def __init__(self, feature: FeatureName, module: str, where: str = "") -> None:
        self.feature = feature
        self.module = module
        self.where = where
        need = FEATURES[feature]
        prefix = f"{where}: " if where else ""
        if need.extra is None:  # a dependency of the base install is gone: the installation is incomplete
            zh = f"{prefix}{need.zh}需要 {module}（budgetlens 的基本依赖，安装不完整）：pip install {module}"
            en = f"{prefix}{need.en} needs {module} (a dependency of budgetlens; the install is incomplete): "
            en += f"pip install {module}"
        else:
            extra = EXTRAS[need.extra]
            before = " " if need.zh[-1].isascii() else ""  # 导出 Parquet 需要, 读取扫描件需要
            after = " " if extra.zh[0].isascii() else ""  # 安装 OCR 组件, 安装数据分析组件
            zh = f"{prefix}{need.zh}{before}需要安装{after}{extra.zh}（缺少 {module}）：{extra.install}"
            en = f"{prefix}{need.en} needs the {extra.en} extra ({module} is missing): {extra.install}"
        BudgetLensError.__init__(self, zh, en)
        self.name = module  # ImportError's own field: the module that could not be imported

    def __reduce__(self) -> tuple[type[MissingExtra], tuple[FeatureName, str, str]]:
        return (MissingExtra, (self.feature, self.module, self.where))

    @property
    def extra(self) -> str | None:
        return FEATURES[self.feature].extra


@contextmanager
def needs(feature: FeatureName, where: str | Path = "") -> Iterator[None]:
    """Import optional modules inside this block: a missing one raises ``MissingExtra`` for ``feature``.

    A ``MissingExtra`` raised further in (a module that guards its own imports) keeps its feature, the
    innermost guard knowing best what is missing; it only gains ``where`` when it had none. A missing
    module of budgetlens itself is a defect, not a missing extra, and goes on as it is.
    """
    try:
        yield
    except MissingExtra as exc:
        if not where or exc.where:
            raise
        raise MissingExtra(exc.feature, exc.module, str(where)) from exc
    except ModuleNotFoundError as exc:
        module = (exc.name or "").split(".")[0]
        if not module or module == "budgetlens":
            raise
        raise MissingExtra(feature, module, str(where)) from exc
