"""A catalogue's `boundary.begins_at` against its responsibilities' default parties.

`begins_at` is the number of the first responsibility that a party other than the
first (least technical) one holds by default: every responsibility before it defaults
to the first party, and none from it on. With three or more parties it says nothing about
where the later parties' shares end. Responsibilities without a default party are not judged.
"""

from __future__ import annotations

from srm_check.authoring.validate.files import YamlFile
from srm_check.core.codes import WRONG_TYPE
from srm_check.core.problem import Problem
from srm_check.schemas.records import ResponsibilityRecord


def boundary_problems(file: YamlFile) -> list[Problem]:
    """Where a valid catalogue's boundary and its default parties disagree."""
    value = file.doc.value
    begins_at = (value.get("boundary") or {}).get("begins_at")
    if begins_at is None:
        return []
    if begins_at not in {r["number"] for r in value["responsibilities"]}:
        message = f"boundary.begins_at is {begins_at}, but no responsibility has that number"
        return [Problem(message, file.doc.span("/boundary/begins_at"), path=file.display, code=WRONG_TYPE)]
    if all(r["default_party"] is None for r in value["responsibilities"]):
        message = f"boundary.begins_at is {begins_at}, but no responsibility has a default party to split"
        return [Problem(message, file.doc.span("/boundary/begins_at"), path=file.display, code=WRONG_TYPE)]
    first = value["parties"][0]["id"]
    out = []
    for i, resp in enumerate(value["responsibilities"]):
        wrong = _disagreement(resp, begins_at, first)
        if wrong is not None:
            pointer = f"/responsibilities/{i}/default_party"
            out.append(Problem(wrong, file.doc.span(pointer), path=file.display, code=WRONG_TYPE))
    return out


def _disagreement(resp: ResponsibilityRecord, begins_at: int, first: str) -> str | None:
    """What is wrong with one responsibility's default party, if anything."""
    number, default = resp["number"], resp["default_party"]
    if default is None:
        return None
    if number < begins_at and default != first:
        return (
            f"'{resp['id']}' (#{number}) defaults to '{default}', but boundary.begins_at "
            f"{begins_at} says responsibilities before #{begins_at} default to the first "
            f"party, '{first}'"
        )
    if number >= begins_at and default == first:
        return (
            f"'{resp['id']}' (#{number}) defaults to '{first}', but boundary.begins_at "
            f"{begins_at} says a later party holds #{begins_at} onwards by default"
        )
    return None
