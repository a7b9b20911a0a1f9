"""Each checked file summarised as it finishes: what the report keeps of an agreement.

`Collector` is handed every file's result by the run (`pipeline.run.execute(keep=...)`),
turns its agreements into compact `AgreementView`s and gives the result back without
them, so that no parsed document outlives its file. Who holds what is read from the same
facts that rules judge (`facts.assignment_facts`), so a report cannot disagree with `check`.
Cells and whole patterns of cells are interned: a thousand agreements on the default
boundary share one tuple of cells.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Any

from srm_check.core.codes import DUPLICATE_KEY, UNREADABLE_FILE, UNSUPPORTED_TAG
from srm_check.core.finding import Finding
from srm_check.pipeline.results import FileResult
from srm_check.policy.model import Policy
from srm_check.report.costs import as_decimal
from srm_check.report.matrix import CatalogueView, Responsibility
from srm_check.report.model import AgreementView, Deviation, FileFindings, Party
from srm_check.report.rows import Cell, Cost, Detail, Row
from srm_check.rules.agreement import ROLES, AgreementData, AssignmentData
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.rules.facts import Fact, assignment_facts

# Findings of the loader carry no document index; they are placed by line.
_LOADER_CODES = UNREADABLE_FILE | {DUPLICATE_KEY, UNSUPPORTED_TAG}


def catalogue_view(index: CatalogueIndex) -> CatalogueView:
    model = index.model
    boundary = model.get("boundary")
    areas = model.get("areas") or []
    return CatalogueView(
        ref=index.ref,
        title=model["title"],
        parties=tuple((p["id"], p["name"]) for p in model["parties"]),
        responsibilities=tuple(
            Responsibility(
                r["id"], r["number"], r["title"], r["default_party"], r.get("default_team"), r.get("area")
            )
            for r in model["responsibilities"]
        ),
        boundary_statement=boundary["statement"] if boundary else "",
        begins_at=boundary["begins_at"] if boundary else None,
        ordered=index.ordered,
        areas=tuple((a["id"], a["name"]) for a in areas),
    )


def _cost(item: AssignmentData | None) -> Cost | None:
    if item is None or item.cost_note is None:
        return None
    note = item.cost_note
    amount = as_decimal(note.amount) if isinstance(note.amount, int | float) else None
    return Cost(note.text, amount, note.currency, note.period)


def _roles(item: AssignmentData | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The RACI roles an entry names besides its holder, as written (only those named)."""
    if item is None or not item.contributors:
        return ()
    named = ((role, tuple(h.text for h in item.role(role))) for role in ROLES[1:])
    return tuple((role, names) for role, names in named if names)


def _holders(item: AssignmentData) -> tuple[str, ...]:
    return tuple(h.text for h in item.holders)


class Interner:
    """One object per distinct cell, and per distinct pattern of cells."""

    def __init__(self) -> None:
        self._cells: dict[Cell, Cell] = {}
        self._patterns: dict[tuple[Cell, ...], tuple[Cell, ...]] = {}

    def cell(self, cell: Cell) -> Cell:
        return self._cells.setdefault(cell, cell)

    def pattern(self, cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
        return self._patterns.setdefault(cells, cells)


def _cell(fact: Fact, item: AssignmentData | None, catalogue: CatalogueIndex) -> Cell:
    values = fact.values
    if item is None:
        return Cell("not-assigned")
    holders = _holders(item)
    party: str | None = values["party"]
    if values["party_count"] == 0:
        return Cell("nobody", holders=holders)
    if values["party_count"] > 1:
        return Cell("shared", holders=holders)
    if party is None:
        return Cell("unknown-party", holders=holders)
    team = item.team or (holders[0] if holders and holders[0] != party else None)
    default: str | None = values["default_party"]
    if default is None:
        return Cell("held", party, team, holders)
    if party == default:
        return Cell("default", party, team, holders)
    return Cell("deviation", party, team, holders, catalogue.direction(default, party))


def _primary(data: AgreementData, catalogue: CatalogueIndex) -> dict[str, AssignmentData]:
    """The entry that counts for each responsibility of the catalogue: its first, not a duplicate."""
    primary: dict[str, AssignmentData] = {}
    for item in data.assignments:
        if item.responsibility in catalogue.responsibilities and item.duplicate_of is None:
            primary.setdefault(item.responsibility, item)
    return primary


def _extra_rows(data: AgreementData, catalogue: CatalogueIndex | None) -> list[Row]:
    """Entries that do not count, as written: duplicates and responsibilities the catalogue
    lacks (every entry, when the catalogue is unknown)."""
    rows: list[Row] = []
    for item in data.assignments:
        known = catalogue is not None and item.responsibility in catalogue.responsibilities
        if known and item.duplicate_of is None:
            continue
        resp = catalogue.responsibilities.get(item.responsibility) if catalogue is not None else None
        status = "unchecked" if catalogue is None else "duplicate" if known else "unknown-responsibility"
        rows.append(
            Row(
                item.responsibility,
                resp["number"] if resp else None,
                resp["title"] if resp else "",
                resp["default_party"] if resp else None,
                Cell(status, holders=_holders(item)),
                item.key_span.line,
                _cost(item),
                item.note,
                _roles(item),
            )
        )
    return rows


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _parties(data: AgreementData) -> list[Party]:
    out: list[Party] = []
    for party in data.parties if isinstance(data.parties, list) else []:
        if not isinstance(party, dict) or not isinstance(party.get("id"), str):
            continue
        teams: list[tuple[str, str]] = []
        listed = party.get("teams")
        for team in listed if isinstance(listed, list) else []:
            if isinstance(team, dict) and isinstance(team.get("id"), str):
                teams.append((team["id"], _text(team.get("name")) or team["id"]))
        name = _text(party.get("name")) or party["id"]
        out.append(Party(party["id"], name, tuple(teams), _text(party.get("description"))))
    return out


def owners(result: FileResult) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """Findings of a file by document index; those that belong to no document apart.

    A loader finding whose line lies outside the document it names (a syntax error
    after the last complete document) belongs to the file, not to an agreement.
    """
    roots = {data.document.index: data.document.span("") for data in result.agreements}
    by_doc: dict[int, list[Finding]] = {index: [] for index in roots}
    loose: list[Finding] = []
    for finding in result.findings:
        owner = finding.document if finding.document in roots else None
        line = finding.span.line
        if finding.rule_id in _LOADER_CODES and owner is not None:
            span = roots[owner]
            if not span.line <= line <= span.end_line:
                owner = next((i for i, s in roots.items() if s.line <= line <= s.end_line), None)
        if owner is None:
            loose.append(finding)
        else:
            by_doc[owner].append(finding)
    return by_doc, loose


class Collector:
    """Summarises each file's agreements as the run hands it over (see the module docstring).

    `fails` decides whether a finding fails the run, as `check` decides it.
    """

    def __init__(self, policy: Policy, fails: Callable[[Finding], bool]) -> None:
        self.policy = policy
        self.fails = fails
        self.interner = Interner()
        self.catalogues: dict[str, CatalogueView] = {}
        # Per displayed path, in the order given: the file's views and its loose findings.
        self.by_path: dict[str, list[tuple[list[AgreementView], list[Finding]]]] = {}

    def __call__(self, result: FileResult) -> FileResult:
        """Summarise `result`; the same result without its parsed agreements."""
        self.add(result)
        return result.copy(agreements=[]) if result.agreements else result

    def add(self, result: FileResult) -> None:
        by_doc, loose = owners(result)
        views = [self.view(result, data, by_doc[data.document.index]) for data in result.agreements]
        self.by_path.setdefault(result.path, []).append((views, loose))

    def take(self, result: FileResult) -> tuple[list[AgreementView], FileFindings | None]:
        """The views of a file given to `add` (files of one path in the order given), and the
        findings of the file that belong to none of them; a file never given: as it stands."""
        queue = self.by_path.get(result.path)
        if not queue:
            return [], FileFindings(result.path, result.findings) if result.findings else None
        views, loose = queue.pop(0)
        return views, FileFindings(result.path, loose) if loose else None

    def _catalogue(self, index: CatalogueIndex) -> CatalogueView:
        view = self.catalogues.get(index.ref)
        if view is None:
            view = self.catalogues[index.ref] = catalogue_view(index)
        return view

    def view(self, result: FileResult, data: AgreementData, findings: list[Finding]) -> AgreementView:
        """One agreement document as the report keeps it."""
        catalogue = self.policy.find_catalogue(data.catalogue) if data.catalogue else None
        view = AgreementView(
            index=-1,
            path=result.path,
            document=data.document.index,
            documents_in_file=len(result.agreements),
            id=data.id,
            community=data.community,
            catalogue=data.catalogue,
            catalogue_ref=catalogue.ref if catalogue else None,
            effective=data.effective,
            end=data.end,
            parties=_parties(data),
            passed=not any(self.fails(f) for f in findings),
            findings=findings,
            description=_description(data),
            extra_rows=_extra_rows(data, catalogue),
        )
        if catalogue is not None:
            self._rows(view, data, catalogue)
        return view

    def _rows(self, view: AgreementView, data: AgreementData, catalogue: CatalogueIndex) -> None:
        """The catalogue rows: interned cells, lines, details, and the deviations among them."""
        view.catalogue_view = self._catalogue(catalogue)
        facts, _, _ = assignment_facts(data, catalogue)
        primary = _primary(data, catalogue)
        cells: list[Cell] = []
        lines = array("I")
        for i, fact in enumerate(facts):
            entry = primary.get(fact.values["id"])
            cell = self.interner.cell(_cell(fact, entry, catalogue))
            cells.append(cell)
            lines.append(fact.span.line if entry is not None else 0)
            cost = _cost(entry)
            if entry is not None and (cost is not None or entry.note or entry.contributors):
                view.details[i] = Detail(cost, entry.note, _roles(entry))
            if cell.status == "deviation" and cell.party is not None and cell.direction is not None:
                view.deviations.append(
                    Deviation(
                        view,
                        fact.span.line,
                        fact.span.column,
                        fact.values["id"],
                        fact.values["number"],
                        fact.values["title"],
                        fact.values["default_party"],
                        cell.party,
                        cell.team,
                        cell.direction,
                        cost,
                        entry.note if entry is not None else "",
                    )
                )
        view.cells = self.interner.pattern(tuple(cells))
        view.lines = lines


def _description(data: AgreementData) -> str:
    """The agreement's `description`, read from its document (the model keeps no other copy)."""
    value = data.document.value
    return _text(value.get("description")) if isinstance(value, dict) else ""
