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
from typing import NamedTuple

from srm_check.core.codes import INLINE_WAIVER_FORBIDDEN, INLINE_WAIVER_INVALID
from srm_check.core.dates import parse_date
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.pipeline.waivers.model import Waiver

MARKER = "srm-check:"
_COMMENT = re.compile(r"#\s*srm-check:\s*(?P<body>.*)$")
_FIELDS = {"owner", "expires", "reason", "ticket"}


class InlineWaivers(NamedTuple):
    """How to read inline waivers: rule ids and names -> id, and the rule ids (or "*") they may not waive."""

    rules: dict[str, str]
    forbidden: frozenset[str]


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
    rules, banned = settings.rules, settings.forbidden
    lines = text.splitlines()
    waivers: list[Waiver] = []
    problems: list[Finding] = []
    for index, line in enumerate(lines):
        if MARKER not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        number, column = index + 1, match.start() + 1
        try:
            words = shlex.split(match.group("body"))
        except ValueError as exc:
            problems.append(_problem(INLINE_WAIVER_INVALID, f"inline waiver: {exc}", path, number, column))
            continue
        if len(words) < 2 or words[0] != "waive":
            message = "inline waiver: expected `# srm-check: waive RULE owner=... expires=... reason=...`"
            problems.append(_problem(INLINE_WAIVER_INVALID, message, path, number, column))
            continue
        rule = rules.get(words[1])
        fields = dict(word.split("=", 1) for word in words[2:] if "=" in word)
        loose = [word for word in words[2:] if "=" not in word]
        unknown = sorted(set(fields) - _FIELDS)
        missing = sorted({"owner", "expires", "reason"} - {k for k, v in fields.items() if v.strip()})
        expires = parse_date(fields.get("expires"))
        errors = []
        if rule is None:
            errors.append(f"unknown rule '{words[1]}'")
        if unknown or loose:
            errors.append(f"unknown field(s) {', '.join(unknown + loose)}")
        if missing:
            errors.append(f"missing {', '.join(missing)}")
        elif expires is None:
            errors.append(f"'expires' {fields['expires']!r} is not a real date written YYYY-MM-DD")
        if errors:
            message = f"inline waiver: {'; '.join(errors)}; it waives nothing"
            problems.append(_problem(INLINE_WAIVER_INVALID, message, path, number, column))
            continue
        assert rule is not None and expires is not None
        if "*" in banned or rule in banned:
            message = (
                f"inline waivers are not allowed for {rule} (forbid-inline-waivers); "
                "waive it in the waivers file"
            )
            problems.append(_problem(INLINE_WAIVER_FORBIDDEN, message, path, number, column))
            continue
        waivers.append(
            Waiver(
                rule=rule,
                agreement=path,
                responsibility=None,
                pointer=None,
                reason=fields["reason"],
                owner=fields["owner"],
                expires=expires,
                ticket=fields.get("ticket"),
                path=path,
                span=Span(number, column, number, len(line) + 1),
                target_line=_target(lines, index),
            )
        )
    return waivers, problems
