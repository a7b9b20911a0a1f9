"""Build documents from the YAML parser's event stream, keeping every node's span.

We build the values ourselves (libyaml through ruamel.yaml.clib when available) so that
we can keep every node's position, see duplicate keys with both locations, and stop
hostile input (deep nesting, alias bombs) early with a located problem instead of a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from srm_check.core.codes import ALIAS_LIMIT, TOO_DEEP, UNSUPPORTED_TAG, YAML_SYNTAX
from srm_check.core.problem import Problem
from srm_check.core.span import Span, escape_pointer_token
from srm_check.source.document import Document, DuplicateKey
from srm_check.source.scalars import _CORE_TAGS, _PLAIN_SPECIAL, _TYPED_TAGS, resolve_plain


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def event_source(text: str) -> Callable[[], Any]:
    """A function returning the next parser event: libyaml when available, else pure Python."""
    from ruamel.yaml import CParser  # type: ignore[attr-defined]

    if CParser is not None:
        parser = CParser(text)
        return parser.get_event  # type: ignore[no-any-return]
    from ruamel.yaml import YAML

    events = iter(YAML(typ="safe", pure=True).parse(text))
    return lambda: next(events)


class LimitExceeded(Exception):
    """Hostile input: the file is not read at all, for the problem it carries."""

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
                        f"unsupported YAML tag {tag!r}; it is read as plain data",
                        span,
                        code=UNSUPPORTED_TAG,
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
                raise LimitExceeded(
                    Problem(
                        f"more than {max_nodes} nodes in one file; it was not read",
                        span,
                        code=ALIAS_LIMIT,
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
                        f"unsupported YAML tag {event.tag!r}; it is read as plain data",
                        span,
                        code=UNSUPPORTED_TAG,
                        document=doc.index,
                    )
                )
            if stack and stack[-1].is_map and stack[-1].key is None and not stack[-1].skip_value:
                # A key that is itself a collection cannot name anything: skip it and its value.
                problems.append(
                    Problem(
                        "a mapping key must be a plain value, not a collection",
                        span,
                        code=YAML_SYNTAX,
                        document=doc.index,
                    )
                )
                skipping = 1
                continue
            if len(stack) >= max_depth:
                raise LimitExceeded(
                    Problem(
                        f"nesting deeper than {max_depth} levels; the document was not read",
                        span,
                        code=TOO_DEEP,
                        document=doc.index,
                    )
                )
            count += 1
            if count > max_nodes:
                raise LimitExceeded(
                    Problem(
                        f"more than {max_nodes} nodes in one file; it was not read",
                        span,
                        code=ALIAS_LIMIT,
                        document=doc.index,
                    )
                )
            if stack:
                parent = stack[-1]
                if parent.is_map:
                    key = parent.key or ""
                    token = key if ("~" not in key and "/" not in key) else escape_pointer_token(key)
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
                raise LimitExceeded(
                    Problem(f"unknown alias *{event.anchor}", span, code=YAML_SYNTAX, document=doc.index)
                )
            count += target[1]
            if count > max_nodes:
                raise LimitExceeded(
                    Problem(
                        f"aliases expand to more than {max_nodes} nodes "
                        "(a YAML 'billion laughs' bomb?); the document was not read",
                        span,
                        code=ALIAS_LIMIT,
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
