"""The catalogue format: parties, and responsibilities from least to most technical."""

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
