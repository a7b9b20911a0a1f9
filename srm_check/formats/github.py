"""GitHub Actions workflow commands, so that findings appear as annotations on a pull request.

See "Workflow commands for GitHub Actions": `::error file=F,line=L,col=C,title=T::message`.
Property values escape `%`, CR, LF, `:` and `,`; the message escapes `%`, CR and LF.
"""

from __future__ import annotations

from srm_check.fingerprints import SourceRoot
from srm_check.results import RunResult

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property's value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: RunResult, *, color: bool = False) -> str:
    """One workflow command per finding, then a plain summary line."""
    names = {r["id"]: r["name"] for r in result.rules}
    root = result.root or SourceRoot()
    lines: list[str] = []
    for f in result.findings:
        level = "notice" if f.waived else _LEVEL[f.severity]
        title = f"{f.rule_id} {names.get(f.rule_id, '')}".strip()
        if f.waived:
            title += " (waived)"
        span = f.span
        props = ",".join(
            [
                # GitHub wants paths from the repository root (the workspace).
                f"file={escape_property(root.repo_path(f.path))}",
                f"line={span.line}",
                f"endLine={span.end_line}",
                f"col={span.column}",
                f"endColumn={span.end_column}",
                f"title={escape_property(title)}",
            ]
        )
        lines.append(f"::{level} {props}::{escape_data(f.message)}")
    counts = result.counts()
    verdict = "failed" if result.failed else "passed"
    lines.append(
        f"srm-check: {len(result.files)} file(s), {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['note']} note(s): {verdict}"
    )
    return "\n".join(lines) + "\n"
