"""The check pipeline: find files, load each, validate, evaluate rules, yield findings.

Files are processed one at a time in a stable order and dropped once checked, so
memory stays flat however many agreements there are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from srm_check.agreement import AgreementData, read_agreement
from srm_check.diagnostics import SEVERITY, UNREADABLE_FILE, builtin_rules
from srm_check.engine import Engine
from srm_check.findings import Finding
from srm_check.records import RuleInfo, RuleRecord
from srm_check.policy import Policy
from srm_check.yamlsource import MAX_FILE_BYTES, load_file

SUFFIXES = (".yaml", ".yml")


class PathError(Exception):
    """A path named on the command line does not exist or holds no agreement file."""


@dataclass(slots=True)
class FileResult:
    """What checking one file found; `agreements` only when the caller asked to keep them."""

    path: str
    findings: list[Finding]
    agreements: list[AgreementData] = field(default_factory=list)
    readable: bool = True
    documents: int = 0


def display_path(path: Path) -> str:
    """Paths as users wrote them relative to the working folder, with POSIX separators."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def discover(paths: Sequence[Path]) -> list[Path]:
    """Agreement files under `paths`: files as given, folders searched for *.yaml/*.yml."""
    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            matches = [
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            if not matches:
                raise PathError(f"{path.as_posix()}: no agreement files (*.yaml, *.yml) found")
            for p in matches:
                found.setdefault(display_path(p), p)
        elif path.is_file():
            found.setdefault(display_path(path), path)
        else:
            raise PathError(f"{path.as_posix()}: no such file or folder")
    return [found[k] for k in sorted(found)]


def evaluated_rules(policy: Policy) -> list[RuleInfo]:
    """Every rule a run evaluates: the built-in ones, then the policy's, each once."""
    rules: list[RuleInfo] = [*builtin_rules(), *policy.rules]
    return rules


def check_files(
    files: Sequence[Path],
    policy: Policy,
    *,
    rules: Sequence[RuleRecord] | None = None,
    keep_agreements: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
) -> Iterator[FileResult]:
    """Check each file in turn; the caller decides what to keep."""
    engine = Engine(policy, rules)
    for file in files:
        path = display_path(file)
        source = load_file(file, path, max_bytes=max_bytes)
        findings = [
            Finding(p.code, SEVERITY[p.code], p.message, path, p.span, p.pointer)
            for p in source.problems
        ]
        kept: list[AgreementData] = []
        for doc in source.documents:
            data = read_agreement(doc)
            findings.extend(
                Finding(
                    p.code,
                    "error",
                    p.message,
                    path,
                    p.span,
                    p.pointer,
                    data.id,
                    doc.index,
                )
                for p in data.problems
            )
            findings.extend(engine.evaluate(data, path))
            if keep_agreements:
                kept.append(data)
        findings.sort(key=Finding.sort_key)
        readable = not any(f.rule_id in UNREADABLE_FILE for f in findings)
        yield FileResult(path, findings, kept, readable, len(source.documents))
