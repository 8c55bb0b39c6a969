"""Waivers: findings a reviewer has accepted, each with a reason, read from a YAML file.

```yaml
waivers:
  - {code: BL201, line: 163, reason: "印刷错误，已向部门核实"}
  - {code: BL401, table: t05, reason: "科目为地方自设"}
  - {code: BL011, reason: "扫描件", document: 3f2a9c}   # sha256 prefix, optional
```

A waiver matches a finding with the same code and, when given, the same line, table (id such as
``t05`` or the printed title) and document (sha256 prefix). Matching findings move from
``CheckResult.findings`` to ``CheckResult.waived`` with the reason; waivers that match nothing are
reported so stale entries get cleaned up.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetlens.check.runner import CheckResult
from budgetlens.errors import ConfigError
from budgetlens.model import Document, Finding

KEYS = {"code", "reason", "line", "table", "document"}


@dataclass(frozen=True, slots=True)
class Waiver:
    code: str
    reason: str
    line: int | None = None
    table: str | None = None
    document: str | None = None  # sha256 prefix
    origin: str = ""  # where it was written, e.g. "waivers.yaml#2"

    def matches(self, finding: Finding, doc: Document) -> bool:
        if finding.code != self.code:
            return False
        if self.line is not None and finding.location.line != self.line:
            return False
        if self.table is not None:
            titles = {t.id: t.title for t in doc.tables}
            table = finding.location.table
            if self.table not in (table, titles.get(table or "")):
                return False
        return self.document is None or doc.sha256.lower().startswith(self.document.lower())

    def describe(self, lang: str = "zh") -> str:
        names = {"line": "行", "table": "表", "document": "文件"} if lang != "en" else {}
        given = (("line", self.line), ("table", self.table), ("document", self.document))
        parts = [self.origin, self.code, *(f"{names.get(k, k)}={v}" for k, v in given if v is not None)]
        return " ".join(p for p in parts if p)


def _bad(path: Path, index: int | None, zh: str, en: str) -> ConfigError:
    where = f"{path}#{index}" if index is not None else str(path)
    return ConfigError(f"豁免文件 {where}：{zh}", f"waiver file {where}: {en}")


def _waiver(path: Path, index: int, item: Any) -> Waiver:
    if not isinstance(item, dict):
        raise _bad(path, index, "每条豁免应为映射（code、reason …）", "each waiver must be a mapping (code, reason …)")
    unknown = sorted(str(k) for k in item if k not in KEYS)
    if unknown:
        raise _bad(path, index, f"未知字段 {', '.join(unknown)}", f"unknown field(s) {', '.join(unknown)}")
    code = str(item.get("code") or "").strip().upper()
    if not code:
        raise _bad(path, index, "缺少规则编号 code", "missing code")
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise _bad(path, index, f"{code} 缺少豁免理由 reason", f"{code} has no reason")
    line = item.get("line")
    if line is not None and (isinstance(line, bool) or not isinstance(line, int) or line < 1):
        raise _bad(path, index, f"{code} 的 line 应为正整数", f"{code}: line must be a positive integer")
    table, document = item.get("table"), item.get("document")
    return Waiver(
        code=code,
        reason=" ".join(reason.split()),
        line=line,
        table=None if table is None else str(table).strip(),
        document=None if document is None else str(document).strip(),
        origin=f"{path.name}#{index}",
    )


def load_waivers(path: Path) -> list[Waiver]:
    """Read and validate a waiver file; every problem is a one-line ConfigError."""
    import yaml  # only a check given waivers needs it

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise _bad(path, None, "文件不存在", "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(path, None, f"无法读取（{exc}）", f"cannot read ({exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"（第 {mark.line + 1} 行）" if mark else ""
        at_en = f" (line {mark.line + 1})" if mark else ""
        raise _bad(path, None, f"不是有效的 YAML{at}", f"not valid YAML{at_en}") from None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("waivers", []), list):
        raise _bad(path, None, "应为 waivers: [ … ] 列表", "expected a 'waivers: [ … ]' list")
    return [_waiver(path, i, item) for i, item in enumerate(data.get("waivers") or [], start=1)]


def apply_waivers(result: CheckResult, waivers: list[Waiver]) -> CheckResult:
    """A copy of ``result`` with the waived findings moved to ``waived`` (with the first matching reason)."""
    kept: list[Finding] = []
    waived = list(result.waived)
    for f in result.findings:
        waiver = next((w for w in waivers if w.matches(f, result.document)), None)
        if waiver is None:
            kept.append(f)
        else:
            waived.append((f, waiver.reason))
    return dataclasses.replace(result, findings=kept, waived=waived)


def unused_waivers(results: list[CheckResult], waivers: list[Waiver]) -> list[Waiver]:
    """The waivers that matched no finding in any of ``results`` (after ``apply_waivers``)."""
    return [w for w in waivers if not any(w.matches(f, r.document) for r in results for f, _ in r.waived)]
