"""The mapping file of `srm-check import`: the same choices as the flags, and the names a
spreadsheet uses for responsibilities and parties. A small YAML file, read with srm-check's own
reader, each problem located at its key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from srm_check.authoring.matrix.build import ImportOptions
from srm_check.authoring.matrix.grid import Located, SheetError
from srm_check.source.reader import load_file

# key -> (type, allowed values or None)
KEYS: dict[str, tuple[type, tuple[str, ...] | None]] = {
    "catalogue": (str, None),
    "layout": (str, ("rows", "columns")),
    "axis": (str, ("agreements", "parties")),
    "header_row": (int, None),
    "community": (str, None),
    "skip_unmatched": (bool, None),
    "responsibilities": (dict, None),
    "parties": (dict, None),
}


def _problems(value: dict[str, Any], spans: Any, display: str) -> list[Located]:
    out = []
    for key, item in value.items():
        where = f"{display}:{spans.span('/' + str(key)).line}"
        if key not in KEYS:
            out.append(Located(where, f"unknown key '{key}' (known: {', '.join(KEYS)})"))
            continue
        kind, allowed = KEYS[key]
        if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
            out.append(Located(where, f"'{key}' must be {kind.__name__}"))
        elif allowed is not None and item not in allowed:
            out.append(Located(where, f"'{key}' must be one of {', '.join(allowed)}"))
        elif isinstance(item, dict) and not all(
            isinstance(k, str) and isinstance(v, str) for k, v in item.items()
        ):
            out.append(Located(where, f"'{key}' maps names in the sheet to ids: text to text"))
    return out


def read_mapping(path: Path, display: str) -> ImportOptions:
    """The mapping file's options; SheetError with each problem at its line."""
    source = load_file(path, display)
    if source.problems:
        located = [Located(f"{display}:{p.span.line}:{p.span.column}", p.message) for p in source.problems]
        raise SheetError(f"{display}: the mapping file cannot be read", located)
    doc = source.documents[0] if source.documents else None
    value = doc.value if doc is not None else None
    if not isinstance(value, dict):
        raise SheetError(f"{display}: a mapping file is a mapping of keys (known: {', '.join(KEYS)})")
    problems = _problems(value, doc, display)
    if problems:
        raise SheetError(f"{display}: the mapping file has problems", problems)
    return ImportOptions(
        catalogue=value.get("catalogue"),
        layout=value.get("layout"),
        axis=value.get("axis"),
        header_row=value.get("header_row"),
        community=value.get("community"),
        skip_unmatched=bool(value.get("skip_unmatched", False)),
        responsibilities=dict(value.get("responsibilities") or {}),
        parties=dict(value.get("parties") or {}),
    )
