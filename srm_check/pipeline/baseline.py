"""Baselines: record today's findings, then fail only on new ones.

A finding is identified by its fingerprint (rule, file, agreement, JSON pointer and, for a
waiver's finding, the waiver; never the line), numbered when several findings share one
(`hash:2`), so that a baseline survives lines moving and can never hide a new finding behind
an old one. The file is JSON, sorted and stable, so that it diffs well in review.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from srm_check.core.finding import Finding
from srm_check.core.output import write_text
from srm_check.core.problem import SrmError
from srm_check.source.files import read_bytes

if TYPE_CHECKING:
    from srm_check.pipeline.fingerprints import SourceRoot

BASELINE_VERSION = 1
# A baseline records a few hundred bytes per finding: this is about 50,000 findings.
MAX_BASELINE_BYTES = 20 * 1024 * 1024
# A fingerprint: every finding of a run at once, so that repeats are numbered in order.
Fingerprints = Callable[[list[Finding]], list[str]]


class _HasFindings(Protocol):
    """A file's result, as far as the baseline cares: its findings, marked in place."""

    findings: list[Finding]


def baseline_error(message: str) -> SrmError:
    """The baseline file cannot be read (exit code 2)."""
    return SrmError("baseline", message)


class Entry(NamedTuple):
    """One recorded finding."""

    fingerprint: str
    rule_id: str
    path: str
    agreement: str | None
    pointer: str
    message: str


def _numbered(fingerprint: str) -> str:
    """A fingerprint as `hash:n`: baselines written before numbering hold the plain hash (`:1`)."""
    return fingerprint if ":" in fingerprint else f"{fingerprint}:1"


def write_baseline(path: Path, findings: list[Finding], fingerprints: Fingerprints) -> int:
    """Record the findings that count today; returns how many were written."""
    entries = {
        key: {
            "fingerprint": key,
            "rule_id": f.rule_id,
            "path": f.path,
            "agreement": f.agreement,
            "pointer": f.pointer,
            "message": f.message,
        }
        for f, key in zip(findings, fingerprints(findings), strict=True)
        if not f.waived
    }
    data = {"version": BASELINE_VERSION, "findings": [entries[k] for k in sorted(entries)]}
    # The one writer of outputs: a file that cannot be written is a usage error, not a crash.
    write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", path)
    return len(entries)


def read_baseline(path: Path) -> dict[str, Entry]:
    """The recorded findings by fingerprint; a file that is not a baseline is an error (exit 2)."""
    data, problem = read_bytes(path, MAX_BASELINE_BYTES)
    if data is None:
        reason = problem.message if problem is not None else "cannot read it"
        raise baseline_error(f"{path}: cannot read baseline: {reason}")
    try:
        parsed: Any = json.loads(data.decode("utf-8"))
    except RecursionError as exc:
        raise baseline_error(f"{path}: not a baseline file (JSON nested too deeply)") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise baseline_error(f"{path}: not a baseline file (invalid JSON: {exc})") from exc
    if not isinstance(parsed, dict) or parsed.get("version") != BASELINE_VERSION:
        raise baseline_error(f"{path}: not a version {BASELINE_VERSION} srm-check baseline")
    findings = parsed.get("findings", [])
    if not isinstance(findings, list):
        raise baseline_error(f"{path}: 'findings' must be a list, not {type(findings).__name__}")
    out: dict[str, Entry] = {}
    for index, item in enumerate(findings):
        entry = _entry(item)
        if entry is None:
            raise baseline_error(
                f"{path}: finding {index} is malformed (an object with text 'fingerprint', "
                "'rule_id' and 'path' is expected)"
            )
        out[entry.fingerprint] = entry
    return out


def _entry(item: Any) -> Entry | None:
    """One recorded finding, or None when it is not one."""
    if not isinstance(item, dict):
        return None
    required = [item.get(key) for key in ("fingerprint", "rule_id", "path")]
    agreement = item.get("agreement")
    if not all(isinstance(value, str) for value in required):
        return None
    fingerprint, rule_id, path = (str(value) for value in required)
    if agreement is not None and not isinstance(agreement, str):
        return None
    pointer, message = item.get("pointer", ""), item.get("message", "")
    return Entry(
        _numbered(fingerprint),
        rule_id,
        path,
        agreement,
        pointer if isinstance(pointer, str) else "",
        message if isinstance(message, str) else "",
    )


class Marker:
    """Marks findings against a baseline file by file, as a run streams them: the same marks as
    `compare` gives a whole run, numbering repeats across files."""

    def __init__(self, baseline: dict[str, Entry], root: SourceRoot | None) -> None:
        self.baseline = baseline
        self.root = root
        self.counts: dict[str, int] = {}
        self.seen: set[str] = set()

    def mark(self, result: _HasFindings) -> None:
        from srm_check.pipeline.fingerprints import numbered_fingerprints

        if not result.findings:
            return
        keys = numbered_fingerprints(result.findings, self.root, self.counts)
        self.seen.update(keys)
        result.findings = [
            f._replace(baseline="unchanged" if key in self.baseline else "new")
            for f, key in zip(result.findings, keys, strict=True)
        ]

    def absent(self) -> list[Entry]:
        """The recorded findings no file had (fixed since the baseline)."""
        return [entry for key, entry in sorted(self.baseline.items()) if key not in self.seen]


def compare(
    results: Iterable[_HasFindings], baseline: dict[str, Entry], fingerprints: Fingerprints
) -> list[Entry]:
    """Mark each finding new or unchanged (in place); return the recorded ones now absent (fixed)."""
    files = list(results)
    keys = iter(fingerprints([f for result in files for f in result.findings]))
    seen: set[str] = set()
    for result in files:
        marked = []
        for finding in result.findings:
            key = next(keys)
            seen.add(key)
            marked.append(finding._replace(baseline="unchanged" if key in baseline else "new"))
        result.findings = marked
    return [entry for key, entry in sorted(baseline.items()) if key not in seen]
