"""The report's data: every fact a report shows, computed once from a checked run.

Renderers only lay this model out; they compute nothing, so that the Markdown, HTML
and JSON reports cannot disagree. Who holds what is read from the same facts that
rules judge (`facts.assignment_facts`), and findings are those of the run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from srm_check.core.codes import DUPLICATE_KEY, UNREADABLE_FILE, UNSUPPORTED_TAG
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity, at_or_above
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.policy.model import Policy
from srm_check.report.costs import Total, as_decimal, totals
from srm_check.report.provenance import Provenance
from srm_check.rules.agreement import AgreementData, AssignmentData
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.rules.facts import Fact, assignment_facts

# At most this many agreement columns per matrix table: a landscape page holds them.
MAX_COLUMNS = 8

LAYOUT_RULE = (
    "One column per distinct set of assignments: agreements in which every responsibility is "
    "held by the same party (and team) share one column, a group listed under the table. "
    f"At most {MAX_COLUMNS} columns per table; further columns continue in more tables, each "
    "repeating the responsibility and default columns."
)

# Direction of a deviation -> (marker, words). Parties later in the catalogue are more technical.
DIRECTIONS: dict[str, tuple[str, str]] = {
    "provider-more": ("▲", "provider takes on more"),
    "community-more": ("▼", "community takes on more"),
    "third-party": ("◆", "moved to a third party"),
}
# Cell status -> (marker, words) for the cells that are not on the default.
STATUS_MARKERS: dict[str, tuple[str, str]] = {
    "not-assigned": ("✕", "not assigned"),
    "nobody": ("✕", "held by nobody"),
    "shared": ("‖", "held by several parties"),
    "unknown-party": ("?", "not a party of the catalogue or agreement"),
    "unknown-responsibility": ("?", "not a responsibility of the catalogue"),
    "duplicate": ("✕", "assigned twice (this entry does not count)"),
    "unchecked": ("", "catalogue unknown: not checked"),
}
# The matrix legend: marker -> meaning (a cell without a marker holds its default party).
LEGEND: tuple[tuple[str, str], ...] = (
    ("▲", "moved to a later, more technical party of the catalogue: the provider takes on more"),
    ("▼", "moved to an earlier party of the catalogue: the community takes on more"),
    ("◆", "moved to a third party: one of the agreement's own parties"),
    ("✕", "not assigned, or held by nobody"),
    ("‖", "held by several parties"),
    ("?", "not a party of the catalogue or of the agreement"),
)
# Findings of the loader carry no document index; they are placed by line.
_LOADER_CODES = UNREADABLE_FILE | {DUPLICATE_KEY, UNSUPPORTED_TAG}


@dataclass(frozen=True, slots=True)
class Cost:
    """A cost note as written: text, and an amount with currency and period when given."""

    text: str
    amount: Decimal | None = None
    currency: str | None = None
    period: str | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """Who holds one responsibility in one agreement, and how that compares with the default."""

    status: str
    party: str | None = None
    team: str | None = None
    holders: tuple[str, ...] = ()
    direction: str | None = None

    @property
    def holder(self) -> str:
        """The holder as shown: `party (team)`, or the names as written when not one party."""
        if self.status == "not-assigned":
            return "not assigned"
        if self.party is not None and self.status in ("default", "deviation"):
            return f"{self.party} ({self.team})" if self.team else self.party
        return ", ".join(self.holders) if self.holders else "nobody"

    @property
    def marker(self) -> str:
        """A symbol that marks the cell without colour; empty on the default."""
        if self.direction is not None:
            return DIRECTIONS[self.direction][0]
        return STATUS_MARKERS.get(self.status, ("", ""))[0]

    @property
    def meaning(self) -> str:
        """What the marker means, in words; empty on the default."""
        if self.direction is not None:
            return DIRECTIONS[self.direction][1]
        return STATUS_MARKERS.get(self.status, ("", ""))[1]

    @property
    def text(self) -> str:
        """Marker and holder, as a matrix cell shows them."""
        return f"{self.marker} {self.holder}" if self.marker else self.holder

    @property
    def marked(self) -> bool:
        return self.status != "default"


@dataclass(frozen=True, slots=True)
class Row:
    """One assignment of an agreement, in catalogue order (entries the catalogue lacks last)."""

    responsibility: str
    number: int | None
    title: str
    default_party: str | None
    cell: Cell
    line: int | None
    cost: Cost | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Deviation:
    """An assignment whose one party differs from the catalogue's default party."""

    agreement: int
    agreement_label: str
    path: str
    line: int
    column: int
    responsibility: str
    number: int
    title: str
    default_party: str
    party: str
    team: str | None
    direction: str
    cost: Cost | None

    @property
    def counted(self) -> bool:
        """Whether its amount is in the totals: only an amount with a currency can be added."""
        return self.cost is not None and self.cost.amount is not None and self.cost.currency is not None

    @property
    def flag(self) -> str:
        """What an auditor should look at; empty when the cost is complete."""
        if self.cost is None:
            return "no cost note"
        if self.cost.amount is None:
            return ""
        if self.cost.currency is None:
            return "amount without a currency: not summed"
        if self.cost.period is None:
            return "no period: totalled apart"
        return ""

    @property
    def direction_text(self) -> str:
        return DIRECTIONS[self.direction][1]

    @property
    def marker(self) -> str:
        return DIRECTIONS[self.direction][0]


@dataclass(frozen=True, slots=True)
class Party:
    """A party an agreement adds to its catalogue's, with its teams as (id, name)."""

    id: str
    name: str
    teams: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class AgreementView:
    """One agreement document, as the report shows it."""

    index: int
    path: str
    document: int
    documents_in_file: int
    id: str | None
    community: str | None
    catalogue: str | None
    catalogue_ref: str | None
    effective: str | None
    end: str | None
    parties: list[Party]
    passed: bool
    findings: list[Finding]
    rows: list[Row]
    deviations: list[Deviation]
    totals: list[Total]

    @property
    def label(self) -> str:
        """The agreement's id, or where it is when it has none."""
        if self.id:
            return self.id
        if self.documents_in_file > 1:
            return f"{self.path} (document {self.document + 1})"
        return self.path

    @property
    def anchor(self) -> str:
        return f"agreement-{self.index + 1}"

    @property
    def location(self) -> str:
        if self.documents_in_file > 1:
            return f"{self.path}, document {self.document + 1} of {self.documents_in_file}"
        return self.path

    @property
    def uncounted(self) -> list[Deviation]:
        return [d for d in self.deviations if d.cost and d.cost.amount is not None and not d.counted]


@dataclass(frozen=True, slots=True)
class Responsibility:
    id: str
    number: int
    title: str
    default_party: str
    default_team: str | None


@dataclass(frozen=True, slots=True)
class CatalogueView:
    """What a matrix needs of a catalogue: its responsibilities and its default boundary."""

    ref: str
    title: str
    parties: tuple[tuple[str, str], ...]
    responsibilities: tuple[Responsibility, ...]
    boundary_statement: str
    begins_at: int | None

    @property
    def boundary_text(self) -> str:
        """The words on the boundary line of the matrix."""
        index = self.boundary_index
        if index is None:
            return ""
        resp = self.responsibilities[index]
        return f"default boundary: from #{resp.number} the default party is {resp.default_party}"

    @property
    def boundary_index(self) -> int | None:
        """Index of the first responsibility at or after the boundary; None when there is no line."""
        if self.begins_at is None:
            return None
        for i, resp in enumerate(self.responsibilities):
            if resp.number >= self.begins_at:
                return i if i > 0 else None
        return None


@dataclass(frozen=True, slots=True)
class Column:
    """One matrix column: one agreement, or a group of agreements with identical assignments."""

    label: str
    agreements: tuple[int, ...]
    cells: tuple[Cell, ...]
    group: int | None = None


@dataclass(slots=True)
class Matrix:
    """The responsibility matrix of one catalogue, split into tables of at most MAX_COLUMNS."""

    catalogue: CatalogueView
    columns: list[Column]
    tables: list[list[int]]

    @property
    def groups(self) -> list[Column]:
        return [c for c in self.columns if c.group is not None]


@dataclass(frozen=True, slots=True)
class RuleCount:
    rule_id: str
    name: str
    severity: str
    count: int
    help_uri: str


@dataclass(slots=True)
class FileFindings:
    """Findings of a file that belong to no agreement in it (it could not be read)."""

    path: str
    findings: list[Finding]


@dataclass(slots=True)
class Report:
    """Everything a report says; renderers lay it out."""

    tool_version: str
    fail_on: str
    exit_code: int
    passed: bool
    file_count: int
    agreements: list[AgreementView]
    matrices: list[Matrix]
    unmatrixed: list[int]
    rule_counts: list[RuleCount]
    severity_counts: dict[Severity, int]
    file_findings: list[FileFindings]
    provenance: Provenance
    unreadable: list[str] = field(default_factory=list)
    layout_rule: str = LAYOUT_RULE
    max_columns: int = MAX_COLUMNS
    deviations: list[Deviation] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    # The waiver register: every waiver in force, with its status (waivers.describe).
    waivers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def generated_at(self) -> str:
        return self.provenance.generated_at

    @property
    def agreements_passed(self) -> int:
        return sum(1 for a in self.agreements if a.passed)

    @property
    def agreements_failed(self) -> int:
        return len(self.agreements) - self.agreements_passed

    @property
    def uncounted(self) -> list[Deviation]:
        """Deviations with an amount that no total includes (no currency)."""
        return [d for a in self.agreements for d in a.uncounted]

    @property
    def finding_count(self) -> int:
        return sum(self.severity_counts.values())


def _fails(run: RunResult, finding: Finding) -> bool:
    """Whether a finding fails the run, decided as `check` decides it."""
    decide = getattr(run, "fails", None)
    if decide is not None:
        return bool(decide(finding))
    return bool(getattr(finding, "counts", True)) and at_or_above(finding.severity, run.fail_on)


def _cost(item: AssignmentData | None) -> Cost | None:
    if item is None or item.cost_note is None:
        return None
    note = item.cost_note
    amount = as_decimal(note.amount) if note.amount is not None else None
    return Cost(note.text, amount, note.currency, note.period)


def _direction(default: str, party: str, catalogue: CatalogueIndex) -> str:
    """Later catalogue parties are more technical: a move to one is the provider taking on more."""
    rank = catalogue.party_rank.get(party)
    if rank is None:
        return "third-party"
    return "provider-more" if rank > catalogue.party_rank[default] else "community-more"


def _cell(fact: Fact, item: AssignmentData | None, catalogue: CatalogueIndex) -> Cell:
    values = fact.values
    if item is None:
        return Cell("not-assigned")
    holders = tuple(h.text for h in item.holders)
    party: str | None = values["party"]
    if values["party_count"] == 0:
        return Cell("nobody", holders=holders)
    if values["party_count"] > 1:
        return Cell("shared", holders=holders)
    if party is None:
        return Cell("unknown-party", holders=holders)
    team = item.team or (holders[0] if holders and holders[0] != party else None)
    default: str = values["default_party"]
    if party == default:
        return Cell("default", party, team, holders)
    return Cell("deviation", party, team, holders, _direction(default, party, catalogue))


def _catalogue_rows(
    view: AgreementView, data: AgreementData, catalogue: CatalogueIndex
) -> tuple[list[Row], list[Deviation]]:
    responsibilities, _, _ = assignment_facts(data, catalogue)
    primary: dict[str, AssignmentData] = {}
    for item in data.assignments:
        if item.responsibility in catalogue.responsibilities and item.duplicate_of is None:
            primary.setdefault(item.responsibility, item)
    rows: list[Row] = []
    deviations: list[Deviation] = []
    for fact in responsibilities:
        rid = fact.values["id"]
        entry = primary.get(rid)
        cell = _cell(fact, entry, catalogue)
        cost = _cost(entry)
        rows.append(
            Row(
                rid,
                fact.values["number"],
                fact.values["title"],
                fact.values["default_party"],
                cell,
                fact.span.line if entry is not None else None,
                cost,
                entry.note if entry is not None else "",
            )
        )
        if cell.status == "deviation" and cell.party is not None and cell.direction is not None:
            deviations.append(
                Deviation(
                    view.index,
                    view.label,
                    view.path,
                    fact.span.line,
                    fact.span.column,
                    rid,
                    fact.values["number"],
                    fact.values["title"],
                    fact.values["default_party"],
                    cell.party,
                    cell.team,
                    cell.direction,
                    cost,
                )
            )
    for item in data.assignments:
        known = item.responsibility in catalogue.responsibilities
        if known and item.duplicate_of is None:
            continue
        resp = catalogue.responsibilities.get(item.responsibility)
        status = "duplicate" if known else "unknown-responsibility"
        holders = tuple(h.text for h in item.holders)
        rows.append(
            Row(
                item.responsibility,
                resp["number"] if resp else None,
                resp["title"] if resp else "",
                resp["default_party"] if resp else None,
                Cell(status, holders=holders),
                item.key_span.line,
                _cost(item),
                item.note,
            )
        )
    return rows, deviations


def _unchecked_rows(data: AgreementData) -> list[Row]:
    """Assignments of an agreement whose catalogue is unknown: as written, nothing judged."""
    return [
        Row(
            item.responsibility,
            None,
            "",
            None,
            Cell("unchecked", holders=tuple(h.text for h in item.holders)),
            item.key_span.line,
            _cost(item),
            item.note,
        )
        for item in data.assignments
    ]


def _parties(data: AgreementData) -> list[Party]:
    out: list[Party] = []
    for party in data.parties:
        pid, name = party.get("id"), party.get("name")
        if not isinstance(pid, str):
            continue
        teams: list[tuple[str, str]] = []
        for team in party.get("teams") or []:
            if isinstance(team, dict) and isinstance(team.get("id"), str):
                team_name = team.get("name")
                teams.append((team["id"], team_name if isinstance(team_name, str) else team["id"]))
        out.append(Party(pid, name if isinstance(name, str) else pid, tuple(teams)))
    return out


def _owners(result: FileResult) -> tuple[dict[int, list[Finding]], list[Finding]]:
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


def _catalogue_view(index: CatalogueIndex) -> CatalogueView:
    model = index.model
    boundary = model.get("boundary")
    return CatalogueView(
        ref=index.ref,
        title=model["title"],
        parties=tuple((p["id"], p["name"]) for p in model["parties"]),
        responsibilities=tuple(
            Responsibility(r["id"], r["number"], r["title"], r["default_party"], r.get("default_team"))
            for r in model["responsibilities"]
        ),
        boundary_statement=boundary["statement"] if boundary else "",
        begins_at=boundary["begins_at"] if boundary else None,
    )


def build_matrix(
    catalogue: CatalogueView, agreements: list[AgreementView], max_columns: int = MAX_COLUMNS
) -> Matrix:
    """Group agreements with identical assignments, then split the columns into tables."""
    size = len(catalogue.responsibilities)
    patterns: dict[tuple[tuple[str, str, str | None], ...], list[AgreementView]] = {}
    for view in agreements:
        key = tuple((r.cell.status, r.cell.holder, r.cell.direction) for r in view.rows[:size])
        patterns.setdefault(key, []).append(view)
    columns: list[Column] = []
    group = 0
    for members in patterns.values():
        cells = tuple(row.cell for row in members[0].rows[:size])
        indexes = tuple(m.index for m in members)
        if len(members) == 1:
            columns.append(Column(members[0].label, indexes, cells))
        else:
            group += 1
            columns.append(Column(f"Group {group} ({len(members)} agreements)", indexes, cells, group))
    tables = [
        list(range(start, min(start + max_columns, len(columns))))
        for start in range(0, len(columns), max_columns)
    ]
    return Matrix(catalogue, columns, tables)


def _rule_counts(run: RunResult, findings: list[Finding]) -> list[RuleCount]:
    rules = {r["id"]: r for r in run.rules}
    order = {r["id"]: i for i, r in enumerate(run.rules)}
    counter = Counter((f.rule_id, f.severity) for f in findings)
    keys = sorted(counter, key=lambda k: (order.get(k[0], len(order)), k[0], k[1]))
    return [
        RuleCount(
            rule_id,
            rules[rule_id]["name"] if rule_id in rules else "",
            severity,
            counter[(rule_id, severity)],
            rules[rule_id]["help_uri"] if rule_id in rules else "",
        )
        for rule_id, severity in keys
    ]


def build_report(run: RunResult, provenance: Provenance) -> Report:
    """The report of a run checked with `keep_agreements=True`."""
    policy: Policy | None = run.policy
    if policy is None:
        raise ValueError("a report needs the run's policy")
    agreements: list[AgreementView] = []
    file_findings: list[FileFindings] = []
    by_catalogue: dict[str, list[AgreementView]] = {}
    for result in run.files:
        by_doc, loose = _owners(result)
        if loose:
            file_findings.append(FileFindings(result.path, loose))
        for data in result.agreements:
            findings = by_doc[data.document.index]
            catalogue = policy.find_catalogue(data.catalogue) if data.catalogue else None
            view = AgreementView(
                index=len(agreements),
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
                passed=not any(_fails(run, f) for f in findings),
                findings=findings,
                rows=[],
                deviations=[],
                totals=[],
            )
            if catalogue is not None:
                view.rows, view.deviations = _catalogue_rows(view, data, catalogue)
                by_catalogue.setdefault(catalogue.ref, []).append(view)
            else:
                view.rows = _unchecked_rows(data)
            view.totals = _totals(view.deviations)
            agreements.append(view)
    matrices = [
        build_matrix(_catalogue_view(policy.catalogues[ref]), views)
        for ref, views in sorted(by_catalogue.items())
    ]
    deviations = [d for a in agreements for d in a.deviations]
    return Report(
        tool_version=run.tool_version,
        fail_on=run.fail_on,
        exit_code=run.exit_code,
        passed=not run.failed,
        file_count=sum(1 for r in run.files if r.kind == "agreement"),
        agreements=agreements,
        matrices=matrices,
        unmatrixed=[a.index for a in agreements if a.catalogue_ref is None],
        rule_counts=_rule_counts(run, run.findings),
        severity_counts=run.counts(),
        file_findings=file_findings,
        provenance=provenance,
        unreadable=[r.path for r in run.files if not r.agreements and r.kind == "agreement"],
        deviations=deviations,
        totals=_totals(deviations),
        waivers=list(run.waivers),
    )


def _totals(deviations: list[Deviation]) -> list[Total]:
    return totals(
        (d.cost.amount, d.cost.currency, d.cost.period)
        for d in deviations
        if d.cost is not None and d.cost.amount is not None and d.cost.currency is not None
    )
