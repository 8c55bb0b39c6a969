"""The service's settings: where it listens, which store, and how much it accepts (each overridable by a variable)."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, fields, replace

from budgetlens.errors import ConfigError

PREFIX = "BUDGETLENS_SERVE_"


@dataclass(frozen=True, slots=True)
class Settings:
    """What ``budgetlens serve`` runs with; the upload limits come before any file is read."""

    db: str | None = None  # None: the default DuckDB file
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_mb: int = 64  # one file; a larger upload is 413 before it is read
    max_files: int = 20  # files in one upload request
    max_request_mb: int = 256  # the whole body of one upload request; a larger one is 413 before it is read
    max_queue: int = 100  # files waiting or being read; beyond that an upload is 503 until some finish
    workers: int = 2  # processes reading and checking uploads (each under the limits of budgetlens.limits)
    lang: str = "zh"  # the pages' default language

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def loopback(self) -> bool:
        """Whether the service listens only on this machine."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    @classmethod
    def variable(cls, name: str) -> str:
        return PREFIX + name.upper()

    @classmethod
    def from_env(cls, **given: object) -> Settings:
        """Defaults, then ``BUDGETLENS_SERVE_*`` variables, then the arguments given (None means not given)."""
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(cls.variable(f.name))
            if raw is None or f.name in ("db", "host", "lang"):
                if raw is not None:
                    values[f.name] = raw
                continue
            try:
                number = int(raw)
            except ValueError:
                number = -1
            if number < 1:
                raise ConfigError(
                    f"环境变量 {cls.variable(f.name)} 应为正整数：{raw}",
                    f"{cls.variable(f.name)} must be a positive whole number: {raw}",
                )
            values[f.name] = number
        values.update({k: v for k, v in given.items() if v is not None})
        settings = replace(cls(), **values)  # type: ignore[arg-type]
        if settings.lang not in ("zh", "en"):
            raise ConfigError(f"语言应为 zh 或 en：{settings.lang}", f"the language is zh or en: {settings.lang}")
        return settings
