"""Examples for the rule docs, from the policy's test cases: a case that fails, and the fix.

The fix is the passing case closest to the failing one, shown as a diff; paths are
shown relative to the folder holding the policy folder, never as a machine's path.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srm_check.core.finding import Finding
from srm_check.policy.model import Policy


@dataclass(frozen=True, slots=True)
class ExampleFile:
    """An agreement shown in the docs, under a stable label (never a machine's path)."""

    label: str
    text: str


@dataclass(slots=True)
class Example:
    """A failing example: the agreements of a test case and what the rule reports on them."""

    case: str
    test_file: str
    description: str
    files: list[ExampleFile]
    output: list[str]


@dataclass(slots=True)
class Fix:
    """A passing case close to the failing one: the change, as diffs (or files, when unpaired)."""

    case: str
    test_file: str
    description: str
    diffs: list[str] = field(default_factory=list)
    files: list[ExampleFile] = field(default_factory=list)


class Labeler:
    """Paths as the docs show them: relative to the folder holding the policy folder."""

    def __init__(self, directories: Sequence[Path]) -> None:
        self.roots = [(d.resolve(), d.resolve().name) for d in directories]

    def __call__(self, path: Path | str) -> str:
        resolved = Path(path).resolve()
        for root, name in self.roots:
            try:
                return f"{name}/{resolved.relative_to(root).as_posix()}"
            except ValueError:
                continue
        return Path(path).as_posix()


def _inline_text(case_path: Path, span: Any) -> tuple[str, int, int]:
    """The lines of an inline agreement, dedented; and the line and column offsets applied."""
    lines = case_path.read_text(encoding="utf-8").splitlines()[span.line - 1 : span.end_line]
    indent = span.column - 1
    out = [lines[0][indent:]]
    for line in lines[1:]:
        out.append(line[indent:] if line[:indent].strip() == "" else line.lstrip())
    return "\n".join(out) + "\n", span.line - 1, indent


class ExampleBuilder:
    """Finds, runs and labels the example cases of each rule."""

    def __init__(self, policy: Policy, directories: Sequence[Path]) -> None:
        from srm_check.authoring.policy_tests import Runner, load_cases
        from srm_check.pipeline.selection import evaluated_rules

        self.label = Labeler(directories)
        rule_ids = [r["id"] for r in evaluated_rules(policy.rules)]
        self.cases, self.problems = load_cases(directories, rule_ids)
        self.runner = Runner(policy)
        self._findings: dict[int, list[Finding]] = {}

    def _run(self, case: Any) -> list[Finding]:
        key = id(case)
        if key not in self._findings:
            self._findings[key] = self.runner.findings(case)
        return self._findings[key]

    def _files(self, case: Any) -> tuple[list[ExampleFile], dict[str, tuple[str, int, int]]]:
        """The case's agreements, and per finding path: the label and offsets to apply."""
        files: list[ExampleFile] = []
        where: dict[str, tuple[str, int, int]] = {}
        from srm_check.core.paths import display_path

        for source in case.sources:
            if source.inline:
                text, line_offset, column_offset = _inline_text(case.path, source.span)
                label = (
                    f"{case.name}.yaml" if len(case.sources) == 1 else (f"{case.name}-{len(files) + 1}.yaml")
                )
                where[case.display] = (label, line_offset, column_offset)
            else:
                text = source.path.read_text(encoding="utf-8")
                label = self.label(source.path)
                where[display_path(source.path)] = (label, 0, 0)
            files.append(ExampleFile(label, text if text.endswith("\n") else text + "\n"))
        return files, where

    def example(self, rule_id: str) -> tuple[Example, Fix | None] | None:
        """The first case that expects the rule to fail, and the closest case where it passes."""
        failing = next((c for c in self.cases if rule_id in c.failing_rules), None)
        if failing is None:
            return None
        files, where = self._files(failing)
        output = []
        for finding in self._run(failing):
            if finding.rule_id != rule_id:
                continue
            label, line_offset, column_offset = where.get(finding.path, (finding.path, 0, 0))
            message = finding.message
            for display, (other, _, _) in where.items():
                message = message.replace(display, other)
            line = finding.span.line - line_offset
            column = finding.span.column - column_offset
            output.append(f"{label}:{line}:{column}: {finding.severity} [{rule_id}] {message}")
        example = Example(failing.name, self.label(failing.path), failing.description, files, output)
        return example, self._fix(rule_id, files)

    def _fix(self, rule_id: str, failing: list[ExampleFile]) -> Fix | None:
        """The passing case closest to the failing example, preferring cases that expect nothing."""
        candidates = [c for c in self.cases if rule_id in c.passing_rules]
        if not candidates:
            return None
        before = "".join(f.text for f in failing)
        scored = []
        for index, case in enumerate(candidates):
            files, _ = self._files(case)
            after = "".join(f.text for f in files)
            ratio = difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()
            # A case that itself expects findings shows another rule failing: a poorer fix.
            scored.append((bool(case.expect), -ratio, index, case, files))
        *_, case, files = min(scored, key=lambda s: s[:3])
        fix = Fix(case.name, self.label(case.path), case.description)
        if len(files) != len(failing):
            fix.files = files
            return fix
        for old, new in zip(failing, files, strict=True):
            if old.text == new.text:
                continue
            diff = difflib.unified_diff(
                old.text.splitlines(keepends=True),
                new.text.splitlines(keepends=True),
                fromfile=old.label,
                tofile=new.label,
                n=2,
            )
            fix.diffs.append("".join(diff))
        return fix
