"""A loaded policy: its catalogues by reference, its rules in order, and the files they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.schemas.records import RuleRecord

# The policy shipped with srm-check, as the configuration and `--policy` name it.
BUILTIN_POLICY = "@builtin"


@dataclass(slots=True)
class PolicyFile:
    """A file the policy was read from, for provenance."""

    path: str
    kind: str
    sha256: str


@dataclass(slots=True)
class Policy:
    """Catalogues by reference, and rules in a stable order."""

    directories: list[str]
    catalogues: Catalogues = field(default_factory=Catalogues)
    rules: list[RuleRecord] = field(default_factory=list)
    rule_paths: dict[str, str] = field(default_factory=dict)
    files: list[PolicyFile] = field(default_factory=list)

    def find_catalogue(self, ref: str) -> CatalogueIndex | None:
        """Look up `id@version`, or a bare `id` when exactly one version is loaded."""
        return self.catalogues.find(ref)


def default_policy_dir() -> Path:
    """The shipped policy: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "policies"
    if installed.is_dir():
        return installed
    return here.parent / "policies"
