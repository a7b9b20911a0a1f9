"""Build documents from the YAML parser's event stream, keeping every node's span.

We build values ourselves (libyaml via ruamel.yaml.clib when available) to keep every node's
position, see duplicate keys at both places, and stop hostile input early with a located problem.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from srm_check.core.codes import ALIAS_LIMIT, TOO_DEEP, UNSUPPORTED_TAG, YAML_SYNTAX
from srm_check.core.problem import Problem
from srm_check.core.span import ESCAPED, Span, escape_pointer_token
from srm_check.source.document import Document, DuplicateKey, as_span, is_empty
from srm_check.source.scalars import _CORE_TAGS, _PLAIN_SPECIAL, RESOLVED, scalar_text, scalar_value


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


@cache
def _flat() -> Any:
    """flat_events, which imports ruamel.yaml: at the first file parsed, not at start-up. An
    import statement run per file costs a failed attribute look-up (`__spec__._initializing`)."""
    import srm_check.source.flat_events as flat

    return flat


def event_source(text: str) -> Callable[[], Any]:
    """A function returning the next parser event: libyaml when available, else pure Python."""
    flat = _flat()
    if flat.CParser is not None:
        flat.install()
        return flat.CParser(text).get_event  # type: ignore[no-any-return]
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
        "canon",
        "is_map",
        "key",
        "key_canon",
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
        self.size = 0  # the file's node count when this collection started
        self.key: str | None = None  # the pending key, as written
        self.key_canon = ""  # ... and what it means: the text of its YAML value
        self.canon: dict[str, str] = {}  # each key's meaning -> the key as first written
        self.key_span: Any = None  # the current key's place (a Span or its event)
        self.last: Any = None  # the place of the last node read in this collection
        self.skip_value = False


def build_documents(
    next_event: Callable[[], Any],
    problems: list[Problem],
    max_depth: int,
    max_nodes: int,
    docs: list[Document] | None = None,
    max_documents: int | None = None,
) -> list[Document]:
    """Turn parser events into Documents, enforcing depth and alias-expansion limits.

    Complete documents go into `docs` as they end, so that a caller still has the
    documents before a syntax error.
    """
    docs = [] if docs is None else docs
    builder = _Builder(next_event, problems, max_depth, max_nodes, docs)
    builder.max_documents = max_documents
    return builder.run()


class _Builder:
    """One file's build: the document being filled, its open collections and its anchors.

    The node count runs on across documents: the budget is per file, so that many
    small documents cannot exhaust memory either.
    """

    __slots__ = (
        "anchors",
        "count",
        "doc",
        "docs",
        "max_depth",
        "max_documents",
        "max_nodes",
        "next_event",
        "problems",
        "stack",
    )

    def __init__(
        self,
        next_event: Callable[[], Any],
        problems: list[Problem],
        max_depth: int,
        max_nodes: int,
        docs: list[Document],
    ) -> None:
        self.next_event = next_event
        self.problems = problems
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.max_documents: int | None = None
        self.docs = docs
        self.doc = Document(len(docs), None)
        self.stack: list[_Frame] = []  # one list for the whole file: the loop keeps it in a local
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.count = 0  # nodes in this file, aliases counted at their full size

    def run(self) -> list[Document]:
        """Feed each event to its handler until the stream ends.

        The untagged scalar, by far the most frequent event, is handled inline: a method
        call per scalar (and per placement) made `parse_text` about 5% slower. A node's
        place is recorded as its event (`as_span` makes a Span of it when asked).
        """
        flat = _flat()
        next_event, handlers = self.next_event, flat.with_flat(self.handlers())
        scalar_event, stream_end, ignore = flat.scalar_class(), flat.ev.StreamEndEvent, _ignore
        stack, max_nodes, special, resolved = self.stack, self.max_nodes, _PLAIN_SPECIAL | {""}, RESOLVED
        escaped = ESCAPED
        places, key_places = self.doc.places, self.doc.key_places
        count = self.count  # kept in a local; `self.count` is brought up to date around handlers
        event = next_event()
        while event.__class__ is not stream_end:
            if event.__class__ is not scalar_event or event.ctag is not None or event.anchor:
                self.count = count
                handlers.get(event.__class__, ignore)(event)
                count = self.count
                places, key_places = self.doc.places, self.doc.key_places  # a new document?
                event = next_event()
                continue
            text = event.value
            # Untagged, a scalar is plain exactly when its style is '' (libyaml's `plain_implicit`);
            # quoted, or plain text that cannot be a number, boolean or null, it is its text.
            value = text if event.style or text[:1] not in special else resolved[text]
            count += 1
            if count > max_nodes:
                raise self.too_many_nodes(as_span(event))
            if not stack:
                self.place(value, event)
                event = next_event()
                continue
            # `place` and `put`, inlined for a key, and a value with an extent under a key seen once.
            parent = stack[-1]
            parent.last = event
            key = parent.key
            if key is None:  # a sequence's item, a key, or the value of a skipped key
                if parent.is_map and not parent.skip_value:
                    parent.key_span = event
                    parent.key = text  # as written: messages quote what the user wrote
                    parent.key_canon = value if value.__class__ is str else scalar_text(value)
                else:
                    self.scalar_item(parent, value, event)
            elif text and parent.key_canon not in parent.canon:
                parent.key = None
                parent.canon[parent.key_canon] = key
                parent.value[key] = value
                pointer = f"{parent.pointer}/{escaped[key]}"
                places[pointer] = event
                key_places[pointer] = parent.key_span
            else:
                self.put(parent, key, value, event)
            event = next_event()
        self.count = count
        return self.docs

    def scalar_item(self, parent: _Frame, value: Any, event: Any) -> None:
        """A plain scalar that is no key: a sequence's item, or the (dropped) value of a key
        that was a collection."""
        if parent.is_map:
            parent.skip_value = False
        else:
            self.append(parent, value, event)

    def handlers(self) -> dict[type, Callable[[Any], None]]:
        """The handler of each event class (stream start has nothing to build)."""
        ev = _flat().ev
        return {
            ev.ScalarEvent: self.scalar,
            ev.MappingStartEvent: lambda event: self.collection_start(event, True),
            ev.SequenceStartEvent: lambda event: self.collection_start(event, False),
            ev.MappingEndEvent: self.collection_end,
            ev.SequenceEndEvent: self.collection_end,
            ev.AliasEvent: self.alias,
            ev.DocumentStartEvent: self.document_start,
            ev.DocumentEndEvent: self.document_end,
        }

    # --- one handler per event kind ----------------------------------------------------------

    def scalar(self, event: Any) -> None:
        """A value: resolved by the core schema (or its explicit core tag), counted, placed."""
        tag = event.tag
        if tag is not None and tag not in _CORE_TAGS:
            self.unsupported_tag(tag, _span(event))
        value = scalar_value(event, tag)
        self.count += 1
        if self.count > self.max_nodes:
            raise self.too_many_nodes(_span(event))
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.place(value, event, event.value)

    def collection_start(self, event: Any, is_map: bool) -> None:
        """A mapping or sequence opens: checked against the limits, then a new frame."""
        span = _span(event)
        if event.tag is not None and event.tag not in _CORE_TAGS:
            self.unsupported_tag(event.tag, span)
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].key is None and not stack[-1].skip_value:
            # A key that is itself a collection cannot name anything: skip it and its value.
            self.problem("a mapping key must be a plain value, not a collection", span, YAML_SYNTAX)
            self.skip_key()
            return
        if len(stack) >= self.max_depth:
            message = f"nesting deeper than {self.max_depth} levels; the document was not read"
            raise LimitExceeded(Problem(message, span, code=TOO_DEEP, document=self.doc.index))
        self.count += 1
        if self.count > self.max_nodes:
            raise self.too_many_nodes(span)
        frame = _Frame(is_map, self.child_pointer(), span, event.anchor)
        frame.size = self.count
        stack.append(frame)

    def collection_end(self, event: Any) -> None:
        """A mapping or sequence closes: its span runs to its last node, and it is placed."""
        frame = self.stack.pop()
        end = as_span(frame.last if frame.last is not None else event)
        span = Span(frame.start.line, frame.start.column, end.end_line, end.end_column)
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.value, self.count - frame.size + 1)
        self.place(frame.value, span)

    def alias(self, event: Any) -> None:
        """An alias: its anchor's value again, counted at its full size."""
        target = self.anchors.get(event.anchor)
        if target is None:
            problem = Problem(
                f"unknown alias *{event.anchor}", _span(event), code=YAML_SYNTAX, document=self.doc.index
            )
            raise LimitExceeded(problem)
        self.count += target[1]
        if self.count > self.max_nodes:
            message = (
                f"aliases expand to more than {self.max_nodes} nodes "
                "(a YAML 'billion laughs' bomb?); the document was not read"
            )
            raise LimitExceeded(Problem(message, _span(event), code=ALIAS_LIMIT, document=self.doc.index))
        self.place(target[0], event)

    def document_start(self, event: Any) -> None:
        """A new document: fresh values and anchors (the node count runs on)."""
        if self.max_documents is not None and len(self.docs) >= self.max_documents:
            message = f"more than {self.max_documents} documents in one file; it was not read"
            raise LimitExceeded(Problem(message, _span(event), code=ALIAS_LIMIT, document=len(self.docs)))
        self.doc = Document(len(self.docs), None)
        self.stack.clear()
        self.anchors = {}

    def document_end(self, event: Any) -> None:
        """A complete document, kept even if a later one is broken."""
        self.docs.append(self.doc)

    # --- shared steps ------------------------------------------------------------------------

    def skip_key(self) -> None:
        """Consume a collection used as a key up to its end: nothing in it is read or counted.

        Its value is then read (counted, checked) but not kept.
        """
        from ruamel.yaml import events as ev

        depth = 1
        while depth:
            event = self.next_event()
            if isinstance(event, ev.CollectionStartEvent):
                depth += 1
            elif isinstance(event, ev.CollectionEndEvent):
                depth -= 1
        self.stack[-1].skip_value = True

    def place(self, value: Any, span: Any, written: str | None = None) -> None:
        """Put a finished node into its parent: the next item, a key, or a key's value.

        `span` is the node's place (a Span, or its event). A key is kept as written (`written`,
        a scalar's text): `0x1f` stays `0x1f`, not 31, so that every message quotes what the
        user wrote."""
        stack = self.stack
        if not stack:
            self.doc.value = value
            self.doc.places[""] = span
            return
        parent = stack[-1]
        if not parent.is_map:
            self.append(parent, value, span)
            return
        parent.last = span
        if parent.skip_value:
            parent.skip_value = False
        elif parent.key is None:
            canon = value if type(value) is str else scalar_text(value)
            parent.key = canon if type(value) is str or written is None else written
            parent.key_canon = canon
            parent.key_span = span
        else:
            self.put(parent, parent.key, value, span)

    def append(self, parent: _Frame, value: Any, span: Any) -> None:
        """The next item of a sequence."""
        parent.last = span
        self.doc.places[f"{parent.pointer}/{len(parent.value)}"] = span
        parent.value.append(value)

    def put(self, parent: _Frame, key: str, value: Any, span: Any) -> None:
        """A key's value into its mapping; a repeated key keeps the first value."""
        parent.key = None
        pointer = f"{parent.pointer}/{ESCAPED[key]}"
        key_span = parent.key_span if parent.key_span is not None else span
        if is_empty(span):
            # An empty value (a null written as nothing) has no extent: use the key's.
            span = key_span
        doc = self.doc
        earlier = parent.canon.get(parent.key_canon)
        if earlier is not None:  # `1`, `01` and `0x1` are one key: YAML reads each as 1
            token = escape_pointer_token(earlier)
            first = as_span(doc.key_places.get(f"{parent.pointer}/{token}", key_span))
            duplicate = DuplicateKey(parent.pointer, key, first, as_span(key_span), value, as_span(span))
            doc.duplicates.append(duplicate)
            return
        parent.canon[parent.key_canon] = key
        parent.value[key] = value
        doc.places[pointer] = span
        doc.key_places[pointer] = key_span

    def child_pointer(self) -> str:
        """The pointer of the node about to open in the innermost collection."""
        if not self.stack:
            return ""
        parent = self.stack[-1]
        if not parent.is_map:
            return f"{parent.pointer}/{len(parent.value)}"
        key = parent.key or ""
        token = escape_pointer_token(key)
        if parent.key_canon in parent.canon:
            # A repeated key's value is dropped; keep its nodes' spans from overwriting
            # the first value's ("~d" never occurs in an escaped pointer).
            return f"{parent.pointer}/{token}~dup"
        return f"{parent.pointer}/{token}"

    def unsupported_tag(self, tag: str, span: Span) -> None:
        """A warning: the tag is not executed, the node is read as plain data."""
        self.problem(f"unsupported YAML tag {tag!r}; it is read as plain data", span, UNSUPPORTED_TAG)

    def too_many_nodes(self, span: Span) -> LimitExceeded:
        message = f"more than {self.max_nodes} nodes in one file; it was not read"
        return LimitExceeded(Problem(message, span, code=ALIAS_LIMIT, document=self.doc.index))

    def problem(self, message: str, span: Span, code: str) -> None:
        self.problems.append(Problem(message, span, code=code, document=self.doc.index))


def _ignore(event: Any) -> None:
    """Stream start (and any other event) carries nothing to build."""
