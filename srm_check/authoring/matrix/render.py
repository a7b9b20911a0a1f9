"""An imported agreement as YAML, written by hand as `init` writes one: every responsibility
in the catalogue's order under a comment with its number and title, each in its shortest form."""

from __future__ import annotations

from io import StringIO
from typing import Any

from srm_check.authoring.matrix.cells import ROLE_NAMES
from srm_check.authoring.matrix.model import Entry, MatrixAgreement
from srm_check.authoring.scaffold import scalar
from srm_check.rules.catalogue import CatalogueIndex


def _names(names: list[str]) -> str:
    return "[" + ", ".join(scalar(n) for n in names) + "]"


def _holder(entry: Entry) -> str:
    held = entry.holding
    if held.nobody or not held.accountable:
        return "null"
    return scalar(held.accountable[0]) if len(held.accountable) == 1 else _names(held.accountable)


def _amount(value: int | float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _cost(entry: Entry, pad: str) -> list[str]:
    if entry.cost_text is None:
        return []
    if entry.amount is None and entry.currency is None and entry.period is None:
        return [f"{pad}cost_note: {scalar(entry.cost_text)}"]
    out = [f"{pad}cost_note:", f"{pad}  text: {scalar(entry.cost_text)}"]
    if entry.amount is not None:
        out.append(f"{pad}  amount: {_amount(entry.amount)}")
    out += [
        f"{pad}  {key}: {scalar(value)}"
        for key, value in (("currency", entry.currency), ("period", entry.period))
        if value
    ]
    return out


def entry_lines(rid: str, entry: Entry) -> list[str]:
    """`rid: party` when that says it all, else the long form."""
    held = entry.holding
    roles = {role: held.roles[role] for role in ROLE_NAMES[1:] if held.roles.get(role)}
    if not roles and held.team is None and entry.cost_text is None and entry.note is None:
        return [f"  {scalar(rid)}: {_holder(entry)}"]
    out = [f"  {scalar(rid)}:", f"    {'accountable' if roles else 'party'}: {_holder(entry)}"]
    if held.team is not None:
        out.append(f"    team: {scalar(held.team)}")
    out += [f"    {role}: {_names(names)}" for role, names in roles.items()]
    out += _cost(entry, "    ")
    if entry.note is not None:
        out.append(f"    note: {scalar(entry.note)}")
    return out


def _parties(parties: list[dict[str, Any]]) -> list[str]:
    if not parties:
        return []
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    out = StringIO()
    yaml.dump({"parties": parties}, out)
    return out.getvalue().rstrip("\n").splitlines()


def render(agreement: MatrixAgreement, catalogue: CatalogueIndex, origin: str) -> str:
    lines = [
        f"# Imported by `srm-check import` from {' '.join(origin.split())}.",
        f"agreement: {scalar(agreement.id)}",
        f"community: {scalar(agreement.community)}",
        f"catalogue: {scalar(agreement.catalogue)}",
        f"effective: {scalar(agreement.effective or '')}",
    ]
    if agreement.end:
        lines.append(f"end: {scalar(agreement.end)}")
    if agreement.description:
        lines.append(f"description: {scalar(agreement.description)}")
    lines += _parties(agreement.parties)
    lines.append("assignments:" if agreement.entries else "assignments: {}")
    for resp in catalogue.model["responsibilities"]:
        entry = agreement.entries.get(resp["id"])
        if entry is not None:
            lines.append(f"  # {resp['number']}. {' '.join(resp['title'].split())}")
            lines += entry_lines(resp["id"], entry)
    return "\n".join(lines) + "\n"
