"""The agreement format: which party holds each responsibility of a catalogue."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from srm_check.schemas.models.base import Slug, StrictModel, Text
from srm_check.schemas.models.catalogue import Team


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
# A list may hold empty entries (null or ""): rules report them, located, rather than the schema.
PartyNames = PartyName | list[PartyName | None]


class AssignmentDetail(StrictModel):
    """The long form of an assignment, with RACI roles.

    `party` and `accountable` both name the one party that holds the responsibility (give
    one of them); a list of several is accepted only to be reported as shared.
    """

    party: PartyNames | None = Field(
        None, description="The holding (accountable) party, or one of its teams."
    )
    accountable: PartyNames | None = Field(
        None, description="The same as `party`: the one party accountable for the responsibility."
    )
    responsible: PartyNames | None = Field(
        None, description="Parties or teams that do the work with the holder."
    )
    consulted: PartyNames | None = Field(None, description="Parties or teams consulted before decisions.")
    informed: PartyNames | None = Field(None, description="Parties or teams kept informed.")
    team: Slug | None = Field(None, description="The team of the holding party that does it.")
    cost_note: str | CostNote | None = None
    note: str = ""


class AssignmentEntry(AssignmentDetail):
    """One entry of the list form of `assignments`."""

    responsibility: Slug


AssignmentValue = PartyNames | AssignmentDetail | None

# Dates are text written YYYY-MM-DD; rules report one that is no real date, located.
DateText = Annotated[str, Field(description="A date written YYYY-MM-DD.")]
Hub = Annotated[str, Field(min_length=1, max_length=200, description="A hub's name or id.")]


class Approval(StrictModel):
    """Who approved the agreement for one party, and when."""

    party: Slug = Field(description="The party that approved (a party of the catalogue or the agreement).")
    name: Text = Field(description="The person who approved it for that party.")
    role: str = Field("", description="Their role, such as 'Director of Partnerships'.")
    date: DateText = Field(description="The day they approved it, YYYY-MM-DD.")
    note: str = ""


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
    expires: DateText | None = Field(
        None,
        description="Last day of the agreed term, YYYY-MM-DD: by then renew it (a new agreement that "
        "`supersedes` it) or record its `end`. Past it, an agreement still in force is a warning.",
    )
    end: str | None = Field(
        None,
        description="Last day the agreement is in force, YYYY-MM-DD (it ended, or ends, then). "
        "Without it, the agreement stays in force.",
    )
    supersedes: Slug | None = Field(None, description="The id of the agreement this one replaces.")
    hub: Hub | Annotated[list[Hub], Field(min_length=1)] | None = Field(
        None,
        description="The hub (or hubs) the agreement covers; without it, every hub of the community.",
    )
    review_by: DateText | None = Field(None, description="Date by which the agreement is to be reviewed.")
    approvals: list[Approval] | None = Field(
        None, description="Who approved the agreement for each party, and when."
    )
    description: str = ""
    parties: list[AgreementParty] = Field(default=[])
    assignments: dict[str, AssignmentValue] | list[AssignmentEntry] = Field(
        description="For each responsibility id, the party that holds it."
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_extensions(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}
        return data
