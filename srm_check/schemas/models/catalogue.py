"""The catalogue format: parties, areas, and responsibilities with their default or shared holders."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from srm_check.schemas.models.base import Slug, StrictModel, Text, Version


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


class Area(StrictModel):
    """A group of responsibilities, as the source groups them, with the roles that do them."""

    id: Slug
    name: Text
    description: str = ""
    roles: list[Slug] = Field(
        default=[], description="Teams (of any party) that play the role the source names for this area."
    )


class Shared(StrictModel):
    """A responsibility shared by design: the parties that every agreement must name in each role.

    A party named accountable also counts as responsible; a party named in a role counts for
    every weaker role (accountable > responsible > consulted > informed).
    """

    responsible: list[Slug] = Field(default=[], description="Parties that must do the work with the holder.")
    consulted: list[Slug] = Field(default=[], description="Parties that must be consulted.")
    informed: list[Slug] = Field(default=[], description="Parties that must be kept informed.")


class Responsibility(StrictModel):
    """One responsibility of a catalogue; in a catalogue with a technical order, listed in it."""

    id: Slug
    number: Annotated[int, Field(ge=1)]
    title: Text
    description: Text
    area: Slug | None = Field(None, description="The id of the area (see `areas`) it belongs to.")
    default_party: Slug | None = Field(
        None, description="The party that is accountable by default; without one, no move is a deviation."
    )
    default_team: Slug | None = Field(None, description="The default party's team that does it by default.")
    shared: Shared | None = Field(None, description="Shared by design: the roles every agreement must fill.")
    note: str = ""


class Boundary(StrictModel):
    """Where the default split between the parties lies, and the words it rests on."""

    statement: Text = Field(description="The source's own words for the boundary.")
    source: str = Field("", description="Where the statement comes from.")
    begins_at: Annotated[int, Field(ge=1)] | None = Field(
        None,
        description=(
            "Number of the first responsibility that the first party does not hold by default: "
            "every responsibility before it defaults to the first party, none from it on."
        ),
    )
    reading: str = Field("", description="How the statement was read, for auditors.")


class Source(StrictModel):
    """The document a catalogue encodes."""

    title: Text
    url: str = ""
    retrieved: str = ""


class Catalogue(StrictModel):
    """A shared-responsibility model: its parties, and the responsibilities they hold.

    With `technical_order` (the default), the order of `parties` is their technical order
    (the first party holds the least technical responsibilities by default) and
    responsibilities are listed from least to most technical.
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
    technical_order: bool = Field(
        True,
        description=(
            "Whether parties and responsibilities are listed from least to most technical. "
            "false: their order means nothing, and no rule reads one into it."
        ),
    )
    parties: Annotated[list[Party], Field(min_length=1)]
    areas: list[Area] = Field(default=[], description="Groups of responsibilities, as the source has them.")
    boundary: Boundary | None = None
    responsibilities: Annotated[list[Responsibility], Field(min_length=1)]

    @property
    def ref(self) -> str:
        return f"{self.catalogue}@{self.version}"
