"""Pydantic models of the files srm-check reads: catalogues, rule files and agreements.

They are the single definition of each format. The JSON Schemas shipped in
`srm_check/schemas/` are generated from them (`python -m srm_check.schemas`); at check
time those schemas are applied by `structure.py`, so that checking does not pay
pydantic's import and model-building cost on every commit. `srm-check validate-policy`
and the tests validate with the models themselves.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

SLUG = r"^[a-z0-9][a-z0-9._-]*$"
RULE_ID = r"^[A-Za-z][A-Za-z0-9_.-]*$"
Severity = Literal["error", "warning", "note"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "note")

Slug = Annotated[str, Field(pattern=SLUG, min_length=1, max_length=100)]
Text = Annotated[str, Field(min_length=1)]


# Versions are labels, not numbers: write `version: "2022"` (quoted), as the schema says.
Version = Annotated[str, Field(min_length=1, max_length=50)]


class StrictModel(BaseModel):
    """Unknown keys are errors and values are not coerced: typos must not pass silently."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- catalogues -------------------------------------------------------------------------------


class Team(StrictModel):
    """A team inside a party; assigning to a team still counts as assigning to its party."""

    id: Slug
    name: Text
    description: str = ""


class Party(StrictModel):
    """A party that can hold responsibilities."""

    id: Slug
    name: Text
    description: str = ""
    teams: list[Team] = Field(default=[])


class Responsibility(StrictModel):
    """One responsibility of a catalogue, in its technical order."""

    id: Slug
    number: Annotated[int, Field(ge=1)]
    title: Text
    description: Text
    default_party: Slug
    default_team: Slug | None = None
    note: str = ""


class Boundary(StrictModel):
    """Where the default split between the parties lies, and the words it rests on."""

    statement: Text = Field(description="The source's own words for the boundary.")
    source: str = Field("", description="Where the statement comes from.")
    begins_at: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Number of the first responsibility the later party holds by default."
    )
    reading: str = Field("", description="How the statement was read, for auditors.")


class Source(StrictModel):
    """The document a catalogue encodes."""

    title: Text
    url: str = ""
    retrieved: str = ""


class Catalogue(StrictModel):
    """A shared-responsibility model: parties, and responsibilities from least to most technical.

    The order of `parties` is their technical order too: the first party holds the least
    technical responsibilities by default.
    """

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="srm-check catalogue",
        json_schema_extra={"$id": "https://srm-check.invalid/schemas/catalogue.schema.json"},
    )

    catalogue: Slug = Field(description="The catalogue's id; agreements name it as id@version.")
    version: Version
    title: Text
    description: str = ""
    source: Source | None = None
    parties: Annotated[list[Party], Field(min_length=1)]
    boundary: Boundary | None = None
    responsibilities: Annotated[list[Responsibility], Field(min_length=1)]

    @property
    def ref(self) -> str:
        return f"{self.catalogue}@{self.version}"


# --- rules ------------------------------------------------------------------------------------

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


# --- agreements -------------------------------------------------------------------------------


class CostNote(StrictModel):
    """What a deviation from the default boundary does to the cost."""

    text: Text
    amount: int | float | None = Field(None, description="Cost change; negative for a reduction.")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = Field(
        None, description="ISO 4217 code, such as USD or EUR."
    )
    period: Literal["one-off", "month", "quarter", "year"] | None = None


class AgreementParty(StrictModel):
    """A party beyond the catalogue's own, such as a partner or a university IT team."""

    id: Slug
    name: Text
    description: str = ""
    teams: list[Team] = Field(default=[])


PartyName = Annotated[str, Field(description="A party or team id; empty means nobody.")]


class AssignmentDetail(StrictModel):
    """The long form of an assignment; `party` may be a list only to be reported as shared."""

    party: PartyName | list[PartyName] | None = Field(
        description="The holding party, or one of its teams."
    )
    team: Slug | None = None
    cost_note: str | CostNote | None = None
    note: str = ""


class AssignmentEntry(AssignmentDetail):
    """One entry of the list form of `assignments`."""

    responsibility: Slug


AssignmentValue = PartyName | list[PartyName] | AssignmentDetail | None


class Agreement(StrictModel):
    """One community's agreement: which party holds each responsibility of a catalogue."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="srm-check agreement",
        json_schema_extra={
            "$id": "https://srm-check.invalid/schemas/agreement.schema.json",
            "patternProperties": {"^x-": {"description": "Extension keys are not checked."}},
        },
    )

    agreement: Slug = Field(description="The agreement's id, unique across agreements.")
    community: Text = Field(description="The community's name.")
    catalogue: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*(@[^\s@]+)?$")] = Field(
        description="The catalogue followed, as id@version (or id alone when one version exists)."
    )
    effective: str = Field(description="Date the agreement takes effect, YYYY-MM-DD.")
    end: str | None = Field(None, description="Date the agreement ends, YYYY-MM-DD.")
    description: str = ""
    parties: list[AgreementParty] = Field(default=[])
    assignments: dict[str, AssignmentValue] | list[AssignmentEntry] = Field(
        description="For each responsibility id, the party that holds it."
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_extensions(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {
                k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))
            }
        return data


# --- policy tests -----------------------------------------------------------------------------

RuleRef = Annotated[str, Field(pattern=RULE_ID, max_length=50, description="A rule id.")]
AgreementSource = Union[  # noqa: UP007
    Annotated[str, Field(min_length=1, description="A fixture file, relative to the test file.")],
    Annotated[dict[str, Any], Field(description="An agreement written inline.")],
]


class ExpectedFinding(StrictModel):
    """A finding a test case expects; every key given must match, the others are free."""

    rule: RuleRef
    pointer: str | None = Field(None, description="The JSON pointer of the offending node.")
    line: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Line of the finding: in the fixture file, or in the test file if inline."
    )
    column: Annotated[int, Field(ge=1)] | None = None
    message: Annotated[str, Field(min_length=1)] | None = Field(
        None, description="Text the message must contain."
    )
    file: Annotated[str, Field(min_length=1)] | None = Field(
        None, description="Which fixture file (as written under `agreements`) the finding is in."
    )


class PolicyTestCase(StrictModel):
    """One case: agreements to check, the findings expected, the rules that must stay silent."""

    name: Slug
    description: str = ""
    agreement: AgreementSource | None = Field(None, description="One agreement: file or inline.")
    agreements: Annotated[list[AgreementSource], Field(min_length=1)] | None = Field(
        None, description="Several agreements checked together (for rules across files)."
    )
    expect: list[ExpectedFinding] = Field(
        default=[], description="For each rule named here, exactly these findings."
    )
    silent: list[RuleRef] = Field(default=[], description="Rules that must find nothing.")
    strict: bool = Field(False, description="Every finding not listed in `expect` fails the case.")

    @model_validator(mode="after")
    def _complete(self) -> PolicyTestCase:
        if (self.agreement is None) == (self.agreements is None):
            raise ValueError("give exactly one of 'agreement' and 'agreements'")
        if not (self.expect or self.silent or self.strict):
            raise ValueError("a test case needs 'expect', 'silent' or 'strict: true'")
        return self


class PolicyTestFile(StrictModel):
    """A file of test cases for the rules of a policy, kept in the policy's `tests/` folder."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="srm-check policy tests",
        json_schema_extra={"$id": "https://srm-check.invalid/schemas/policytest.schema.json"},
    )

    tests: Annotated[list[PolicyTestCase], Field(min_length=1)]
