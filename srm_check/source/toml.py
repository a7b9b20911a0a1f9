"""Read one table of a TOML file as a Document whose keys are located by line.

TOML parsers drop positions; a key's line is found again in the text, so that
configuration problems in pyproject.toml are located like those in YAML files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from srm_check.core.codes import TOO_DEEP, WRONG_TYPE, YAML_SYNTAX
from srm_check.core.problem import Problem
from srm_check.core.span import Span
from srm_check.source.document import Document

_HEADER = re.compile(r"^\s*\[([^\]]+)\]\s*(#.*)?$")
_KEY = re.compile(r'^\s*("([^"]+)"|[A-Za-z0-9_.-]+)\s*=')


def _toml_loads(text: str) -> dict[str, object]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    data: dict[str, object] = tomllib.loads(text)
    return data


def _decode_error(exc: Exception, display: str) -> Problem:
    # Python < 3.14 gives the position only in the message: "... (at line 2, column 11)".
    where = re.search(r"at line (\d+), column (\d+)", str(exc))
    row, column = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
    return Problem(
        f"invalid TOML: {message}", Span(row, column, row, column + 1), path=display, code=YAML_SYNTAX
    )


def _locate(doc: Document, text: str, table: str) -> None:
    """Fill `doc`'s spans: each key of `table` (and of its sub-tables) by its line."""
    table_line = 1
    section: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            name = header.group(1).strip()
            if name == table:
                section, table_line = "", number
            elif name.startswith(table + "."):
                section = "/" + name[len(table) + 1 :]
                doc.spans[section] = Span(number, 1, number, len(line) + 1)
            else:
                section = None
            continue
        key = _KEY.match(line)
        if section is not None and key:
            name = key.group(2) or key.group(1)
            pointer = f"{section}/{name}"
            span = Span(number, line.index(key.group(1)) + 1, number, len(line) + 1)
            doc.spans[pointer] = span
            doc.key_spans[pointer] = span
    doc.spans[""] = Span(table_line, 1, table_line, 1)


def read_toml_text(path: Path, display: str) -> tuple[str | None, Problem | None]:
    """The file's text, read as every input is (size limit, regular files only), decoded as UTF-8."""
    from srm_check.source.reader import decode_text, read_bytes

    data, problem = read_bytes(path)
    if data is None:
        return None, problem.at(display) if problem else None
    text, problem = decode_text(data)
    if text is None or problem is not None:
        return None, problem.at(display) if problem else None
    return text, None


def load_table(path: Path, display: str, table: str) -> tuple[Document | None, list[Problem]]:
    """The table named `table` (dotted, such as `tool.srm-check`) as a located Document."""
    text, problem = read_toml_text(path, display)
    if text is None:
        return None, [problem] if problem else []
    try:
        data = _toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        return None, [_decode_error(exc, display)]
    except RecursionError:
        return None, [Problem("invalid TOML: nested too deeply", path=display, code=TOO_DEEP)]
    value: object = data
    for depth, part in enumerate(table.split(".")):
        value = value.get(part, {}) if isinstance(value, dict) else {}
        if not isinstance(value, dict):
            name = ".".join(table.split(".")[: depth + 1])
            return None, [_not_a_table(text, name, value, display)]
    doc = Document(0, value)
    _locate(doc, text, table)
    return doc, []


def _not_a_table(text: str, name: str, value: object, display: str) -> Problem:
    """`tool = 5`: the table srm-check reads cannot exist; located at the key when it is found."""
    key = name.rsplit(".", 1)[-1]
    for number, line in enumerate(text.splitlines(), start=1):
        found = _KEY.match(line)
        if found and (found.group(2) or found.group(1)) in (key, name):
            span = Span(number, line.index(found.group(1)) + 1, number, len(line) + 1)
            break
    else:
        span = Span(1, 1, 1, 1)
    message = f"'{name}' must be a table, not {type(value).__name__}"
    return Problem(message, span, path=display, code=WRONG_TYPE)
