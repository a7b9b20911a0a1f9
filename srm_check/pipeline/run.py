"""One run, from settings to result: the same steps for `check`, `report` and `config`.

Resolves the settings into files, policy, rule selection and waivers; runs the checker;
applies selection and waivers to the findings. Knows nothing of the command line or of
output formats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from srm_check import __version__
from srm_check.core.codes import SEVERITY
from srm_check.core.finding import Finding
from srm_check.core.output import Guarded
from srm_check.core.paths import display_path
from srm_check.core.problem import Problem, SrmError
from srm_check.pipeline.config_file import check_rule_refs
from srm_check.pipeline.discovery import (
    Inputs,
    StdinInput,
    path_error,
    select_files,
    select_stdin,
    selected,
)
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.pipeline.selection import Selection, evaluated_rules, rule_index, select
from srm_check.pipeline.settings import Settings
from srm_check.pipeline.waivers.apply import WaiverIndex, apply_waivers, describe, waiver_findings
from srm_check.pipeline.waivers.model import InlineWaivers, Waiver, WaiverSettings
from srm_check.pipeline.workers import check_files
from srm_check.policy.loader import load_policy
from srm_check.policy.model import BUILTIN_POLICY, Policy
from srm_check.rules.context import RunContext

if TYPE_CHECKING:
    from srm_check.policy.sources import PolicySources

if TYPE_CHECKING:
    from srm_check.schemas.records import RuleRecord


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
    # Files named on the command line that the configuration's include/exclude left out.
    excluded: tuple[str, ...] = ()
    # The agreement read from standard input (`check -`), checked after `files`.
    stdin: StdinInput | None = None
    # Paths found but not read (a link out of the tree, a dangling link, a folder not listed).
    skipped: tuple[Problem, ...] = ()
    # The day agreements are judged on (`--on`); None: the day waivers are judged on (`--today`).
    on: date | None = None
    # True when PATHS named agreement files (a pre-commit hook) or standard input, not folders:
    # a reference to an agreement of another file cannot be judged (SRM503).
    named_files: bool = False


def policy_sources(settings: Settings) -> PolicySources:
    """The policy folders in force: the shipped policy (unless left out), then `policy`'s."""
    from srm_check.policy.sources import resolve_sources

    return resolve_sources(
        [settings.path(value) for value in settings.policy], builtin=settings.builtin_policy
    )


def policy_dirs(settings: Settings) -> list[Path]:
    """The policy folders a run loads, in order."""
    return policy_sources(settings).folders


def run_inputs(
    settings: Settings, paths: list[Path] | None, *, baseline: Path | None = None
) -> list[Guarded]:
    """What a run reads, known before anything is loaded: no output may be written over it.

    A folder stands for every YAML file discovery would read in it, existing or not: an
    output there would be checked as an agreement (or loaded as policy) on the next run.
    """
    guarded = [
        Guarded(path, "in a checked folder (it would be read as an agreement)", folder=True)
        if path.is_dir()
        else Guarded(path, "an agreement this run checks")
        for path in paths or [settings.path(p) for p in settings.paths]
    ]
    guarded += [Guarded(folder, "in a policy folder", folder=True) for folder in policy_dirs(settings)]
    guarded.append(Guarded(settings.path(settings.waivers), "the waivers file"))
    if settings.file is not None:
        guarded.append(Guarded(settings.file, "the configuration file"))
    if baseline is not None:
        guarded.append(Guarded(baseline, "the baseline"))
    return guarded


def read_files(prepared: Prepared) -> list[Path]:
    """Every file the prepared run has read or will read: agreements, policy files, waivers."""
    files = [*prepared.files, *(Path(f.path) for f in prepared.policy.files)]
    if prepared.waivers_path is not None:
        files.append(Path(prepared.waivers_path))
    return files


def filter_files(files: list[Path], settings: Settings) -> list[Path]:
    """Apply `include` and `exclude` globs, matched against paths relative to the config file."""
    return [file for file in files if selected(file, settings)]


def _files(settings: Settings, paths: list[Path] | None, follow_symlinks: bool = False) -> Inputs:
    """The files named (or configured), filtered; SrmError when a path holds none."""
    if paths:
        return select_files(paths, settings, follow_symlinks=follow_symlinks)
    try:
        return select_files(
            [settings.path(p) for p in settings.paths], settings, follow_symlinks=follow_symlinks
        )
    except SrmError as exc:
        advice = "name agreement files or folders, or set `paths` in .srm-check.yaml"
        if not settings.from_file("paths"):
            raise path_error(f"{exc} (the default `paths`: {advice})") from exc
        raise SrmError(
            "paths", f"{exc}; nothing was checked", settings.located("paths", f"paths: {exc}")
        ) from exc


def _waivers(settings: Settings) -> tuple[list[Waiver], str | None]:
    """The waivers file's waivers (none when there is no file), and its path as shown.

    The default file is read when it exists; a file named by `waivers:` or `--waivers` must
    exist (docs/configuration.md), and the error points at where it was named."""
    file = settings.path(settings.waivers)
    if file.exists():  # a FIFO or a folder too: reading it says why it cannot be used
        shown = display_path(file)
        from srm_check.pipeline.waivers.file import load_waivers  # only when there is a file

        return load_waivers(file, shown), shown
    if settings.origins["waivers"] != "default":
        message = f"waivers file {display_path(file)} not found"
        located = settings.located("waivers", f"waivers: {message} (a waivers file named here must exist)")
        origin = "" if located else f" ({settings.origins['waivers']})"
        raise SrmError("waivers", f"{message}{origin}; nothing was checked", located)
    return [], None  # no waivers file: inline waivers may still be used


def _check_policy_folders(settings: Settings) -> None:
    """Policy folders written in the configuration must exist: say so where they are written."""
    if not settings.from_file("policy"):
        return
    problems = [
        problem
        for index, value in enumerate(settings.policy)
        if value != BUILTIN_POLICY and not settings.path(value).is_dir()
        for problem in settings.located(
            "policy", f"policy: folder '{value}' not found (relative to this file)", f"/policy/{index}"
        )
    ]
    if problems:
        raise SrmError("config", "the configuration names a policy folder that does not exist", problems)


def prepare(
    settings: Settings,
    *,
    paths: list[Path] | None = None,
    use_waivers: bool = True,
    today: date | None = None,
    stdin: tuple[bytes, str | None] | None = None,
    follow_symlinks: bool = False,
    on: date | None = None,
) -> Prepared:
    """Resolve settings; raises SrmError (policy, config, paths or waivers: exit 2).

    `stdin` is an agreement read from standard input and the name it goes by (or None),
    checked instead of `paths` (`srm-check check -`). `today` is the day waivers are judged
    on; `on` the day agreements are (default: `today`)."""
    _check_policy_folders(settings)
    policy = load_policy(policy_dirs(settings), follow_symlinks=follow_symlinks)
    infos = evaluated_rules(policy.rules)
    check_rule_refs(settings, rule_index(infos))
    selection = select(infos, settings.select, settings.ignore, settings.severity)
    chosen = (
        select_stdin(stdin[0], stdin[1], settings)
        if stdin is not None
        else _files(settings, paths, follow_symlinks)
    )
    waiver_settings = WaiverSettings(
        today=today or date.today(),
        max_days=settings.waiver_max_days,
        warn_days=settings.waiver_warn_days,
    )
    waivers, waivers_path = _waivers(settings) if use_waivers else (None, None)
    return Prepared(
        settings,
        chosen.files,
        policy,
        selection,
        waivers,
        waiver_settings,
        waivers_path,
        bool(paths) or stdin is not None,
        tuple(chosen.excluded),
        chosen.stdin,
        chosen.skipped,
        on,
        stdin is not None or any(not p.is_dir() for p in paths or []),
    )


def _inline_settings(prepared: Prepared) -> InlineWaivers | None:
    """How to read inline waivers: only when waivers are in use (not with --no-waivers)."""
    if prepared.waivers is None:
        return None
    index = rule_index(evaluated_rules(prepared.policy.rules))
    forbidden = {index.get(ref, ref) for ref in prepared.settings.forbid_inline_waivers}
    return InlineWaivers(index, frozenset(forbidden))


def _with_skipped(results: list[FileResult], prepared: Prepared, names: dict[str, str]) -> list[FileResult]:
    """The results with one unreadable result per skipped path, in path order."""
    skipped = []
    for problem in prepared.skipped:
        found = [Finding(problem.code, SEVERITY[problem.code], problem.message, problem.path, problem.span)]
        findings = prepared.selection.findings(found)
        if prepared.waivers is not None:
            findings = apply_waivers(findings, prepared.waivers, names, prepared.waiver_settings)
        skipped.append(FileResult(problem.path, findings, readable=False))
    return sorted([*results, *skipped], key=lambda r: r.path)


def _check_stdin(
    entry: StdinInput, prepared: Prepared, rules: list[RuleRecord], keep_agreements: bool
) -> FileResult:
    """The agreement from standard input, checked as a file of its own would be."""
    from srm_check.pipeline.crossfile import in_file_order
    from srm_check.pipeline.document import check_source
    from srm_check.rules.agreement import ASSIGNMENTS_POINTER
    from srm_check.rules.engine import CrossFileRules, Engine
    from srm_check.source.reader import load_data

    source = load_data(entry.data, entry.display, judged_elsewhere=(ASSIGNMENTS_POINTER,))
    engine = Engine(prepared.policy.catalogues, rules, prepared.policy.composition)
    inline = _inline_settings(prepared)
    checked = check_source(source, engine, keep_agreements=keep_agreements, inline=inline)
    [result] = in_file_order([checked], CrossFileRules(rules, run_context(prepared)))
    return result


def run_context(prepared: Prepared) -> RunContext:
    """What the rules across the run are judged with: the day agreements are judged on, git
    history for the files (asked only if a rule needs it), and whether agreement files were
    named rather than folders (references to agreements of other files are not judged)."""
    from srm_check.pipeline.history.assignments import assignment_history

    on = prepared.on or prepared.waiver_settings.today
    return RunContext(on, assignment_history(prepared.waiver_settings.today), prepared.named_files)


def _checked(prepared: Prepared, rules: list[RuleRecord], keep_agreements: bool) -> Iterator[FileResult]:
    """Each file's result, in order; the agreement from standard input last."""
    yield from check_files(
        prepared.files,
        prepared.policy.catalogues,
        rules,
        keep_agreements=keep_agreements,
        jobs=prepared.settings.jobs,
        inline=_inline_settings(prepared),
        composition=prepared.policy.composition,
        run=run_context(prepared),
    )
    if prepared.stdin is not None:
        yield _check_stdin(prepared.stdin, prepared, rules, keep_agreements)


def _as_is(result: FileResult) -> FileResult:
    """What a run keeps of a file's result by default: all of it."""
    return result


def _reads_agreements(keep_agreements: bool, keep: Callable[[FileResult], FileResult]) -> bool:
    """Whether the files' agreements are read into their results: to keep, or to hand to `keep`."""
    return keep_agreements or keep is not _as_is


def execute(
    prepared: Prepared,
    *,
    keep_agreements: bool = False,
    keep: Callable[[FileResult], FileResult] = _as_is,
) -> RunResult:
    """Check the files and apply selection and waivers; the result is ready for any format.

    `keep`, when given, is handed each file's final result (its agreements read, findings
    waived) as the file finishes, and returns what the run keeps of it: `report` summarises
    the agreements there and drops them, so that memory stays flat."""
    selection = prepared.selection
    rules = selection.rules(prepared.policy.rules)
    names = {i["id"]: i["name"] for i in evaluated_rules(prepared.policy.rules)}
    settings = prepared.waiver_settings
    file_waivers = WaiverIndex(prepared.waivers or [])
    results: list[FileResult] = []
    inline: list[Waiver] = []
    ids: set[str] = set()
    for result in _checked(prepared, rules, _reads_agreements(keep_agreements, keep)):
        findings = selection.findings(result.findings)
        if prepared.waivers is not None:
            here = WaiverIndex(result.inline_waivers, file_waivers) if result.inline_waivers else file_waivers
            findings = apply_waivers(findings, here, names, settings)
            # An inline waiver's own findings (expired, unused...) belong to its file.
            findings += selection.findings(waiver_findings(result.inline_waivers, settings))
            findings.sort(key=Finding.sort_key)
            inline += result.inline_waivers
        results.append(keep(result.copy(findings=findings)))
        ids.update(i for i in result.agreement_ids if i is not None)
    if prepared.skipped:
        results = _with_skipped(results, prepared, names)
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
        excluded=list(prepared.excluded),
    )
