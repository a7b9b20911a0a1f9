"""The outputs of one check run: which formats go where, and writing them all from one result.

`--format`/`--output` name the main output (stdout by default); each `--report FORMAT=PATH`,
and each output of the configuration not named by a --report, adds a file. All are
rendered from the same run, so they agree with each other and with a separate run of
each format. Mistakes are usage errors (SrmError), found before anything is checked.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from srm_check import __version__
from srm_check.core.codes import UNKNOWN_KEY
from srm_check.core.output import Guarded, Streamed, refuse_inputs
from srm_check.core.problem import Problem, SrmError
from srm_check.core.severity import FailOn
from srm_check.core.tuples import NamedTuple
from srm_check.formats import FILE_ONLY, FORMATS, RECORDS_PROBLEMS, FormatOptions, Writer, get_writer

if TYPE_CHECKING:
    from srm_check.pipeline.results import FileResult, RunResult

# Formats whose writers write nothing of a file without findings: not handed one (most files).
_FINDINGS_ONLY = frozenset({"text", "sarif", "github"})


class Output(NamedTuple):
    """One output of a run: a format, and a file (None: stdout); `origin` locates an output
    of the configuration (its `outputs:` entry), so that an error about it can point there."""

    format: str
    path: Path | None
    origin: Problem | None = None


def _usage(message: str) -> SrmError:
    return SrmError("usage", message)


def parse_report(value: str) -> Output:
    """`FORMAT=PATH` as an Output; SrmError saying what is wrong."""
    name, sep, path = value.partition("=")
    name = name.strip()
    if not sep or not path:
        raise _usage(f"--report {value!r}: expected FORMAT=PATH, e.g. --report sarif=results.sarif")
    if name not in FORMATS:
        raise _usage(f"--report {value!r}: unknown format {name!r} (choose from: {', '.join(FORMATS)})")
    return Output(name, Path(path))


def _configured(configured: dict[str, Path], origins: dict[str, Problem], chosen: set[str]) -> list[Output]:
    """The configuration's outputs that no --report replaces, each located where it is written."""
    for name in configured:
        if name not in FORMATS:
            message = f"outputs: unknown format {name!r} (choose from: {', '.join(FORMATS)})"
            origin = origins.get(name)
            if origin is None:
                raise _usage(message)
            summary = "the configuration names an unknown output format"
            raise SrmError("config", summary, [origin._replace(message=message, code=UNKNOWN_KEY)])
    return [Output(name, path, origins.get(name)) for name, path in configured.items() if name not in chosen]


def plan_outputs(
    primary: str,
    output: Path | None,
    reports: list[str],
    configured: dict[str, Path] | None = None,
    origins: dict[str, Problem] | None = None,
) -> list[Output]:
    """The main output first, then each --report, then each `configured` output whose format
    no --report names (located by `origins`, by format); refuse what would mix output into a
    terminal or write a file twice."""
    if primary in FILE_ONLY and output is None:
        raise _usage(
            f"--format {primary} writes a file for a CI system, not terminal output: "
            f"give --output FILE (or --report {primary}=FILE)"
        )
    chosen = {r.partition("=")[0].strip() for r in reports}
    settled = _configured(configured or {}, origins or {}, chosen)
    outputs = [Output(primary, output), *(parse_report(r) for r in reports), *settled]
    seen: dict[Path, Output] = {}
    for out in outputs:
        if out.path is None:
            continue
        key = out.path.resolve()
        if key in seen:
            raise _usage(f"{out.path} is named for two outputs ({seen[key].format} and {out.format})")
        seen[key] = out
    return outputs


def targets(outputs: list[Output], extra: Sequence[tuple[str, Path | None]] = ()) -> list[tuple[str, Path]]:
    """Every file the run will write, as (how the user named it, path): outputs, then `extra`
    (such as the baseline being written); refuses a file named twice."""
    named = [
        ("--output" if index == 0 else f"the {out.format} output", out.path)
        for index, out in enumerate(outputs)
        if out.path is not None
    ]
    named += [(label, path) for label, path in extra if path is not None]
    seen: dict[Path, str] = {}
    for label, path in named:
        key = path.resolve()
        if key in seen:
            raise _usage(f"{path} is named for two outputs ({seen[key]} and {label})")
        seen[key] = label
    return named


def guard_targets(
    outputs: list[Output], guarded: Sequence[Guarded], extra: Sequence[tuple[str, Path | None]] = ()
) -> list[tuple[str, Path]]:
    """The files the run will write (see `targets`), refused when one would replace an input."""
    written = targets(outputs, extra)
    refuse_inputs(written, guarded)
    return written


def _located(out: Output, exc: SrmError) -> SrmError:
    """An error about an output of the configuration, located at its `outputs:` entry."""
    if out.origin is None:
        return exc
    return SrmError(exc.kind, exc.summary, [out.origin._replace(message=f"outputs: {exc}")])


class OpenOutputs:
    """The outputs of a run being written as it goes: each file's result goes to every output's
    writer; at the end each writes the rest and is put in place (files first, standard output
    last, so that a terminal's last line is the summary). Colour only on standard output."""

    def __init__(self, outputs: list[Output], head: "RunResult", options: FormatOptions) -> None:
        self.opened: list[tuple[Output, Streamed, Writer]] = []
        # The outputs that write something of a file without findings (not text, SARIF, github).
        self.all_files: list[tuple[Output, Streamed, Writer]] = []
        try:
            for out in sorted(outputs, key=lambda o: o.path is None):
                chosen = options._replace(color=False) if out.path is not None and options.color else options
                try:
                    sink = Streamed(out.path)
                except SrmError as exc:
                    raise _located(out, exc) from exc
                opened = (out, sink, get_writer(out.format)(head, chosen, sink))
                self.opened.append(opened)
                if out.format not in _FINDINGS_ONLY:
                    self.all_files.append(opened)
        except BaseException:
            self.discard()
            raise

    def file(self, result: "FileResult") -> None:
        for out, _, writer in self.opened if result.findings else self.all_files:
            try:
                writer.file(result)
            except SrmError as exc:
                raise _located(out, exc) from exc
            except OSError as exc:  # a writer's spool (a temporary file): the disk is full...
                raise _located(out, _spool_failed(out, exc)) from exc

    def finish(self, run: "RunResult") -> None:
        for out, sink, writer in self.opened:
            try:
                writer.finish(run)
                sink.commit()
            except SrmError as exc:
                raise _located(out, exc) from exc
            except OSError as exc:
                raise _located(out, _spool_failed(out, exc)) from exc

    def discard(self) -> None:
        """Leave every file output as it was (a run that stopped part-way writes nothing)."""
        for _, sink, _ in self.opened:
            sink.discard()


def _spool_failed(out: Output, exc: OSError) -> SrmError:
    """A writer's temporary spool could not be written or read back (exit 2, as for the output)."""
    where = "standard output" if out.path is None else str(out.path)
    return SrmError("usage", f"cannot write {where}: {exc.strerror or exc}")


def write_all(outputs: list[Output], run: "RunResult", options: FormatOptions) -> None:
    """Write every output from a whole result: files first and stdout last."""
    opened = OpenOutputs(outputs, run, options)
    try:
        for result in run.files:
            opened.file(result)
        opened.finish(run)
    except BaseException:
        opened.discard()
        raise


def write_policy_problems(
    outputs: list[Output], problems: list[Problem], fail_on: FailOn, options: FormatOptions
) -> None:
    """A run that checked nothing: write the outputs that can record its policy problems
    (SARIF, JUnit, ...); the others are left unwritten."""
    recorders = [o for o in outputs if o.format in RECORDS_PROBLEMS]
    if not recorders:
        return
    from srm_check.pipeline.fingerprints import SourceRoot
    from srm_check.pipeline.results import RunResult

    run = RunResult(
        files=[],
        rules=[],
        fail_on=fail_on,
        tool_version=__version__,
        problems=list(problems),
        root=SourceRoot.discover(),
    )
    write_all(recorders, run, options)
