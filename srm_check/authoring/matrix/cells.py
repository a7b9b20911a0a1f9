"""What a cell of a matrix says: RACI letters or a mark under a party's column, or the holder
and roles of a responsibility under an agreement's column.

Under an agreement's column a cell is `party` (the accountable one), or clauses separated by
`;`: `2i2c; team: community-guide; R: community; C: hub-administrator`. A key of RACI letters
(`A/R:`) names parties in each of those roles; names are separated by `,`. `-` is held by
nobody; an empty cell leaves the responsibility out. `export` writes cells this way, with a
mark of a deviation's direction (▲ ▼ ●) that is read back as nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROLE_OF_LETTER = {"a": "accountable", "r": "responsible", "c": "consulted", "i": "informed"}
ROLE_NAMES = ("accountable", "responsible", "consulted", "informed")
MARKS = frozenset({"x", "X", "✓", "✔", "☑", "✅", "●", "•", "yes", "y", "true", "1", "held"})
NOBODY = frozenset({"-", "–", "—", "none", "nobody", "null", "~"})
DEVIATION_MARKS = "▲▼●"
_LETTERS = re.compile(r"^[ARCI](?:\s*[/,+&]?\s*[ARCI])*$", re.IGNORECASE)
_KEY = re.compile(r"^\s*([A-Za-z][A-Za-z /,+&]*?)\s*:\s*(.*)$", re.DOTALL)


class CellProblem(Exception):
    """A cell that says nothing srm-check can read; the message says what it expected."""


def letters(text: str) -> tuple[str, ...] | None:
    """The roles of a RACI cell under a party's column ('A/R', 'x', 'yes'), () for an empty or
    '-' cell, None when the text is neither letters nor a mark."""
    value = text.strip()
    if not value or value in NOBODY:
        return ()
    if value.casefold() in MARKS or value in MARKS:
        return ("accountable",)
    if _LETTERS.match(value):
        found = [ROLE_OF_LETTER[c] for c in value.casefold() if c in ROLE_OF_LETTER]
        return tuple(role for role in ROLE_NAMES if role in found)
    return None


@dataclass(slots=True)
class Holding:
    """Who holds a responsibility, as a cell writes it: accountable names, a team, the other roles."""

    accountable: list[str] = field(default_factory=list)
    team: str | None = None
    roles: dict[str, list[str]] = field(default_factory=dict)
    nobody: bool = False

    def add(self, role: str, name: str) -> None:
        if role == "accountable":
            if name not in self.accountable:
                self.accountable.append(name)
        else:
            names = self.roles.setdefault(role, [])
            if name not in names:
                names.append(name)


def _roles_of_key(key: str) -> tuple[str, ...] | None:
    lowered = key.strip().casefold()
    if lowered in ("party", "accountable"):
        return ("accountable",)
    if lowered in ROLE_NAMES:
        return (lowered,)
    if lowered == "team":
        return ("team",)
    return letters(key) or None


def _clause(held: Holding, clause: str) -> None:
    """Add what one clause (`R: a, b`, `team: t` or names alone) says to `held`."""
    keyed = _KEY.match(clause)
    roles = _roles_of_key(keyed.group(1)) if keyed else None
    names_text = keyed.group(2) if keyed and roles else clause
    names = [n.strip() for n in names_text.split(",") if n.strip()]
    for role in roles or ("accountable",):
        if role == "team":
            if len(names) != 1:
                raise CellProblem(f"'team:' names one team, not {len(names)}")
            held.team = names[0]
            continue
        for name in names:
            if name not in NOBODY:
                held.add(role, name)


def holding(text: str) -> Holding | None:
    """The holding a cell under an agreement's column writes, or None for an empty cell."""
    value = text.strip().rstrip(DEVIATION_MARKS).strip()
    if not value:
        return None
    if value in NOBODY:
        return Holding(nobody=True)
    held = Holding()
    for clause in re.split(r"[;\n]", value):
        if clause.strip():
            _clause(held, clause)
    if not held.accountable and not held.roles and held.team is None:
        return Holding(nobody=True)
    return held


def write_holding(held: Holding) -> str:
    """A cell for `held`, in the form `holding` reads back."""
    if held.nobody:
        return "-"
    clauses = [", ".join(held.accountable) if held.accountable else "A: -"]
    if held.team:
        clauses.append(f"team: {held.team}")
    clauses += [
        f"{role[0].upper()}: {', '.join(held.roles[role])}" for role in ROLE_NAMES[1:] if held.roles.get(role)
    ]
    return "; ".join(clauses)
