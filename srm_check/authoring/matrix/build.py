"""Turn the sheets of a spreadsheet into agreements: choose each matrix's catalogue, match its
rows to responsibilities, read its cells, and add the cost notes and fields of the side sheets.

Nothing is decided for the user: a cell naming two accountable parties is kept as written
(`check` reports it), and a row that matches no responsibility stops the import, listed
with its closest candidates, unless the user skips such rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from srm_check.authoring.matrix.cells import CellProblem, Holding, holding, letters
from srm_check.authoring.matrix.grid import Cell, Located, Sheet, SheetError
from srm_check.authoring.matrix.match import Matcher, Parties, normal
from srm_check.authoring.matrix.model import Entry, MatrixAgreement
from srm_check.authoring.matrix.sheets import SIDE_SHEETS, amount, parties_of, records, text
from srm_check.authoring.matrix.table import Table, read_table
from srm_check.authoring.scaffold import slugify
from srm_check.policy.model import Policy
from srm_check.rules.catalogue import CatalogueIndex


@dataclass(slots=True)
class ImportOptions:
    """What the user said (None: guess), and the mapping file's names."""

    catalogue: str | None = None
    layout: str | None = None
    axis: str | None = None
    header_row: int | None = None
    community: str | None = None
    skip_unmatched: bool = False
    responsibilities: dict[str, str] = field(default_factory=dict)
    parties: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Imported:
    """The agreements read, with their catalogues, and what was guessed or skipped on the way."""

    agreements: list[tuple[MatrixAgreement, CatalogueIndex]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Importer:
    def __init__(self, sheets: list[Sheet], policy: Policy, options: ImportOptions) -> None:
        self.policy = policy
        self.options = options
        side = {normal(s.name): s for s in sheets if normal(s.name) in SIDE_SHEETS}
        self.matrices = [s for s in sheets if normal(s.name) not in SIDE_SHEETS and s.rows]
        self.fields = records(side["agreements"]) if "agreements" in side else []
        self.costs = records(side["costs"]) if "costs" in side else []
        self.own = [p for rec in self.fields for p in parties_of(rec)]
        self.errors: list[Located] = []
        self.result = Imported()

    def run(self) -> Imported:
        if not self.matrices:
            raise SheetError("the spreadsheet holds no matrix (every sheet is empty)")
        for sheet in self.matrices:
            self._sheet(sheet)
        self._costs()
        if self.errors:
            raise SheetError("nothing was written: the spreadsheet has problems (above)", self.errors)
        seen: dict[str, str] = {}
        for agreement, _ in self.result.agreements:
            if agreement.id in seen:
                raise SheetError(
                    f"two agreements would have the id '{agreement.id}' ({seen[agreement.id]} "
                    f"and {agreement.source})"
                )
            seen[agreement.id] = agreement.source
        return self.result

    # --- one matrix -----------------------------------------------------------------------------

    def _catalogue(self, sheet: Sheet, meta_ref: str | None) -> CatalogueIndex:
        refs = sorted(self.policy.catalogues)
        ref = self.options.catalogue or meta_ref
        if ref is None:
            listed = {text(rec, "catalogue") for rec in self.fields} - {None}
            ref = listed.pop() if len(listed) == 1 else None
        if ref is not None:
            found = self.policy.find_catalogue(ref)
            if found is None:
                raise SheetError(f"catalogue '{ref}' is not in the policy (known: {', '.join(refs)})")
            return found
        if len(refs) == 1:
            return self.policy.catalogues[refs[0]]
        return self._guess_catalogue(sheet, refs)

    def _guess_catalogue(self, sheet: Sheet, refs: list[str]) -> CatalogueIndex:
        cells = [c for row in sheet.rows for c in row[:4]] + [c for row in sheet.rows[:12] for c in row]
        scores = {
            ref: sum(1 for c in cells if c.text and Matcher(self.policy.catalogues[ref]).exact(c.text))
            for ref in refs
        }
        best = max(scores.values(), default=0)
        winners = [r for r, n in scores.items() if n == best]
        if best == 0 or len(winners) > 1:
            raise SheetError(
                f"{sheet.where}: cannot tell the catalogue; choose one with --catalogue ({', '.join(refs)})"
            )
        self.result.notes.append(
            f"{sheet.where}: catalogue {winners[0]} ({best} cells name its responsibilities); "
            "--catalogue says otherwise"
        )
        return self.policy.catalogues[winners[0]]

    def _sheet(self, sheet: Sheet) -> None:
        from srm_check.authoring.matrix.table import header_block

        meta, _ = header_block(sheet, self.options.header_row)
        catalogue = self._catalogue(sheet, meta.get("catalogue"))
        matcher = Matcher(catalogue, self.options.responsibilities)
        parties = Parties(catalogue, self.own, self.options.parties)
        table = read_table(
            sheet, matcher, parties, self.options.layout, self.options.axis, self.options.header_row
        )
        self.result.notes += [f"{sheet.where}: {guess}" for guess in table.guessed]
        rows = self._match_rows(table, matcher)
        if table.axis == "parties":
            self._party_columns(table, rows, catalogue, parties)
        else:
            self._agreement_columns(table, rows, catalogue, parties)

    def _match_rows(self, table: Table, matcher: Matcher) -> list[tuple[str, list[Cell]]]:
        out: list[tuple[str, list[Cell]]] = []
        first: dict[str, str] = {}
        for labels, data in table.rows:
            texts = [c.text for c in labels if c.text]
            where = labels[0].where if labels else (data[0].where if data else table.sheet.where)
            found = matcher.responsibility(texts)
            if found.responsibility is None:
                self._unmatched(where, texts, found.candidates, matcher.catalogue.ref)
                continue
            if found.responsibility in first:
                self.errors.append(
                    Located(
                        where,
                        f"'{' / '.join(texts)}' names '{found.responsibility}' again (first at "
                        f"{first[found.responsibility]})",
                    )
                )
                continue
            first[found.responsibility] = where
            if found.how == "near miss":
                self.result.notes.append(
                    f"{where}: '{' / '.join(texts)}' taken for '{found.responsibility}' (a near miss)"
                )
            out.append((found.responsibility, data))
        return out

    def _unmatched(self, where: str, texts: list[str], candidates: tuple[str, ...], ref: str) -> None:
        label = " / ".join(texts) or "(no name)"
        closest = f"; closest: {', '.join(candidates)}" if candidates else ""
        if self.options.skip_unmatched:
            self.result.notes.append(f"{where}: skipped '{label}': no responsibility of {ref}{closest}")
        else:
            self.errors.append(Located(where, f"'{label}' matches no responsibility of {ref}{closest}"))

    def _record(self, *names: str) -> dict[str, Cell] | None:
        keys = {normal(n) for n in names if n}
        for rec in self.fields:
            if {normal(text(rec, "agreement") or ""), normal(text(rec, "community") or "")} & keys:
                return rec
        return None

    def _agreement(
        self, name: str, source: str, catalogue: CatalogueIndex, community: str | None = None
    ) -> MatrixAgreement:
        rec = self._record(name, community or "")
        given = text(rec, "agreement") if rec else None
        agreement = MatrixAgreement(
            id=given or slugify(community or name) or "agreement",
            community=(text(rec, "community") if rec else None) or community or name,
            catalogue=catalogue.ref,
            source=source,
        )
        if rec is not None:
            agreement.effective = text(rec, "effective")
            agreement.end = text(rec, "end")
            agreement.description = text(rec, "description")
            agreement.parties = parties_of(rec)
        self.result.agreements.append((agreement, catalogue))
        return agreement

    def _agreement_columns(
        self, table: Table, rows: list[tuple[str, list[Cell]]], catalogue: CatalogueIndex, parties: Parties
    ) -> None:
        for j, heading in enumerate(table.headings):
            filled = [data[j] for _, data in rows if j < len(data) and data[j].text]
            if not heading.text:
                if filled:
                    self.errors.append(
                        Located(filled[0].where, "a column without a heading holds cells; name its agreement")
                    )
                continue
            agreement = self._agreement(heading.text, heading.where, catalogue)
            for rid, data in rows:
                cell = data[j] if j < len(data) else None
                if cell is None or not cell.text:
                    continue
                try:
                    held = holding(cell.text)
                except CellProblem as exc:
                    self.errors.append(Located(cell.where, str(exc)))
                    continue
                if held is not None:
                    agreement.entries[rid] = Entry(_resolved(held, parties))

    def _party_columns(
        self, table: Table, rows: list[tuple[str, list[Cell]]], catalogue: CatalogueIndex, parties: Parties
    ) -> None:
        name = self.options.community or _sheet_name(table)
        agreement = self._agreement(name, table.sheet.where, catalogue, community=name)
        columns = [(j, parties.resolve(h.text)) for j, h in enumerate(table.headings) if h.text]
        for rid, data in rows:
            held = Holding()
            for j, party in columns:
                cell = data[j] if j < len(data) else None
                roles = letters(cell.text) if cell is not None else ()
                if roles is None and cell is not None:
                    self.errors.append(
                        Located(
                            cell.where,
                            f"'{cell.text}' is not RACI letters (R, A, C, I, or A/R) nor a mark (x, yes, ✓)",
                        )
                    )
                    continue
                for role in roles or ():
                    held.add(role, party)
            if held.accountable or held.roles:
                agreement.entries[rid] = Entry(held)

    # --- the costs sheet --------------------------------------------------------------------------

    def _costs(self) -> None:
        by_id = {normal(a.id): (a, c) for a, c in self.result.agreements}
        for rec in self.costs:
            where = next(iter(rec.values())).where if rec else ""
            found = by_id.get(normal(text(rec, "agreement") or ""))
            if found is None:
                self.errors.append(
                    Located(
                        where,
                        f"cost row for agreement '{text(rec, 'agreement')}', which the matrix does not have",
                    )
                )
                continue
            agreement, catalogue = found
            match = Matcher(catalogue, self.options.responsibilities).responsibility(
                [text(rec, "responsibility") or "", text(rec, "number") or ""]
            )
            entry = agreement.entries.get(match.responsibility or "")
            if entry is None:
                self.errors.append(
                    Located(
                        where,
                        f"cost row for '{text(rec, 'responsibility')}', which agreement "
                        f"'{agreement.id}' does not assign",
                    )
                )
                continue
            entry.cost_text = text(rec, "cost note")
            entry.amount = amount(rec)
            entry.currency = text(rec, "currency")
            entry.period = text(rec, "period")
            entry.note = text(rec, "note")
            if entry.cost_text is None and (entry.amount is not None or entry.currency or entry.period):
                entry.cost_text = ""


def _resolved(held: Holding, parties: Parties) -> Holding:
    out = Holding(nobody=held.nobody, team=parties.resolve(held.team) if held.team else None)
    for name in held.accountable:
        out.add("accountable", parties.resolve(name))
    for role, names in held.roles.items():
        for name in names:
            out.add(role, parties.resolve(name))
    return out


def _sheet_name(table: Table) -> str:
    meta = table.meta
    return meta.get("community") or table.sheet.name
