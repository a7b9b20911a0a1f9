"""GitHub Actions workflow commands, so that findings appear as annotations on a pull request.

See "Workflow commands for GitHub Actions": `::error file=F,line=L,col=C,title=T::message`.
The runner reads each command from one line of the step's output: property values escape
`%`, CR, LF, `:` and `,`; the message escapes `%`, CR and LF (as actions/toolkit does, and
in the order the runner undoes it). Before that, control characters are shown visibly
(`visible`): the log viewer renders ANSI sequences, and no value may fake a line of the log.
Findings that do not fail the run (waived, or already in the baseline) are notices,
whatever their severity.
"""

from __future__ import annotations

from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.core.text import visible
from srm_check.formats import DEFAULT_OPTIONS, FormatOptions, Sink, rendered
from srm_check.pipeline.fingerprints import SourceRoot
from srm_check.pipeline.results import FileResult, RunResult

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message; its line breaks stay line breaks of the annotation."""
    return visible(text, newlines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property's value: one line, every control character visible."""
    return visible(text).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")


def command(level: str, path: str, span: Span, title: str, message: str) -> str:
    """One annotation command. Columns only on a one-line span: the runner drops them
    otherwise (GitHub annotations give columns only within one line)."""
    props = [f"file={escape_property(path)}", f"line={span.line}", f"endLine={span.end_line}"]
    if span.end_line == span.line:
        props += [f"col={span.column}", f"endColumn={max(span.end_column, span.column)}"]
    props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def _message(f: Finding, root: SourceRoot) -> str:
    """The finding's message, then its related locations and its waiver, one per line."""
    lines = [f.message]
    for rel in f.related:
        lines.append(f"{root.repo_path(rel.path)}:{rel.span.line}:{rel.span.column}: {rel.message}")
    if f.waived and f.waiver is not None:
        w = f.waiver
        ticket = f", {w.ticket}" if w.ticket else ""
        lines.append(f"waived by {w.path}:{w.line} until {w.expires} (owner {w.owner}{ticket}): {w.reason}")
    # Each piece is one line of the annotation: a line break inside data is shown as \n.
    return "\n".join(visible(line) for line in lines)


class Writer:
    """One workflow command per finding as each file finishes (or one per policy problem), then
    a plain summary line."""

    def __init__(self, head: RunResult, options: FormatOptions, out: Sink) -> None:
        self.out = out
        self.names = {r["id"]: r["name"] for r in head.rules}
        self.root = head.root or SourceRoot()

    def file(self, result: FileResult) -> None:
        names, root = self.names, self.root
        lines = []
        for f in result.findings:
            title = f"{f.rule_id} {names.get(f.rule_id, '')}".strip()
            if f.waived:
                title += " (waived)"
            elif not f.counts:
                title += " (in baseline)"
            level = _LEVEL[f.severity] if f.counts else "notice"
            # GitHub wants paths from the repository root (the workspace).
            lines.append(command(level, root.repo_path(f.path), f.span, title, _message(f, root)) + "\n")
        self.out.write("".join(lines))

    def finish(self, run: RunResult) -> None:
        root = run.root or SourceRoot()
        if run.problems:
            lines = [
                command("error", root.repo_path(p.path), p.span, "srm-check policy", visible(p.said()))
                for p in run.problems
            ]
            lines.append(f"srm-check: the policy has {len(run.problems)} problem(s); nothing was checked")
            self.out.write("\n".join(lines) + "\n")
            return
        counts = run.counts()
        verdict = "failed" if run.failed else "passed"
        self.out.write(
            f"srm-check: {run.checked_count} file(s), {counts[Severity.error]} error(s), "
            f"{counts[Severity.warning]} warning(s), {counts[Severity.note]} note(s): {verdict}\n"
        )


def render(result: RunResult, options: FormatOptions = DEFAULT_OPTIONS) -> str:
    """One workflow command per finding (or policy problem), then a plain summary line."""
    return rendered(Writer, result, options)
