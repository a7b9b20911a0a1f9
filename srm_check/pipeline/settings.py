"""The settings of a run, typed: from the configuration file's values and the command line's flags.

Every value remembers where it came from (`origins`, by the key as the file writes it),
for `srm-check config`. Defaults are those of the configuration model
(`schemas/models/config.py`), read from the schema generated from it.
"""

import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srm_check.core.codes import WRONG_TYPE
from srm_check.core.paths import display_path
from srm_check.core.problem import Problem
from srm_check.core.severity import FailOn
from srm_check.core.span import FILE_START
from srm_check.core.tuples import NamedTuple
from srm_check.policy.model import BUILTIN_POLICY

if TYPE_CHECKING:
    from srm_check.source.document import Document

DEFAULT_ORIGIN = "default"


@cache
def defaults() -> dict[str, Any]:
    """Each configuration key's default, as the configuration model defines it."""
    # Beside the package's modules, as the shipped policy is (policy/model.py): read directly,
    # without importlib.resources' readers (a few milliseconds of every start).
    schema = Path(__file__).resolve().parents[1] / "schemas" / "config.schema.json"
    text = schema.read_text(encoding="utf-8")
    properties: dict[str, Any] = json.loads(text)["properties"]
    return {key: spec["default"] for key, spec in properties.items() if "default" in spec}


def _attribute(key: str) -> str:
    """The Settings attribute of a configuration key (`fail-on` -> `fail_on`)."""
    return key.replace("-", "_")


class Overrides(NamedTuple):
    """Settings given on the command line; None (or empty) leaves the file's value."""

    policy: tuple[str, ...] = ()
    builtin_policy: bool | None = None
    fail_on: FailOn | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    jobs: int | None = None
    waivers: str | None = None

    def given(self) -> list[str]:
        """The configuration keys these flags set, as the file writes them."""
        flags = (
            ("policy", self.policy),
            ("builtin-policy", self.builtin_policy),
            ("fail-on", self.fail_on),
            ("select", self.select),
            ("ignore", self.ignore),
            ("jobs", self.jobs),
            ("waivers", self.waivers),
        )
        return [key for key, value in flags if value is not None and value != ()]


class Settings(NamedTuple):
    """The configuration in force: typed values, and for each key where it came from."""

    paths: tuple[str, ...]
    policy: tuple[str, ...]
    builtin_policy: bool
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    severity: dict[str, str]
    fail_on: FailOn
    outputs: dict[str, str]
    waivers: str
    waiver_max_days: int
    waiver_warn_days: int
    jobs: int
    cache_dir: str | None
    forbid_inline_waivers: tuple[str, ...]
    origins: dict[str, str]
    file: Path | None
    base: Path
    document: "Document | None"

    @classmethod
    def from_values(
        cls,
        values: Mapping[str, Any],
        origins: Mapping[str, str],
        *,
        file: Path | None = None,
        base: Path | None = None,
        document: "Document | None" = None,
    ) -> "Settings":
        """Settings from validated file values (keys as the file writes them); defaults fill the rest."""
        merged = {**defaults(), **values}
        return cls(
            paths=tuple(merged["paths"]),
            policy=tuple(merged["policy"]),
            builtin_policy=merged["builtin-policy"],
            include=tuple(merged["include"]),
            exclude=tuple(merged["exclude"]),
            select=tuple(merged["select"]),
            ignore=tuple(merged["ignore"]),
            severity=dict(merged["severity"]),
            fail_on=FailOn(merged["fail-on"]),
            outputs=dict(merged["outputs"]),
            waivers=merged["waivers"],
            waiver_max_days=merged["waiver-max-days"],
            waiver_warn_days=merged["waiver-warn-days"],
            jobs=merged["jobs"],
            cache_dir=merged["cache-dir"],
            forbid_inline_waivers=tuple(merged["forbid-inline-waivers"]),
            origins={key: origins.get(key, DEFAULT_ORIGIN) for key in merged},
            file=file,
            base=base or Path.cwd(),
            document=document,
        )

    def items(self) -> Iterator[tuple[str, Any]]:
        """(key as the file writes it, value), in the order of the model."""
        for key in defaults():
            yield key, getattr(self, _attribute(key))

    def with_overrides(self, overrides: Overrides, labels: Mapping[str, str] | None = None) -> "Settings":
        """The command line's flags over the file's values; each set flag's origin is its flag
        (or its label in `labels`, by configuration key)."""
        origins = dict(self.origins)
        for key in overrides.given():
            flag = key if key != "builtin-policy" or overrides.builtin_policy else "no-builtin-policy"
            origins[key] = (labels or {}).get(key, f"command line (--{flag})")
        return self._replace(
            policy=overrides.policy or self.policy,
            builtin_policy=self.builtin_policy
            if overrides.builtin_policy is None
            else overrides.builtin_policy,
            fail_on=self.fail_on if overrides.fail_on is None else overrides.fail_on,
            select=overrides.select or self.select,
            ignore=overrides.ignore or self.ignore,
            jobs=self.jobs if overrides.jobs is None else overrides.jobs,
            waivers=self.waivers if overrides.waivers is None else overrides.waivers,
            origins=origins,
        )

    def path(self, value: str) -> Path:
        """A path from the configuration, relative to the configuration file's folder."""
        if value == BUILTIN_POLICY:
            return Path(value)
        candidate = Path(value)
        return candidate if candidate.is_absolute() else self.base / candidate

    def from_file(self, key: str) -> bool:
        """Whether the value of `key` was written in the configuration file."""
        origin = self.origins.get(key, DEFAULT_ORIGIN)
        return origin != DEFAULT_ORIGIN and not origin.startswith("command line")

    def located(
        self, key: str, message: str, pointer: str | None = None, code: str = WRONG_TYPE
    ) -> list[Problem]:
        """A problem with the value of `key` at `file:line:column` of the configuration file
        (at `pointer`, default `/key`), with its stable id `code`; none when the value was not
        set there (the caller's summary then names the flag or the default)."""
        if not self.from_file(key) or self.file is None:
            return []
        span = self.document.span(pointer or f"/{key}") if self.document is not None else FILE_START
        return [Problem(message, span, path=display_path(self.file), code=code)]
