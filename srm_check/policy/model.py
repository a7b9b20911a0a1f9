"""A loaded policy: its catalogues by reference, its rules in order, and the files they came from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from srm_check.core.record import Record
from srm_check.core.tuples import NamedTuple
from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.rules.scope import Composition

if TYPE_CHECKING:
    from srm_check.schemas.records import RuleRecord

# The policy shipped with srm-check, as the configuration and `--policy` name it.
BUILTIN_POLICY = "@builtin"


class PolicyFile(NamedTuple):
    """A file the policy was read from, for provenance."""

    path: str
    kind: str
    sha256: str


class OverrideInfo(NamedTuple):
    """An override as loaded, for the rule docs: the rule, the catalogues (resolved), the
    severity there ("off" included), why, and where it is written."""

    rule_id: str
    catalogues: tuple[str, ...]
    severity: str
    reason: str
    path: str
    line: int


class Policy(Record):
    """Catalogues by reference, rules in a stable order, and which rule applies where.

    `folder_of` gives, for each file loaded (as displayed), the folder it was loaded
    from, as given; `shipped` is the shipped policy's folder when it is part of the policy.
    """

    __slots__ = (
        "catalogues",
        "composition",
        "directories",
        "files",
        "folder_of",
        "overrides",
        "rule_paths",
        "rules",
        "shipped",
    )

    directories: list[str]
    catalogues: Catalogues
    rules: list[RuleRecord]
    rule_paths: dict[str, str]
    files: list[PolicyFile]
    overrides: list[OverrideInfo]
    composition: Composition
    folder_of: dict[str, str]
    shipped: str | None

    def __init__(
        self,
        directories: list[str],
        catalogues: Catalogues | None = None,
        rules: list[RuleRecord] | None = None,
        rule_paths: dict[str, str] | None = None,
        files: list[PolicyFile] | None = None,
        overrides: list[OverrideInfo] | None = None,
        composition: Composition | None = None,
        folder_of: dict[str, str] | None = None,
        shipped: str | None = None,
    ) -> None:
        self.directories = directories
        self.catalogues = Catalogues() if catalogues is None else catalogues
        self.rules = [] if rules is None else rules
        self.rule_paths = {} if rule_paths is None else rule_paths
        self.files = [] if files is None else files
        self.overrides = [] if overrides is None else overrides
        self.composition = Composition() if composition is None else composition
        self.folder_of = {} if folder_of is None else folder_of
        self.shipped = shipped

    def find_catalogue(self, ref: str) -> CatalogueIndex | None:
        """Look up `id@version`, or a bare `id` when exactly one version is loaded."""
        return self.catalogues.find(ref)

    def in_folders(self, path: str, folders: list[Path]) -> bool:
        """Whether the policy file `path` (as displayed) was loaded from one of `folders`."""
        folder = self.folder_of.get(path)
        return folder is not None and any(Path(folder).resolve() == f.resolve() for f in folders)

    def rules_in(self, folders: list[Path]) -> list[RuleRecord]:
        """The rules defined in files under `folders`, in order."""
        return [r for r in self.rules if self.in_folders(self.rule_paths[r["id"]], folders)]


def default_policy_dir() -> Path:
    """The shipped policy: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "policies"
    if installed.is_dir():
        return installed
    return here.parent / "policies"
