"""What `same_as` and `different_from` share: comparing a field with another responsibility's.

Both compare a responsibility fact's field (its holder `party`, or a role set) with a
field of another responsibility of the same agreement, named by id. Null on either side
passes (a responsibility held by nobody, or by several parties, is the business of the
rules that check holding); lists compare as sets, so the order of a role set does not
matter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from srm_check.rules.facts import not_a_field
from srm_check.rules.functions.spec import Context, Option, OptionProblem, Options, Outcome

# The form of a responsibility id (schemas.models.base.SLUG; a test keeps them equal). Not
# imported from there: that module imports pydantic, which checking must not.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
GIVEN = "responsibility"
PEER_OPTION = "responsibility"

OPTIONS = Options(
    "RelationOptions",
    (
        Option(
            PEER_OPTION,
            str,
            description="The id of the other responsibility, in the agreement's catalogue.",
            constraints={"pattern": SLUG_PATTERN, "max_length": 100},
        ),
        Option(
            "field",
            str | None,
            None,
            "The other responsibility's field to compare with; default: the field tested (`then.field`).",
            constraints={"pattern": SLUG_PATTERN, "max_length": 100},
        ),
    ),
    "Compare with a field of another responsibility of the same agreement.",
)


def comparable(value: Any) -> Any:
    """Lists (role sets) as sets; anything else as it is."""
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(str(v) for v in value)
    return value


def comparison(same: bool) -> Callable[[Any, dict[str, Any], Context | None], Outcome]:
    """The run function of `same_as` (same=True) or `different_from` (same=False)."""

    def run(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
        assert context is not None
        other_id = options[PEER_OPTION]
        other = (context.peers or {}).get(other_id)
        if other is None:  # the agreement's catalogue has no such responsibility
            return None
        other_value = other.get(options.get("field") or context.field or "")
        if value is None or other_value is None:
            return None
        if (comparable(value) == comparable(other_value)) == same:
            return None
        shown = ", ".join(sorted(comparable(other_value))) if isinstance(other_value, list) else other_value
        return {"other": other_id, "other_value": shown}

    return run


def requirement(words: str) -> Callable[[dict[str, Any]], str]:
    def say(options: dict[str, Any]) -> str:
        field = f"`{options['field']}`" if options.get("field") else "that"
        return (
            f"be {words} {field} of responsibility `{options[PEER_OPTION]}` in the same agreement "
            "(skipped when either is null, or the catalogue has no such responsibility)"
        )

    return say


def check_options(options: dict[str, Any], given: str) -> list[OptionProblem]:
    """The rule must look at responsibilities, and `field` must be one of their fields."""
    if given != GIVEN:
        message = f"compares one responsibility with another: it needs `given: {GIVEN}`, not {given}"
        return [OptionProblem(message, PEER_OPTION)]
    field = options.get("field")
    problem = not_a_field(field, GIVEN) if field else None
    return [OptionProblem(problem, "field")] if problem else []
