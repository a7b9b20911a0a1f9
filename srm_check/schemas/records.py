"""Typed views of validated policy data, as used at check time.

After `schemas/validator.py` has validated a file against its schema (and filled in
defaults), the data is used as plain dicts; these TypedDicts name their keys for the
type checker. A test keeps them in step with the pydantic models in `schemas/models/`.
"""

from typing import Any, TypedDict

from srm_check.core.rule import RuleInfo


class TeamRecord(TypedDict):
    id: str
    name: str
    description: str


class PartyRecord(TypedDict):
    id: str
    name: str
    description: str
    teams: list[TeamRecord]


class AreaRecord(TypedDict):
    id: str
    name: str
    description: str
    roles: list[str]


class SharedRecord(TypedDict):
    responsible: list[str]
    consulted: list[str]
    informed: list[str]


class ResponsibilityRecord(TypedDict):
    id: str
    number: int
    title: str
    description: str
    area: str | None
    default_party: str | None
    default_team: str | None
    shared: SharedRecord | None
    note: str


class BoundaryRecord(TypedDict):
    statement: str
    source: str
    begins_at: int | None
    reading: str


class CatalogueRecord(TypedDict):
    catalogue: str
    version: str
    title: str
    description: str
    source: dict[str, Any] | None
    technical_order: bool
    parties: list[PartyRecord]
    areas: list[AreaRecord]
    boundary: BoundaryRecord | None
    responsibilities: list[ResponsibilityRecord]


class ThenRecord(TypedDict, total=False):
    field: str
    function: str
    options: dict[str, Any]


class RuleRecord(RuleInfo):
    """A declarative rule from a policy file."""

    given: str
    where: list[dict[str, Any]]
    then: ThenRecord
    catalogues: list[str] | None
    fix: str


class OverrideRecord(TypedDict):
    """A change of a rule's severity (or "off") on agreements of some catalogues."""

    rule: str
    catalogues: list[str]
    severity: str
    reason: str
