"""Which policy folders a run loads: the shipped policy, then the folders named, each once.

`--policy DIR` (or the configuration's `policy:` list) ADDS folders to the shipped policy;
`--no-builtin-policy` (configuration: `builtin-policy: false`) leaves the shipped policy out,
unless `@builtin` is named. The shipped policy always loads first, so that a policy's
rules follow the shipped ones and a clash is reported in the user's file, never in the
shipped one; a folder named twice (or the shipped policy named by its path, as
`policies/` in a checkout of srm-check) loads once.
"""

from collections.abc import Sequence
from pathlib import Path

from srm_check.core.tuples import NamedTuple
from srm_check.policy.model import BUILTIN_POLICY, default_policy_dir


class PolicySources(NamedTuple):
    """The folders to load, in order, and those named: whose tests run, which validate-policy checks.

    `named` are the folders the user named (the shipped policy when none was); `shipped`
    is the shipped policy's folder when it is loaded.
    """

    folders: list[Path]
    named: list[Path]
    shipped: Path | None

    def is_shipped(self, folder: Path) -> bool:
        return self.shipped is not None and _same(folder, self.shipped)


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def is_builtin_name(value: str | Path) -> bool:
    """Whether a policy value names the shipped policy (`@builtin`)."""
    return (value.as_posix() if isinstance(value, Path) else value) == BUILTIN_POLICY


def resolve_sources(values: Sequence[Path], *, builtin: bool) -> PolicySources:
    """The folders for policy values (`@builtin` or folders), with the shipped policy added
    first unless `builtin` is False and `@builtin` is not among them."""
    shipped_dir = default_policy_dir()
    named: list[Path] = []
    for value in values:
        folder = shipped_dir if is_builtin_name(value) else value
        if not any(_same(folder, seen) for seen in named):
            named.append(folder)
    with_shipped = builtin or any(_same(folder, shipped_dir) for folder in named)
    folders = [shipped_dir] if with_shipped else []
    folders += [folder for folder in named if not _same(folder, shipped_dir)]
    return PolicySources(folders, named or folders[:1], shipped_dir if with_shipped else None)
