"""The review of one document in the store: its findings with the reviewers' decisions, grouped as the CLI report
groups them, the decisions and the review status written back, and the waivers those decisions amount to.

Every value reaches SQL as a parameter. Grouping reuses ``report/html.review_groups`` (errors first, knock-ons of a
probable cause folded under the finding that heads them) on findings rebuilt from the stored rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import yaml

from budgetlens.check.waivers import Waiver
from budgetlens.model import Finding, Location, Severity
from budgetlens.report.html import review_groups
from budgetlens.serve.errors import ApiError, not_found
from budgetlens.store import Store

FINDING_COLUMNS = (
    "finding_index", "code", "slug", "severity", "message_zh", "message_en", "line", "page", "table_id", "row_index",
    "column_key", "expected", "actual", "reference", "cause_line", "waived", "bbox",
)  # fmt: skip
DECISIONS = ("accepted", "waived")
STATUSES = ("pending", "reviewed")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _plain(value: Any) -> Any:
    return value.isoformat(timespec="seconds") + "Z" if isinstance(value, datetime) else value


@dataclass(frozen=True, slots=True)
class StoredFinding:
    """One row of ``findings`` with its decision (if any) and its waiver reason from ingest (if waived there)."""

    row: dict[str, Any]
    decision: dict[str, Any] | None
    ingest_reason: str | None

    @property
    def index(self) -> int:
        return int(self.row["finding_index"])

    def as_finding(self) -> Finding:
        """The row as a ``Finding`` (its messages as fixed templates), for grouping and for waivers."""
        r = self.row

        def fixed(text: str) -> str:
            return text.replace("{", "{{").replace("}", "}}")

        return Finding(
            code=r["code"], slug=r["slug"] or "", severity=Severity(r["severity"]),
            template_zh=fixed(r["message_zh"]), template_en=fixed(r["message_en"]),
            location=Location(line=r["line"], page=r["page"], table=r["table_id"], row=r["row_index"],
                              column=r["column_key"]),
            expected=r["expected"], actual=r["actual"], reference=r["reference"], cause_line=r["cause_line"],
        )  # fmt: skip

    def as_json(self, lang: str) -> dict[str, Any]:
        r = self.row
        bbox = json.loads(r["bbox"]) if r["bbox"] else None
        return {
            "index": self.index, "code": r["code"], "slug": r["slug"], "severity": r["severity"],
            "message": r["message_en"] if lang == "en" else r["message_zh"],
            "location": {"line": r["line"], "page": r["page"], "bbox": bbox, "table_id": r["table_id"],
                         "row_index": r["row_index"], "column_key": r["column_key"]},
            "expected": r["expected"], "actual": r["actual"], "reference": r["reference"],
            "cause_line": r["cause_line"], "waived_at_ingest": bool(r["waived"]), "ingest_reason": self.ingest_reason,
            "decision": self.decision,
        }  # fmt: skip


def stored_findings(store: Store, sha: str) -> list[StoredFinding]:
    """Every stored finding of the document ``sha`` (full sha256), in stored order."""
    columns = ", ".join(f"f.{c}" for c in FINDING_COLUMNS)
    rows = store.backend.fetch(
        f"SELECT {columns}, c.decision, c.reason, c.decided_by, c.decided_at, w.reason FROM findings f "
        "LEFT JOIN decisions c ON c.document = f.document AND c.finding_index = f.finding_index "
        "LEFT JOIN waivers w ON w.document = f.document AND w.finding_index = f.finding_index "
        "WHERE f.document = ? ORDER BY f.finding_index",
        (sha,),
    )
    out: list[StoredFinding] = []
    width = len(FINDING_COLUMNS)
    for row in rows:
        decided = row[width : width + 4]
        decision = None
        if decided[0] is not None:
            decision = {"decision": decided[0], "reason": decided[1], "decided_by": decided[2],
                        "decided_at": _plain(decided[3])}  # fmt: skip
        out.append(StoredFinding(dict(zip(FINDING_COLUMNS, row[:width], strict=True)), decision, row[width + 4]))
    return out


def grouped(found: list[StoredFinding], lang: str, severity: str | None = None) -> list[dict[str, Any]]:
    """The findings in review order as groups ``{"kind", "cause_line", "findings": [head, *folded]}``: errors first,
    those sharing a probable cause line folded under the first (``kind`` single | cause | table); findings waived at
    ingest come last, one group each (kind waived)."""
    chosen = [f for f in found if severity is None or f.row["severity"] == severity]
    live = [f for f in chosen if not f.row["waived"]]
    models = [f.as_finding() for f in live]
    by_model = {id(m): f for m, f in zip(models, live, strict=True)}
    groups: list[dict[str, Any]] = []
    for kind, members in review_groups(models):
        head = members[0]
        cause = head.cause_line if kind == "cause" else None
        if kind == "cause" and cause is None:
            cause = head.location.line
        groups.append({"kind": kind, "cause_line": cause,
                       "findings": [by_model[id(m)].as_json(lang) for m in members]})  # fmt: skip
    groups += [{"kind": "waived", "cause_line": None, "findings": [f.as_json(lang)]} for f in chosen if f.row["waived"]]
    return groups


def _finding_exists(store: Store, sha: str, index: int) -> None:
    if not store.backend.fetch("SELECT 1 FROM findings WHERE document = ? AND finding_index = ?", (sha, index)):
        raise not_found(f"问题 #{index}", f"finding #{index}")


def decide(store: Store, sha: str, index: int, decision: str, reason: str, who: str) -> dict[str, Any]:
    """Record ``who``'s decision on finding ``index`` of ``sha`` (replacing an earlier one); the stored decision."""
    if decision not in DECISIONS:
        raise ApiError(400, "bad_request", f"决定应为 accepted 或 waived：{decision}",
                       f"the decision is accepted or waived: {decision}")  # fmt: skip
    reason = " ".join(reason.split())
    if decision == "waived" and not reason:
        raise ApiError(400, "bad_request", "豁免须写明理由（reason）", "a waiver needs a reason")
    if len(reason) > 2000:
        raise ApiError(400, "bad_request", "理由过长（最多 2000 字）", "the reason is too long (2,000 at most)")
    _finding_exists(store, sha, index)
    now = _now()
    backend = store.backend
    with backend.transaction():
        backend.execute("DELETE FROM decisions WHERE document = ? AND finding_index = ?", (sha, index))
        backend.execute(
            "INSERT INTO decisions (document, finding_index, decision, reason, decided_by, decided_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (sha, index, decision, reason, who, now),
        )
    return {"index": index, "decision": decision, "reason": reason, "decided_by": who, "decided_at": _plain(now)}


def undo(store: Store, sha: str, index: int) -> None:
    """Forget the decision on finding ``index`` (404 when the finding or its decision does not exist)."""
    _finding_exists(store, sha, index)
    found = "SELECT 1 FROM decisions WHERE document = ? AND finding_index = ?"
    if not store.backend.fetch(found, (sha, index)):
        raise not_found(f"问题 #{index} 的审核决定", f"a decision on finding #{index}")
    store.backend.execute("DELETE FROM decisions WHERE document = ? AND finding_index = ?", (sha, index))


def set_review(store: Store, sha: str, status: str, who: str) -> dict[str, Any]:
    """Mark the document reviewed (by ``who``, now) or pending again; the review as stored."""
    if status not in STATUSES:
        raise ApiError(400, "bad_request", f"状态应为 reviewed 或 pending：{status}",
                       f"the status is reviewed or pending: {status}")  # fmt: skip
    now = _now()
    by, at = (who, now) if status == "reviewed" else (None, None)
    backend = store.backend
    with backend.transaction():
        backend.execute("DELETE FROM reviews WHERE document = ?", (sha,))
        backend.execute(
            "INSERT INTO reviews (document, status, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?)",
            (sha, status, by, at),
        )
    return {"document": sha, "status": status, "reviewed_by": by, "reviewed_at": _plain(at), "changed_by": who}


@dataclass(frozen=True, slots=True)
class Waived:
    """A waived finding as a waiver entry: the waiver and the stored findings it matches beyond its own."""

    waiver: Waiver
    index: int
    also: tuple[int, ...]


PREFIX = 16  # hex digits of the sha256 a waiver names its document by


def _waiver_of(sha: str, f: StoredFinding, reason: str) -> Waiver:
    r = f.row
    return Waiver(code=r["code"], reason=reason, line=r["line"], table=r["table_id"], document=sha[:PREFIX])


def _covers(waiver: Waiver, f: StoredFinding) -> bool:
    r = f.row
    return (
        r["code"] == waiver.code
        and (waiver.line is None or r["line"] == waiver.line)
        and (waiver.table is None or r["table_id"] == waiver.table)
    )


def waived(store: Store, sha: str | None) -> list[tuple[str, Waived]]:
    """(document, waiver) for every finding a reviewer waived, and every finding waived at ingest that no reviewer
    has accepted since, of ``sha`` (a full sha256) or of every document."""
    if sha is None:
        shas = [str(r[0]) for r in store.backend.fetch(
            "SELECT DISTINCT document FROM findings WHERE waived OR (document, finding_index) IN "
            "(SELECT document, finding_index FROM decisions WHERE decision = 'waived') ORDER BY document"
        )]  # fmt: skip
    else:
        shas = [sha]
    out: list[tuple[str, Waived]] = []
    for document in shas:
        found = stored_findings(store, document)
        for f in found:
            decision = f.decision["decision"] if f.decision else None
            if decision == "waived":
                reason = str(f.decision["reason"]) if f.decision else ""
            elif f.row["waived"] and decision is None:
                reason = f.ingest_reason or "入库时已豁免"
            else:
                continue
            waiver = _waiver_of(document, f, reason)
            also = tuple(g.index for g in found if g is not f and _covers(waiver, g))
            out.append((document, Waived(waiver, f.index, also)))
    return out


def waivers_yaml(entries: list[tuple[str, Waived]]) -> str:
    """The waiver file ``budgetlens check --waivers`` reads (``check/waivers.py``), one entry per waived finding; a
    comment names the other findings an entry also matches (same rule, line and table)."""
    lines = ["# budgetlens waivers: budgetlens check --waivers this-file.yaml", "waivers:"]
    if not entries:
        return "\n".join(lines[:1]) + "\nwaivers: []\n"
    for document, item in entries:
        w = item.waiver
        fields: dict[str, Any] = {"code": w.code}
        if w.line is not None:
            fields["line"] = w.line
        if w.table is not None:
            fields["table"] = w.table
        fields["document"] = w.document
        fields["reason"] = w.reason
        text = yaml.safe_dump(fields, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000)
        note = f"  # {document[:12]} #{item.index}"
        if item.also:
            note += " (also matches " + ", ".join(f"#{i}" for i in item.also) + ")"
        lines.append(f"  - {text.strip()}{note}")
    return "\n".join(lines) + "\n"
