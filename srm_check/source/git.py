"""Git, asked safely: its command line in a subprocess, never anything a repository configures.

A checkout's own .git/config is not to be trusted (a cloned pull request, a shared folder):
hooks, fsmonitor, pagers, external diff and textconv drivers, filters, credential helpers
and the like are each overridden on git's command line, which wins over every
configuration file, so that asking git runs nothing but git. Each call has a timeout; git
that is missing, slow or broken is `GitUnavailable`, for the caller to say so.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

GIT_TIMEOUT_SECONDS = 5.0


class GitUnavailable(Exception):
    """Git could not be asked: not installed, not startable, or too slow."""


# Configuration keys whose values git runs as commands: each one set is overridden.
_COMMAND_KEY = re.compile(
    r"(filter\..+\.(clean|smudge|process)"
    r"|diff\..+\.(textconv|command)|diff\.external|merge\..+\.driver"
    r"|credential\.(.+\.)?helper|gpg\.(.+\.)?program|remote\..+\.(uploadpack|receivepack|vcs)"
    r"|core\.(fsmonitor|hookspath|pager|editor|askpass|sshcommand|gitproxy|alternaterefscommand)"
    r"|sequence\.editor|pager\..+|uploadpack\.packobjectshook|protocol\..+\.allow)",
    re.IGNORECASE,
)
# Always set, whether or not the repository sets them.
_SAFE_CONFIG = (
    "core.fsmonitor=false",
    f"core.hooksPath={os.devnull}",
    "core.pager=cat",
    "core.askPass=",
    "core.sshCommand=",
    "diff.external=",
    "credential.helper=",
    "protocol.allow=never",
)


def _neutral(key: str) -> str | None:
    """The override of one configuration key that would run a command, or None if it runs none."""
    if not _COMMAND_KEY.fullmatch(key):
        return None
    lowered = key.lower()
    if lowered == "core.fsmonitor" or lowered.startswith("pager."):
        return f"{key}=false"
    if lowered.startswith("protocol."):
        return f"{key}=never"
    return f"{key}="


def _flags(settings: Sequence[str]) -> list[str]:
    return [flag for setting in settings for flag in ("-c", setting)]


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "GIT_OPTIONAL_LOCKS": "0",
        "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",
    }


def _run(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float, data: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        env=env,
        check=False,
        input=data,
        stdin=None if data is not None else subprocess.DEVNULL,
    )


class Git:
    """Git in one folder. The overrides are worked out on the first call (one `git config
    --list`) and kept, so that many calls cost one process each."""

    def __init__(self, cwd: Path, timeout: float = GIT_TIMEOUT_SECONDS) -> None:
        self.cwd = cwd
        self.timeout = timeout
        self.env = _environment()
        self._settings: list[str] | None = None

    def _overrides(self) -> list[str]:
        """`-c` options that disable every command git could run from configuration: the fixed
        ones, plus one per command-running key the repository (or the user) configures, such
        as a filter driver named in .gitattributes."""
        if self._settings is not None:
            return self._settings
        settings = list(_SAFE_CONFIG)
        listed = self._call(["git", *_flags(settings), "config", "-z", "--list"])
        if listed.returncode == 0:
            entries = listed.stdout.decode("utf-8", "replace").split("\0")
            keys = {entry.split("\n", 1)[0] for entry in entries}
            for key in sorted(k for k in keys if k):
                override = _neutral(key)
                if override is not None:
                    settings.append(override)
                if key.lower().startswith("filter.") and key.lower().endswith(".clean"):
                    settings.append(f"{key[: -len('.clean')]}.required=false")
        self._settings = settings
        return settings

    def _call(self, command: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        try:
            return _run(command, self.cwd, self.env, self.timeout, data)
        except FileNotFoundError as exc:
            raise GitUnavailable("git is not installed") from exc
        except subprocess.TimeoutExpired as exc:
            raise GitUnavailable(f"git did not answer within {self.timeout:g} s") from exc
        except (OSError, subprocess.SubprocessError) as exc:
            raise GitUnavailable(f"git could not be run: {exc}") from exc

    def raw(self, args: Sequence[str], data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        """Run git ARGS (with `data` on its standard input): the completed process, bytes out.
        Submodules are not entered by `status`: their configuration is just as untrusted."""
        command = list(args)
        if command[:1] == ["status"]:
            command.insert(1, "--ignore-submodules=all")
        return self._call(["git", *_flags(self._overrides()), *command], data)

    def run(self, args: Sequence[str]) -> tuple[int, str, str]:
        """Run git ARGS: exit code, stdout and stderr as text."""
        proc = self.raw(args)
        return (
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
        )


def git_output(args: Sequence[str], cwd: Path) -> tuple[int, str, str]:
    """Run one git command in `cwd` (see `Git.run`); raises GitUnavailable."""
    return Git(cwd).run(args)


def first_line(text: str, fallback: str = "") -> str:
    """The first line of git's message (its errors are one line, then hints)."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0].strip() if lines else fallback
