"""Building the report's data from a checked run: every fact computed once, before any layout.

Who holds what is read from the same facts that rules judge (`facts.assignment_facts`),
and findings are those of the run, so that a report cannot disagree with `check`.
"""

from __future__ import annotations

from collections import Counter

from srm_check.core.codes import DUPLICATE_KEY, UNREADABLE_FILE, UNSUPPORTED_TAG
from srm_check.core.finding import Finding
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.policy.model import Policy
from srm_check.report.costs import Total, as_decimal, totals
from srm_check.report.model import (
    MAX_COLUMNS,
    AgreementView,
    CatalogueView,
    Cell,
    Column,
    Cost,
    Deviation,
    FileFindings,
    Matrix,
    Party,
    Report,
    Responsibility,
    Row,
    RuleCount,
)
from srm_check.report.provenance import Provenance
from srm_check.rules.agreement import ROLES, AgreementData, AssignmentData
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.rules.facts import Fact, assignment_facts

# Findings of the loader carry no document index; they are placed by line.
_LOADER_CODES = UNREADABLE_FILE | {DUPLICATE_KEY, UNSUPPORTED_TAG}


def _fails(run: RunResult, finding: Finding) -> bool:
    """Whether a finding fails the run, decided as `check` decides it."""
    return run.fails(finding)


def _cost(item: AssignmentData | None) -> Cost | None:
    if item is None or item.cost_note is None:
        return None
    note = item.cost_note
    amount = as_decimal(note.amount) if isinstance(note.amount, int | float) else None
    return Cost(note.text, amount, note.currency, note.period)


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


def _roles(item: AssignmentData | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The RACI roles an entry names besides its holder, as written."""
    if item is None:
        return ()
    return tuple((role, tuple(h.text for h in item.role(role))) for role in ROLES[1:])


def _fact_row(fact: Fact, entry: AssignmentData | None, cell: Cell, cost: Cost | None) -> Row:
    """The row of one catalogue responsibility, whether or not the agreement assigns it."""
    return Row(
        fact.values["id"],
        fact.values["number"],
        fact.values["title"],
        fact.values["default_party"],
        cell,
        fact.span.line if entry is not None else None,
        cost,
        entry.note if entry is not None else "",
        _roles(entry),
    )


def _deviation(view: AgreementView, fact: Fact, cell: Cell, cost: Cost | None) -> Deviation | None:
    """The register entry of a row whose one party is not the default; None for any other row."""
    if cell.status != "deviation" or cell.party is None or cell.direction is None:
        return None
    return Deviation(
        view.index,
        view.label,
        view.path,
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
    )


def _extra_rows(data: AgreementData, catalogue: CatalogueIndex) -> list[Row]:
    """Entries that do not count: duplicates and responsibilities the catalogue lacks, as written."""
    rows: list[Row] = []
    for item in data.assignments:
        known = item.responsibility in catalogue.responsibilities
        if known and item.duplicate_of is None:
            continue
        resp = catalogue.responsibilities.get(item.responsibility)
        rows.append(
            Row(
                item.responsibility,
                resp["number"] if resp else None,
                resp["title"] if resp else "",
                resp["default_party"] if resp else None,
                Cell("duplicate" if known else "unknown-responsibility", holders=_holders(item)),
                item.key_span.line,
                _cost(item),
                item.note,
                _roles(item),
            )
        )
    return rows


def _holders(item: AssignmentData) -> tuple[str, ...]:
    return tuple(h.text for h in item.holders)


def _catalogue_rows(
    view: AgreementView, data: AgreementData, catalogue: CatalogueIndex
) -> tuple[list[Row], list[Deviation]]:
    """Rows in catalogue order (entries the catalogue lacks last), and the deviations among them."""
    responsibilities, _, _ = assignment_facts(data, catalogue)
    primary = _primary(data, catalogue)
    rows: list[Row] = []
    deviations: list[Deviation] = []
    for fact in responsibilities:
        entry = primary.get(fact.values["id"])
        cell = _cell(fact, entry, catalogue)
        cost = _cost(entry)
        rows.append(_fact_row(fact, entry, cell, cost))
        deviation = _deviation(view, fact, cell, cost)
        if deviation is not None:
            deviations.append(deviation)
    return rows + _extra_rows(data, catalogue), deviations


def _unchecked_rows(data: AgreementData) -> list[Row]:
    """Assignments of an agreement whose catalogue is unknown: as written, nothing judged."""
    return [
        Row(
            item.responsibility,
            None,
            "",
            None,
            Cell("unchecked", holders=_holders(item)),
            item.key_span.line,
            _cost(item),
            item.note,
        )
        for item in data.assignments
    ]


def _parties(data: AgreementData) -> list[Party]:
    out: list[Party] = []
    for party in data.parties if isinstance(data.parties, list) else []:
        if not isinstance(party, dict):
            continue
        pid, name = party.get("id"), party.get("name")
        if not isinstance(pid, str):
            continue
        teams: list[tuple[str, str]] = []
        listed = party.get("teams")
        for team in listed if isinstance(listed, list) else []:
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


def _agreement(
    run: RunResult,
    policy: Policy,
    result: FileResult,
    data: AgreementData,
    index: int,
    findings: list[Finding],
    uses: Counter[str],
) -> AgreementView:
    """One agreement document with its rows, deviations and totals; `uses` counts each id."""
    catalogue = policy.find_catalogue(data.catalogue) if data.catalogue else None
    view = AgreementView(
        index=index,
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
        shared_id=bool(data.id) and uses[data.id or ""] > 1,
    )
    if catalogue is not None:
        view.rows, view.deviations = _catalogue_rows(view, data, catalogue)
    else:
        view.rows = _unchecked_rows(data)
    view.totals = _totals(view.deviations)
    return view


def _agreements(run: RunResult, policy: Policy) -> tuple[list[AgreementView], list[FileFindings]]:
    """Every agreement document of the run in file order, and findings that belong to none."""
    agreements: list[AgreementView] = []
    file_findings: list[FileFindings] = []
    uses = Counter(data.id for result in run.files for data in result.agreements if data.id)
    for result in run.files:
        by_doc, loose = _owners(result)
        if loose:
            file_findings.append(FileFindings(result.path, loose))
        for data in result.agreements:
            findings = by_doc[data.document.index]
            view = _agreement(run, policy, result, data, len(agreements), findings, uses)
            agreements.append(view)
    return agreements, file_findings


def _matrices(policy: Policy, agreements: list[AgreementView]) -> list[Matrix]:
    """One matrix per catalogue of the policy that agreements follow, by catalogue reference."""
    by_catalogue: dict[str, list[AgreementView]] = {}
    for view in agreements:
        if view.catalogue_ref is not None:
            by_catalogue.setdefault(view.catalogue_ref, []).append(view)
    return [
        build_matrix(_catalogue_view(policy.catalogues[ref]), views)
        for ref, views in sorted(by_catalogue.items())
    ]


def build_report(run: RunResult, provenance: Provenance) -> Report:
    """The report of a run checked with `keep_agreements=True`."""
    policy: Policy | None = run.policy
    if policy is None:
        raise ValueError("a report needs the run's policy")
    agreements, file_findings = _agreements(run, policy)
    deviations = [d for a in agreements for d in a.deviations]
    return Report(
        tool_version=run.tool_version,
        fail_on=run.fail_on,
        exit_code=run.exit_code,
        passed=not run.failed,
        file_count=sum(1 for r in run.files if r.kind == "agreement"),
        agreements=agreements,
        matrices=_matrices(policy, agreements),
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
