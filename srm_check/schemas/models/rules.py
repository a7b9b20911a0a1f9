"""The rule file format: declarative rules over facts, built from a closed vocabulary."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import ConfigDict, Field, create_model

from srm_check.schemas.models.base import RULE_ID, Severity, Slug, StrictModel, Text

Given = Literal["agreement", "responsibility", "assignment", "party_ref"]


class RuleInfo(StrictModel):
    """What every rule says about itself, for reports and SARIF."""

    id: Annotated[str, Field(pattern=RULE_ID, max_length=50)]
    name: Slug
    severity: Severity
    title: Text
    message: Text = Field(description="Message template; {field} takes a fact's value.")
    description: Text = Field(description="Why the rule exists and how to fix what it finds.")
    help_uri: str = ""
    tags: list[Slug] = Field(default=[])


class _Condition(StrictModel):
    field: Slug = Field(description="A field of the facts named by `given`.")


class EqualsCondition(_Condition):
    """The field equals a value."""

    equals: Any


class NotEqualsCondition(_Condition):
    """The field differs from a value."""

    not_equals: Any


class InCondition(_Condition):
    """The field is one of some values."""

    in_: list[Any] = Field(alias="in")
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class NotInCondition(_Condition):
    """The field is none of some values."""

    not_in: list[Any]


class DefinedCondition(_Condition):
    """The field is set (true) or null (false)."""

    defined: bool


Condition = EqualsCondition | NotEqualsCondition | InCondition | NotInCondition | DefinedCondition


class NoOptions(StrictModel):
    """This function takes no options."""


class BoundOptions(StrictModel):
    value: int | float = Field(description="The bound.")


class EnumerationOptions(StrictModel):
    values: Annotated[list[Any], Field(min_length=1)]


class PatternOptions(StrictModel):
    match: str | None = Field(None, description="A regular expression the text must contain.")
    not_match: str | None = Field(None, description="A regular expression it must not contain.")


class TextOptions(StrictModel):
    placeholders: list[str] = Field(
        default=[], description="Values that count as empty, compared case-insensitively."
    )
    min_length: Annotated[int, Field(ge=1)] = 1


class AfterOptions(StrictModel):
    field: Slug = Field(description="The fact field holding the date to be after.")


class UniqueOptions(StrictModel):
    scope: Literal["run"] = Field("run", description="Unique across all files of one run.")
    ignore_case: bool = False


class _Then(StrictModel):
    field: Slug = Field(description="The fact field the function tests.")


def _then(name: str, options: type[StrictModel], doc: str) -> type[_Then]:
    """One `then` variant per function, so that each function's options are validated."""
    optional = all(not f.is_required() for f in options.model_fields.values())
    default: Any = options() if optional else ...
    function: Any = Literal[name]
    model: type[_Then] = create_model(
        f"Then_{name}",
        __base__=_Then,
        __doc__=doc,
        function=(function, ...),
        options=(options, default),
    )
    return model


FUNCTION_DOCS: dict[str, tuple[type[StrictModel], str]] = {
    "truthy": (NoOptions, "The value is set and not false, zero or empty."),
    "falsy": (NoOptions, "The value is unset, false, zero or empty."),
    "defined": (NoOptions, "The value is not null."),
    "undefined": (NoOptions, "The value is null."),
    "minimum": (BoundOptions, "A number is at least `value`."),
    "maximum": (BoundOptions, "A number is at most `value`."),
    "enumeration": (EnumerationOptions, "The value is one of `values`."),
    "pattern": (PatternOptions, "Text matches `match` and does not match `not_match`."),
    "text": (
        TextOptions,
        "Non-empty text of at least `min_length` characters that is not one of `placeholders`.",
    ),
    "date": (NoOptions, "A real calendar date written YYYY-MM-DD (null passes)."),
    "after": (
        AfterOptions,
        "A date strictly after the date in field `field` (skipped if either is not a date).",
    ),
    "unique": (UniqueOptions, "The value is not repeated across all files checked in one run."),
}
_THEN_MODELS = [_then(name, options, doc) for name, (options, doc) in FUNCTION_DOCS.items()]
Then: Any = Annotated[Union[tuple(_THEN_MODELS)], Field(discriminator="function")]  # noqa: UP007


class Rule(RuleInfo):
    """A declarative rule: for each fact of kind `given` (filtered by `where`), `then` holds."""

    given: Given
    where: list[Condition] = Field(default=[])
    then: Then


class RuleFile(StrictModel):
    """A file of rules."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="srm-check rule file",
        json_schema_extra={"$id": "https://srm-check.invalid/schemas/rules.schema.json"},
    )

    rules: Annotated[list[Rule], Field(min_length=1)]
