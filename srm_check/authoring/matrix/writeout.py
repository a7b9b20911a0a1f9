"""The files of an import: each agreement's path, text and findings (the same check as
`srm-check check`, through the per-document check), then written all or none.

An existing file is refused unless --force (before anything is written); two agreements
never share a file; no file is written over a policy or configuration file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from srm_check.authoring.matrix.build import Imported
from srm_check.authoring.matrix.limits import MAX_AGREEMENTS
from srm_check.authoring.matrix.model import MatrixAgreement
from srm_check.authoring.matrix.render import render
from srm_check.authoring.new_agreement import check_text
from srm_check.core.finding import Finding
from srm_check.core.output import Guarded, refuse_inputs, write_text
from srm_check.core.problem import Problem, SrmError
from srm_check.core.severity import Severity
from srm_check.policy.model import Policy
from srm_check.rules.catalogue import CatalogueIndex


@dataclass(slots=True)
class PlannedFile:
    agreement: MatrixAgreement
    catalogue: CatalogueIndex
    path: Path
    display: str
    text: str
    findings: list[Finding]


def plan_files(
    imported: Imported,
    policy: Policy,
    folder: Path,
    origin: str,
    effective: str,
    force: bool,
    guarded: list[Guarded],
) -> list[PlannedFile]:
    if len(imported.agreements) > MAX_AGREEMENTS:
        raise SrmError(
            "usage",
            f"the matrix holds {len(imported.agreements)} agreements, over the limit of {MAX_AGREEMENTS}",
        )
    out = []
    existing = []
    for agreement, catalogue in imported.agreements:
        agreement.effective = agreement.effective or effective
        path = folder / f"{agreement.id}.yaml"
        display = path.as_posix()
        where = agreement.source if agreement.source.startswith(origin) else f"{origin} ({agreement.source})"
        text = render(agreement, catalogue, where)
        findings = [
            f for f in check_text(text, display, policy) if f.severity in (Severity.error, Severity.warning)
        ]
        out.append(PlannedFile(agreement, catalogue, path, display, text, findings))
        if path.exists() and not force:
            existing.append(Problem(f"{display} already exists (--force replaces it)", path=display))
    if existing:
        raise SrmError("usage", "nothing was written: agreement files exist already", existing)
    refuse_inputs([("import", p.path) for p in out], guarded)
    return out


def write_files(planned: list[PlannedFile], force: bool) -> None:
    for item in planned:
        write_text(item.text, item.path, exclusive=not force)
