"""Text output for people: `path:line:col: severity [rule-id] message`, grouped by file."""

from __future__ import annotations

from srm_check.results import RunResult

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(result: RunResult, *, color: bool = False) -> str:
    """One line per finding, a blank line between files, and a summary line."""
    lines: list[str] = []
    for file in result.files:
        if not file.findings:
            continue
        if lines:
            lines.append("")
        for f in file.findings:
            where = f"{f.path}:{f.span.line}:{f.span.column}:"
            severity: str = f.severity
            if color:
                where = f"{_BOLD}{where}{_RESET}"
                severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
            lines.append(f"{where} {severity} [{f.rule_id}] {f.message}")
            for rel in f.related:
                note = f"  {rel.path}:{rel.span.line}:{rel.span.column}: {rel.message}"
                lines.append(f"{_DIM}{note}{_RESET}" if color else note)
    counts = result.counts()
    files_with = sum(1 for f in result.files if f.findings)
    checked = f"{_plural(len(result.files), 'file')} checked"
    if not any(counts.values()):
        summary = f"{checked}: no findings"
    else:
        parts = [_plural(counts[s], s) for s in ("error", "warning", "note") if counts[s]]
        summary = f"{checked}: {', '.join(parts)} in {_plural(files_with, 'file')}"
    verdict = "FAILED" if result.failed else "passed"
    summary = f"{summary} ({verdict}, fail-on {result.fail_on})"
    if lines:
        lines.append("")
    lines.append(f"{_BOLD}{summary}{_RESET}" if color else summary)
    return "\n".join(lines) + "\n"
