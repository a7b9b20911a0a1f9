"""JSON output for programs: a stable, documented shape (see docs/outputs.md, "JSON").

The document is written as the run goes: each file's entry of `files` and each of its
findings as the file finishes (kept in two temporary files, since `summary` comes first and
needs the run's totals), so that the run need not keep its findings. The text is exactly
`json.dumps(document, indent=2, ensure_ascii=False)`.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from typing import Any

from srm_check.core.finding import finding_dict
from srm_check.formats import DEFAULT_OPTIONS, FormatOptions, Sink, rendered
from srm_check.pipeline.results import FileResult, RunResult

SHAPE_VERSION = 1
# Where the lists of a document with empty `files` and `findings` go, as json.dumps writes it.
_LISTS = '  "files": [],\n  "findings": [],\n'
_CHUNK = 1 << 16


def dumped(value: Any, depth: int) -> str:
    """`value` as json.dumps(indent=2) writes it `depth` levels down (its first line unindented)."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def write_list(out: Sink, items: Iterable[str], depth: int) -> None:
    """A JSON list of items already dumped at `depth` + 1, as json.dumps(indent=2) writes it."""
    pad = "\n" + "  " * (depth + 1)
    first = True
    for item in items:
        out.write(("[" if first else ",") + pad + item)
        first = False
    out.write("[]" if first else "\n" + "  " * depth + "]")


def _summary(result: RunResult) -> dict[str, Any]:
    return {
        "files": result.checked_count,
        "files_with_findings": result.totals.with_findings,
        "findings": result.counts(),
        "waived": result.totals.waived,
        "baselined": result.totals.baselined,
        "fail_on": result.fail_on,
        "passed": not result.failed,
        "exit_code": result.exit_code,
    }


def _skeleton(result: RunResult) -> tuple[str, str]:
    """The document before and after its `files` and `findings` lists."""
    data = {
        "version": SHAPE_VERSION,
        "tool": {"name": "srm-check", "version": result.tool_version},
        "summary": _summary(result),
        "files": [],
        "findings": [],
        "baseline_absent": [
            {
                "fingerprint": e.fingerprint,
                "rule_id": e.rule_id,
                "path": e.path,
                "agreement": e.agreement,
                "pointer": e.pointer,
                "message": e.message,
            }
            for e in result.baseline_absent
        ],
        "excluded": list(result.excluded),
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    head, _, tail = text.partition(_LISTS)
    return head, tail


class _Spool:
    """Items of a list two levels down (already dumped), in a temporary file until the end."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0

    def add(self, item: str) -> None:
        self.file.write(("" if not self.count else ",\n    ") + item)
        self.count += 1

    def write_to(self, out: Sink) -> None:
        """The list as json.dumps(indent=2) writes it one level down; the spool is then closed."""
        if not self.count:
            out.write("[]")
        else:
            out.write("[\n    ")
            self.file.seek(0)
            while chunk := self.file.read(_CHUNK):
                out.write(chunk)
            out.write("\n  ]")
        self.file.close()


class Writer:
    """The `files` entries and the findings as files finish (spooled); the document at the end."""

    def __init__(self, head: RunResult, options: FormatOptions, out: Sink) -> None:
        self.out = out
        self.names = {r["id"]: r["name"] for r in head.rules}
        self.files = _Spool()
        self.findings = _Spool()

    def file(self, result: FileResult) -> None:
        entry = {"path": result.path, "kind": result.kind, "findings": len(result.findings)}
        self.files.add(dumped(entry, 2))
        for f in result.findings:
            self.findings.add(dumped(_finding(f, self.names), 2))

    def finish(self, run: RunResult) -> None:
        head, tail = _skeleton(run)
        out = self.out
        out.write(head + '  "files": ')
        self.files.write_to(out)
        out.write(',\n  "findings": ')
        self.findings.write_to(out)
        out.write(",\n" + tail)


def _finding(f: Any, names: dict[str, str]) -> dict[str, Any]:
    item = finding_dict(f)
    item["rule_name"] = names.get(f.rule_id, "")
    return item


def render(result: RunResult, options: FormatOptions = DEFAULT_OPTIONS) -> str:
    """The whole run as one JSON document, keys in a fixed order."""
    return rendered(Writer, result, options)
