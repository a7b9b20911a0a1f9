"""One run, from settings to result: the same steps for `check`, `report` and `config`.

Resolves the effective configuration (file, then flags) into files, policy, rule
selection and waivers; runs the checker; applies selection, waivers and a baseline
to the findings. Knows nothing of the command line or of output formats.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from srm_check import __version__
from srm_check.checker import (
    FileResult,
    InlineWaivers,
    PathError,
    check_files,
    discover,
    evaluated_rules,
)
from srm_check.config import BUILTIN_POLICY, Effective, check_rule_refs
from srm_check.findings import Finding
from srm_check.paths import display_from, display_path
from srm_check.policy import Policy, default_policy_dir, load_policy
from srm_check.results import RunResult
from srm_check.selection import Selection, rule_index, select
from srm_check.waivers import (
    Waiver,
    WaiverError,
    WaiverProblem,
    WaiverSettings,
    apply_waivers,
    describe,
    load_waivers,
    waiver_findings,
)
from srm_check.yamlsource import FILE_START


@dataclass(slots=True)
class Prepared:
    """Everything a run needs, resolved and validated."""

    effective: Effective
    files: list[Path]
    policy: Policy
    selection: Selection
    waivers: list[Waiver] | None
    waiver_settings: WaiverSettings
    waivers_path: str | None = None
    # True when PATHS were named (a pre-commit hook, a partial run), not the configured ones.
    partial: bool = False


def policy_dirs(effective: Effective) -> list[Path]:
    """The policy folders in force; '@builtin' is the shipped policy."""
    return [
        default_policy_dir() if value == BUILTIN_POLICY else effective.path(value)
        for value in effective.values["policy"]
    ]


def filter_files(files: list[Path], effective: Effective) -> list[Path]:
    """Apply `include` and `exclude` globs, matched against paths relative to the config file."""
    include, exclude = effective.values["include"], effective.values["exclude"]
    if not include and not exclude:
        return files
    out = []
    for file in files:
        name = display_from(str(effective.base.resolve()), file.resolve())
        if include and not any(fnmatch.fnmatchcase(name, g) for g in include):
            continue
        if any(fnmatch.fnmatchcase(name, g) for g in exclude):
            continue
        out.append(file)
    return out


def prepare(
    effective: Effective,
    *,
    paths: list[Path] | None = None,
    use_waivers: bool = True,
    today: date | None = None,
) -> Prepared:
    """Resolve settings; raises ConfigError, PolicyError, PathError or WaiverError (exit 2)."""
    policy = load_policy(policy_dirs(effective))
    infos = evaluated_rules(policy)
    check_rule_refs(effective, rule_index(infos))
    selection = select(
        infos,
        effective.values["select"],
        effective.values["ignore"],
        effective.values["severity"],
    )
    targets = paths or [effective.path(p) for p in effective.values["paths"]]
    try:
        files = filter_files(discover(targets), effective)
    except PathError as exc:
        if paths:
            raise
        origin = effective.origins["paths"]
        where = "the default" if origin == "default" else f"from {origin}"
        raise PathError(
            f"{exc} ({where}: name agreement files or folders, or set `paths` in .srm-check.yaml)"
        ) from exc
    settings = WaiverSettings(
        today=today or date.today(),
        max_days=effective.values["waiver-max-days"],
        warn_days=effective.values["waiver-warn-days"],
    )
    waivers: list[Waiver] | None = None
    waivers_path: str | None = None
    if use_waivers:
        file = effective.path(effective.values["waivers"])
        explicit = effective.origins["waivers"] != "default"
        if file.is_file():
            waivers_path = display_path(file)
            waivers = load_waivers(file, waivers_path)
        elif explicit:
            raise WaiverError([WaiverProblem(file.as_posix(), FILE_START, "waivers file not found")])
        else:
            waivers = []  # no waivers file: inline waivers may still be used
    return Prepared(effective, files, policy, selection, waivers, settings, waivers_path, partial=bool(paths))


def _inline_settings(prepared: Prepared) -> InlineWaivers | None:
    """How to read inline waivers: only when waivers are in use (not with --no-waivers)."""
    if prepared.waivers is None:
        return None
    index = rule_index(evaluated_rules(prepared.policy))
    forbidden = {index.get(ref, ref) for ref in prepared.effective.values["forbid-inline-waivers"]}
    return InlineWaivers(index, frozenset(forbidden))


def execute(prepared: Prepared, *, keep_agreements: bool = False) -> RunResult:
    """Check the files and apply selection and waivers; the result is ready for any format."""
    selection = prepared.selection
    rules = selection.rules(prepared.policy.rules)
    names = {i["id"]: i["name"] for i in evaluated_rules(prepared.policy)}
    settings = prepared.waiver_settings
    results: list[FileResult] = []
    inline: list[Waiver] = []
    ids: set[str] = set()
    for result in check_files(
        prepared.files,
        prepared.policy,
        rules=rules,
        keep_agreements=keep_agreements,
        jobs=prepared.effective.values["jobs"],
        inline=_inline_settings(prepared),
    ):
        findings = selection.findings(result.findings)
        if prepared.waivers is not None:
            here = [*result.inline_waivers, *prepared.waivers]
            findings = apply_waivers(findings, here, names, settings)
            # An inline waiver's own findings (expired, unused...) belong to its file.
            findings += selection.findings(waiver_findings(result.inline_waivers, settings))
            findings.sort(key=Finding.sort_key)
            inline += result.inline_waivers
        results.append(replace(result, findings=findings))
        ids.update(i for i in result.agreement_ids if i is not None)
    if prepared.waivers is not None and prepared.waivers_path is not None:
        checked = (ids, {r.path for r in results}) if prepared.partial else None
        about = selection.findings(waiver_findings(prepared.waivers, settings, checked))
        results.append(FileResult(prepared.waivers_path, sorted(about, key=Finding.sort_key), kind="waivers"))
    return RunResult(
        files=results,
        rules=selection.infos(evaluated_rules(prepared.policy)),
        fail_on=prepared.effective.values["fail-on"],
        tool_version=__version__,
        policy=prepared.policy,
        waivers=[describe(w, settings) for w in [*(prepared.waivers or []), *inline]],
    )
