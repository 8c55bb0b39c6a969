"""Program errors: raised only when the tool itself cannot continue (never for findings)."""

from __future__ import annotations

from typing import Any


class BudgetLensError(Exception):
    """Base class; ``str(err)`` is the one line shown to the user."""

    def __init__(self, message_zh: str, message_en: str | None = None) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.message_en = message_en or message_zh

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with both messages and every attribute (a worker process sends its errors to the parent)."""
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(cls: type[BudgetLensError], args: tuple[Any, ...], state: dict[str, Any]) -> BudgetLensError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ReadError(BudgetLensError):
    """The input cannot be read (missing, empty, binary, unknown encoding)."""


class ParseError(BudgetLensError):
    """The input was read but is not a disclosure this tool understands."""


class ConfigError(BudgetLensError):
    """Bad arguments or settings."""
