"""Dead `where` conditions: they compare with a responsibility or default party no catalogue has.

Such a condition never holds, so its rule never applies: a typo that no test would notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from srm_check.authoring.validate.files import YamlFile
from srm_check.core.codes import WRONG_TYPE
from srm_check.core.problem import Problem

# Fields whose values are responsibility ids, and fields whose values are catalogue parties.
RESPONSIBILITY_FIELDS = {
    "responsibility": {"id", "inversion"},
    "assignment": {"responsibility"},
    "party_ref": {"responsibility"},
}
DEFAULT_PARTY_FIELDS = {"responsibility": {"default_party"}, "assignment": {"default_party"}}


class Known(NamedTuple):
    """What the policy's valid catalogues hold."""

    responsibilities: set[str]
    parties: set[str]


def dead_conditions(file: YamlFile, known: Known) -> list[Problem]:
    """`where` conditions of a valid rule file that compare with something no catalogue has."""
    out = []
    for i, rule in enumerate(file.doc.value.get("rules") or []):
        for j, condition in enumerate(rule.get("where") or []):
            base = f"/rules/{i}/where/{j}"
            out += _dead_values(file, rule, condition, base, known)
    return out


def _names(given: str, name: str, known: Known) -> tuple[set[str], str] | None:
    """The names a field of `given` facts may hold, and what they are; None for other fields."""
    if name in RESPONSIBILITY_FIELDS.get(given, ()):
        return known.responsibilities, "responsibility"
    if name in DEFAULT_PARTY_FIELDS.get(given, ()):
        return known.parties, "party"
    return None


def _compared(condition: dict[str, Any], base: str) -> Iterator[tuple[Any, str]]:
    """Each value a condition compares with (`equals`, each item of `in`), with its pointer."""
    if "equals" in condition:
        yield condition["equals"], f"{base}/equals"
    for k, item in enumerate(condition.get("in", [])):
        yield item, f"{base}/in/{k}"


def _dead_values(
    file: YamlFile, rule: dict[str, Any], condition: dict[str, Any], base: str, known: Known
) -> list[Problem]:
    given = "responsibility" if condition.get("of") else rule["given"]  # `of`: another responsibility's field
    names = _names(given, condition["field"], known)
    if names is None:
        return []
    allowed, what = names
    return [
        Problem(
            f"rule {rule['id']}: no catalogue of the policy has the {what} "
            f"'{item}', so this condition never holds",
            file.doc.span(pointer),
            path=file.display,
            code=WRONG_TYPE,
        )
        for item, pointer in _compared(condition, base)
        if isinstance(item, str) and item not in allowed
    ]
