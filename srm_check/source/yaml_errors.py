"""Where a YAML syntax error is, for a person: which of the parser's marks to show, and in what words.

ruamel.yaml (libyaml under it) raises a `MarkedYAMLError` with two marks: `problem_mark`,
where the parser noticed that something is wrong, and `context_mark`, where the construct it
was reading began. The problem mark is right for nearly every kind (an unexpected character,
a bad indentation, an anchor, a tag, an escape, a block collection), but not for a construct
that only its own closer can end: a flow collection (`]`, `}`), a quoted scalar (its quote)
or a key (its `:`). When one of those is never closed, the parser reads on, lines or the
whole file further, and gives up where nothing is wrong; the mistake is where it opened.
A `ReaderError` (a control character) has no mark at all, only the character.
"""

from __future__ import annotations

from typing import Any

from srm_check.core.codes import YAML_SYNTAX
from srm_check.core.problem import Problem
from srm_check.core.span import Span

TAB_HINT = "; the line is indented with a tab: YAML indents with spaces only"

# The contexts (libyaml's words, and ruamel's pure-Python parser's) of a construct only its closer ends.
_FLOW = ("while parsing a flow sequence", "while parsing a flow mapping")
_FLOW_NODE = "while parsing a flow node"  # an item of a flow collection; the mark is the item's
_QUOTED = "while scanning a quoted scalar"  # raised only at the end of the stream or at `---`/`...`
_SIMPLE_KEY = "while scanning a simple key"  # a key and its `:` must share a line
_CLOSERS = {"[": "]", "{": "}"}


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _indent(text: str, line: int) -> int:
    """How many spaces and tabs start 0-based `line` of `text` (0 past its end)."""
    lines = _lines(text)
    if not 0 <= line < len(lines):
        return 0
    current = lines[line]
    return len(current) - len(current.lstrip(" \t"))


def _tab_indented(text: str, line: int) -> bool:
    """Whether 0-based `line` of `text` has a tab in its indentation."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return False
    current = lines[line]
    return "\t" in current[: len(current) - len(current.lstrip(" \t"))]


def _at_end(text: str, mark: Any) -> bool:
    """Whether nothing but blanks and comments follows `mark`: the parser ran out of file."""
    lines = _lines(text)
    rest = [lines[mark.line][mark.column :], *lines[mark.line + 1 :]] if mark.line < len(lines) else []
    return all(not line.strip() or line.lstrip().startswith("#") for line in rest)


def _left_behind(text: str, opener: Any, problem: Any) -> bool:
    """Whether the parser gave up where the collection opened at `opener` can no longer be: at
    the end of the file, or on a later line indented no deeper than the opener's line (YAML
    continues a flow collection only on lines indented deeper than the block that holds it)."""
    if _at_end(text, problem):
        return True
    return problem.line > opener.line and _indent(text, problem.line) <= _indent(text, opener.line)


def _where(text: str, mark: Any) -> str:
    if _at_end(text, mark):
        return "the end of the file"
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _char_at(text: str, mark: Any) -> str:
    lines = _lines(text)
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return str(lines[mark.line][mark.column])
    return ""


def _open_flow(text: str) -> Any:
    """The start mark of the innermost flow collection still open where parsing `text` fails.

    A flow node's error marks the item, not the collection: the events before the error say
    which collection is open. Parsing again costs nothing worth counting on this path only.
    """
    from srm_check.source.events import event_source

    next_event = event_source(text)
    open_marks: list[Any] = []
    try:
        while (event := next_event()) is not None:
            kind = type(event).__name__
            if kind in ("SequenceStartEvent", "MappingStartEvent"):
                open_marks.append(event.start_mark if event.flow_style else None)
            elif kind in ("SequenceEndEvent", "MappingEndEvent") and open_marks:
                open_marks.pop()
    except Exception:  # the error being reported; StopIteration from the pure parser too
        pass
    return open_marks[-1] if open_marks else None


def _unclosed(exc: Exception, text: str) -> tuple[Any, str] | None:
    """The opener of a construct that was never closed, and what it lacked; None when the
    problem mark is the right place."""
    context, problem = getattr(exc, "context", None), getattr(exc, "problem_mark", None)
    opener = getattr(exc, "context_mark", None)
    if problem is None or opener is None:
        return None
    if context == _SIMPLE_KEY:
        return opener, "the key here is not followed by ':' on its line"
    if context == _QUOTED:
        quote = _char_at(text, opener) or '"'
        where = _where(text, problem)
        return opener, f"the quoted value here is not closed: expected a closing {quote} before {where}"
    if context == _FLOW_NODE:
        opener = _open_flow(text)
    elif context not in _FLOW:
        return None
    if opener is None or not _left_behind(text, opener, problem):
        return None
    bracket = _char_at(text, opener)
    if bracket not in _CLOSERS:
        return None
    expected = "a value" if context == _FLOW_NODE else "','"
    return opener, (
        f"the '{bracket}' here is not closed: expected {expected} or '{_CLOSERS[bracket]}' "
        f"before {_where(text, problem)}"
    )


def _reader_problem(exc: Exception, document: int, text: str) -> Problem | None:
    """A character the YAML reader refuses (a control character), at its place in `text`."""
    character = getattr(exc, "character", None)
    if not isinstance(character, int) or not hasattr(exc, "position"):
        return None
    offset = text.find(chr(character))  # the reader stops at the first unacceptable character
    if offset < 0:
        return None
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    message = f"invalid YAML: {str(exc).strip().splitlines()[0]}"
    return Problem(message, Span(line, column, line, column + 1), code=YAML_SYNTAX, document=document)


def syntax_problem(exc: Exception, document: int = 0, text: str = "") -> Problem:
    """A parser error as an SRM001 problem, at the most useful of its marks (see the module doc)."""
    read = _reader_problem(exc, document, text)
    if read is not None:
        return read
    unclosed = _unclosed(exc, text)
    if unclosed is not None:
        mark, message = unclosed[0], f"invalid YAML: {unclosed[1]}"
    else:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
        context = getattr(exc, "context", None)
        message = f"invalid YAML: {context}, {problem}" if context else f"invalid YAML: {problem}"
        if mark is not None and _tab_indented(text, mark.line):
            message += TAB_HINT  # libyaml only says "found character '\t' that cannot start any token"
    if mark is None:
        return Problem(message, code=YAML_SYNTAX, document=document)
    line, column = mark.line + 1, mark.column + 1
    return Problem(message, Span(line, column, line, column + 1), code=YAML_SYNTAX, document=document)
