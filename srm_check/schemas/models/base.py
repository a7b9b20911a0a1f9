"""What every file format shares: strict models, ids, text, severities."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SLUG = r"^[a-z0-9][a-z0-9._-]*$"
RULE_ID = r"^[A-Za-z][A-Za-z0-9_.-]*$"
# The names of srm_check.core.severity.Severity, as files write them (a test keeps them equal).
Severity = Literal["error", "warning", "note"]

Slug = Annotated[str, Field(pattern=SLUG, min_length=1, max_length=100)]
Text = Annotated[str, Field(min_length=1)]


# Versions are labels, not numbers: write `version: "2022"` (quoted), as the schema says.
Version = Annotated[str, Field(min_length=1, max_length=50)]


class StrictModel(BaseModel):
    """Unknown keys are errors and values are not coerced: typos must not pass silently."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
