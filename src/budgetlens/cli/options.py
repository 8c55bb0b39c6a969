"""What every command shares: the output language option and the one-line failure (exit code 2)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
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


def argv_lang(argv: Sequence[str]) -> Lang:
    """The ``--lang`` of a command line, for an error that leaves a command before it could say it (zh if none)."""
    for i, arg in enumerate(argv):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value == Lang.en.value:
            return Lang.en
    return Lang.zh
