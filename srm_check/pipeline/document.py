"""The one per-document check: `check`, `report`, `init` and `test` all go through it.

A file's loader problems and each of its documents become findings: structure first,
then the policy's rules. Rules that compare agreements with each other come back as
`Pending`, to be decided by the caller in file order (`CrossFileRules`).
"""

from collections.abc import Sequence
from typing import NamedTuple

from srm_check.core.codes import SEVERITY, UNREADABLE_FILE
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.pipeline.crossfile import in_file_order
from srm_check.pipeline.results import FileResult
from srm_check.pipeline.waivers.model import MARKER, InlineWaivers, Waiver
from srm_check.rules.agreement import AgreementData, read_agreement
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.context import RunContext
from srm_check.rules.engine import CrossFileRules, Engine, Pending
from srm_check.rules.scope import Composition
from srm_check.schemas.records import RuleRecord
from srm_check.source.document import Document, SourceFile


class DocumentCheck(NamedTuple):
    """What checking one document found: its agreement, findings, and facts for cross-file rules."""

    agreement: AgreementData
    findings: list[Finding]
    pending: list[Pending]


def check_document(doc: Document, path: str, engine: Engine) -> DocumentCheck:
    """Read one YAML document as an agreement and run the rules on it."""
    data = read_agreement(doc)
    findings = [
        Finding(p.code, Severity.error, p.message, path, p.span, p.pointer, data.id, doc.index)
        for p in data.problems
    ]
    rule_findings, pending = engine.evaluate(data, path)
    return DocumentCheck(data, findings + rule_findings, pending)


def check_source(
    source: SourceFile,
    engine: Engine,
    *,
    keep_agreements: bool = False,
    inline: InlineWaivers | None = None,
) -> tuple[FileResult, list[Pending]]:
    """Check a loaded file: its loader problems, every document, and its inline waivers."""
    path = source.path
    checks = [check_document(doc, path, engine) for doc in source.documents]
    ids = {check.agreement.document.index: check.agreement.id for check in checks}
    findings = [
        Finding(p.code, SEVERITY[p.code], p.message, path, p.span, p.pointer, ids.get(p.document), p.document)
        for p in source.problems
    ]
    pending: list[Pending] = []
    for check in checks:
        findings.extend(check.findings)
        pending.extend(check.pending)
    waivers: list[Waiver] = []
    if inline is not None and MARKER in source.text:
        waivers, problems = _inline_waivers(source, inline)
        # A malformed or forbidden waiver is told apart from the others by the text of its
        # line (what it says, not where it stands), for its fingerprint.
        lines = source.text.splitlines()
        findings.extend(p._replace(key=_comment_at(lines, p.span.line)) for p in problems)
    result = FileResult(
        path,
        findings,
        [check.agreement for check in checks] if keep_agreements else [],
        readable=not any(f.rule_id in UNREADABLE_FILE for f in findings),
        documents=len(source.documents),
        agreement_ids=[check.agreement.id for check in checks],
        inline_waivers=waivers,
    )
    return result, pending


def cross_file_facts(source: SourceFile, engine: Engine) -> tuple[FileResult, list[Pending]]:
    """Only what rules comparing agreements need from a file (its `Pending` facts), for a file
    that is context of a run rather than checked by it: no findings are made."""
    full = engine.cross_reads_assignments
    pending: list[Pending] = []
    ids: list[str | None] = []
    for doc in source.documents:
        data = read_agreement(doc, full=full)
        ids.append(data.id)
        pending.extend(engine.evaluate(data, source.path, cross_only=True)[1])
    result = FileResult(source.path, [], documents=len(source.documents), agreement_ids=ids)
    return result, pending


def _inline_waivers(source: SourceFile, inline: InlineWaivers) -> tuple[list[Waiver], list[Finding]]:
    """The file's inline waivers: real comments only (not text that mentions the marker), up to
    where the parser stopped, if it did."""
    from srm_check.pipeline.waivers.inline import parse_inline  # only files that mention it
    from srm_check.source.document import text_spans

    spans = [span for doc in source.documents for span in text_spans(doc, "#")]
    # Where the parser gave up (a syntax error after the last complete document).
    stopped = [p.span.line for p in source.problems if p.document >= len(source.documents)]
    until = min(stopped) if stopped else None
    return parse_inline(source.text, source.path, inline, text_spans=spans, until_line=until)


def _comment_at(lines: list[str], line: int) -> str:
    """The text of 1-based `line`, where the inline waiver a finding is about is written."""
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def check_sources(
    sources: Sequence[SourceFile],
    catalogues: Catalogues,
    rules: Sequence[RuleRecord],
    composition: Composition | None = None,
    run: RunContext | None = None,
) -> list[Finding]:
    """Every finding on a few loaded files checked together, as one run would check them.

    For `init` (the new agreement) and `test` (a case's agreements): the same checks as
    `check`, with rules across the run decided across these files, in order, with `run`
    (default: today, no history).
    """
    engine, cross = Engine(catalogues, rules, composition), CrossFileRules(rules, run)
    results = in_file_order((check_source(source, engine) for source in sources), cross)
    return [finding for result in results for finding in result.findings]
