"""`srm-check fix`: safe, comment-preserving edits of agreement files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from srm_check.commands.common import (
    BuiltinPolicyOption,
    ConfigOption,
    FollowSymlinksOption,
    IgnoreOption,
    NoWaiversOption,
    PathsArgument,
    PolicyOption,
    SelectOption,
    WaiversOption,
    fail,
    fail_with,
    overrides,
    prepare_or_exit,
    settings_or_exit,
    write_output,
)
from srm_check.core.exit_codes import ExitCode
from srm_check.core.text import plural, visible

if TYPE_CHECKING:
    from srm_check.authoring.fix.run import FileFix
    from srm_check.core.output import Guarded

ORDER = 65


def _say(message: str) -> None:
    typer.echo(visible(message), err=True)


def _diff(fixed: FileFix) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            fixed.before.splitlines(keepends=True),
            fixed.after.splitlines(keepends=True),
            f"a/{fixed.display}",
            f"b/{fixed.display}",
        )
    )


def _write(fixed: FileFix, guarded: list[Guarded]) -> None:
    """Write the fixed file over itself, atomically, unless it changed since it was read or is
    another input of the run (a policy or configuration file) under another name."""
    from srm_check.core.output import refuse_inputs, write_text
    from srm_check.core.problem import SrmError
    from srm_check.source.reader import read_bytes

    target = fixed.path.resolve()  # a symbolic link stays a link: its target is rewritten
    now, _ = read_bytes(target)
    if now != fixed.data:
        fail(f"{fixed.display} changed while it was being fixed; it was not written (run fix again)")
    try:
        refuse_inputs([("fix", target)], guarded)
        write_text(fixed.text_to_write(), target)
    except SrmError as exc:
        fail_with(exc)


def _report(fixed: FileFix, diff_only: bool) -> None:
    verb = "would fix" if diff_only else "fixed"
    for done in sorted(fixed.done, key=lambda d: d.line):
        _say(f"{fixed.display}:{done.line}: {verb} [{done.rule_id}] {done.words}")
    if fixed.sorted:
        verb = "would sort" if diff_only else "sorted"
        _say(f"{fixed.display}: {verb} the assignments into the catalogue's order")
    for rule_id, responsibility, why in fixed.skipped:
        _say(f"{fixed.display}: not fixed [{rule_id}] '{responsibility}': {why}")
    if fixed.error is not None:
        _say(f"{fixed.display}: not fixed: {fixed.error}")


def fix(
    paths: PathsArgument = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff of the fixes and write nothing.")
    ] = False,
    sort: Annotated[
        bool, typer.Option("--sort", help="Also put the assignments in the catalogue's order.")
    ] = False,
    exit_non_zero_on_fix: Annotated[
        bool,
        typer.Option(
            "--exit-non-zero-on-fix",
            help="Exit 1 when a file was changed (pre-commit's convention; the srm-check-fix hook uses it).",
        ),
    ] = False,
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
    config_file: ConfigOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    waivers: WaiversOption = None,
    no_waivers: NoWaiversOption = False,
    follow_symlinks: FollowSymlinksOption = False,
) -> None:
    """Fix what can be fixed safely in agreement files, keeping every other line as it is.

    The fixes are those the policy's rules describe (`srm-check rules` marks them): a
    responsibility left out is added at its default party; a deviation without a cost note
    gets a skeleton that still fails until a person writes the note. Files are rewritten
    atomically, and only when they change. Exit codes: 0 done (or nothing to do); 1 with
    --diff when a file would change, or with --exit-non-zero-on-fix when one changed; 2
    usage, policy or configuration error, or a file that changed while it was being fixed.
    """
    from srm_check.authoring.fix.run import Fixer
    from srm_check.core.output import Guarded
    from srm_check.pipeline.run import policy_dirs

    flags = overrides(policy, None, select, ignore, builtin_policy)._replace(
        waivers=str(waivers.resolve()) if waivers is not None else None
    )
    settings = settings_or_exit(config_file, flags)
    prepared = prepare_or_exit(settings, paths, use_waivers=not no_waivers, follow_symlinks=follow_symlinks)
    fixes = Fixer(prepared, sort).run()
    guarded = [Guarded(folder, "in a policy folder", folder=True) for folder in policy_dirs(settings)]
    guarded += [Guarded(Path(f.path), "a policy file") for f in prepared.policy.files]
    if prepared.waivers_path is not None:
        guarded.append(Guarded(Path(prepared.waivers_path), "the waivers file"))
    if settings.file is not None:
        guarded.append(Guarded(settings.file, "the configuration file"))
    changed = [f for f in fixes if f.changed]
    for fixed in fixes:
        _report(fixed, diff)
        if fixed.changed and diff:
            write_output(_diff(fixed), None)
        elif fixed.changed:
            _write(fixed, guarded)
    _summary(fixes, changed, len(prepared.files), diff)
    if changed and (diff or exit_non_zero_on_fix):
        raise typer.Exit(ExitCode.FINDINGS)


def _changes(changed: list[FileFix], diff_only: bool) -> str:
    count = sum(len(f.done) for f in changed)
    sorted_only = sum(1 for f in changed if not f.done)
    parts = []
    if count:
        verb = "would fix" if diff_only else "fixed"
        parts.append(f"{verb} {plural(count, 'finding')} in {plural(len(changed) - sorted_only, 'file')}")
    if sorted_only:
        parts.append(f"{'would sort' if diff_only else 'sorted'} {plural(sorted_only, 'file')}")
    return ", ".join(parts)


def _summary(fixes: list[FileFix], changed: list[FileFix], checked: int, diff_only: bool) -> None:
    from srm_check.authoring.fix.kinds import COST_NOTE

    line = (
        f"{plural(checked, 'file')} checked: {_changes(changed, diff_only) if changed else 'nothing to fix'}"
    )
    skeletons = sum(1 for f in changed for d in f.done if d.kind == COST_NOTE)
    if skeletons:
        verb = "fails" if skeletons == 1 else "fail"
        line += f"; {plural(skeletons, 'cost-note skeleton')} still {verb} until a person writes the note"
    left = sum(1 for f in fixes if f.error is not None or f.skipped)
    if left:
        line += f"; {plural(left, 'file')} with findings left as they were (see above)"
    _say(line)


def register(app: typer.Typer) -> None:
    app.command()(fix)
