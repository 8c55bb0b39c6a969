"""The rule registry: every check is a small class with a stable code, registered once.

Registration validates at import time (as sqlfluff's RuleMetaclass does): a bad code format, a
reused code or slug, or a docstring that does not follow the catalogue template is a programming
error and fails loudly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from budgetlens.model import Document, Finding, Location, Severity

CODE = re.compile(r"^BL\d{3}$")
SLUG = re.compile(r"^[a-z]+\.[a-z0-9-]+$")
DOC_SECTIONS = ("What it checks", "Why it matters", "Failing example", "Passing example", "Reference")
GROUPS = {
    "0": "parse",
    "1": "completeness",
    "2": "arithmetic",
    "3": "cross-table",
    "4": "classification",
    "5": "performance",
    "6": "narrative",
    "7": "plausibility",
}
GROUP_NAMES_ZH = {
    "parse": "解析",
    "completeness": "完整性",
    "arithmetic": "算术",
    "cross-table": "跨表",
    "classification": "科目分类",
    "performance": "绩效",
    "narrative": "文字说明",
    "plausibility": "合理性",
    "other": "其他",
}
LIFECYCLE_NAMES_ZH = {"preview": "预览", "stable": "稳定", "removed": "已停用"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")  # a title may name a quantity X, not say English words


class RegistryError(Exception):
    """A rule definition is invalid (raised at import time)."""


@dataclass(frozen=True, slots=True)
class Wording:
    """One more wording of a rule's finding, for a problem the parser finds in another kind of place.

    A parser names the wording it wants (``Finding.variant``); the rule owns its text and severity.
    """

    zh: str
    en: str
    severity: Severity | None = None  # None: the rule's severity


class Rule:
    """Base class of all rules. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    slug: ClassVar[str]
    title_zh: ClassVar[str]  # what the rule holds, in Chinese (the docstring's first line says it in English)
    severity: ClassVar[Severity] = Severity.ERROR
    lifecycle: ClassVar[str] = "stable"
    reference: ClassVar[str] = ""
    template_zh: ClassVar[str]
    template_en: ClassVar[str]
    version: ClassVar[int] = 1
    fallback: ClassVar[bool] = False  # a safety net: its findings yield to a precise rule's at the same line
    variants: ClassVar[dict[str, Wording]] = {}  # further wordings of a parse problem, by the name parsers give

    @classmethod
    def wordings(cls) -> dict[str, Wording]:
        """Every wording of the rule's findings: its own templates (named "") and its variants."""
        return {"": Wording(cls.template_zh, cls.template_en, cls.severity), **cls.variants}

    @classmethod
    def restate(cls, problem: Finding) -> Finding:
        """A problem a parser reported by code alone, given this rule's slug, severity, wording and reference."""
        wording = cls.wordings().get(problem.variant)
        if wording is None:
            raise RegistryError(f"{cls.code}: no wording {problem.variant!r} (a parser asked for it)")
        update = {
            "slug": cls.slug,
            "severity": wording.severity or cls.severity,
            "template_zh": wording.zh,
            "template_en": wording.en,
            "reference": cls.reference or None,
            "rule_version": cls.version,
        }
        return problem.model_copy(update=update)

    @classmethod
    def group(cls) -> str:
        return GROUPS.get(cls.code[2], "other")

    @classmethod
    def summary(cls, lang: str = "en") -> str:
        """What the rule holds, in one line: its Chinese title, or the docstring's first line in English."""
        if lang != "en":
            return cls.title_zh
        return (cls.__doc__ or "").strip().splitlines()[0]

    @classmethod
    def group_name(cls, lang: str = "en") -> str:
        return cls.group() if lang == "en" else GROUP_NAMES_ZH.get(cls.group(), cls.group())

    def check(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        location: Location,
        expected: object = None,
        actual: object = None,
        severity: Severity | None = None,
        evidence: tuple[int, ...] = (),
        **params: Any,
    ) -> Finding:
        return Finding(
            code=self.code,
            slug=self.slug,
            severity=severity or self.severity,
            template_zh=self.template_zh,
            template_en=self.template_en,
            params=params,
            location=location,
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
            reference=self.reference or None,
            rule_version=self.version,
            evidence=evidence,
        )


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: validate and add a rule to the registry."""
    code = getattr(cls, "code", "")
    if not CODE.match(code):
        raise RegistryError(f"{cls.__name__}: bad rule code {code!r}")
    if code in RULES:
        raise RegistryError(f"{cls.__name__}: code {code} already used by {RULES[code].__name__}")
    if not SLUG.match(getattr(cls, "slug", "")):
        raise RegistryError(f"{code}: bad slug {getattr(cls, 'slug', '')!r}")
    if any(r.slug == cls.slug for r in RULES.values()):
        raise RegistryError(f"{code}: slug {cls.slug} already used")
    doc = cls.__doc__ or ""
    missing = [s for s in DOC_SECTIONS if f"{s}:" not in doc]
    if missing:
        raise RegistryError(f"{code}: docstring lacks sections {missing}")
    title_zh = getattr(cls, "title_zh", "")
    if not title_zh or LATIN_WORD.search(title_zh):
        raise RegistryError(f"{code}: title_zh must be a Chinese title, not {title_zh!r}")
    if cls.lifecycle not in LIFECYCLE_NAMES_ZH:
        raise RegistryError(f"{code}: bad lifecycle {cls.lifecycle!r}")
    RULES[code] = cls
    return cls


def all_rules() -> list[type[Rule]]:
    """Every registered rule by code (the ``budgetlens.check`` package registers them all when imported)."""
    return [RULES[c] for c in sorted(RULES)]


def restate(problem: Finding) -> Finding:
    """A parse-stage problem with the slug, severity and wording of the rule of its code."""
    rule = RULES.get(problem.code)
    if rule is None:
        raise RegistryError(f"a parser reported {problem.code}, which names no rule")
    return rule.restate(problem)
