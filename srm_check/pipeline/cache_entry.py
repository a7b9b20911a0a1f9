"""One file's entry in the result cache, as JSON text: what checking it found (findings before
the waivers file, the baseline and --fail-on), its inline waivers, and the facts that rules
across the run need (`Pending`, values of the file only).

An entry is text kept as it was read until a run uses it (`decode`, `facts_of`: its two
parts), and the values that several facts share are written once. JSON is data, never code:
a damaged or foreign entry fails to decode (None), and is then checked afresh.
"""

import json
from datetime import date
from typing import Any

from srm_check.core.finding import Finding, Related
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.core.tuples import NamedTuple
from srm_check.pipeline.results import FileResult
from srm_check.pipeline.waivers.model import Waiver
from srm_check.rules.pending import Pending

Checked = tuple[FileResult, list[Pending]]


class Kept(NamedTuple):
    """What the cache keeps of a checked file, handed from the worker to the process that
    writes chunks (`ResultCache.record`)."""

    content: str  # the file's content hash
    entry: str | None  # its entry (None: it cannot be kept exactly, and is checked every run)
    complete: bool  # findings too, not only the facts of a context file
    read: bool  # as its chunk already holds it (nothing to write)
    stamp: str  # its stat, when that stands for its content ("" otherwise)


_SCALARS = (str, int, float, bool, type(None))
_SEVERITY = {str(s): s for s in Severity}
_new = tuple.__new__
_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode


def _span(span: Span) -> list[int]:
    return [span.line, span.column, span.end_line, span.end_column]


def _spans(item: list[int]) -> Span:
    if len(item) != 4:
        raise ValueError("not a span")
    return _new(Span, item)


def finding_value(f: Finding) -> list[Any]:
    """A finding as JSON data (`finding_of` makes it back), for the cache and its memo."""
    related = [[r.path, _span(r.span), r.message] for r in f.related]
    return [
        f.rule_id,
        str(f.severity),
        f.message,
        f.path,
        _span(f.span),
        f.pointer,
        f.agreement,
        f.document,
        related,
        f.key,
    ]


def finding_of(item: list[Any]) -> Finding:
    """A finding from its JSON data (`finding_value`)."""
    rule_id, severity, message, path, span, pointer, agreement, document, related, key = item
    return Finding(
        rule_id,
        _SEVERITY[severity],
        message,
        path,
        _spans(span),
        pointer,
        agreement,
        document,
        tuple(Related(p, _spans(s), m) for p, s, m in related),
        key=key,
    )


def _waiver(w: Waiver) -> list[Any]:
    return [
        w.rule,
        w.agreement,
        w.responsibility,
        w.pointer,
        w.reason,
        w.owner,
        w.expires.isoformat(),
        w.ticket,
        w.path,
        _span(w.span),
        w.target_line,
    ]


def _waiver_of(item: list[Any]) -> Waiver:
    rule, agreement, responsibility, pointer, reason, owner, expires, ticket, path, span, line = item
    return Waiver(
        rule,
        agreement,
        responsibility,
        pointer,
        reason,
        owner,
        date.fromisoformat(expires),
        ticket,
        path,
        _spans(span),
        target_line=line,
    )


def _json_exact(value: Any, depth: int = 0) -> bool:
    """Whether JSON gives a value back as it is: scalars, lists and text-keyed dicts of them."""
    if isinstance(value, _SCALARS):
        return True
    if type(value) is list and depth < 4:
        return all(_json_exact(v, depth + 1) for v in value)
    if type(value) is dict and depth < 4:
        return all(type(k) is str and _json_exact(v, depth + 1) for k, v in value.items())
    return False


def _pending(pending: list[Pending], path: str) -> tuple[list[str], list[list[Any]]] | None:
    """The facts, each distinct `values` dict written once (as JSON text: facts of one agreement
    often hold equal ones), the file's own path left out; None when a value would not come
    back from JSON as it is."""
    table: list[str] = []
    index: dict[str, int] = {}
    items = []
    for p in pending:
        if not _json_exact(p.values) or not _json_exact(p.value):
            return None
        text = _dumps(p.values)
        at = index.get(text)
        if at is None:
            at = index[text] = len(table)
            table.append(text)
        where = None if p.path == path else p.path
        fields = [p.rule_id, str(p.severity), p.field, p.value, at, p.pointer, _span(p.span), where]
        items.append([*fields, p.agreement, p.document])
    return table, items


def _pending_of(
    table: list[dict[str, Any]], items: list[list[Any]], path: str, rules: frozenset[str] | None
) -> list[Pending]:
    if not all(type(v) is dict for v in table):
        raise ValueError("not a fact's values")
    if rules is not None:
        items = [item for item in items if item[0] in rules]
    return [
        _new(
            Pending,
            (
                rule,
                _SEVERITY[sev],
                field,
                value,
                table[at],
                pointer,
                _spans(span),
                path if where is None else where,
                agreement,
                document,
            ),
        )
        for rule, sev, field, value, at, pointer, span, where, agreement, document in items
    ]


def json_or_none(text: str) -> Any:
    """A JSON value, or None when the text is not one."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def encode(result: FileResult, pending: list[Pending]) -> str | None:
    """A file's entry as text (ASCII, one line): what checking it found, a tab, and its facts
    for the rules across the run, each part JSON (a run that replays those rules' verdicts
    decodes only the first); None when it cannot be kept exactly."""
    facts = _pending(pending, result.path)
    if facts is None:
        return None
    table, items = facts
    head = [
        [finding_value(f) for f in result.findings],
        result.readable,
        result.documents,
        result.agreement_ids,
        [_waiver(w) for w in result.inline_waivers],
    ]
    return f"{_dumps(head)}\t[[{','.join(table)}],{_dumps(items)}]"


def decode(value: Any, path: str) -> FileResult | None:
    """The result in the entry of the file shown as `path`, from the JSON value of its first part;
    None when it is not an entry this module wrote. Its facts are `facts_of` its second part."""
    try:
        findings, readable, documents, ids, waivers = value
        return FileResult(  # by place, and no list made for what is empty: once a file
            path,
            [finding_of(f) for f in findings] if findings else [],
            None,
            readable is True,
            int(documents),
            [i for i in ids if i is None or type(i) is str] if ids else [],
            "agreement",
            [_waiver_of(w) for w in waivers] if waivers else [],
        )
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return None


def facts_of(value: Any, path: str, rules: frozenset[str] | None = None) -> list[Pending] | None:
    """The facts in an entry of the file shown as `path`, from the JSON value of its second part
    (only those of `rules`, when given); None when they are not ones this module wrote."""
    try:
        table, items = value
        return _pending_of(table, items, path, rules)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return None
