"""Match the names a spreadsheet uses to a catalogue's: responsibilities by id, number or
title (case, punctuation and near misses tolerated), parties and teams by id or name."""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from srm_check.rules.catalogue import CatalogueIndex

NEAR_MISS = 0.85  # difflib ratio from which a name is taken for a responsibility's
CANDIDATE = 0.3  # ... and from which a responsibility is listed among the closest candidates
_NUMBER = re.compile(r"^(?:#|no\.?\s*|nr\.?\s*)?(\d{1,6})\.?$", re.IGNORECASE)


def normal(text: str) -> str:
    """A name without case, punctuation or spacing: 'Manage data.' and 'manage-data' agree."""
    return re.sub(r"[\W_]+", "", text.casefold())


class Match(NamedTuple):
    """A responsibility found for a label (None: none), how, and the closest candidates."""

    responsibility: str | None
    how: str  # "id", "number", "title", "near miss", "mapping" or "" when unmatched
    candidates: tuple[str, ...] = ()


class Matcher:
    """The look-ups of one catalogue, built once."""

    def __init__(self, catalogue: CatalogueIndex, mapping: dict[str, str] | None = None) -> None:
        self.catalogue = catalogue
        self.mapping = {normal(k): v for k, v in (mapping or {}).items()}
        responsibilities = catalogue.model["responsibilities"]
        self.by_id = {normal(r["id"]): r["id"] for r in responsibilities}
        self.by_title = {normal(r["title"]): r["id"] for r in responsibilities}
        self.by_number = {str(r["number"]): r["id"] for r in responsibilities}
        self.names = {**{k: v for k, v in self.by_title.items() if k}, **self.by_id}

    def exact(self, label: str) -> Match | None:
        key = normal(label)
        if not key:
            return None
        if key in self.mapping:
            return Match(self.mapping[key], "mapping")
        number = _NUMBER.match(label.strip())
        if number and number.group(1).lstrip("0") in self.by_number:
            return Match(self.by_number[number.group(1).lstrip("0")], "number")
        if key in self.by_id:
            return Match(self.by_id[key], "id")
        if key in self.by_title:
            return Match(self.by_title[key], "title")
        return None

    def responsibility(self, labels: list[str]) -> Match:
        """The responsibility a row's label cells name: exact on any cell first, then a near miss."""
        found = [m for m in (self.exact(label) for label in labels) if m is not None]
        if found:
            return found[0]
        texts = [label for label in labels if normal(label) and not _NUMBER.match(label.strip())]
        best: tuple[float, str] = (0.0, "")
        for label in texts:
            for name, rid in self.names.items():
                ratio = difflib.SequenceMatcher(None, normal(label), name).ratio()
                if ratio > best[0]:
                    best = (ratio, rid)
        if best[0] >= NEAR_MISS:
            return Match(best[1], "near miss")
        return Match(None, "", self.candidates(texts))

    def candidates(self, labels: list[str]) -> tuple[str, ...]:
        scored: dict[str, float] = {}
        for label in labels:
            for name, rid in self.names.items():
                ratio = difflib.SequenceMatcher(None, normal(label), name).ratio()
                if ratio >= CANDIDATE:
                    scored[rid] = max(scored.get(rid, 0.0), ratio)
        return tuple(sorted(scored, key=lambda rid: -scored[rid])[:3])


class Parties:
    """Party and team names to ids: the catalogue's, the agreement's own, and a mapping file's."""

    def __init__(
        self,
        catalogue: CatalogueIndex,
        own: list[dict[str, object]] | None = None,
        mapping: dict[str, str] | None = None,
    ) -> None:
        self.ids: dict[str, str] = {}
        for party in catalogue.model["parties"]:
            self._add(party["id"], party["name"])
            for team in party["teams"]:
                self._add(team["id"], team["name"])
        for own_party in own or []:
            pid = own_party.get("id")
            if isinstance(pid, str):
                self._add(pid, str(own_party.get("name", "")))
                teams = own_party.get("teams")
                for team in teams if isinstance(teams, list) else []:
                    if isinstance(team, dict) and isinstance(team.get("id"), str):
                        self._add(team["id"], str(team.get("name", "")))
        for name, pid in (mapping or {}).items():
            self.ids[normal(name)] = pid

    def _add(self, pid: str, name: str) -> None:
        self.ids.setdefault(normal(pid), pid)
        if normal(name):
            self.ids.setdefault(normal(name), pid)

    def find(self, text: str) -> str | None:
        return self.ids.get(normal(text))

    def resolve(self, text: str) -> str:
        """The id a name stands for; a name nobody declares is kept as written (check reports it)."""
        return self.find(text) or text
