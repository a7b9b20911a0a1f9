"""A file as lines, and edits that replace or insert whole lines, so that every line no
edit touches is written back byte for byte (line endings and all)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from srm_check.core.span import Span
from srm_check.rules.agreement import AssignmentData
from srm_check.source.document import Document


class Edit(NamedTuple):
    """Replace lines [start, end) (0-based) with `lines`; start == end inserts before `start`."""

    start: int
    end: int
    lines: tuple[str, ...]


class EditConflict(Exception):
    """Two edits touch the same lines: a bug in planning, never written."""


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its own line ending."""
    return text.splitlines(keepends=True)


def newline_of(lines: list[str]) -> str:
    """The file's line ending: that of its first line (a file of one unterminated line: \\n)."""
    for line in lines:
        stripped = line.rstrip("\r\n")
        if stripped != line:
            return line[len(stripped) :]
    return "\n"


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_comment(line: str) -> bool:
    return line.lstrip(" \t").startswith("#")


def is_blank(line: str) -> bool:
    return not line.strip()


def last_line(span: Span) -> int:
    """The 0-based index of the last line a node's text is on (an end at column 1 is the line
    before: the parser's end mark sits after the newline)."""
    end = span.end_line - 1 if span.end_column == 1 and span.end_line > span.line else span.end_line
    return end - 1


def lead_start(lines: list[str], first: int, floor: int = 0) -> int:
    """The first of the comment lines directly above line `first` (none: `first`), not above `floor`."""
    start = first
    while start - 1 >= floor and is_comment(lines[start - 1]):
        start -= 1
    return start


class Region(NamedTuple):
    """An assignment entry's lines [first, last] (0-based) and the column its key or dash is at."""

    first: int
    last: int
    column: int
    item: bool  # an entry of the list form (`- responsibility: ...`)


def listed(doc: Document) -> bool:
    """Whether the document's assignments are written as a list (`- responsibility: ...`)."""
    return isinstance(doc.value, dict) and isinstance(doc.value.get("assignments"), list)


def entry_region(entry: AssignmentData, doc: Document, lines: list[str]) -> Region | None:
    """Where an entry is written, when it is written in block style on lines of its own."""
    if entry.duplicate_of is not None:
        whole = entry.value_span
    else:
        whole = doc.spans.get(entry.pointer, entry.value_span)
    item = listed(doc)
    first = (whole.line if item else entry.key_span.line) - 1
    if not 0 <= first < len(lines):
        return None
    line = lines[first]
    column = indent_of(line)
    if item:
        if not line[column:].startswith("-") or whole.column - 1 <= column:
            return None
    elif entry.key_span.column - 1 != column:  # something else stands before the key on its line
        return None
    last = max(last_line(whole), first)
    return Region(first, min(last, len(lines) - 1), column, item)


def apply_edits(lines: list[str], edits: Iterable[Edit]) -> list[str]:
    """The lines with every edit made; edits may not overlap (insertions at one place keep their order)."""
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[1].end > pair[1].start, pair[0]))
    out: list[str] = []
    position = 0
    for _, edit in ordered:
        if edit.start < position:
            raise EditConflict(f"edits overlap at line {edit.start + 1}")
        out.extend(lines[position : edit.start])
        out.extend(edit.lines)
        position = edit.end
    out.extend(lines[position:])
    return out
