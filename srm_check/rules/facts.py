"""Facts: the flat views of an agreement that rules select with `given` and test with `then`.

Each kind of fact has a fixed set of documented fields; rules may name only those,
which is checked when the policy loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from srm_check.core.span import Span
from srm_check.core.text import did_you_mean
from srm_check.rules.agreement import AgreementData, AssignmentData
from srm_check.rules.catalogue import CatalogueIndex, Catalogues

FIELDS: dict[str, dict[str, str]] = {
    "agreement": {
        "id": "the agreement's id",
        "community": "the community's name",
        "catalogue": "the catalogue reference as written (id@version)",
        "catalogue_known": "whether that catalogue is in the policy",
        "catalogues": "the catalogues the policy holds, as text",
        "effective": "the effective date as written",
        "end": "the end date as written, or null",
    },
    "responsibility": {
        "id": "the responsibility's id",
        "number": "its number in the catalogue's technical order",
        "title": "its title",
        "default_party": "the party that holds it by default",
        "assigned": "whether the agreement assigns it at all",
        "party": "the one party that holds it, or null when none or several",
        "parties": "the parties that hold it, as text",
        "party_count": "how many distinct parties hold it",
        "team": "the team named, or null",
        "deviates": "whether its one party differs from the default party",
        "cost_note": "the cost note's text, or null",
        "inversion": "id of a less technical responsibility that a later party holds, or null",
        "inversion_number": "that responsibility's number",
        "inversion_party": "the party that holds it",
    },
    "assignment": {
        "responsibility": "the responsibility id as written",
        "known": "whether the catalogue has that responsibility",
        "did_you_mean": "' (did you mean x?)' with the closest known id, or ''",
        "title": "the responsibility's title, or ''",
        "number": "its number, or null",
        "duplicate": "whether an earlier entry already assigned it",
        "first_line": "the line of that earlier entry, or null",
        "party": "the one party that holds it, or null when none or several",
        "parties": "the parties named, as text",
        "party_count": "how many distinct parties are named",
        "default_party": "the party that holds it by default, or null",
        "deviates": "whether its one known party differs from the default (null if unclear)",
        "cost_note": "the cost note's text, or null",
        "has_cost_note": "whether the entry has a cost note key at all",
    },
    "party_ref": {
        "party": "the party or team as written",
        "known": "whether the catalogue or agreement declares it",
        "did_you_mean": "' (did you mean x?)' with the closest known party, or ''",
        "responsibility": "the responsibility it is named for",
        "resolved": "the party it counts as, or null",
    },
}


@dataclass(slots=True)
class Fact:
    """One fact: field values, a default location, and per-field locations."""

    kind: str
    values: dict[str, Any]
    pointer: str
    span: Span
    fields: dict[str, tuple[str, Span]] = field(default_factory=dict)
    related: list[tuple[Span, str]] = field(default_factory=list)

    def location(self, name: str) -> tuple[str, Span]:
        return self.fields.get(name, (self.pointer, self.span))


def agreement_fact(data: AgreementData, catalogues: Catalogues) -> Fact:
    doc = data.document
    catalogue = catalogues.find(data.catalogue) if data.catalogue else None
    values = {
        "id": data.id,
        "community": data.community,
        "catalogue": data.catalogue,
        "catalogue_known": catalogue is not None,
        "catalogues": ", ".join(sorted(catalogues)) or "none",
        "effective": data.effective,
        "end": data.end,
    }
    fields = {}
    for name, key in (
        ("id", "agreement"),
        ("catalogue", "catalogue"),
        ("catalogue_known", "catalogue"),
        ("effective", "effective"),
        ("end", "end"),
        ("community", "community"),
    ):
        pointer = f"/{key}"
        fields[name] = (pointer, doc.span(pointer))
    return Fact("agreement", values, "", doc.span(""), fields)


def _resolve(text: str, catalogue: CatalogueIndex, extra: dict[str, str]) -> str | None:
    if text in catalogue.party_rank or text in extra:
        return text
    return catalogue.teams.get(text) or extra.get(f"team:{text}")


def _extra_parties(data: AgreementData) -> dict[str, str]:
    out: dict[str, str] = {}
    for party in data.parties:
        pid = party.get("id")
        if isinstance(pid, str):
            out[pid] = pid
            teams = party.get("teams")
            for team in teams if isinstance(teams, list) else []:  # a wrong type is SRM011's
                if isinstance(team, dict) and isinstance(team.get("id"), str):
                    out[f"team:{team['id']}"] = pid
    return out


def _note_text(item: AssignmentData) -> str | None:
    return item.cost_note.text if item.cost_note is not None else None


def assignment_facts(
    data: AgreementData, catalogue: CatalogueIndex
) -> tuple[list[Fact], list[Fact], list[Fact]]:
    """The responsibility, assignment and party_ref facts of one agreement."""
    extra = _extra_parties(data)
    known_parties = sorted(
        {*catalogue.party_rank, *catalogue.teams, *extra.values()}
        | {k[5:] for k in extra if k.startswith("team:")}
    )
    assignment_out: list[Fact] = []
    party_out: list[Fact] = []
    primary: dict[str, tuple[AssignmentData, int, str | None]] = {}
    for item in data.assignments:
        resp = catalogue.responsibilities.get(item.responsibility)
        resolved: list[str] = []
        unknown = 0
        for holder in item.holders:
            party = _resolve(holder.text, catalogue, extra)
            unknown += party is None
            party_out.append(
                Fact(
                    "party_ref",
                    {
                        "party": holder.text,
                        "known": party is not None,
                        "did_you_mean": "" if party else did_you_mean(holder.text, known_parties),
                        "responsibility": item.responsibility,
                        "resolved": party,
                    },
                    holder.pointer,
                    holder.span,
                )
            )
            if party is not None and party not in resolved:
                resolved.append(party)
        count = len(resolved) + unknown
        single = resolved[0] if len(resolved) == 1 and not unknown else None
        default = resp["default_party"] if resp else None
        deviates = (single != default) if (single is not None and default is not None) else None
        note_pointer = item.cost_note_pointer or item.pointer
        note_span = item.cost_note_span or item.value_span
        fact = Fact(
            "assignment",
            {
                "responsibility": item.responsibility,
                "known": resp is not None,
                "did_you_mean": "" if resp else did_you_mean(item.responsibility, catalogue.order),
                "title": resp["title"] if resp else "",
                "number": resp["number"] if resp else None,
                "duplicate": item.duplicate_of is not None,
                "first_line": item.duplicate_of.line if item.duplicate_of else None,
                "party": single,
                "parties": ", ".join(h.text for h in item.holders) or "nobody",
                "party_count": count,
                "default_party": default,
                "deviates": deviates,
                "cost_note": _note_text(item),
                "has_cost_note": item.cost_note_pointer is not None,
            },
            item.pointer,
            item.value_span,
            {
                "responsibility": (item.pointer, item.key_span),
                "known": (item.pointer, item.key_span),
                "duplicate": (item.pointer, item.key_span),
                "cost_note": (note_pointer, note_span),
                "has_cost_note": (note_pointer, note_span),
            },
        )
        if item.duplicate_of is not None:
            fact.related.append((item.duplicate_of, "first assigned here"))
        assignment_out.append(fact)
        if resp is not None and item.duplicate_of is None:
            primary.setdefault(item.responsibility, (item, count, single))

    responsibility_out = _responsibility_facts(data, catalogue, primary)
    return responsibility_out, assignment_out, party_out


def _responsibility_facts(
    data: AgreementData,
    catalogue: CatalogueIndex,
    primary: dict[str, tuple[AssignmentData, int, str | None]],
) -> list[Fact]:
    doc = data.document
    container = doc.span(data.assignments_pointer)
    out: list[Fact] = []
    # For the technical-order check: per party rank, the first responsibility it holds.
    first_by_rank: dict[int, tuple[str, int, str]] = {}
    for resp in catalogue.model["responsibilities"]:
        rid, number, default = resp["id"], resp["number"], resp["default_party"]
        item, count, single = primary.get(rid, (None, 0, None))
        inversion: tuple[str, int, str] | None = None
        rank = catalogue.party_rank.get(single) if single else None
        if rank is not None:
            later = [v for r, v in first_by_rank.items() if r > rank]
            if later:
                inversion = min(later, key=lambda v: v[1])
            first_by_rank.setdefault(rank, (rid, number, single or ""))
        if item is not None:
            pointer, span = item.pointer, item.value_span
        else:
            pointer = f"{data.assignments_pointer}/{rid}"
            span = container
        out.append(
            Fact(
                "responsibility",
                {
                    "id": rid,
                    "number": number,
                    "title": resp["title"],
                    "default_party": default,
                    "assigned": item is not None,
                    "party": single,
                    "parties": ", ".join(h.text for h in item.holders) if item else "nobody",
                    "party_count": count,
                    "team": item.team if item else None,
                    "deviates": single is not None and single != default,
                    "cost_note": _note_text(item) if item else None,
                    "inversion": inversion[0] if inversion else None,
                    "inversion_number": inversion[1] if inversion else None,
                    "inversion_party": inversion[2] if inversion else None,
                },
                pointer,
                span,
            )
        )
    return out
