"""Final-account table kind -> parser. Each parser reads one TableBlock of either text flavour."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from budgetlens.model import Finding, Table
from budgetlens.segment.blocks import TableBlock

FinalParser = Callable[[TableBlock, str, str], tuple[Table, list[Finding]]]
FINAL_PARSERS: dict[str, FinalParser] = {}


def final_parser(*kinds: str) -> Callable[[FinalParser], FinalParser]:
    """Decorator registering a parser for one or more ``final.*`` kinds."""

    def wrap(fn: FinalParser) -> FinalParser:
        for kind in kinds:
            FINAL_PARSERS[kind] = fn
        return fn

    return wrap


@cache
def load_parsers() -> dict[str, FinalParser]:
    """Import the parser modules (registering them) and return the table."""
    import importlib
    import pkgutil

    import budgetlens.parse.final as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in ("registry", "text", "repair"):
            importlib.import_module(f"budgetlens.parse.final.{info.name}")
    return FINAL_PARSERS
