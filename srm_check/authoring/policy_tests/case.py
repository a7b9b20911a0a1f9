"""Load one test case: its agreements, expectations and silent rules, checked for consistency.

Problems are added in the order a reader meets them: the case's shape, its agreements,
then each expectation and each silent rule.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from srm_check.authoring.policy_tests.model import Expectation, PolicyCase, Source
from srm_check.core.codes import WRONG_TYPE
from srm_check.core.dates import parse_date
from srm_check.core.paths import display_path
from srm_check.core.problem import Problem
from srm_check.core.text import did_you_mean
from srm_check.source.document import Document


@dataclass(slots=True)
class CaseLoader:
    """Loads the cases of one test file, adding each problem found to `problems`."""

    path: Path
    display: str
    doc: Document
    rule_ids: Collection[str]
    problems: list[Problem]

    def problem(self, pointer: str, message: str) -> None:
        self.problems.append(Problem(message, self.doc.span(pointer), path=self.display, code=WRONG_TYPE))

    def load(self, index: int, raw: dict[str, Any]) -> PolicyCase | None:
        """Case `index` of the file, or None when it has a problem."""
        base = f"/tests/{index}"
        before = len(self.problems)
        self._check_shape(base, raw)
        sources, fixtures = self._sources(base, raw)
        expect = self._expectations(base, raw.get("expect") or [], fixtures)
        silent: list[str] = raw.get("silent") or []
        self._check_silent(base, silent, {e.rule for e in expect})
        on, changed = self._day(base, raw, "on"), self._day(base, raw, "assignments_changed")
        if len(self.problems) > before:
            return None
        return PolicyCase(
            path=self.path,
            display=self.display,
            index=index,
            name=raw["name"],
            description=raw.get("description") or "",
            span=self.doc.span(base),
            sources=sources,
            expect=expect,
            silent=list(silent),
            strict=bool(raw.get("strict", False)),
            document=self.doc,
            on=on,
            assignments_changed=changed,
        )

    def _day(self, base: str, raw: dict[str, Any], key: str) -> date | None:
        """A date key of the case (its form is the schema's): a real date, or a problem."""
        written = raw.get(key)
        if written is None:
            return None
        day = parse_date(written)
        if day is None:
            self.problem(f"{base}/{key}", f"'{key}': '{written}' is not a real date")
        return day

    def _check_shape(self, base: str, raw: dict[str, Any]) -> None:
        """A case names its agreements one way, and asserts something."""
        if (raw.get("agreement") is None) == (raw.get("agreements") is None):
            self.problem(base, "a test case needs exactly one of 'agreement' and 'agreements'")
        if not (raw.get("expect") or raw.get("silent") or bool(raw.get("strict", False))):
            self.problem(base, "a test case needs 'expect', 'silent' or 'strict: true'; it asserts nothing")

    def _sources(self, base: str, raw: dict[str, Any]) -> tuple[list[Source], dict[str, str]]:
        """The case's agreements, and its fixture files (as written -> as findings show them)."""
        written: list[tuple[Any, str]] = []
        if raw.get("agreement") is not None:
            written.append((raw["agreement"], f"{base}/agreement"))
        for j, item in enumerate(raw.get("agreements") or []):
            written.append((item, f"{base}/agreements/{j}"))
        sources: list[Source] = []
        fixtures: dict[str, str] = {}
        for value, pointer in written:
            if not isinstance(value, str):
                sources.append(Source(self.path, None, pointer, self.doc.span(pointer)))
                continue
            fixture = self._fixture(value, pointer)
            if fixture is not None:
                fixtures[value] = display_path(fixture)
                sources.append(Source(fixture, value, pointer, self.doc.span(pointer)))
        return sources, fixtures

    def _fixture(self, value: str, pointer: str) -> Path | None:
        """The fixture file named at `pointer` (relative to the test file), if it is a file."""
        fixture = Path(os.path.normpath(self.path.parent / value))
        if fixture.is_file():
            return fixture
        what = "is not a file" if fixture.exists() else "not found"
        self.problem(pointer, f"fixture file '{value}' {what} (looked for {display_path(fixture)})")
        return None

    def _known(self, rule: str, pointer: str) -> None:
        if rule not in self.rule_ids:
            self.problem(pointer, f"unknown rule '{rule}'{did_you_mean(rule, sorted(self.rule_ids))}")

    def _expectations(
        self, base: str, items: list[dict[str, Any]], fixtures: dict[str, str]
    ) -> list[Expectation]:
        """The findings the case expects; `file` must name one of its fixture files."""
        expectations: list[Expectation] = []
        for j, item in enumerate(items):
            pointer = f"{base}/expect/{j}"
            self._known(item["rule"], f"{pointer}/rule")
            file = item.get("file")
            if file is not None and file not in fixtures:
                choices = ", ".join(repr(f) for f in fixtures) or "none: the agreements are inline"
                self.problem(f"{pointer}/file", f"'file' must be a fixture file of this case ({choices})")
            expectations.append(
                Expectation(
                    rule=item["rule"],
                    span=self.doc.span(pointer),
                    pointer=item.get("pointer"),
                    line=item.get("line"),
                    column=item.get("column"),
                    message=item.get("message"),
                    severity=item.get("severity"),
                    file=file,
                    file_display=fixtures.get(file) if file is not None else None,
                )
            )
        return expectations

    def _check_silent(self, base: str, silent: list[str], expected: set[str]) -> None:
        """Silent rules must exist, and a rule cannot be both expected and silent."""
        for j, rule in enumerate(silent):
            self._known(rule, f"{base}/silent/{j}")
            if rule in expected:
                self.problem(f"{base}/silent/{j}", f"rule '{rule}' is both expected and silent")
