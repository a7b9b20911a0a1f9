"""Inline waivers: a YAML comment in an agreement that waives one finding on its line.

    manage-data: community  # srm-check: waive SRM201 owner=ana@example.org expires=2026-06-30 reason="..."

A comment on a line of its own waives the findings on the next line that is not a
comment. The fields are those of the waivers file (reason, owner and expiry required,
ticket optional); the same expiry rules apply. YAML parsers drop comments, so these are
read from the file's text, and only when it mentions `srm-check:` at all.
"""

from __future__ import annotations

import re
import shlex
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


def _problem(code: str, message: str, path: str, line: int, column: int) -> Finding:
    span = Span(line, column, line, column + 1)
    return Finding(code, Severity.error, message, path, span)


def _target(lines: list[str], index: int) -> int:
    """The 1-based line a comment at `lines[index]` is about."""
    before = lines[index].split("#", 1)[0]
    if before.strip():
        return index + 1
    for later in range(index + 1, len(lines)):
        stripped = lines[later].strip()
        if stripped and not stripped.startswith("#"):
            return later + 1
    return index + 1


def parse_inline(text: str, path: str, settings: InlineWaivers) -> tuple[list[Waiver], list[Finding]]:
    """The inline waivers of one file, and findings for malformed or forbidden ones."""
    if MARKER not in text:
        return [], []
    lines = text.splitlines()
    waivers: list[Waiver] = []
    problems: list[Finding] = []
    for index, line in enumerate(lines):
        match = _COMMENT.search(line) if MARKER in line else None
        if match is None:
            continue
        comment = _Comment(path, lines, index, match)
        parsed = comment.parse(settings)
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

    def parse(self, settings: InlineWaivers) -> Waiver | Finding:
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
        return self.waiver(rule, fields.values, fields.expires)

    def waiver(self, rule: str, fields: dict[str, str], expires: date) -> Waiver:
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
            target_line=_target(self.lines, self.index),
        )
