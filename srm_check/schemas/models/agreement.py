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
            return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}
        return data
