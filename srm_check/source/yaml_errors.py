"""Where a YAML syntax error is, for a person: which of the parser's marks to show, and in what words.

ruamel.yaml (libyaml under it) raises a `MarkedYAMLError` with two marks: `problem_mark`,
where the parser noticed that something is wrong, and `context_mark`, where the construct it
was reading began. The problem mark is right for nearly every kind (an unexpected character,
a bad indentation, an anchor, a tag, an escape, a block collection), but not for a construct
that only its own closer can end: a flow collection (`]`, `}`), a quoted scalar (its quote)
or a key (its `:`). When one of those is never closed, the parser reads on, lines or the
whole file further, and gives up where nothing is wrong; the mistake is where it opened.
Likewise a ':' refused after plain text begun on an earlier line ("mapping values are not
allowed", no context mark): the line that began it lacks its own ':'. A `ReaderError` (a
control character) has no mark at all, only the character.
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


def _last_token(text: str) -> Any:
    """The last token scanned before scanning `text` fails (None if none)."""
    import srm_check.source.flat_events as flat

    if flat.CParser is not None:
        tokens: Any = iter(flat.CParser(text).get_token, None)
    else:
        from ruamel.yaml import YAML

        tokens = YAML(typ="safe", pure=True).scan(text)
    last = None
    try:
        for last in tokens:  # noqa: B007  # the last one is the one wanted
            pass
    except Exception:  # the error being reported
        pass
    return last


def _no_colon(problem: Any) -> str:
    """A line of text that the next line's ':' would make a key: it lacks its own ':'."""
    return (
        f"the line here has no ':', so it and line {problem.line + 1} read as one key, but a key "
        "must be on one line: is a ':' missing here?"
    )


def _key_over_lines(exc: Exception, text: str) -> tuple[Any, str] | None:
    """A ':' refused because the plain text before it began on an earlier line: YAML reads the
    lines as one text, which a ':' cannot make a key (a key fits on one line). Text that starts
    its line lacks its own ':' (the mistake is there); text after a key or '-' runs on to an
    indented line that was meant as a key (the mistake is that line: the problem mark stays)."""
    problem = getattr(exc, "problem_mark", None)
    said = str(getattr(exc, "problem", ""))
    if getattr(exc, "context", None) or problem is None or not said.startswith("mapping values are not"):
        return None
    token = _last_token(text)
    if type(token).__name__ != "ScalarToken" or not getattr(token, "plain", False):
        return None
    start = token.start_mark
    if start.line >= problem.line:
        return None
    if start.column == _indent(text, start.line):
        return start, _no_colon(problem)
    return problem, (
        f"{said}: this line continues the text begun at line {start.line + 1}, column "
        f"{start.column + 1}, so it cannot hold a key: indent it less, or quote that text"
    )


def _unclosed(exc: Exception, text: str) -> tuple[Any, str] | None:
    """The opener of a construct that was never closed, and what it lacked; None when the
    problem mark is the right place."""
    context, problem = getattr(exc, "context", None), getattr(exc, "problem_mark", None)
    opener = getattr(exc, "context_mark", None)
    if problem is None or opener is None:
        return None
    if context == _SIMPLE_KEY:  # on a later line; on its own line only past 1,024 characters
        return (opener, _no_colon(problem)) if problem.line > opener.line else None
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
    placed = _unclosed(exc, text) or _key_over_lines(exc, text)
    if placed is not None:
        mark, message = placed[0], f"invalid YAML: {placed[1]}"
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
