"""What every command shares: the output language option and the one-line failure (exit code 2)."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from budgetlens.errors import BudgetLensError


class Lang(str, Enum):
    zh = "zh"
    en = "en"


LangOpt = Annotated[Lang, typer.Option("--lang", help="输出语言 / output language")]


def fail(exc: BudgetLensError, lang: Lang) -> typer.Exit:
    """Write the error's one line in the chosen language; the exit the command raises (code 2)."""
    sys.stderr.write(f"budgetlens: {exc.message(lang.value)}\n")
    return typer.Exit(2)
