"""Pydantic models of the project configuration and of the waivers file.

As with every model in `schemas/models/`, these define the formats; the shipped JSON
Schemas are generated from them, and `schemas/validator.py` applies those schemas at run
time. The configuration's defaults are defined here, and only here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from srm_check.schemas.models.base import RULE_ID, SLUG, Severity

SeverityOrOff = Literal[Severity, "off"]
# The lowest severity that fails a run, or `never` (a soft fail: outputs written, exit code 0).
FailOn = Literal[Severity, "never"]
RuleRef = Annotated[str, Field(pattern=RULE_ID, description="A rule id (SRM201) or name.")]
DATE = r"^\d{4}-\d{2}-\d{2}$"


class Config(BaseModel):
    """`.srm-check.yaml`, or `[tool.srm-check]` in pyproject.toml. Paths are relative to the file."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        populate_by_name=True,
        title="srm-check configuration",
        json_schema_extra={"$id": "https://srm-check.invalid/schemas/config.schema.json"},
    )

    paths: list[str] = Field(
        default=["agreements"], description="Agreement files or folders checked by default."
    )
    policy: list[str] = Field(
        default=[],
        description="Policy folders added to the policy shipped with srm-check (used alone with "
        "builtin-policy: false); '@builtin' names the shipped policy.",
    )
    builtin_policy: bool = Field(
        default=True,
        alias="builtin-policy",
        description="Load the policy shipped with srm-check, first, beside the folders of `policy`; "
        "false leaves it out unless `policy` names '@builtin'.",
    )
    include: list[str] = Field(default=[], description="Only check files matching these globs.")
    exclude: list[str] = Field(default=[], description="Never check files matching these globs.")
    select: list[RuleRef] = Field(default=[], description="Only run these rules (ids or names).")
    ignore: list[RuleRef] = Field(default=[], description="Never run these rules (ids or names).")
    severity: dict[str, SeverityOrOff] = Field(
        default={}, description="Severity per rule id or name; 'off' turns a rule off."
    )
    fail_on: FailOn = Field(
        default="error",
        alias="fail-on",
        description="Lowest severity that fails a run; 'never' writes every output and exits 0.",
    )
    outputs: dict[str, str] = Field(
        default={}, description="Extra outputs written on every check run: format -> path."
    )
    waivers: str = Field(
        default="waivers.yaml",
        description="The waivers file: the default is read if it exists; a file named here must exist.",
    )
    waiver_max_days: Annotated[int, Field(ge=1)] = Field(
        default=365, alias="waiver-max-days", description="Longest allowed waiver, in days."
    )
    waiver_warn_days: Annotated[int, Field(ge=0)] = Field(
        default=30, alias="waiver-warn-days", description="Warn this many days before expiry."
    )
    jobs: Annotated[int, Field(ge=0)] = Field(default=0, description="Worker processes (0 = auto).")
    cache_dir: str | None = Field(
        default=None,
        alias="cache-dir",
        description="Folder of the result cache of `check` (default: .srm-check-cache beside this file).",
    )
    forbid_inline_waivers: list[Annotated[str, Field(pattern=r"^(\*|[A-Za-z][A-Za-z0-9_.-]*)$")]] = Field(
        default=[],
        alias="forbid-inline-waivers",
        description="Rules (ids or names, or '*' for all) whose findings may not be waived by a "
        "comment in an agreement, only in the waivers file.",
    )


class Waiver(BaseModel):
    """Accept one known finding, for a stated reason, by a named owner, until a date."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    rule: RuleRef
    agreement: Annotated[str, Field(min_length=1)] = Field(
        description="An agreement id, or a glob on the agreement's file path (if it has / or *)."
    )
    responsibility: Annotated[str, Field(pattern=SLUG)] | None = Field(
        default=None, description="Narrow the waiver to one responsibility."
    )
    pointer: Annotated[str, Field(pattern=r"^(/.*)?$")] | None = Field(
        default=None, description="Narrow the waiver to one JSON pointer."
    )
    reason: Annotated[str, Field(min_length=3)]
    owner: Annotated[str, Field(min_length=1)]
    expires: Annotated[str, Field(pattern=DATE)] = Field(description="Last day the waiver holds.")
    ticket: str | None = Field(default=None, description="A ticket or reference.")


class WaiverFile(BaseModel):
    """The waivers file."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="srm-check waivers",
        json_schema_extra={"$id": "https://srm-check.invalid/schemas/waivers.schema.json"},
    )

    waivers: list[Waiver] = Field(default=[])
