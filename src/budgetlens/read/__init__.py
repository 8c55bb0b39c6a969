"""Read stage: bytes -> RawDocument (lines and cells with their positions)."""

from budgetlens.read.raw import Line, RawDocument
from budgetlens.read.text import read_text

__all__ = ["Line", "RawDocument", "read_text"]
