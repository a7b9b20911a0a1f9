"""The policy test format: agreements, and the findings rules must (not) give on them."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import ConfigDict, Field, model_validator

from srm_check.schemas.models.base import RULE_ID, Severity, Slug, StrictModel

RuleRef = Annotated[str, Field(pattern=RULE_ID, max_length=50, description="A rule id.")]
DayText = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="A date, YYYY-MM-DD.")]
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
    severity: Severity | None = Field(
        None, description="The finding's severity (where overrides change it, for instance)."
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
    on: DayText | None = Field(
        None, description="The day agreements are judged on, as `--on` gives it (default: today)."
    )
    assignments_changed: DayText | None = Field(
        None,
        description="Stands in for git: the day the assignments of every agreement of the case last "
        "changed (for rules on stale approvals; default: no history).",
    )

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
