"""JSON output for programs: a stable, documented shape (see docs/outputs.md, "JSON").

The document is written as the run goes: each file's entry of `files` as the file finishes
(kept in a temporary file, since `summary` comes first), each finding at the end, one at a
time. The text is exactly `json.dumps(document, indent=2, ensure_ascii=False)`.
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
        "files_with_findings": sum(1 for f in result.checked_files if f.findings),
        "findings": result.counts(),
        "waived": len(result.waived()),
        "baselined": len(result.baselined()),
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


class Writer:
    """The `files` entries as files finish (spooled); the rest of the document at the end."""

    def __init__(self, head: RunResult, options: FormatOptions, out: Sink) -> None:
        self.out = out
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0

    def file(self, result: FileResult) -> None:
        entry = {"path": result.path, "kind": result.kind, "findings": len(result.findings)}
        self.spool.write(("" if not self.count else ",\n    ") + dumped(entry, 2))
        self.count += 1

    def _files(self) -> Iterable[str]:
        """The spooled entries (already joined): written back as one item of the list."""
        self.spool.seek(0)
        while True:
            chunk = self.spool.read(_CHUNK)
            if not chunk:
                return
            yield chunk

    def finish(self, run: RunResult) -> None:
        head, tail = _skeleton(run)
        out = self.out
        out.write(head + '  "files": ')
        if self.count:
            out.write("[\n    ")
            for chunk in self._files():
                out.write(chunk)
            out.write("\n  ]")
        else:
            out.write("[]")
        self.spool.close()
        out.write(',\n  "findings": ')
        names = {r["id"]: r["name"] for r in run.rules}
        write_list(out, (dumped(_finding(f, names), 2) for f in run.findings), 1)
        out.write(",\n" + tail)


def _finding(f: Any, names: dict[str, str]) -> dict[str, Any]:
    item = finding_dict(f)
    item["rule_name"] = names.get(f.rule_id, "")
    return item


def render(result: RunResult, options: FormatOptions = DEFAULT_OPTIONS) -> str:
    """The whole run as one JSON document, keys in a fixed order."""
    return rendered(Writer, result, options)
