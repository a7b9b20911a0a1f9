"""Schema problems of a policy file, each located in that file."""

from __future__ import annotations

from srm_check.core.problem import Problem
from srm_check.schemas.validator import validator
from srm_check.source.document import Document


def structure_problems(kind: str, doc: Document, display: str) -> list[Problem]:
    """Problems of `doc` against the schema of `kind`, with the pointer in the message."""
    return [
        p._replace(path=display, message=f"{p.message} (at {p.pointer or '/'})")
        for p in validator(kind).validate(doc.value, doc)
    ]
