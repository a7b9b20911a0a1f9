"""Text output for people: `path:line:col: severity [rule-id] message`, grouped by file.

Waived findings are listed apart, after the findings that count, each with its waiver;
findings already in a baseline are only counted, and fixed ones are listed. Every piece of
text from data is shown through `visible`, so that no control character reaches the
terminal: a message can neither move the cursor nor start a line of its own. `quiet`
(`-q`) leaves only the findings.
"""

from __future__ import annotations

from srm_check.core.finding import Finding
from srm_check.core.severity import SEVERITIES
from srm_check.core.text import plural, visible
from srm_check.formats import DEFAULT_OPTIONS, FormatOptions, Sink, rendered
from srm_check.pipeline.results import FileResult, RunResult

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _file_lines(file: FileResult, color: bool) -> list[str]:
    """A file's findings that count, one line each (and one per related place)."""
    lines: list[str] = []
    for f in file.findings:
        if not f.counts:
            continue
        where = visible(f"{f.path}:{f.span.line}:{f.span.column}:")
        severity: str = f.severity
        if color:
            where = f"{_BOLD}{where}{_RESET}"
            severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
        lines.append(f"{where} {severity} {visible(f'[{f.rule_id}] {f.message}')}")
        for rel in f.related:
            note = "  " + visible(f"{rel.path}:{rel.span.line}:{rel.span.column}: {rel.message}")
            lines.append(f"{_DIM}{note}{_RESET}" if color else note)
    return lines


def _waived_lines(waived: list[Finding]) -> list[str]:
    if not waived:
        return []
    lines = [f"Waived ({len(waived)}): reported, not failing"]
    for f in waived:
        assert f.waiver is not None
        w = f.waiver
        ticket = f", {w.ticket}" if w.ticket else ""
        lines.append(
            "  " + visible(f"{f.path}:{f.span.line}:{f.span.column}: {f.severity} [{f.rule_id}] {f.message}")
        )
        lines.append(
            "    "
            + visible(f"waived by {w.path}:{w.line} until {w.expires} (owner {w.owner}{ticket}): {w.reason}")
        )
    return lines


def _baseline_lines(result: RunResult) -> list[str]:
    fixed = result.baseline_absent
    if not fixed:
        return []
    lines = [f"Fixed since the baseline ({len(fixed)}):"]
    for entry in fixed:
        lines.append(
            "  " + visible(f"{entry.path}: [{entry.rule_id}] {entry.pointer or '/'}: {entry.message}")
        )
    return lines


def set_aside(result: RunResult) -> list[str]:
    """What a run reports but does not count: waived, already in the baseline, fixed since."""
    also = []
    totals = result.totals
    if totals.waived:
        also.append(f"{totals.waived} waived")
    if totals.baselined:
        also.append(f"{totals.baselined} in the baseline")
    if result.baseline_absent:
        also.append(f"{len(result.baseline_absent)} fixed since the baseline")
    return also


def checked_text(result: RunResult) -> str:
    """`N files checked`, and the files named on the command line that the configuration excluded."""
    text = f"{plural(result.checked_count, 'file')} checked"
    if result.excluded:
        names = ", ".join(visible(path) for path in result.excluded)
        text += f" ({plural(len(result.excluded), 'named file')} excluded by the configuration: {names})"
    return text


def found_text(result: RunResult) -> str:
    """What was found and where: `2 errors in 1 file`, `1 warning in the waivers file`, `no findings`."""
    totals = result.totals
    counts = totals.counts
    if not any(counts.values()):
        return "no findings"
    parts = [plural(counts[s], s) for s in SEVERITIES if counts[s]]
    places = []
    if totals.with_counted:
        places.append(plural(totals.with_counted, "file"))
    if totals.waivers_counted:
        places.append("the waivers file")
    return f"{', '.join(parts)} in {' and '.join(places)}"


def _summary(result: RunResult) -> str:
    """`N files checked: ...` with what was found, waived, baselined and fixed, and the verdict."""
    summary = f"{checked_text(result)}: {found_text(result)}"
    also = set_aside(result)
    if also:
        summary += f"; {', '.join(also)}"
    verdict = "FAILED" if result.failed else "passed"
    return f"{summary} ({verdict}, fail-on {result.fail_on})"


class Writer:
    """One line per finding as each file finishes, a blank line between files; at the end, the
    waived findings, the baseline's fixed ones and a summary line (`quiet`: findings only).
    The waived findings are kept as they pass (they are listed at the end), not the run's files."""

    def __init__(self, head: RunResult, options: FormatOptions, out: Sink) -> None:
        self.out = out
        self.color = options.color
        self.quiet = options.quiet
        self.started = False  # whether a line was written (the next block starts with a blank)
        self.waived: list[Finding] = []

    def _block(self, lines: list[str]) -> None:
        if self.started and not self.quiet:
            self.out.write("\n")
        self.out.write("\n".join(lines) + "\n" if lines else "")
        self.started = True

    def file(self, result: FileResult) -> None:
        if not result.findings:  # most files: nothing to write
            return
        if not self.quiet:
            self.waived += [f for f in result.findings if f.waived]
        lines = _file_lines(result, self.color)
        if lines:
            self._block(lines)

    def finish(self, run: RunResult) -> None:
        if self.quiet:  # the findings, one a line, as `grep` or an editor wants them
            return
        for extra in (_waived_lines(self.waived), _baseline_lines(run)):
            if extra:
                self._block(extra)
        summary = _summary(run)
        self._block([f"{_BOLD}{summary}{_RESET}" if self.color else summary])


def render(result: RunResult, options: FormatOptions = DEFAULT_OPTIONS) -> str:
    """One line per finding, a blank line between files, then waivers, and a summary line."""
    return rendered(Writer, result, options)
