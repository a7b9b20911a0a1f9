"""A loaded policy: its catalogues by reference, its rules in order, and the files they came from."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from srm_check.core.record import Record
from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.schemas.records import RuleRecord

# The policy shipped with srm-check, as the configuration and `--policy` name it.
BUILTIN_POLICY = "@builtin"


class PolicyFile(NamedTuple):
    """A file the policy was read from, for provenance."""

    path: str
    kind: str
    sha256: str


class Policy(Record):
    """Catalogues by reference, and rules in a stable order."""

    __slots__ = ("catalogues", "directories", "files", "rule_paths", "rules")

    directories: list[str]
    catalogues: Catalogues
    rules: list[RuleRecord]
    rule_paths: dict[str, str]
    files: list[PolicyFile]

    def __init__(
        self,
        directories: list[str],
        catalogues: Catalogues | None = None,
        rules: list[RuleRecord] | None = None,
        rule_paths: dict[str, str] | None = None,
        files: list[PolicyFile] | None = None,
    ) -> None:
        self.directories = directories
        self.catalogues = Catalogues() if catalogues is None else catalogues
        self.rules = [] if rules is None else rules
        self.rule_paths = {} if rule_paths is None else rule_paths
        self.files = [] if files is None else files

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
