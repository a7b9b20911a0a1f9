"""One run, from settings to result: the same steps for `check`, `report` and `config`.

Resolves the settings into files, policy, rule selection and waivers; runs the checker;
applies selection and waivers to the findings. Knows nothing of the command line or of
output formats.
"""

from __future__ import annotations

import fnmatch
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from srm_check import __version__
from srm_check.core.finding import Finding
from srm_check.core.paths import display_from, display_path
from srm_check.core.problem import Problem, SrmError
from srm_check.pipeline.config_file import check_rule_refs
from srm_check.pipeline.discovery import discover, path_error
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.pipeline.selection import Selection, evaluated_rules, rule_index, select
from srm_check.pipeline.settings import Settings
from srm_check.pipeline.waivers.apply import apply_waivers, describe, waiver_findings
from srm_check.pipeline.waivers.model import WAIVERS_INVALID, InlineWaivers, Waiver, WaiverSettings
from srm_check.pipeline.workers import check_files
from srm_check.policy.loader import load_policy
from srm_check.policy.model import Policy

if TYPE_CHECKING:
    from srm_check.policy.sources import PolicySources


class Prepared(NamedTuple):
    """Everything a run needs, resolved and validated."""

    settings: Settings
    files: list[Path]
    policy: Policy
    selection: Selection
    waivers: list[Waiver] | None
    waiver_settings: WaiverSettings
    waivers_path: str | None = None
    # True when PATHS were named (a pre-commit hook, a partial run), not the configured ones.
    partial: bool = False


def policy_sources(settings: Settings) -> PolicySources:
    """The policy folders in force: the shipped policy (unless left out), then `policy`'s."""
    from srm_check.policy.sources import resolve_sources

    return resolve_sources(
        [settings.path(value) for value in settings.policy], builtin=settings.builtin_policy
    )


def policy_dirs(settings: Settings) -> list[Path]:
    """The policy folders a run loads, in order."""
    return policy_sources(settings).folders


def filter_files(files: list[Path], settings: Settings) -> list[Path]:
    """Apply `include` and `exclude` globs, matched against paths relative to the config file."""
    include, exclude = settings.include, settings.exclude
    if not include and not exclude:
        return files
    out = []
    for file in files:
        name = display_from(str(settings.base.resolve()), file.resolve())
        if include and not any(fnmatch.fnmatchcase(name, g) for g in include):
            continue
        if any(fnmatch.fnmatchcase(name, g) for g in exclude):
            continue
        out.append(file)
    return out


def _files(settings: Settings, paths: list[Path] | None) -> list[Path]:
    """The files named (or configured), filtered; SrmError when a path holds none."""
    targets = paths or [settings.path(p) for p in settings.paths]
    try:
        return filter_files(discover(targets), settings)
    except SrmError as exc:
        if paths:
            raise
        origin = settings.origins["paths"]
        where = "the default" if origin == "default" else f"from {origin}"
        raise path_error(
            f"{exc} ({where}: name agreement files or folders, or set `paths` in .srm-check.yaml)"
        ) from exc


def _waivers(settings: Settings) -> tuple[list[Waiver], str | None]:
    """The waivers file's waivers (none when there is no file), and its path as shown."""
    file = settings.path(settings.waivers)
    if file.is_file():
        shown = display_path(file)
        from srm_check.pipeline.waivers.file import load_waivers  # only when there is a file

        return load_waivers(file, shown), shown
    if settings.origins["waivers"] != "default":
        raise SrmError("waivers", WAIVERS_INVALID, [Problem("waivers file not found", path=file.as_posix())])
    return [], None  # no waivers file: inline waivers may still be used


def prepare(
    settings: Settings,
    *,
    paths: list[Path] | None = None,
    use_waivers: bool = True,
    today: date | None = None,
) -> Prepared:
    """Resolve settings; raises SrmError (policy, config, paths or waivers: exit 2)."""
    policy = load_policy(policy_dirs(settings))
    infos = evaluated_rules(policy.rules)
    check_rule_refs(settings, rule_index(infos))
    selection = select(infos, settings.select, settings.ignore, settings.severity)
    files = _files(settings, paths)
    waiver_settings = WaiverSettings(
        today=today or date.today(),
        max_days=settings.waiver_max_days,
        warn_days=settings.waiver_warn_days,
    )
    waivers, waivers_path = _waivers(settings) if use_waivers else (None, None)
    return Prepared(settings, files, policy, selection, waivers, waiver_settings, waivers_path, bool(paths))


def _inline_settings(prepared: Prepared) -> InlineWaivers | None:
    """How to read inline waivers: only when waivers are in use (not with --no-waivers)."""
    if prepared.waivers is None:
        return None
    index = rule_index(evaluated_rules(prepared.policy.rules))
    forbidden = {index.get(ref, ref) for ref in prepared.settings.forbid_inline_waivers}
    return InlineWaivers(index, frozenset(forbidden))


def execute(prepared: Prepared, *, keep_agreements: bool = False) -> RunResult:
    """Check the files and apply selection and waivers; the result is ready for any format."""
    selection = prepared.selection
    rules = selection.rules(prepared.policy.rules)
    names = {i["id"]: i["name"] for i in evaluated_rules(prepared.policy.rules)}
    settings = prepared.waiver_settings
    results: list[FileResult] = []
    inline: list[Waiver] = []
    ids: set[str] = set()
    for result in check_files(
        prepared.files,
        prepared.policy.catalogues,
        rules,
        keep_agreements=keep_agreements,
        jobs=prepared.settings.jobs,
        inline=_inline_settings(prepared),
        composition=prepared.policy.composition,
    ):
        findings = selection.findings(result.findings)
        if prepared.waivers is not None:
            here = [*result.inline_waivers, *prepared.waivers]
            findings = apply_waivers(findings, here, names, settings)
            # An inline waiver's own findings (expired, unused...) belong to its file.
            findings += selection.findings(waiver_findings(result.inline_waivers, settings))
            findings.sort(key=Finding.sort_key)
            inline += result.inline_waivers
        results.append(result.copy(findings=findings))
        ids.update(i for i in result.agreement_ids if i is not None)
    if prepared.waivers is not None and prepared.waivers_path is not None:
        checked = (ids, {r.path for r in results}) if prepared.partial else None
        about = selection.findings(waiver_findings(prepared.waivers, settings, checked))
        results.append(FileResult(prepared.waivers_path, sorted(about, key=Finding.sort_key), kind="waivers"))
    return RunResult(
        files=results,
        rules=selection.infos(evaluated_rules(prepared.policy.rules)),
        fail_on=prepared.settings.fail_on,
        tool_version=__version__,
        policy=prepared.policy,
        waivers=[describe(w, settings) for w in [*(prepared.waivers or []), *inline]],
    )
