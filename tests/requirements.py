"""What parts of the suite need beyond the pip dependencies, found out in one place.

A requirement is a system package (or the ``../shared`` folder of seed and real documents). A test that
needs one carries the marker ``needs_<name>`` (registered in pyproject.toml; tests/conftest.py skips it
with the reason ``missing(name)`` gives); a helper that meets the need midway (one that prints a PDF)
calls ``require(name)``, and the fixture builder raises ``FixtureUnavailable`` with the same reason.
Nothing that lacks a requirement fails: it is skipped, and the reason names what to install.

``BUDGETLENS_TEST_ASSUME_MISSING=fonts,libreoffice,postgres,chromium,shared`` counts the named requirements
as absent (to see what the suite does on a machine without them); ``BUDGETLENS_SHARED`` moves the shared
folder (default: ``shared`` beside the project).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSUME_MISSING = "BUDGETLENS_TEST_ASSUME_MISSING"
CJK_FONT = "Noto Sans CJK SC"  # the family the fixtures are printed in (tests/fixtures/web.py, tests/pdf_html.py)


@dataclass(frozen=True)
class Requirement:
    name: str
    what: str  # what is needed, as a skip reason names it
    packages: tuple[str, ...]  # the Debian packages that provide it (the README's apt-get line holds them all)
    absence: Callable[[], str | None]  # why it is absent, or None when it is there


def _named_missing() -> frozenset[str]:
    return frozenset(n.strip() for n in os.environ.get(ASSUME_MISSING, "").split(",") if n.strip())


def assumed_missing() -> frozenset[str]:
    """The requirements ``$BUDGETLENS_TEST_ASSUME_MISSING`` names; ValueError for a name that is none."""
    names = _named_missing()
    unknown = sorted(names - set(REQUIREMENTS))
    if unknown:
        known = ", ".join(REQUIREMENTS)
        raise ValueError(f"{ASSUME_MISSING} names no requirement: {', '.join(unknown)} (known: {known})")
    return names


def _shared_folder() -> Path:
    if "shared" in _named_missing():
        return Path(os.devnull) / "shared"  # a path that cannot exist
    return Path(os.environ.get("BUDGETLENS_SHARED") or ROOT.parent / "shared")


SHARED = _shared_folder()
SEEDS = SHARED / "seeds"  # the seed documents (tab-separated text)
REAL = SHARED / "real"  # real PDFs of another region


def _pg_bin() -> Path:
    """``$BUDGETLENS_PG_BIN``, else the newest Debian PostgreSQL (/usr/lib/postgresql/<version>/bin)."""
    if os.environ.get("BUDGETLENS_PG_BIN"):
        return Path(os.environ["BUDGETLENS_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


@cache
def _fonts_absence() -> str | None:
    """WeasyPrint must load its libraries (Pango) and fontconfig must list the CJK font for Chinese."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: Pango or fontconfig cannot be loaded
        return f"WeasyPrint cannot print ({str(exc).splitlines()[0]}); apt-get install libpangoft2-1.0-0"
    if shutil.which("fc-list") is None:
        return "fontconfig's fc-list is not installed, so the CJK font cannot be found (apt-get install fontconfig)"
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    if CJK_FONT not in listed:
        return f"the CJK font {CJK_FONT} is missing (apt-get install fonts-noto-cjk)"
    return None


def soffice() -> str | None:
    """The path of LibreOffice's soffice, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice_absence() -> str | None:
    return None if soffice() else "LibreOffice (soffice) is not installed (apt-get install libreoffice-calc-nogui)"


def _postgres_absence() -> str | None:
    if (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists():
        return None
    return f"PostgreSQL server binaries (initdb, pg_ctl) not found in {PG_BIN} (apt-get install postgresql)"


def chromium() -> str | None:
    """The path of Debian's Chromium, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium_absence() -> str | None:
    return None if chromium() else "Debian's chromium is not installed (apt-get install chromium)"


def _shared_absence() -> str | None:
    if SEEDS.is_dir():
        return None
    return f"the seed documents are not at {SEEDS} (the shared folder is not beside the project; set BUDGETLENS_SHARED)"


REQUIREMENTS = {
    r.name: r
    for r in (
        Requirement(
            "fonts",
            "WeasyPrint with the CJK font",
            ("fonts-noto-cjk", "libpangoft2-1.0-0", "libharfbuzz-subset0"),
            _fonts_absence,
        ),
        Requirement("libreoffice", "LibreOffice (soffice)", ("libreoffice-calc-nogui",), _libreoffice_absence),
        Requirement("postgres", "the PostgreSQL server", ("postgresql",), _postgres_absence),
        Requirement("chromium", "Debian's Chromium", ("chromium",), _chromium_absence),
        Requirement("shared", "the shared seed documents", (), _shared_absence),
    )
}


def missing(name: str) -> str | None:
    """Why requirement ``name`` is absent (the skip reason), or None when it is there."""
    requirement = REQUIREMENTS[name]
    if name in assumed_missing():
        install = f"; apt-get install {' '.join(requirement.packages)}" if requirement.packages else ""
        return f"{requirement.what} counted as missing ({ASSUME_MISSING}={os.environ[ASSUME_MISSING]}){install}"
    return requirement.absence()


def require(name: str) -> None:
    """Skip the running test when requirement ``name`` is absent."""
    reason = missing(name)
    if reason is not None:
        pytest.skip(reason)
