"""A run as a stream: each file's final result as soon as it is checked, in order, then the
run as a whole.

Selection, waivers (inline and the waivers file) and the baseline are applied file by
file, so that outputs can be written as files finish and memory stays flat: the run counts
its totals as each file passes (`Tally`) and keeps no file; each output keeps what its end
needs (SARIF: the files with findings). `execute` (pipeline/run.py) drains a stream that
keeps every file, for commands that need them all (`report`).
"""

from __future__ import annotations

import fnmatch
import heapq
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from srm_check import __version__
from srm_check.core.codes import SEVERITY
from srm_check.core.finding import Finding
from srm_check.core.severity import FailOn
from srm_check.pipeline.results import FileResult, RunResult, Tally
from srm_check.pipeline.selection import evaluated_rules
from srm_check.pipeline.waivers.apply import WaiverIndex, apply_waivers, describe, waiver_findings
from srm_check.pipeline.waivers.model import Waiver, is_glob
from srm_check.pipeline.workers import Checked, Checker

if TYPE_CHECKING:
    from srm_check.pipeline.baseline import Marker
    from srm_check.pipeline.cache import ResultCache
    from srm_check.pipeline.discovery import StdinInput
    from srm_check.pipeline.fingerprints import SourceRoot
    from srm_check.pipeline.prepared import Prepared


class RunStream:
    """One run in progress: iterate it for each file's final result (the waivers file's last),
    then ask for `result()`.

    `keep_all` keeps every file's result in the run (for `report`, `--write-baseline`), else
    the run keeps no file, only its totals; `baseline` marks findings new or unchanged as
    they come; `cache` is the result cache to read and fill."""

    def __init__(
        self,
        prepared: Prepared,
        *,
        keep_agreements: bool = False,
        keep_all: bool = False,
        cache: ResultCache | None = None,
        baseline: Marker | None = None,
        root: SourceRoot | None = None,
        keep: Callable[[FileResult], FileResult] | None = None,
    ) -> None:
        from srm_check.pipeline.prepared import inline_settings, run_context

        self.prepared = prepared
        self.keep_all = keep_all or keep_agreements
        self.baseline = baseline
        self.hand = keep  # what the run keeps of each checked file's result (see `execute`)
        self.root = root
        selection = prepared.selection
        self.rules = selection.rules(prepared.policy.rules)
        self.names = {i["id"]: i["name"] for i in evaluated_rules(prepared.policy.rules)}
        self.file_waivers = WaiverIndex(prepared.waivers or [])
        self.checker = Checker(
            prepared.policy.catalogues,
            self.rules,
            keep_agreements=keep_agreements,
            inline=inline_settings(prepared),
            composition=prepared.policy.composition,
            cache=cache,
            sources=prepared.sources,
            run=run_context(prepared),
        )
        self.kept: list[FileResult] = []
        self.inline: list[Waiver] = []
        self.judged = _Judgeable(prepared.waivers or [])
        # Whether a file may be what a waiver is about, in a run on some files (see `_Judgeable`).
        self.judging = prepared.partial and prepared.waivers is not None and self.judged.wanted()
        self.tally = Tally(FailOn(str(prepared.settings.fail_on)))
        self._done = False

    def __iter__(self) -> Iterator[FileResult]:
        prepared = self.prepared
        jobs = prepared.settings.jobs
        self.checker.context(prepared.context, jobs)
        stdin = self._check_stdin(prepared.stdin) if prepared.stdin is not None else None
        checked = self.checker.check(prepared.shown, jobs, stdin)
        if prepared.skipped:
            tagged = ((result, True) for result in checked)
            skipped = ((result, False) for result in self._skipped())
            for result, was_checked in heapq.merge(tagged, skipped, key=lambda item: item[0].path):
                yield self._final(result, was_checked)
        else:
            final, tally = self._final, self.tally
            simple = not self.judging and self.baseline is None and not self.keep_all
            for result in checked:
                if simple and not result.findings and not result.inline_waivers:
                    tally.add(result)  # `_final` of a file with nothing to select, waive or keep
                    yield result
                else:
                    yield final(result)
        waivers = self._waivers_file()
        if waivers is not None:
            yield waivers
        self._done = True

    def _final(self, result: FileResult, was_checked: bool = True) -> FileResult:
        """A file's result with selection and waivers applied (and baseline marks), counted."""
        if result.findings or result.inline_waivers:  # else nothing to select or waive
            result.findings = self._selected(result)  # the result is this run's own: no copy
        if self.judging:  # which waivers this run could judge
            self.judged.see(result.path, result.agreement_ids)
        if self.baseline is not None:
            self.baseline.mark(result)
        self.tally.add(result)
        if self.keep_all:
            self.kept.append(self.hand(result) if self.hand is not None and was_checked else result)
        return result

    def _selected(self, result: FileResult) -> list[Finding]:
        """A file's findings selected, and waived by its inline waivers and the waivers file."""
        prepared, settings = self.prepared, self.prepared.waiver_settings
        selection = prepared.selection
        findings = selection.findings(result.findings)
        if prepared.waivers is not None:
            here = (
                WaiverIndex(result.inline_waivers, self.file_waivers)
                if result.inline_waivers
                else self.file_waivers
            )
            findings = apply_waivers(findings, here, self.names, settings)
            # An inline waiver's own findings (expired, unused...) belong to its file.
            findings += selection.findings(waiver_findings(result.inline_waivers, settings))
            findings.sort(key=Finding.sort_key)
            self.inline += result.inline_waivers
        return findings

    def _skipped(self) -> Iterator[FileResult]:
        """An unreadable result per path found but not read, in path order."""
        for problem in self.prepared.skipped:
            found = [
                Finding(problem.code, SEVERITY[problem.code], problem.message, problem.path, problem.span)
            ]
            yield FileResult(problem.path, found, readable=False)

    def _check_stdin(self, entry: StdinInput) -> Iterator[Checked]:
        """The agreement from standard input, checked as a file of its own would be (after the
        context's agreements and the files, for the rules across the run)."""
        from srm_check.pipeline.document import check_source
        from srm_check.rules.agreement import ASSIGNMENTS_POINTER
        from srm_check.source.reader import load_data

        source = load_data(entry.data, entry.display, judged_elsewhere=(ASSIGNMENTS_POINTER,))
        job = self.checker.job
        yield check_source(source, job.engine, keep_agreements=job.keep_agreements, inline=job.inline)

    def _waivers_file(self) -> FileResult | None:
        """The waivers file's own findings (expired, unused, too long...), once every file is in."""
        prepared = self.prepared
        if prepared.waivers is None or prepared.waivers_path is None:
            return None
        checked = (self.judged.ids, self.judged.paths) if prepared.partial else None
        about = prepared.selection.findings(
            waiver_findings(prepared.waivers, prepared.waiver_settings, checked)
        )
        result = FileResult(prepared.waivers_path, sorted(about, key=Finding.sort_key), kind="waivers")
        if self.baseline is not None:
            self.baseline.mark(result)
        self.tally.add(result)
        if self.keep_all:
            self.kept.append(result)
        return result

    def head(self) -> RunResult:
        """What is known of the run before any file is checked (for outputs written as it goes)."""
        prepared = self.prepared
        return RunResult(
            files=[],
            rules=prepared.selection.infos(evaluated_rules(prepared.policy.rules)),
            fail_on=prepared.settings.fail_on,
            tool_version=__version__,
            policy=prepared.policy,
            root=self.root,
            excluded=list(prepared.excluded),
        )

    def drain(self) -> RunResult:
        """Check every file (for commands that need the whole run), then the run's result."""
        for _ in self:
            pass
        return self.result()

    def result(self) -> RunResult:
        """The run as a whole (after iterating it): the files kept, and the totals."""
        assert self._done, "iterate the stream before asking for its result"
        prepared = self.prepared
        settings = prepared.waiver_settings
        return RunResult(
            files=self.kept,
            rules=prepared.selection.infos(evaluated_rules(prepared.policy.rules)),
            fail_on=prepared.settings.fail_on,
            tool_version=__version__,
            policy=prepared.policy,
            root=self.root,
            waivers=[describe(w, settings) for w in [*(prepared.waivers or []), *self.inline]],
            baseline_absent=self.baseline.absent() if self.baseline is not None else None,
            excluded=list(prepared.excluded),
            # A run that kept every file counts from them: a command may narrow them (`report --on`).
            tally=None if self.keep_all else self.tally,
        )


class _Judgeable:
    """What a run on some files saw of what the waivers file's waivers are about: the agreement
    ids and file paths that some waiver names (or its glob matches), not every one checked, so
    that a run keeps as many of them as there are waivers, not files (see `covers_any`)."""

    __slots__ = ("globs", "ids", "paths", "wanted_ids", "wanted_paths")

    def __init__(self, waivers: list[Waiver]) -> None:
        self.wanted_paths = {w.path for w in waivers if w.target_line is not None}
        about = [w.agreement for w in waivers if w.target_line is None]
        self.globs = sorted({a for a in about if is_glob(a)})
        self.wanted_ids = {a for a in about if not is_glob(a)}
        self.ids: set[str] = set()
        self.paths: set[str] = set()

    def wanted(self) -> bool:
        """Whether any waiver is about an agreement or a file (else nothing is to be seen)."""
        return bool(self.wanted_paths or self.globs or self.wanted_ids)

    def see(self, path: str, ids: list[str | None]) -> None:
        """A file checked by the run, with the ids of its agreements."""
        self.ids.update(i for i in ids if i is not None and i in self.wanted_ids)
        if path in self.wanted_paths or any(fnmatch.fnmatchcase(path, g) for g in self.globs):
            self.paths.add(path)
