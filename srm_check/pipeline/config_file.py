"""Project configuration: found by walking up from the working folder, read into Settings.

`.srm-check.yaml` (or `.srm-check.yml`) wins over `[tool.srm-check]` in pyproject.toml
in the same folder; the nearest folder wins. Every problem is located in the file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srm_check.core.codes import EMPTY_FILE, UNREADABLE, WRONG_TYPE
from srm_check.core.paths import display_path
from srm_check.core.problem import COMMAND_LINE, Problem, SrmError
from srm_check.core.span import FILE_START
from srm_check.pipeline.fingerprints import find_repository_root
from srm_check.pipeline.settings import Settings
from srm_check.policy.model import BUILTIN_POLICY
from srm_check.source.files import read_bytes

if TYPE_CHECKING:
    from srm_check.source.document import Document

YAML_NAMES = (".srm-check.yaml", ".srm-check.yml")
TOML_TABLE = "tool.srm-check"
# Keys whose values name rules, checked against the rules a run knows.
RULE_KEYS = ("select", "ignore", "severity", "forbid-inline-waivers")


def config_error(problems: list[Problem]) -> SrmError:
    """The error that stops a run on an unusable configuration."""
    return SrmError("config", "the configuration is invalid", problems)


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above `start`."""
    for folder in (start, *start.parents):
        for name in YAML_NAMES:
            if (folder / name).exists():  # a FIFO too: reading it says why it cannot be used
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether a pyproject.toml has a [tool.srm-check] table (searched in the bytes, so that a
    file with broken text is still found, and its problem reported)."""
    data, _ = read_bytes(path)
    return data is not None and re.search(rb"^\s*\[tool\.srm-check(\.|\])", data, re.M) is not None


def _load_document(path: Path) -> tuple[Document | None, list[Problem]]:
    display = display_path(path)
    if path.name == "pyproject.toml":
        from srm_check.source.toml import load_table  # only for pyproject.toml

        return load_table(path, display, TOML_TABLE)
    from srm_check.source.reader import load_file

    source = load_file(path, display)
    if source.problems:
        return None, source.problems
    if len(source.documents) != 1 or not isinstance(source.documents[0].value, dict):
        code = EMPTY_FILE if not source.documents else WRONG_TYPE
        return None, [Problem("the configuration must be one YAML mapping", path=display, code=code)]
    return source.documents[0], []


def load_settings(explicit: Path | None = None, *, search: bool = True) -> Settings:
    """The settings from a file (explicit, or found), before command-line flags; SrmError if unusable."""
    path = explicit if explicit is not None else (find_config(Path.cwd()) if search else None)
    if path is None:
        return Settings.from_values({}, {})
    if not path.exists():  # a FIFO or a folder exists: reading it says why it cannot be used
        raise config_error([Problem("configuration file not found", path=path.as_posix(), code=UNREADABLE)])
    doc, problems = _load_document(path)
    if doc is None:
        raise config_error(problems)
    from srm_check.schemas.validator import validator

    display = display_path(path)
    located = validator("config").validate(doc.value, doc)
    if located:
        raise config_error([p.at(display) for p in located])
    outside = _outside_repository(doc, path.parent)
    if outside:
        raise config_error([p.at(display) for p in outside])
    origins = {}
    for key in doc.value:
        span = doc.key_spans.get(f"/{key}") or doc.spans.get(f"/{key}")
        origins[key] = f"{display}:{span.line}" if span else display
    return Settings.from_values(doc.value, origins, file=path, base=path.parent, document=doc)


def _configured_paths(value: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(JSON pointer, name, path) of every path the configuration names: paths, policy, outputs,
    waivers."""
    named = [(f"/paths/{i}", f"paths[{i}]", p) for i, p in enumerate(value.get("paths", []))]
    named += [
        (f"/policy/{i}", f"policy[{i}]", p)
        for i, p in enumerate(value.get("policy", []))
        if p != BUILTIN_POLICY
    ]
    named += [(f"/outputs/{fmt}", f"outputs.{fmt}", p) for fmt, p in value.get("outputs", {}).items()]
    if "waivers" in value:
        named.append(("/waivers", "waivers", value["waivers"]))
    if value.get("cache-dir") is not None:
        named.append(("/cache-dir", "cache-dir", value["cache-dir"]))
    return named


def _outside_repository(doc: Document, base: Path) -> list[Problem]:
    """Paths of the configuration that lead out of its repository (a checkout must not make CI
    read or write elsewhere); the command line may still name such paths."""
    real = Path(os.path.realpath(base))
    root = Path(os.path.realpath(find_repository_root(real) or real))
    problems = []
    for pointer, key, value in _configured_paths(doc.value):
        target = Path(os.path.realpath(base / value))
        if target != root and root not in target.parents:
            message = (
                f"{key}: {value!r} leads outside the repository ({root.as_posix()}); paths in the "
                "configuration stay inside it (name such a path on the command line instead)"
            )
            problems.append(Problem(message, doc.span(pointer), code=WRONG_TYPE))
    return sorted(problems, key=lambda p: (p.span.line, p.span.column))


def rule_refs(settings: Settings) -> list[tuple[str, tuple[str, ...]]]:
    """The rules each key of RULE_KEYS names, by key as the file writes it (severity: its keys)."""
    return [
        ("select", settings.select),
        ("ignore", settings.ignore),
        ("severity", tuple(settings.severity)),
        ("forbid-inline-waivers", settings.forbid_inline_waivers),
    ]


def check_rule_refs(settings: Settings, known: dict[str, str]) -> None:
    """Every rule named in select, ignore, severity or forbid-inline-waivers must exist.

    `known` maps rule ids and names to ids. Raises SrmError, located in the file when the
    name was written there.
    """
    problems: list[Problem] = []
    for key, refs in rule_refs(settings):
        for index, ref in enumerate(refs):
            if ref in known or (key == "forbid-inline-waivers" and ref == "*"):
                continue
            pointer = f"/{key}/{ref}" if key == "severity" else f"/{key}/{index}"
            problems.append(_unknown_rule(settings, key, ref, pointer))
    if problems:
        raise config_error(problems)


def _unknown_rule(settings: Settings, key: str, ref: str, pointer: str) -> Problem:
    """An unknown rule name, located in the configuration file if it was written there."""
    message = f"{key}: unknown rule '{ref}'"
    if not settings.from_file(key):
        return Problem(message, FILE_START, path=COMMAND_LINE, code=WRONG_TYPE)
    doc = settings.document
    span = doc.span(pointer) if doc is not None else FILE_START
    where = display_path(settings.file) if settings.file else COMMAND_LINE
    return Problem(message, span, path=where, code=WRONG_TYPE)
