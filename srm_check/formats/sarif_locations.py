"""SARIF locations: files relative to the repository root (`%SRCROOT%`), regions, JSON pointers.

Paths inside the repository are given from its root, so that alerts stay attached to files
whichever folder srm-check ran in; regions are clamped to what SARIF consumers accept.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from srm_check.core.span import Span
from srm_check.pipeline.fingerprints import SourceRoot

SRCROOT = "%SRCROOT%"


def artifact(root: SourceRoot, path: str) -> dict[str, Any]:
    """An artifactLocation: relative to %SRCROOT% when inside it, else an absolute file URI."""
    relative = root.relative(path)
    if relative is not None:
        return {"uri": quote(relative, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}
    # normpath folds `..` away: a URI must not hold dot segments (SARIF1002), and the same
    # file must have one URI however it was named.
    absolute = Path(os.path.normpath(Path(root.cwd, path).absolute()))
    return {"uri": absolute.as_uri()}


def region(span: Span) -> dict[str, int]:
    """A region with every coordinate >= 1 and the end never before the start."""
    start_line, start_column = max(1, span.line), max(1, span.column)
    end_line = max(start_line, span.end_line)
    end_column = max(1, span.end_column)
    if end_line == start_line:
        end_column = max(start_column, end_column)
    return {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    }


def physical(root: SourceRoot, path: str, span: Span) -> dict[str, Any]:
    return {"artifactLocation": artifact(root, path), "region": region(span)}


def logical(pointer: str) -> list[dict[str, Any]]:
    """The JSON pointer of the offending node, as a logical location (none for a whole file)."""
    if not pointer:
        return []
    name = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return [{"name": name, "fullyQualifiedName": pointer, "kind": "member"}]


def location(root: SourceRoot, path: str, span: Span, pointer: str) -> dict[str, Any]:
    """A result's location: where in the file, and which node (when it has a pointer)."""
    out: dict[str, Any] = {"physicalLocation": physical(root, path, span)}
    nodes = logical(pointer)
    if nodes:
        out["logicalLocations"] = nodes
    return out
