"""What rule files declare that only the whole policy can resolve, with where it is written.

Rule loading notes catalogue scopes, overrides and the responsibilities rules compare with;
`compose` resolves them once every file is loaded. Kept apart from `compose` so that a
policy that declares none of them (the shipped one) never imports it: start-up counts.
"""

from __future__ import annotations

from srm_check.core.codes import WRONG_TYPE
from srm_check.core.problem import Problem
from srm_check.core.span import Span
from srm_check.schemas.records import OverrideRecord

Where = tuple[str, Span]
"""A place in a policy file: its path as shown, and the span."""
Refs = list[tuple[str, Where]]
"""Catalogue references as written, each with its place."""


def problem_at(where: Where, message: str, code: str = WRONG_TYPE) -> Problem:
    """A problem of the composed policy, at `where`, with its stable id (SRM011 unless said)."""
    return Problem(message, where[1], path=where[0], code=code)


class Declared:
    """Scopes (rule id, catalogues), overrides (entry, place of its rule, catalogues) and
    references (rule id, responsibility, place, "comparison" or "condition")."""

    __slots__ = ("overrides", "references", "scopes")

    def __init__(self) -> None:
        self.scopes: list[tuple[str, Refs]] = []
        self.overrides: list[tuple[OverrideRecord, Where, Refs]] = []
        self.references: list[tuple[str, str, Where, str]] = []

    @property
    def empty(self) -> bool:
        return not (self.scopes or self.overrides or self.references)
