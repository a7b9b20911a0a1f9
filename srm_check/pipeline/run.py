"""One run, from settings to result: the same steps for `check`, `report` and `config`.

Resolves the settings into files, policy, rule selection and waivers; runs the checker;
applies selection and waivers to the findings. Knows nothing of the command line or of
output formats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from srm_check.core.codes import UNREADABLE
from srm_check.core.output import Guarded
from srm_check.core.paths import display_path
from srm_check.core.problem import SrmError
from srm_check.pipeline.config_file import check_rule_refs
from srm_check.pipeline.discovery import (
    Inputs,
    opened,
    path_error,
    select_files,
    select_stdin,
    selected,
)
from srm_check.pipeline.prepared import Prepared as Prepared  # where callers have always found it
from srm_check.pipeline.prepared import run_context as run_context
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.pipeline.selection import evaluated_rules, rule_index, select
from srm_check.pipeline.settings import Settings
from srm_check.pipeline.waivers.model import Waiver, WaiverSettings
from srm_check.policy.loader import load_policy
from srm_check.policy.model import BUILTIN_POLICY

if TYPE_CHECKING:
    from srm_check.policy.loader import PolicyStore
    from srm_check.policy.sources import PolicySources

if TYPE_CHECKING:
    from srm_check.schemas.records import RuleRecord

# From this many files on, a run keeps their paths packed (core.path_table: about 30 bytes a
# path, not 82); a shorter list is a tuple, and a run of a few files never loads the packing.
PACKED_FILES = 4096


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


def read_files(prepared: Prepared) -> Iterator[Path]:
    """Every file the prepared run has read or will read: agreements (the context of a partial
    run too), policy files, waivers; one at a time, as a list of 100,000 Path objects would be
    a run's peak memory (`core.output.refuse_read_files` lists them only when it must)."""
    for f in chain(prepared.shown, prepared.context):
        yield Path(opened(f, prepared.sources))
    yield from (Path(f.path) for f in prepared.policy.files)
    if prepared.waivers_path is not None:
        yield Path(prepared.waivers_path)


def filter_files(files: list[Path], settings: Settings) -> list[Path]:
    """Apply `include` and `exclude` globs, matched against paths relative to the config file."""
    return [file for file in files if selected(file, settings)]


def context_files(settings: Settings, chosen: Inputs, follow_symlinks: bool = False) -> Inputs:
    """For a run on named files: the other agreement files of the configured `paths` (include
    and exclude applied), in order; none when those paths do not exist or hold none."""
    try:
        found = select_files(
            [settings.path(p) for p in settings.paths], settings, follow_symlinks=follow_symlinks
        )
    except SrmError:
        return Inputs([], [])
    named = set(chosen.files)
    if chosen.stdin is not None:
        named.add(chosen.stdin.display)
    files = [f for f in found.files if f not in named]
    return Inputs(files, [], sources={f: found.sources[f] for f in files if f in found.sources})


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
            "paths",
            f"{exc}; nothing was checked",
            settings.located("paths", f"paths: {exc}", code=UNREADABLE),
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
        text = f"waivers: {message} (a waivers file named here must exist)"
        located = settings.located("waivers", text, code=UNREADABLE)
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
            "policy",
            f"policy: folder '{value}' not found (relative to this file)",
            f"/policy/{index}",
            UNREADABLE,
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
    context: bool = False,
    on: date | None = None,
    policy_cache: PolicyStore | None = None,
) -> Prepared:
    """Resolve settings; raises SrmError (policy, config, paths or waivers: exit 2).

    `stdin` is an agreement read from standard input and the name it goes by (or None),
    checked instead of `paths` (`srm-check check -`). With `context`, a run on named files
    (or on standard input) also reads the configured paths' other agreements, for the rules
    that compare agreements (`unique`: an agreement id used elsewhere in the repository).
    `today` is the day waivers are judged on; `on` the day agreements are (default: `today`).
    `policy_cache` keeps the loaded policy between runs (pipeline/cache_folder.py)."""
    _check_policy_folders(settings)
    policy = load_policy(policy_dirs(settings), follow_symlinks=follow_symlinks, store=policy_cache)
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
    partial = bool(paths) or stdin is not None
    around = Inputs([], [])
    if context and partial and _compares_agreements(selection.rules(policy.rules)):
        around = context_files(settings, chosen, follow_symlinks)
    return Prepared(
        settings,
        _shown(chosen.files),
        policy,
        selection,
        waivers,
        waiver_settings,
        waivers_path,
        partial,
        tuple(chosen.excluded),
        chosen.stdin,
        chosen.skipped,
        {**around.sources, **chosen.sources},
        tuple(around.files),
        on,
        stdin is not None or any(not p.is_dir() for p in paths or []),
    )


def _compares_agreements(rules: list[RuleRecord]) -> bool:
    """Whether any rule that runs compares agreements with each other (a rule that only names
    fields of the run needs no other agreement)."""
    from srm_check.rules.functions import FUNCTIONS

    return any(FUNCTIONS[rule["then"]["function"]].cross_file for rule in rules)


def execute(
    prepared: Prepared,
    *,
    keep_agreements: bool = False,
    keep: Callable[[FileResult], FileResult] | None = None,
) -> RunResult:
    """Check the files and apply selection and waivers; the result, with every file, is ready
    for any format (a streamed run: `pipeline.stream.RunStream`).

    `keep`, when given, is handed each checked file's final result (its agreements read,
    findings waived) as the file finishes, and returns what the run keeps of it: `report`
    summarises the agreements there and drops them, so that memory stays flat."""
    from srm_check.pipeline.stream import RunStream

    stream = RunStream(
        prepared, keep_agreements=keep_agreements or keep is not None, keep_all=True, keep=keep
    )
    return stream.drain()


def _shown(files: list[str]) -> Sequence[str]:
    """The files checked, as their paths are shown, in order (packed from PACKED_FILES on)."""
    if len(files) < PACKED_FILES:
        return tuple(files)
    from srm_check.core.path_table import PathTable

    return PathTable(files)
