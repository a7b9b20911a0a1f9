"""Severities of findings, their ranking, and the `--fail-on` threshold."""

from __future__ import annotations

from enum import Enum


class Severity(str, Enum):
    """How serious a finding is; a str, so that it reads and serialises as its value."""

    error = "error"
    warning = "warning"
    note = "note"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @property
    def rank(self) -> int:
        """Higher is more serious: note 1, warning 2, error 3."""
        return _RANK[self]


# Most serious first: the order of counts in every output.
SEVERITIES: tuple[Severity, ...] = (Severity.error, Severity.warning, Severity.note)
_RANK: dict[Severity, int] = {severity: len(SEVERITIES) - i for i, severity in enumerate(SEVERITIES)}


def at_or_above(severity: Severity, threshold: Severity) -> bool:
    """True when a finding of `severity` fails a run with `--fail-on threshold`."""
    return _RANK[severity] >= _RANK[threshold]


class FailOn(str, Enum):
    """The `--fail-on` threshold (and the configuration's `fail-on`): the lowest severity that
    fails a run, or `never` (a soft fail: every output is written, the exit code is 0)."""

    error = "error"
    warning = "warning"
    note = "note"
    never = "never"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    def fails(self, severity: Severity) -> bool:
        """True when a finding of `severity` fails a run with this threshold."""
        return self is not FailOn.never and at_or_above(severity, Severity(self.value))
