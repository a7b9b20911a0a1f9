"""`srm-check init`'s steps: the agreement's id, catalogue and file, its text, its check, its writing.

Each step that cannot go as asked raises SrmError (kind "usage"), in the order a user
would meet them: the id first, then the policy, the catalogue, the date and the file. An
existing file is never overwritten, not even by a run racing this one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from srm_check.authoring.scaffold import SLUG, effective_date, render_agreement, schema_reference, slugify
from srm_check.core.finding import Finding
from srm_check.core.problem import SrmError
from srm_check.core.severity import Severity
from srm_check.core.text import did_you_mean
from srm_check.policy.model import Policy
from srm_check.rules.catalogue import CatalogueIndex

STDOUT = "-"
DEFAULT_FOLDER = Path("agreements")
MAX_ID_LENGTH = 100


@dataclass(frozen=True, slots=True)
class InitRequest:
    """What `srm-check init` was asked for; None leaves each choice to its default."""

    community: str
    catalogue: str | None = None
    agreement_id: str | None = None
    output: Path | None = None  # None: agreements/<id>.yaml; "-": stdout
    effective: str | None = None
    schema: str | None = None


@dataclass(frozen=True, slots=True)
class NewAgreement:
    """The new agreement: its text, where it went, and the errors the policy's rules find in it."""

    text: str
    target: Path | None  # None: to stdout, for the caller to write
    display: str
    catalogue: CatalogueIndex
    errors: list[Finding] = field(default_factory=list)


def _usage(message: str) -> SrmError:
    return SrmError("usage", message)


def community_and_id(request: InitRequest) -> tuple[str, str]:
    """The community's name, trimmed, and the agreement id (given, or made from the name)."""
    name = request.community.strip()
    if not name:
        raise _usage("--community must not be empty")
    slug = request.agreement_id if request.agreement_id is not None else slugify(name)
    if not slug:
        raise _usage(f"cannot make an id from the community name {name!r}; give one with --id")
    if not SLUG.match(slug) or len(slug) > MAX_ID_LENGTH:
        raise _usage(f"--id '{slug}' is not a valid id: lower-case letters, digits, '.', '_' and '-'")
    return name, slug


def choose_catalogue(policy: Policy, ref: str | None) -> CatalogueIndex:
    """The catalogue named (id or id@version); else the only one of the policy's own folders
    (those beside the shipped policy), else the policy's only one."""
    refs = sorted(policy.catalogues)
    if ref is None:
        shipped = [Path(policy.shipped)] if policy.shipped else []
        own = [r for r in refs if not policy.in_folders(policy.catalogues[r].path, shipped)]
        for candidates in (own, refs):
            if len(candidates) == 1:
                return policy.catalogues[candidates[0]]
        raise _usage(f"the policy holds several catalogues; choose one with --catalogue ({', '.join(refs)})")
    found = policy.find_catalogue(ref)
    if found is None:
        raise _usage(
            f"catalogue '{ref}' is not in the policy{did_you_mean(ref, refs)} (known: {', '.join(refs)})"
        )
    return found


def ids_in_use(folder: Path, agreement_id: str) -> str | None:
    """A file in `folder` (not its subfolders) whose agreement already has this id."""
    from srm_check.source.reader import load_file

    if not folder.is_dir():
        return None
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        for doc in load_file(path, path.as_posix()).documents:
            if isinstance(doc.value, dict) and doc.value.get("agreement") == agreement_id:
                return path.as_posix()
    return None


def choose_target(output: Path | None, agreement_id: str) -> Path | None:
    """The file to write (None: stdout); it must not exist, nor its folder hold the same id."""
    if output is not None and str(output) == STDOUT:
        return None
    target = DEFAULT_FOLDER / f"{agreement_id}.yaml" if output is None else output
    if target.exists():
        raise _usage(f"{target.as_posix()} already exists; not overwriting it (choose --output or --id)")
    clash = ids_in_use(target.parent, agreement_id)
    if clash is not None:
        raise _usage(f"agreement id '{agreement_id}' is already used in {clash}; choose another with --id")
    return target


def check_text(text: str, display: str, policy: Policy) -> list[Finding]:
    """Every finding the policy gives on the new agreement, as `srm-check check` would."""
    from srm_check.pipeline.document import check_sources
    from srm_check.rules.agreement import ASSIGNMENTS_POINTER
    from srm_check.source.reader import parse_source

    source = parse_source(text, display, judged_elsewhere=(ASSIGNMENTS_POINTER,))
    return check_sources([source], policy.catalogues, policy.rules, policy.composition)


def write_new(target: Path, text: str) -> None:
    """Write a file that must not exist yet: atomically, and never over a file, even racing."""
    from srm_check.core.output import write_text

    write_text(text, target, exclusive=True)


def new_agreement(request: InitRequest, load_policy: Callable[[], Policy]) -> NewAgreement:
    """Make the new agreement, check it, and write it to its file (stdout is left to the caller).

    `load_policy` is called once the id is known to be usable.
    """
    name, agreement_id = community_and_id(request)
    policy = load_policy()
    catalogue = choose_catalogue(policy, request.catalogue)
    effective = effective_date(request.effective)
    target = choose_target(request.output, agreement_id)
    reference = request.schema
    if reference is None and target is not None:
        from srm_check import __version__

        reference = schema_reference(__version__)
    text = render_agreement(
        catalogue, agreement_id=agreement_id, community=name, effective=effective, schema_ref=reference
    )
    display = "<stdout>" if target is None else target.as_posix()
    errors = [f for f in check_text(text, display, policy) if f.severity is Severity.error]
    if target is not None:
        write_new(target, text)
    return NewAgreement(text, target, display, catalogue, errors)
