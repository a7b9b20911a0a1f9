"""The exit codes of every command, in one place (documented in docs/outputs.md)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a run's exit status means."""

    OK = 0  # passed
    FINDINGS = 1  # findings at or above --fail-on (or failing policy tests)
    ERROR = 2  # usage, configuration, policy, waivers or baseline error: nothing to trust
    INTERNAL = 3  # a bug in srm-check
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    TERMINATED = 143  # SIGTERM, as CI systems send on cancel (128 + SIGTERM)
