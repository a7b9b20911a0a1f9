"""Project configuration: found by walking up from the working folder, merged with flags.

`.srm-check.yaml` (or `.srm-check.yml`) wins over `[tool.srm-check]` in pyproject.toml
in the same folder; the nearest folder wins. Every effective value remembers where it
came from, for `srm-check config`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from srm_check.paths import display_path
from srm_check.structure import validator
from srm_check.yamlsource import FILE_START, Document, Span, load_file

YAML_NAMES = (".srm-check.yaml", ".srm-check.yml")
BUILTIN_POLICY = "@builtin"

# Defaults, as in configmodels.Config (a test keeps the two in step).
DEFAULTS: dict[str, Any] = {
    "paths": ["agreements"],
    "policy": [BUILTIN_POLICY],
    "include": [],
    "exclude": [],
    "select": [],
    "ignore": [],
    "severity": {},
    "fail-on": "error",
    "outputs": {},
    "waivers": "waivers.yaml",
    "waiver-max-days": 365,
    "waiver-warn-days": 30,
    "jobs": 0,
    "forbid-inline-waivers": [],
}
_PATH_KEYS = {"paths", "policy", "waivers"}


class ConfigProblem(NamedTuple):
    """A problem in a configuration file, located."""

    path: str
    span: Span
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.span.line}:{self.span.column}: {self.message}"


class ConfigError(Exception):
    """The configuration cannot be used."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(slots=True)
class Effective:
    """The configuration in force: each value and where it came from."""

    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    origins: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS, "default"))
    file: Path | None = None
    base: Path = field(default_factory=Path.cwd)
    document: Document | None = None

    def set(self, key: str, value: Any, origin: str) -> None:
        self.values[key] = value
        self.origins[key] = origin

    def path(self, value: str) -> Path:
        """A path from the configuration, relative to the configuration file's folder."""
        if value == BUILTIN_POLICY:
            return Path(value)
        candidate = Path(value)
        return candidate if candidate.is_absolute() else self.base / candidate


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above `start`."""
    for folder in (start, *start.parents):
        for name in YAML_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return re.search(r"^\[tool\.srm-check(\.|\])", path.read_text("utf-8"), re.M) is not None
    except (OSError, UnicodeDecodeError):
        return False


def _toml_document(path: Path) -> tuple[Document | None, list[ConfigProblem]]:
    """`[tool.srm-check]` as a Document whose keys are located by their line in the file."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    display = display_path(path)
    text = path.read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 gives the position only in the message: "... (at line 2, column 11)".
        where = re.search(r"at line (\d+), column (\d+)", str(exc))
        row, column = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return None, [ConfigProblem(display, Span(row, column, row, column + 1), f"invalid TOML: {message}")]
    table = data.get("tool", {}).get("srm-check", {})
    doc = Document(0, table)
    table_line = 1
    section = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[([^\]]+)\]\s*(#.*)?$", line)
        if header:
            name = header.group(1).strip()
            if name == "tool.srm-check":
                section, table_line = "", number
            elif name.startswith("tool.srm-check."):
                section = "/" + name[len("tool.srm-check.") :]
                doc.spans[section] = Span(number, 1, number, len(line) + 1)
            else:
                section = None
            continue
        key = re.match(r'^\s*("([^"]+)"|[A-Za-z0-9_.-]+)\s*=', line)
        if section is not None and key:
            name = key.group(2) or key.group(1)
            pointer = f"{section}/{name}"
            span = Span(number, line.index(key.group(1)) + 1, number, len(line) + 1)
            doc.spans[pointer] = span
            doc.key_spans[pointer] = span
    doc.spans[""] = Span(table_line, 1, table_line, 1)
    return doc, []


def _load_document(path: Path) -> tuple[Document | None, list[ConfigProblem]]:
    display = display_path(path)
    if path.name == "pyproject.toml":
        return _toml_document(path)
    source = load_file(path, display)
    if source.problems:
        return None, [ConfigProblem(display, p.span, p.message) for p in source.problems]
    if len(source.documents) != 1 or not isinstance(source.documents[0].value, dict):
        return None, [ConfigProblem(display, FILE_START, "the configuration must be one YAML mapping")]
    return source.documents[0], []


def load_config(explicit: Path | None = None, *, search: bool = True) -> Effective:
    """The effective configuration from a file (explicit, or found), before command-line flags."""
    effective = Effective()
    path = explicit if explicit is not None else (find_config(Path.cwd()) if search else None)
    if path is None:
        return effective
    if not path.is_file():
        raise ConfigError([ConfigProblem(path.as_posix(), FILE_START, "configuration file not found")])
    doc, problems = _load_document(path)
    if doc is None:
        raise ConfigError(problems)
    display = display_path(path)
    located = validator("config").validate(doc.value, doc)
    if located:
        raise ConfigError([ConfigProblem(display, p.span, p.message) for p in located])
    effective.file = path
    effective.base = path.parent
    effective.document = doc
    for key, value in doc.value.items():
        span = doc.key_spans.get(f"/{key}") or doc.spans.get(f"/{key}")
        effective.set(key, value, f"{display}:{span.line}" if span else display)
    return effective


def apply_flags(effective: Effective, flags: dict[str, Any]) -> Effective:
    """Command-line flags override the file: set each given (non-None) flag, noting its origin."""
    for key, value in flags.items():
        if value is None or value == []:
            continue
        effective.set(key, value, f"command line (--{key})")
    return effective


def check_rule_refs(effective: Effective, known: dict[str, str]) -> None:
    """Every rule named in select, ignore or severity must exist (known: id or name -> id)."""
    problems: list[ConfigProblem] = []
    doc = effective.document
    where = display_path(effective.file) if effective.file else "command line"
    for key in ("select", "ignore", "severity", "forbid-inline-waivers"):
        refs = effective.values[key]
        for index, ref in enumerate(refs):
            if ref in known or (key == "forbid-inline-waivers" and ref == "*"):
                continue
            pointer = f"/{key}/{ref}" if key == "severity" else f"/{key}/{index}"
            from_file = effective.origins[key] != "default" and not effective.origins[key].startswith(
                "command line"
            )
            span = doc.span(pointer) if (doc is not None and from_file) else FILE_START
            origin = where if from_file else "command line"
            problems.append(ConfigProblem(origin, span, f"{key}: unknown rule '{ref}'"))
    if problems:
        raise ConfigError(problems)
