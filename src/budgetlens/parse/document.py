"""Parse a segmented document into the typed model."""

from __future__ import annotations

from budgetlens.errors import ParseError
from budgetlens.model import Document, Finding, Level, Location, Section
from budgetlens.model.table_kinds import TableKind
from budgetlens.parse.claims import extract_claims, place_on_lines
from budgetlens.parse.final.self_eval import parse_self_evaluations
from budgetlens.parse.links import link_targets
from budgetlens.parse.meta import detect_meta
from budgetlens.parse.rows import problem
from budgetlens.parse.tables import ParseContext, parse_table
from budgetlens.parse.targets import parse_targets
from budgetlens.read.raw import RawDocument
from budgetlens.segment.blocks import Segmentation
from budgetlens.segment.vocabulary import table_kind


def parse_document(raw: RawDocument, seg: Segmentation) -> Document:
    """Build the Document; raise ParseError only when nothing of a disclosure was found."""
    if not seg.tables and not seg.targets and len(seg.sections) < 2:
        raise ParseError(
            f"{raw.source}: 未找到预算或决算公开的表格和章节，这不像是一份公开文件",
            f"{raw.source}: no disclosure tables or sections found; this does not look like a disclosure",
        )
    meta = detect_meta(seg)
    doc = Document(
        sha256=raw.sha256,
        source=raw.source,
        format=raw.format,
        title=meta.title,
        issuer=meta.issuer,
        level=meta.level,
        kind=meta.kind,
        fiscal_year=meta.year,
        region=meta.region,
        line_count=len(raw.lines),
    )
    findings: list[Finding] = []
    for what, value in (("年度", meta.year), ("公开主体", meta.issuer), ("公开类型", meta.kind)):
        if value is None:
            findings.append(problem("BL002", Location(line=1), what=what))
    budget_blocks = [b for b in seg.targets if b.kind in ("project", "overall")]
    targets, target_findings = parse_targets(budget_blocks, meta.year)
    doc.targets = targets
    findings += target_findings
    evaluations = [b for b in seg.targets if b.kind in ("self_eval", "self_eval_report")]
    if evaluations:
        units = [t.unit for t in seg.tables if t.unit]
        unit = max(set(units), key=units.count) if units else "万元"
        evaluated, eval_findings = parse_self_evaluations(evaluations, unit, raw.lines)
        doc.targets += evaluated
        findings += eval_findings
    codes = [t.department_code for t in targets if t.department_code]
    doc.issuer_code = max(set(codes), key=codes.count) if codes else None
    ctx = ParseContext(
        source=raw.source,
        issuer=meta.issuer,
        department_level=meta.level is not Level.UNIT,
        known_units={t.unit_name for t in targets if t.unit_name},
    )
    for i, block in enumerate(seg.tables, start=1):
        table, problems = parse_table(block, f"t{i:02d}", ctx)
        doc.tables.append(table)
        findings += problems
    printed = {ln.no: "".join(ln.cells) if ln.cells else ln.text for ln in raw.lines}
    for sec in seg.sections:
        where = Location(line=sec.line, line_end=sec.line_end)
        doc.sections.append(
            Section(title=sec.title, number=sec.number, depth=sec.depth, location=where, paragraphs=sec.paragraphs)
        )
        if sec.depth > 0 and sec.paragraphs:
            claims = extract_claims(sec.title, sec.paragraphs, doc.fiscal_year)
            place_on_lines(claims, sec.paragraphs, printed, sec.line_end)
            doc.claims += claims
    findings += link_targets(doc.targets, doc.table(TableKind.BUDGET_PROJECTS))
    findings += _unruled_tables(raw)
    doc.parse_findings = findings
    doc.listed_tables = _listed_tables(seg)
    return doc


def _unruled_tables(raw: RawDocument) -> list[Finding]:
    """The tables the reader put on columns by position (no ruling lines), as one finding naming their pages."""
    if not raw.unruled:
        return []
    pages = ", ".join(map(str, sorted(set(raw.unruled))))
    where = Location(page=min(raw.unruled))
    return [problem("BL007", where, count=len(raw.unruled), pages=pages)]


def _listed_tables(seg: Segmentation) -> list[TableKind]:
    """The table kinds the table of contents names (表十三2026年项目支出预算表（上年结转）.....18)."""
    kinds: list[TableKind] = []
    for line in seg.toc_lines:
        title = next((c for c in line.cells if c), "").split("...")[0].split("…")[0]
        kind = table_kind(title) if "表" in title else None
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds
