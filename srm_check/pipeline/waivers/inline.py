"""Inline waivers: a YAML comment in an agreement that waives one finding on its line.

    manage-data: community  # srm-check: waive SRM201 owner=ana@example.org expires=2026-06-30 reason="..."

A comment on a line of its own waives the findings on the next line that is not a
comment. The fields are those of the waivers file (reason, owner and expiry required,
ticket optional); the same expiry rules apply. YAML parsers drop comments, so these are
read from the file's text, and only when it mentions `srm-check:` at all.
"""

from __future__ import annotations

import bisect
import math
import re
import shlex
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from srm_check.core.codes import INLINE_WAIVER_FORBIDDEN, INLINE_WAIVER_INVALID
from srm_check.core.dates import parse_date
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.pipeline.waivers.model import MARKER, InlineWaivers, Waiver

_COMMENT = re.compile(r"#\s*srm-check:\s*(?P<body>.*)$")
_FIELDS = {"owner", "expires", "reason", "ticket"}
# Inline waivers read per file; past it, one finding says the rest waive nothing. A waiver
# file is the place for more (and each comment costs a little to parse).
MAX_INLINE_WAIVERS = 1000


def _problem(code: str, message: str, path: str, line: int, column: int) -> Finding:
    span = Span(line, column, line, column + 1)
    return Finding(code, Severity.error, message, path, span)


class _Masks:
    """Where, on the lines that mention the marker, a `#` is inside a scalar (text, not a comment)."""

    __slots__ = ("by_line",)

    def __init__(self, lines: list[int], spans: Sequence[Span]) -> None:
        wanted = set(lines)
        self.by_line: dict[int, list[tuple[int, float]]] = {}
        for span in spans:
            if span.line == span.end_line:
                if span.line in wanted:
                    self.add(span.line, span.column, span.end_column)
                continue
            first = bisect.bisect_left(lines, span.line)
            last = bisect.bisect_right(lines, span.end_line)
            for line in lines[first:last]:  # each marker line of a multi-line scalar
                start = span.column if line == span.line else 1
                end = span.end_column if line == span.end_line else math.inf
                self.add(line, start, end)

    def add(self, line: int, start: int, end: float) -> None:
        self.by_line.setdefault(line, []).append((start, end))

    def is_comment(self, line: int, text: str, index: int) -> bool:
        """Whether the `#` at `text[index]` (line `line`, 1-based) starts a comment."""
        if index > 0 and not text[index - 1].isspace():
            return False  # YAML: a comment's `#` follows a space or starts the line
        column = index + 1
        return not any(start <= column < end for start, end in self.by_line.get(line, ()))


def _comments(lines: list[str], spans: Sequence[Span], until: int) -> list[tuple[int, re.Match[str]]]:
    """(line index, match) of each `# srm-check:` in a real comment, in file order."""
    candidates = [i for i in range(min(until, len(lines))) if MARKER in lines[i]]
    masks = _Masks([i + 1 for i in candidates], spans)
    found = []
    for index in candidates:
        line = lines[index]
        position = line.find("#")
        while position >= 0 and not masks.is_comment(index + 1, line, position):
            position = line.find("#", position + 1)
        match = _COMMENT.search(line, position) if position >= 0 else None
        if match is not None:
            found.append((index, match))
    return found


class _Targets:
    """The 1-based line each comment is about: its own line, or the next line that is not a
    comment (computed once per file, so that many comments cost no more than one each)."""

    __slots__ = ("lines", "next_content")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.next_content: list[int] | None = None

    def of(self, index: int) -> int:
        if self.lines[index].split("#", 1)[0].strip():
            return index + 1
        if self.next_content is None:
            self.next_content = self._scan()
        later = self.next_content[index]
        return later + 1 if later >= 0 else index + 1

    def _scan(self) -> list[int]:
        """For each line, the index of the first later line with content (-1: none)."""
        out = [-1] * len(self.lines)
        following = -1
        for index in range(len(self.lines) - 1, -1, -1):
            out[index] = following
            stripped = self.lines[index].strip()
            if stripped and not stripped.startswith("#"):
                following = index
        return out


def parse_inline(
    text: str,
    path: str,
    settings: InlineWaivers,
    *,
    text_spans: Sequence[Span] = (),
    until_line: int | None = None,
) -> tuple[list[Waiver], list[Finding]]:
    """The inline waivers of one file, and findings for malformed or forbidden ones.

    `text_spans` are the spans of scalars holding a `#`: a marker inside one is text (a
    description that mentions a waiver), never a waiver. Lines from `until_line` on (where
    the YAML parser stopped) are not read: there a comment cannot be told from text.
    """
    if MARKER not in text:
        return [], []
    lines = text.splitlines()
    until = len(lines) if until_line is None else max(0, until_line - 1)
    waivers: list[Waiver] = []
    problems: list[Finding] = []
    targets = _Targets(lines)
    for count, (index, match) in enumerate(_comments(lines, text_spans, until)):
        comment = _Comment(path, lines, index, match)
        if count == MAX_INLINE_WAIVERS:
            message = (
                f"more than {MAX_INLINE_WAIVERS} inline waivers in this file; this one and the "
                "ones after it waive nothing (move them to the waivers file)"
            )
            problems.append(comment.problem(INLINE_WAIVER_INVALID, message))
            break
        parsed = comment.parse(settings, targets)
        if isinstance(parsed, Waiver):
            waivers.append(parsed)
        else:
            problems.append(parsed)
    return waivers, problems


class _Fields(NamedTuple):
    """The `key=value` words of a waiver comment, and what is wrong with them."""

    values: dict[str, str]
    expires: date | None
    errors: list[str]


def _read_fields(name: str, rule: str | None, words: list[str]) -> _Fields:
    """The fields after `waive RULE`; errors for an unknown rule and unknown, missing or bad fields."""
    fields = dict(word.split("=", 1) for word in words if "=" in word)
    loose = [word for word in words if "=" not in word]
    unknown = sorted(set(fields) - _FIELDS)
    missing = sorted({"owner", "expires", "reason"} - {k for k, v in fields.items() if v.strip()})
    expires = parse_date(fields.get("expires"))
    errors = []
    if rule is None:
        errors.append(f"unknown rule '{name}'")
    if unknown or loose:
        errors.append(f"unknown field(s) {', '.join(unknown + loose)}")
    if missing:
        errors.append(f"missing {', '.join(missing)}")
    elif expires is None:
        errors.append(f"'expires' {fields['expires']!r} is not a real date written YYYY-MM-DD")
    return _Fields(fields, expires, errors)


class _Comment:
    """One `# srm-check:` comment: line `index` of the file's `lines`."""

    __slots__ = ("index", "lines", "match", "path")

    def __init__(self, path: str, lines: list[str], index: int, match: re.Match[str]) -> None:
        self.path = path
        self.lines = lines
        self.index = index
        self.match = match

    def problem(self, code: str, message: str) -> Finding:
        return _problem(code, message, self.path, self.index + 1, self.match.start() + 1)

    def parse(self, settings: InlineWaivers, targets: _Targets) -> Waiver | Finding:
        """The waiver the comment writes, or the finding that says why it waives nothing."""
        try:
            words = shlex.split(self.match.group("body"))
        except ValueError as exc:
            return self.problem(INLINE_WAIVER_INVALID, f"inline waiver: {exc}")
        if len(words) < 2 or words[0] != "waive":
            message = "inline waiver: expected `# srm-check: waive RULE owner=... expires=... reason=...`"
            return self.problem(INLINE_WAIVER_INVALID, message)
        rule = settings.rules.get(words[1])
        fields = _read_fields(words[1], rule, words[2:])
        if rule is None or fields.expires is None or fields.errors:
            message = f"inline waiver: {'; '.join(fields.errors)}; it waives nothing"
            return self.problem(INLINE_WAIVER_INVALID, message)
        if "*" in settings.forbidden or rule in settings.forbidden:
            message = (
                f"inline waivers are not allowed for {rule} (forbid-inline-waivers); "
                "waive it in the waivers file"
            )
            return self.problem(INLINE_WAIVER_FORBIDDEN, message)
        return self.waiver(rule, fields.values, fields.expires, targets.of(self.index))

    def waiver(self, rule: str, fields: dict[str, str], expires: date, target: int) -> Waiver:
        """The waiver of valid fields, for the findings on the line it is about."""
        number, column = self.index + 1, self.match.start() + 1
        return Waiver(
            rule=rule,
            agreement=self.path,
            responsibility=None,
            pointer=None,
            reason=fields["reason"],
            owner=fields["owner"],
            expires=expires,
            ticket=fields.get("ticket"),
            path=self.path,
            span=Span(number, column, number, len(self.lines[self.index]) + 1),
            target_line=target,
        )
