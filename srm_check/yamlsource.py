"""Load YAML files into plain Python values plus a map of JSON pointer -> source span.

We build the values ourselves from the parser's event stream (libyaml through
ruamel.yaml.clib when available) so that we can keep every node's position, see
duplicate keys with both locations, and stop hostile input (deep nesting, alias
bombs, huge or binary files) early with a located problem instead of a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based source region; end_column is exclusive, as SARIF expects."""

    line: int
    column: int
    end_line: int
    end_column: int


FILE_START = Span(1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
class Problem:
    """A loader problem: the file (or one document of it) could not be read as data."""

    code: str
    message: str
    span: Span
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class DuplicateKey:
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


def escape_pointer_token(token: str) -> str:
    """Escape a JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
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


def resolve_plain(text: str) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema (dates stay strings)."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def _span(start: Any, end: Any) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _yaml_parser() -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False)


class _LimitExceeded(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(slots=True)
class _Frame:
    kind: str  # "map" or "seq"
    value: Any
    pointer: str
    start: Span
    anchor: str | None
    size: int = 1
    pending_key: str | None = None
    pending_key_span: Span | None = None
    last_end: Span | None = None
    key_is_complex: bool = False


class _Builder:
    """Turns parser events into Documents, enforcing depth and alias-expansion limits."""

    def __init__(self, max_depth: int, max_nodes: int) -> None:
        self.max_depth = max_depth
        self.max_nodes = max_nodes

    def documents(self, events: Iterator[Any], problems: list[Problem]) -> list[Document]:
        docs: list[Document] = []
        doc: Document | None = None
        stack: list[_Frame] = []
        anchors: dict[str, tuple[Any, int]] = {}
        expanded = 0
        skipping = 0  # depth of nodes being skipped (complex keys)
        for event in events:
            name = type(event).__name__
            if name == "DocumentStartEvent":
                doc = Document(index=len(docs), value=None)
                stack = []
                anchors = {}
                expanded = 0
                continue
            if name == "DocumentEndEvent":
                if doc is not None:
                    docs.append(doc)
                doc = None
                continue
            if doc is None or name in ("StreamStartEvent", "StreamEndEvent"):
                continue
            if skipping:
                if name in ("MappingStartEvent", "SequenceStartEvent"):
                    skipping += 1
                elif name in ("MappingEndEvent", "SequenceEndEvent"):
                    skipping -= 1
                if skipping == 0 and stack:
                    stack[-1].key_is_complex = True
                continue
            if name in ("MappingEndEvent", "SequenceEndEvent"):
                frame = stack.pop()
                end = frame.last_end or _span(event.start_mark, event.end_mark)
                span = Span(frame.start.line, frame.start.column, end.end_line, end.end_column)
                if frame.anchor:
                    anchors[frame.anchor] = (frame.value, frame.size)
                self._attach(doc, stack, frame.value, span, frame.size, problems)
                continue

            span = _span(event.start_mark, event.end_mark)
            anchor = getattr(event, "anchor", None)
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _CORE_TAGS:
                problems.append(
                    Problem(UNSUPPORTED_TAG, f"unsupported YAML tag {tag!r}; it is read as plain data", span)
                )
            # A key that is itself a mapping or sequence cannot name anything: skip it.
            if (
                stack
                and stack[-1].kind == "map"
                and stack[-1].pending_key is None
                and name in ("MappingStartEvent", "SequenceStartEvent")
            ):
                problems.append(
                    Problem(YAML_SYNTAX, "a mapping key must be a plain value, not a collection", span)
                )
                skipping = 1
                continue
            if name == "AliasEvent":
                target = anchors.get(event.anchor)
                if target is None:
                    raise _LimitExceeded(
                        Problem(YAML_SYNTAX, f"unknown alias *{event.anchor}", span)
                    )
                value, size = target
                expanded += size
                if expanded > self.max_nodes:
                    raise _LimitExceeded(
                        Problem(
                            ALIAS_LIMIT,
                            f"aliases expand to more than {self.max_nodes} nodes "
                            "(a YAML 'billion laughs' bomb?); the document was not read",
                            span,
                        )
                    )
                self._attach(doc, stack, value, span, size, problems)
                continue
            if name == "ScalarEvent":
                if tag == "tag:yaml.org,2002:str" or event.style or not event.implicit[0]:
                    value = event.value
                else:
                    value = resolve_plain(event.value)
                if anchor:
                    anchors[anchor] = (value, 1)
                self._attach(doc, stack, value, span, 1, problems)
                continue
            if name in ("MappingStartEvent", "SequenceStartEvent"):
                if len(stack) >= self.max_depth:
                    raise _LimitExceeded(
                        Problem(
                            TOO_DEEP,
                            f"nesting deeper than {self.max_depth} levels; the document was not read",
                            span,
                        )
                    )
                pointer = self._child_pointer(stack)
                kind = "map" if name == "MappingStartEvent" else "seq"
                container: Any = {} if kind == "map" else []
                stack.append(_Frame(kind, container, pointer, span, anchor))
                continue
        return docs

    @staticmethod
    def _child_pointer(stack: list[_Frame]) -> str:
        if not stack:
            return ""
        parent = stack[-1]
        if parent.kind == "map":
            return f"{parent.pointer}/{escape_pointer_token(parent.pending_key or '')}"
        return f"{parent.pointer}/{len(parent.value)}"

    def _attach(
        self,
        doc: Document,
        stack: list[_Frame],
        value: Any,
        span: Span,
        size: int,
        problems: list[Problem],
    ) -> None:
        if not stack:
            doc.value = value
            doc.spans[""] = span
            return
        parent = stack[-1]
        parent.size += size
        if parent.size > self.max_nodes:
            raise _LimitExceeded(
                Problem(ALIAS_LIMIT, f"more than {self.max_nodes} nodes in one document", span)
            )
        parent.last_end = span
        if parent.kind == "seq":
            pointer = f"{parent.pointer}/{len(parent.value)}"
            parent.value.append(value)
            doc.spans[pointer] = span
            return
        if parent.key_is_complex:
            parent.key_is_complex = False
            return
        if parent.pending_key is None:
            key = value if isinstance(value, str) else _scalar_text(value)
            parent.pending_key = key
            parent.pending_key_span = span
            return
        key = parent.pending_key
        key_span = parent.pending_key_span or span
        parent.pending_key = None
        pointer = f"{parent.pointer}/{escape_pointer_token(key)}"
        if key in parent.value:
            first = doc.key_spans.get(pointer, key_span)
            doc.duplicates.append(
                DuplicateKey(parent.pointer, key, first, key_span, value, span)
            )
            return
        parent.value[key] = value
        doc.spans[pointer] = span
        doc.key_spans[pointer] = key_span


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
                return None, Problem(ENCODING, f"not valid {codec.upper()}: {exc.reason}", FILE_START)
    if b"\x00" in data[:8192]:
        return None, Problem(BINARY_FILE, "binary file (contains NUL bytes); not YAML", FILE_START)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = data[exc.start : exc.start + 1].hex()
        span = Span(line, column, line, column + 1)
        return None, Problem(ENCODING, f"not valid UTF-8: byte 0x{byte} at offset {exc.start}", span)


def _syntax_problem(exc: Exception) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"{context}, {problem}" if context else str(problem)
    if mark is None:
        return Problem(YAML_SYNTAX, f"invalid YAML: {message}", FILE_START)
    line, column = mark.line + 1, mark.column + 1
    return Problem(YAML_SYNTAX, f"invalid YAML: {message}", Span(line, column, line, column + 1))


def parse_text(
    text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
) -> tuple[list[Document], list[Problem]]:
    """Parse YAML text into documents; problems say what could not be read, with where."""
    problems: list[Problem] = []
    builder = _Builder(max_depth, max_nodes)
    try:
        docs = builder.documents(iter(_yaml_parser().parse(text)), problems)
    except _LimitExceeded as exc:
        return [], [*problems, exc.problem]
    except RecursionError:
        return [], [Problem(TOO_DEEP, "nesting too deep to read", FILE_START)]
    except Exception as exc:  # ruamel raises several unrelated error classes
        return [], [*problems, _syntax_problem(exc)]
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
        return SourceFile(display, [], [Problem(UNREADABLE, f"cannot read file: {exc.strerror}", FILE_START)])
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
                    )
                )
    return SourceFile(display, docs, problems, kept)
