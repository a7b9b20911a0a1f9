"""Edit one assignment entry with ruamel.yaml's round-trip mode: the entry's own lines are
loaded, changed as data and dumped again (its quoting and comments kept), then put back in
place of the lines they came from; nothing else of the file goes through the dumper."""

from __future__ import annotations

from io import StringIO
from typing import Any

from srm_check.authoring.fix.lines import indent_of, is_blank, is_comment

# Lines are never folded: a long note stays on its line.
_WIDTH = 1 << 20


def _yaml(step: int) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.indent(mapping=step, sequence=step, offset=0)
    return yaml


def _dedent(lines: list[str], column: int) -> list[str] | None:
    """The lines moved `column` spaces left; None when a line of content is less indented."""
    out = []
    for line in lines:
        body = line.rstrip("\r\n")
        if indent_of(body) >= column:
            out.append(body[column:])
        elif is_blank(body) or is_comment(body):
            out.append(body.lstrip(" "))
        else:
            return None
    return out


def _load(text: str, step: int) -> Any:
    try:
        return _yaml(step).load(text)
    except Exception:  # ruamel raises several unrelated error classes; the entry is left alone
        return None


def _holder_as_long_form(data: Any) -> Any:
    """The entry's mapping of keys; a short form (`key: party`) becomes `key: {party: ...}` with
    the comment of its line kept beside the party."""
    from ruamel.yaml.comments import CommentedMap

    key = next(iter(data))
    value = data[key]
    if isinstance(value, CommentedMap):
        return value
    long_form = CommentedMap()
    long_form["party"] = value
    comment = data.ca.items.pop(key, None)
    if comment and len(comment) > 2 and comment[2] is not None:
        long_form.ca.items["party"] = [None, None, comment[2], None]
    data[key] = long_form
    return long_form


def _entry_map(data: Any, item: bool) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if item:
        if isinstance(data, CommentedSeq) and len(data) == 1 and isinstance(data[0], CommentedMap):
            return data[0]
        return None
    if isinstance(data, CommentedMap) and len(data) == 1:
        return _holder_as_long_form(data)
    return None


def with_cost_note(lines: list[str], column: int, item: bool, note: str, step: int) -> list[str] | None:
    """The entry's lines with `cost_note` added (text `note`), in the long form; None when the
    entry cannot be edited safely (it is not one entry of block YAML the dumper reads back)."""
    from ruamel.yaml.comments import CommentedMap

    moved = _dedent(lines, column)
    if moved is None:
        return None
    data = _load("\n".join(moved) + "\n", step)
    entry = _entry_map(data, item) if data is not None else None
    if entry is None or "cost_note" in entry:
        return None
    if entry.fa.flow_style():
        entry["cost_note"] = note
    else:
        skeleton = CommentedMap()
        skeleton["text"] = note
        entry["cost_note"] = skeleton
    out = StringIO()
    _yaml(step).dump(data, out)
    pad = " " * column
    return [f"{pad}{line}" if line.strip() else line for line in out.getvalue().splitlines()]
