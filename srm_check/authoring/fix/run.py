"""A fix run: find what to fix with the same check as `srm-check check`, plan and make the
edits on each file's lines, then check the result again before anything is written.

A file is changed only when every promise holds on the new text: it still reads as YAML,
each fixed finding is gone (a cost-note skeleton's finding stays, by design), and every
value the fixes did not touch is what it was. Otherwise the file is left as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srm_check.authoring.fix.kinds import ADD_MISSING, COST_NOTE, fix_kind, marked_rules
from srm_check.authoring.fix.lines import EditConflict, apply_edits, newline_of, split_lines
from srm_check.authoring.fix.order import sort_edit
from srm_check.authoring.fix.plan import DocumentPlan, Target
from srm_check.core.paths import display_path
from srm_check.pipeline.document import check_source
from srm_check.pipeline.results import FileResult
from srm_check.pipeline.run import Prepared, execute
from srm_check.policy.model import Policy
from srm_check.rules.agreement import ASSIGNMENTS_POINTER, AgreementData, read_agreement
from srm_check.rules.engine import Engine
from srm_check.source.document import SourceFile
from srm_check.source.reader import parse_source, read_bytes

_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class Done:
    """One fix made: its rule, what it did, and the line it is on in the new text."""

    rule_id: str
    kind: str
    words: str
    line: int


@dataclass(slots=True)
class FileFix:
    """What fixing one file changed (`before` and `after`), or why it was left alone."""

    path: Path
    display: str
    data: bytes = b""
    before: str = ""
    after: str = ""
    done: list[Done] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # rule, responsibility, why
    sorted: bool = False
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.error is None and self.after != self.before

    def text_to_write(self) -> str:
        """The new text, with the byte-order mark the file had."""
        return ("\ufeff" if self.data.startswith(_BOM) else "") + self.after


def _policy_with(policy: Policy, rules: list[Any]) -> Policy:
    """The same policy, evaluating only `rules`."""
    return Policy(
        policy.directories,
        policy.catalogues,
        rules,
        policy.rule_paths,
        policy.files,
        policy.overrides,
        policy.composition,
        policy.folder_of,
        policy.shipped,
    )


def _targets(result: FileResult, kinds: dict[str, str]) -> list[Target]:
    """The file's findings that a fix answers (not those a waiver accepts), as targets."""
    return [
        Target(f.rule_id, kinds[f.rule_id], f.message, f.document)
        for f in result.findings
        if f.rule_id in kinds and not f.waived
    ]


class Fixer:
    """Fixes files of a prepared run with the rules of its policy that describe a fix."""

    def __init__(self, prepared: Prepared, sort: bool) -> None:
        policy = prepared.policy
        self.rules = prepared.selection.rules(marked_rules(policy.rules))
        self.kinds = {r["id"]: kind for r in self.rules if (kind := fix_kind(r)) is not None}
        self.policy = policy
        self.prepared = prepared._replace(
            policy=_policy_with(policy, self.rules), settings=prepared.settings._replace(jobs=1)
        )
        self.engine = Engine(policy.catalogues, self.rules, policy.composition)
        self.sort = sort

    def run(self) -> list[FileFix]:
        """Every file of the run, fixed in memory (nothing is written here)."""
        run = execute(self.prepared)
        paths = {display_path(p): p for p in self.prepared.files}
        out = []
        for result in run.files:
            path = paths.get(result.path)
            if result.kind != "agreement" or path is None:
                continue
            targets = _targets(result, self.kinds)
            if not targets and not self.sort:
                continue
            out.append(self.fix_file(path, result.path, targets))
        return out

    def fix_file(self, path: Path, display: str, targets: list[Target]) -> FileFix:
        fixed = FileFix(path, display)
        data, problem = read_bytes(path)
        if data is None:
            fixed.error = problem.message if problem else "cannot read file"
            return fixed
        fixed.data = data
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            fixed.error = "not UTF-8; srm-check fix edits UTF-8 files only"
            return fixed
        fixed.before = fixed.after = text
        source = parse_source(text, display, judged_elsewhere=(ASSIGNMENTS_POINTER,))
        if source.problems:
            fixed.error = "the file has problems reading it (run `srm-check check`); it is left as it was"
            return fixed
        try:
            self._fix_text(fixed, source, targets)
        except EditConflict as exc:  # a bug in planning: nothing is written
            fixed.error = f"internal: {exc}"
            fixed.after = text
        return fixed

    def _fix_text(self, fixed: FileFix, source: SourceFile, targets: list[Target]) -> None:
        lines = split_lines(fixed.before)
        newline = newline_of(lines)
        edits = []
        made: list[tuple[Target, str]] = []
        for doc in source.documents:
            data = read_agreement(doc)
            catalogue = self.policy.catalogues.find(data.catalogue) if data.catalogue else None
            mine = [t for t in targets if t.document == doc.index]
            if catalogue is None or not mine:
                continue
            planned = DocumentPlan(data, catalogue, lines, newline).plan(mine)
            edits += planned.edits
            made += planned.done
            fixed.skipped += [(t.rule_id, t.responsibility, why) for t, why in planned.skipped]
        text = "".join(apply_edits(lines, edits))
        if self.sort:
            text, fixed.sorted = self._sorted(text, fixed.display)
        if text == fixed.before:
            return
        problem = self._verify(fixed, source, text, made)
        if problem is not None:
            fixed.error = (
                f"the fixed text did not pass srm-check's own checks ({problem}); it is left as it was"
            )
            return
        fixed.after = text

    def _sorted(self, text: str, display: str) -> tuple[str, bool]:
        source = parse_source(text, display, judged_elsewhere=(ASSIGNMENTS_POINTER,))
        lines = split_lines(text)
        edits = []
        for doc in source.documents:
            data = read_agreement(doc)
            catalogue = self.policy.catalogues.find(data.catalogue) if data.catalogue else None
            edit = sort_edit(data, catalogue, lines) if catalogue is not None else None
            if edit is not None and not isinstance(edit, str):
                edits.append(edit)
        if not edits:
            return text, False
        return "".join(apply_edits(lines, edits)), True

    def _verify(
        self, fixed: FileFix, old: SourceFile, text: str, made: list[tuple[Target, str]]
    ) -> str | None:
        """Why the new text breaks a promise, or None; fills in where each fix landed."""
        new = parse_source(text, fixed.display, judged_elsewhere=(ASSIGNMENTS_POINTER,))
        if new.problems or len(new.documents) != len(old.documents):
            return "it no longer reads as the same YAML documents"
        result, _ = check_source(new, self.engine, keep_agreements=True)
        found = {(f.rule_id, f.message, f.document) for f in result.findings}
        for target, words in made:
            present = (target.rule_id, target.responsibility, target.document) in found
            if target.kind == ADD_MISSING and present:
                return f"'{target.responsibility}' is still missing"
            if target.kind == COST_NOTE and not present:
                return f"the policy's {target.rule_id} would take the skeleton for a real cost note"
            line = _entry_line(result.agreements[target.document], target.responsibility)
            fixed.done.append(Done(target.rule_id, target.kind, words, line))
        touched = {(t.document, t.responsibility) for t, _ in made}
        for before, after in zip(old.documents, new.documents, strict=True):
            if not _kept(before.value, after.value, {r for d, r in touched if d == before.index}):
                return "a value that no fix touched has changed"
        return None


def _entry_line(data: AgreementData, responsibility: str) -> int:
    for entry in data.assignments:
        if entry.responsibility == responsibility:
            return entry.key_span.line
    return 1


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _kept(old: Any, new: Any, touched: set[str]) -> bool:
    """Whether every value of `old` is in `new` as it was, but the assignments of `touched`."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return _canonical(old) == _canonical(new)
    rest_old = {k: v for k, v in old.items() if k != "assignments"}
    if rest_old != {k: v for k, v in new.items() if k != "assignments"}:
        return False
    before, after = old.get("assignments"), new.get("assignments")
    if isinstance(before, dict) and isinstance(after, dict):
        return _kept_mapping(before, after, touched)
    if isinstance(before, list) and isinstance(after, list):
        return _untouched_items(before, touched) == _untouched_items(after, touched)
    return _canonical(before) == _canonical(after)


def _kept_mapping(before: dict[str, Any], after: dict[str, Any], touched: set[str]) -> bool:
    kept = all(k in touched or (k in after and after[k] == v) for k, v in before.items())
    return kept and all(k in before or k in touched for k in after)


def _untouched_items(items: list[Any], touched: set[str]) -> list[str]:
    return sorted(
        _canonical(i) for i in items if not (isinstance(i, dict) and i.get("responsibility") in touched)
    )
