"""Load YAML files into plain Python values plus a map of JSON pointer -> source span.

We build the values ourselves from the parser's event stream (libyaml through
ruamel.yaml.clib when available) so that we can keep every node's position, see
duplicate keys with both locations, and stop hostile input (deep nesting, alias
bombs, huge or binary files) early with a located problem instead of a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from srm_check.diagnostics import (
    ALIAS_LIMIT,
    BINARY_FILE,
    DUPLICATE_KEY,
    EMPTY_FILE,
    ENCODING,
    TOO_DEEP,
    TOO_LARGE,
    UNREADABLE,
    UNSUPPORTED_TAG,
    YAML_SYNTAX,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 100
MAX_NODES = 200_000


class Span(NamedTuple):
    """A 1-based source region; end_column is exclusive, as SARIF expects."""

    line: int
    column: int
    end_line: int
    end_column: int


FILE_START = Span(1, 1, 1, 1)


class Problem(NamedTuple):
    """A loader problem: the file (or one document of it) could not be read as data."""

    code: str
    message: str
    span: Span
    pointer: str = ""
    document: int = 0


class DuplicateKey(NamedTuple):
    """A key that appears twice in one mapping; the first value wins in `value`."""

    mapping_pointer: str
    key: str
    first: Span
    duplicate: Span
    value: Any
    value_span: Span


@dataclass(slots=True)
class Document:
    """One YAML document: its data, and where each node of it came from."""

    index: int
    value: Any
    spans: dict[str, Span] = field(default_factory=dict)
    key_spans: dict[str, Span] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)

    def span(self, pointer: str) -> Span:
        """The span of the node at `pointer`, or of its nearest existing ancestor."""
        while pointer not in self.spans and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self.spans.get(pointer, FILE_START)


@dataclass(slots=True)
class SourceFile:
    """A file's documents and problems; `problems` non-empty means data may be missing."""

    path: str
    documents: list[Document]
    problems: list[Problem]
    data: bytes = b""
    text: str = ""  # the decoded text, for readers of comments (inline waivers)


def escape_pointer_token(token: str) -> str:
    """Escape a JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NUMBER = re.compile(
    r"(?P<int>[-+]?[0-9]+)\Z"
    r"|(?P<oct>0o[0-7]+)\Z"
    r"|(?P<hex>0x[0-9a-fA-F]+)\Z"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)\Z"
    r"|(?P<inf>[-+]?\.(?:inf|Inf|INF))\Z"
    r"|(?P<nan>\.(?:nan|NaN|NAN))\Z"
)
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}
_TYPED_TAGS = frozenset(
    {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
)
_PLAIN_SPECIAL = frozenset("-+.0123456789~nNtTfF")


def resolve_plain(text: str) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema (dates stay strings)."""
    if not text:
        return None
    if text[0] not in _PLAIN_SPECIAL:
        return text
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    match = _NUMBER.match(text)
    if match is None:
        return text
    kind = match.lastgroup
    if kind == "int":
        return int(text)
    if kind == "oct":
        return int(text[2:], 8)
    if kind == "hex":
        return int(text[2:], 16)
    if kind == "float":
        return float(text)
    if kind == "inf":
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan")


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _event_source(text: str) -> Callable[[], Any]:
    """A function returning the next parser event: libyaml when available, else pure Python."""
    from ruamel.yaml import CParser  # type: ignore[attr-defined]

    if CParser is not None:
        parser = CParser(text)
        return parser.get_event  # type: ignore[no-any-return]
    from ruamel.yaml import YAML

    events = iter(YAML(typ="safe", pure=True).parse(text))
    return lambda: next(events)


class _LimitExceeded(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = (
        "anchor",
        "is_map",
        "key",
        "key_span",
        "last",
        "pointer",
        "size",
        "skip_value",
        "start",
        "value",
    )

    def __init__(self, is_map: bool, pointer: str, start: Span, anchor: str | None) -> None:
        self.is_map = is_map
        self.value: Any = {} if is_map else []
        self.pointer = pointer
        self.start = start
        self.anchor = anchor
        self.size = 0  # the document's node count when this collection started
        self.key: str | None = None
        self.key_span: Span | None = None
        self.last: Span | None = None
        self.skip_value = False


def build_documents(
    next_event: Callable[[], Any],
    problems: list[Problem],
    max_depth: int,
    max_nodes: int,
    docs: list[Document] | None = None,
) -> list[Document]:
    """Turn parser events into Documents, enforcing depth and alias-expansion limits.

    Complete documents go into `docs` as they end, so that a caller still has the
    documents before a syntax error.
    """
    from ruamel.yaml import events as ev

    scalar, alias = ev.ScalarEvent, ev.AliasEvent
    map_start, seq_start = ev.MappingStartEvent, ev.SequenceStartEvent
    map_end, seq_end = ev.MappingEndEvent, ev.SequenceEndEvent
    doc_start, doc_end, stream_end = ev.DocumentStartEvent, ev.DocumentEndEvent, ev.StreamEndEvent
    str_tag = "tag:yaml.org,2002:str"

    docs = [] if docs is None else docs
    doc = Document(len(docs), None)
    spans = doc.spans
    key_spans = doc.key_spans
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    count = 0  # nodes in this file, aliases counted at their full size
    skipping = 0

    def attach(value: Any, span: Span) -> None:
        """Put a finished node into its parent (the slow path: collections and aliases)."""
        if not stack:
            doc.value = value
            spans[""] = span
            return
        parent = stack[-1]
        parent.last = span
        if not parent.is_map:
            spans[f"{parent.pointer}/{len(parent.value)}"] = span
            parent.value.append(value)
            return
        if parent.skip_value:
            parent.skip_value = False
            return
        key = parent.key
        if key is None:
            parent.key = _scalar_text(value)
            parent.key_span = span
            return
        put(parent, key, value, span)

    def put(parent: _Frame, key: str, value: Any, span: Span) -> None:
        parent.key = None
        token = key if ("~" not in key and "/" not in key) else escape_pointer_token(key)
        pointer = f"{parent.pointer}/{token}"
        key_span = parent.key_span or span
        if key in parent.value:
            first = key_spans.get(pointer, key_span)
            doc.duplicates.append(DuplicateKey(parent.pointer, key, first, key_span, value, span))
            return
        parent.value[key] = value
        spans[pointer] = span
        key_spans[pointer] = key_span

    while True:
        event = next_event()
        cls = event.__class__
        if cls is scalar:
            if skipping:
                continue
            mark, end_mark = event.start_mark, event.end_mark
            span = Span(mark.line + 1, mark.column + 1, end_mark.line + 1, end_mark.column + 1)
            tag = event.tag
            if tag is not None and tag not in _CORE_TAGS:
                problems.append(
                    Problem(
                        UNSUPPORTED_TAG,
                        f"unsupported YAML tag {tag!r}; it is read as plain data",
                        span,
                        document=doc.index,
                    )
                )
            text = event.value
            if tag == str_tag or event.style or not event.implicit[0]:
                # An explicit !!int, !!float, !!bool or !!null still gives that type.
                value: Any = resolve_plain(text) if tag in _TYPED_TAGS else text
            elif text and text[0] not in _PLAIN_SPECIAL:
                value = text
            else:
                value = resolve_plain(text)
            count += 1
            if count > max_nodes:
                raise _LimitExceeded(
                    Problem(
                        ALIAS_LIMIT,
                        f"more than {max_nodes} nodes in one file; it was not read",
                        span,
                        document=doc.index,
                    )
                )
            if event.anchor:
                anchors[event.anchor] = (value, 1)
            if stack:
                parent = stack[-1]
                parent.last = span
                if parent.is_map:
                    if parent.skip_value:
                        parent.skip_value = False
                    elif parent.key is None:
                        parent.key = value if type(value) is str else _scalar_text(value)
                        parent.key_span = span
                    else:
                        put(parent, parent.key, value, span)
                else:
                    spans[f"{parent.pointer}/{len(parent.value)}"] = span
                    parent.value.append(value)
            else:
                doc.value = value
                spans[""] = span
        elif cls is map_start or cls is seq_start:
            if skipping:
                skipping += 1
                continue
            span = _span(event)
            if event.tag is not None and event.tag not in _CORE_TAGS:
                problems.append(
                    Problem(
                        UNSUPPORTED_TAG,
                        f"unsupported YAML tag {event.tag!r}; it is read as plain data",
                        span,
                        document=doc.index,
                    )
                )
            if stack and stack[-1].is_map and stack[-1].key is None and not stack[-1].skip_value:
                # A key that is itself a collection cannot name anything: skip it and its value.
                problems.append(
                    Problem(
                        YAML_SYNTAX,
                        "a mapping key must be a plain value, not a collection",
                        span,
                        document=doc.index,
                    )
                )
                skipping = 1
                continue
            if len(stack) >= max_depth:
                raise _LimitExceeded(
                    Problem(
                        TOO_DEEP,
                        f"nesting deeper than {max_depth} levels; the document was not read",
                        span,
                        document=doc.index,
                    )
                )
            count += 1
            if count > max_nodes:
                raise _LimitExceeded(
                    Problem(
                        ALIAS_LIMIT,
                        f"more than {max_nodes} nodes in one file; it was not read",
                        span,
                        document=doc.index,
                    )
                )
            if stack:
                parent = stack[-1]
                if parent.is_map:
                    key = parent.key or ""
                    token = (
                        key if ("~" not in key and "/" not in key) else escape_pointer_token(key)
                    )
                    pointer = f"{parent.pointer}/{token}"
                    if key in parent.value:
                        # A repeated key's value is dropped; keep its nodes' spans from
                        # overwriting the first value's ("~d" never occurs in an escaped pointer).
                        pointer += "~dup"
                else:
                    pointer = f"{parent.pointer}/{len(parent.value)}"
            else:
                pointer = ""
            frame = _Frame(cls is map_start, pointer, span, event.anchor)
            frame.size = count
            stack.append(frame)
        elif cls is map_end or cls is seq_end:
            if skipping:
                skipping -= 1
                if skipping == 0 and stack:
                    stack[-1].skip_value = True
                continue
            frame = stack.pop()
            end = frame.last or _span(event)
            span = Span(frame.start.line, frame.start.column, end.end_line, end.end_column)
            if frame.anchor:
                anchors[frame.anchor] = (frame.value, count - frame.size + 1)
            attach(frame.value, span)
        elif cls is alias:
            if skipping:
                continue
            span = _span(event)
            target = anchors.get(event.anchor)
            if target is None:
                raise _LimitExceeded(
                    Problem(
                        YAML_SYNTAX, f"unknown alias *{event.anchor}", span, document=doc.index
                    )
                )
            count += target[1]
            if count > max_nodes:
                raise _LimitExceeded(
                    Problem(
                        ALIAS_LIMIT,
                        f"aliases expand to more than {max_nodes} nodes "
                        "(a YAML 'billion laughs' bomb?); the document was not read",
                        span,
                        document=doc.index,
                    )
                )
            attach(target[0], span)
        elif cls is doc_start:
            doc = Document(len(docs), None)
            spans = doc.spans
            key_spans = doc.key_spans
            stack = []
            anchors = {}
            # `count` runs on across documents: the node budget is per file, so that
            # many small documents cannot exhaust memory either.
        elif cls is doc_end:
            docs.append(doc)
        elif cls is stream_end:
            return docs


def _scalar_text(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _decode(data: bytes) -> tuple[str | None, Problem | None]:
    """Decode as UTF-8 (or UTF-16/32 with a BOM, as YAML allows) with a located error."""
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), None
            except UnicodeDecodeError as exc:
                return None, Problem(
                    ENCODING, f"not valid {codec.upper()}: {exc.reason}", FILE_START
                )
    if b"\x00" in data[:8192]:
        return None, Problem(BINARY_FILE, "binary file (contains NUL bytes); not YAML", FILE_START)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        skipped = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        start = skipped + exc.start  # exc.start does not count a byte-order mark
        before = data[skipped:start]
        line = before.count(b"\n") + 1
        # Columns count characters, as the YAML parser's do; `before` is valid UTF-8.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        byte = data[start : start + 1].hex()
        span = Span(line, column, line, column + 1)
        return None, Problem(ENCODING, f"not valid UTF-8: byte 0x{byte} at offset {start}", span)


def _syntax_problem(exc: Exception, document: int = 0) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"{context}, {problem}" if context else str(problem)
    if mark is None:
        return Problem(YAML_SYNTAX, f"invalid YAML: {message}", FILE_START, document=document)
    line, column = mark.line + 1, mark.column + 1
    span = Span(line, column, line, column + 1)
    return Problem(YAML_SYNTAX, f"invalid YAML: {message}", span, document=document)


def parse_text(
    text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
) -> tuple[list[Document], list[Problem]]:
    """Parse YAML text into documents; problems say what could not be read, with where."""
    problems: list[Problem] = []
    docs: list[Document] = []  # the documents complete before a syntax error are kept
    try:
        build_documents(_event_source(text), problems, max_depth, max_nodes, docs)
    except _LimitExceeded as exc:  # hostile input: nothing of the file is used
        return [], [*problems, exc.problem]
    except RecursionError:
        return [], [Problem(TOO_DEEP, "nesting too deep to read", FILE_START, document=len(docs))]
    except Exception as exc:  # ruamel raises several unrelated error classes
        return docs, [*problems, _syntax_problem(exc, len(docs))]
    return docs, problems


def load_file(
    path: Path,
    display: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
    keep_bytes: bool = False,
) -> SourceFile:
    """Read one YAML file; never raises for bad content, only reports problems."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return SourceFile(
                display,
                [],
                [
                    Problem(
                        TOO_LARGE,
                        f"file is {size} bytes, over the {max_bytes}-byte limit; it was not read",
                        FILE_START,
                    )
                ],
            )
        data = path.read_bytes()
    except OSError as exc:
        return SourceFile(
            display, [], [Problem(UNREADABLE, f"cannot read file: {exc.strerror}", FILE_START)]
        )
    text, problem = _decode(data)
    kept = data if keep_bytes else b""
    if problem is not None or text is None:
        return SourceFile(display, [], [problem] if problem else [], kept)
    docs, problems = parse_text(text, max_depth=max_depth, max_nodes=max_nodes)
    if not problems and not docs:
        problems.append(Problem(EMPTY_FILE, "file is empty: it holds no YAML document", FILE_START))
    for doc in docs:
        for dup in doc.duplicates:
            if dup.mapping_pointer != "/assignments":
                problems.append(
                    Problem(
                        DUPLICATE_KEY,
                        f"duplicate key {dup.key!r} (first at line {dup.first.line}); "
                        "the first value is used",
                        dup.duplicate,
                        f"{dup.mapping_pointer}/{escape_pointer_token(dup.key)}",
                        doc.index,
                    )
                )
    return SourceFile(display, docs, problems, kept, text)
