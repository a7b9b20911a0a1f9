"""Plan the edits of one agreement document: what each fix adds or rewrites, and where.

Insertions go where a person would put them (a missing responsibility after the one before
it in the catalogue); rewrites replace exactly the lines of the entry they fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from srm_check.authoring.fix.fragment import with_cost_note
from srm_check.authoring.fix.kinds import ADD_MISSING, COST_NOTE
from srm_check.authoring.fix.lines import Edit, Region, entry_region, lead_start, listed
from srm_check.authoring.scaffold import default_value, entry_lines, scalar
from srm_check.rules.agreement import AgreementData, AssignmentData
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.schemas.records import ResponsibilityRecord

_TITLE = re.compile(r"\s*#\s*\d+\.\s")


class Target:
    """A finding to fix: its rule, the fix, the responsibility it is about, its document."""

    __slots__ = ("document", "kind", "responsibility", "rule_id")

    def __init__(self, rule_id: str, kind: str, responsibility: str, document: int) -> None:
        self.rule_id = rule_id
        self.kind = kind
        self.responsibility = responsibility
        self.document = document

    def key(self) -> tuple[str, str, int]:
        return (self.kind, self.responsibility, self.document)


@dataclass(slots=True)
class Planned:
    """The edits for a document's targets, what each does, and the targets left alone (and why)."""

    edits: list[Edit] = field(default_factory=list)
    done: list[tuple[Target, str]] = field(default_factory=list)
    skipped: list[tuple[Target, str]] = field(default_factory=list)


def skeleton_text(default: str | None, party: str) -> str:
    """The cost-note skeleton: a placeholder by SRM201's patterns (it starts with TODO)."""
    return f"TODO: say what moving this from {default or 'its default'} to {party} does to the cost"


def indent_step(data: AgreementData, lines: list[str]) -> int:
    """How far the file indents a long-form entry's keys under its key (2 when none shows it)."""
    doc = data.document
    for entry in data.assignments:
        region = entry_region(entry, doc, lines) if entry.duplicate_of is None else None
        child = doc.key_spans.get(f"{entry.pointer}/party") or doc.key_spans.get(
            f"{entry.pointer}/accountable"
        )
        if (
            region is not None
            and child is not None
            and child.line - 1 > region.first - (1 if region.item else 0)
        ):
            step = child.column - 1 - region.column
            if 1 <= step <= 8:
                return step
    return 2


class DocumentPlan:
    """The fixes of one document, on the lines of its file."""

    def __init__(
        self, data: AgreementData, catalogue: CatalogueIndex, lines: list[str], newline: str
    ) -> None:
        self.data = data
        self.catalogue = catalogue
        self.lines = lines
        self.newline = newline
        self.order = {rid: i for i, rid in enumerate(catalogue.order)}
        self.regions: dict[int, Region] = {}
        for position, entry in enumerate(data.assignments):
            region = entry_region(entry, data.document, lines)
            if region is not None:
                self.regions[position] = region

    def _primary(self, responsibility: str) -> tuple[AssignmentData, Region | None] | None:
        for position, entry in enumerate(self.data.assignments):
            if entry.responsibility == responsibility and entry.duplicate_of is None:
                return entry, self.regions.get(position)
        return None

    def plan(self, targets: list[Target]) -> Planned:
        planned = Planned()
        missing = [t for t in targets if t.kind == ADD_MISSING]
        if missing:
            self._add_missing(missing, planned)
        for target in targets:
            if target.kind == COST_NOTE:
                self._cost_note(target, planned)
        return planned

    def _terminated(self, lines: list[str]) -> tuple[str, ...]:
        return tuple(line + self.newline for line in lines)

    def _anchor(self, responsibility: str) -> tuple[int, int] | None:
        """(line to insert before, column) for a responsibility left out; None: nowhere to put it."""
        index = self.order[responsibility]
        best: tuple[int, Region] | None = None
        for position, region in self.regions.items():
            entry = self.data.assignments[position]
            other = self.order.get(entry.responsibility)
            known = entry.duplicate_of is None and other is not None and other < index
            if known and other is not None and (best is None or other > best[0]):
                best = (other, region)
        if best is not None:
            return self._after(best[1], responsibility), best[1].column
        if not self.regions:
            return None
        first = min(self.regions.values(), key=lambda r: r.first)
        # Before the first entry's own title comment (`# 2. ...`, as init writes it), but after a
        # comment that heads the group it opens.
        line = first.first
        if line > 0 and _TITLE.match(self.lines[line - 1]):
            line = lead_start(self.lines, line - 1, line - 1)
        return line, first.column

    def _area(self, responsibility: str) -> str | None:
        resp = self.catalogue.responsibilities.get(responsibility)
        return resp["area"] if resp is not None else None

    def _after(self, anchor: Region, responsibility: str) -> int:
        """Where to insert after `anchor`: past comments that head the next entry's group, unless
        the catalogue's areas put the new one in the anchor's group; before the next one's title."""
        following = [(p, r) for p, r in self.regions.items() if r.first > anchor.last]
        if not following:
            return anchor.last + 1
        position, nxt = min(following, key=lambda pair: pair[1].first)
        before = next(e.responsibility for p, e in enumerate(self.data.assignments) if p == position)
        anchor_id = next(
            e.responsibility for p, e in enumerate(self.data.assignments) if self.regions.get(p) == anchor
        )
        area = self._area(responsibility)
        if area is not None and area == self._area(anchor_id) and area != self._area(before):
            return anchor.last + 1
        line = nxt.first
        if line - 1 > anchor.last and _TITLE.match(self.lines[line - 1]):
            line -= 1
        return line

    def _add_missing(self, targets: list[Target], planned: Planned) -> None:
        if not self.data.assignments_usable or not self.regions or self._flow():
            for target in targets:
                planned.skipped.append((target, "the assignments are not written in block style"))
            return
        item = listed(self.data.document)
        for target in sorted(targets, key=lambda t: self.order.get(t.responsibility, len(self.order))):
            resp = self.catalogue.responsibilities.get(target.responsibility)
            place = self._anchor(target.responsibility) if resp is not None else None
            if resp is None or place is None:
                planned.skipped.append((target, "no place to add it"))
                continue
            line, column = place
            text = self._item_lines(resp, column) if item else entry_lines(resp, self.catalogue, " " * column)
            planned.edits.append(Edit(line, line, self._terminated(text)))
            holder = resp["default_party"]
            words = (
                f"at its default party ({holder})"
                if holder
                else "held by nobody, to assign (no default party)"
            )
            planned.done.append((target, f"added '{resp['id']}' {words}"))

    def _flow(self) -> bool:
        """Whether `assignments` is written in flow style (`{...}` or `[...]`): no lines to add."""
        span = self.data.document.spans.get(self.data.assignments_pointer)
        if span is None:
            return True
        text = self.lines[span.line - 1][span.column - 1 :] if span.line <= len(self.lines) else ""
        return text.startswith(("{", "["))

    def _item_lines(self, resp: ResponsibilityRecord, column: int) -> list[str]:
        pad = " " * column
        head = entry_lines(resp, self.catalogue, pad)
        comments, value = head[:-1], default_value(resp)
        if value.startswith("{"):
            return [*comments, f"{pad}- {{responsibility: {scalar(resp['id'])}, {value[1:]}"]
        return [*comments, f"{pad}- responsibility: {scalar(resp['id'])}", f"{pad}  party: {value}"]

    def _cost_note(self, target: Target, planned: Planned) -> None:
        found = self._primary(target.responsibility)
        if found is None:
            planned.skipped.append((target, "its entry was not found"))
            return
        entry, region = found
        if entry.cost_note_pointer is not None:
            return  # a note is written, empty or a placeholder: for a person to finish
        if region is None or len(entry.holders) != 1:
            planned.skipped.append((target, "its entry is not written in block style on lines of its own"))
            return
        default = self.catalogue.responsibilities[target.responsibility]["default_party"]
        note = skeleton_text(default, entry.holders[0].text)
        step = indent_step(self.data, self.lines)
        new = with_cost_note(
            self.lines[region.first : region.last + 1], region.column, region.item, note, step
        )
        if new is None:
            planned.skipped.append((target, "its entry could not be edited safely"))
            return
        planned.edits.append(Edit(region.first, region.last + 1, self._terminated(new)))
        planned.done.append((target, f"added a cost-note skeleton to '{target.responsibility}'"))
