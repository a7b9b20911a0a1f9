"""Baselines: record today's findings, then fail only on new ones.

A finding is identified by its fingerprint (rule, file, agreement, JSON pointer and, for a
waiver's finding, the waiver; never the line), numbered when several findings share one
(`hash:2`), so that a baseline survives lines moving and can never hide a new finding behind
an old one. The file is JSON, sorted and stable, so that it diffs well in review.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from srm_check.core.codes import (
    EMPTY_FILE,
    ENCODING,
    REQUIRED_KEY,
    TOO_DEEP,
    UNREADABLE,
    WRONG_TYPE,
    YAML_SYNTAX,
)
from srm_check.core.finding import Finding
from srm_check.core.output import write_text
from srm_check.core.problem import Problem, SrmError
from srm_check.core.span import FILE_START, Span
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


BASELINE_UNUSABLE = "the baseline cannot be used"


def baseline_error(path: Path, message: str, code: str, span: Span = FILE_START) -> SrmError:
    """The baseline cannot be used (exit code 2): what is wrong, located in it, with its stable id
    (the id the same problem has in an agreement; docs/configuration.md lists them)."""
    problem = Problem(message, span, path=path.as_posix(), code=code)
    return SrmError("baseline", BASELINE_UNUSABLE, [problem])


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
    parsed = _parse(path, _read(path))
    if not isinstance(parsed, dict) or parsed.get("version") != BASELINE_VERSION:
        raise _not_a_baseline(path, parsed)
    findings = parsed.get("findings", [])
    if not isinstance(findings, list):
        raise baseline_error(path, f"'findings' must be a list, not {_json_type(findings)}", WRONG_TYPE)
    out: dict[str, Entry] = {}
    for index, item in enumerate(findings):
        entry = _entry(item)
        if entry is None:
            message = (
                f"finding {index} is malformed (an object with text 'fingerprint', "
                "'rule_id' and 'path' is expected)"
            )
            raise baseline_error(path, message, WRONG_TYPE)
        out[entry.fingerprint] = entry
    return out


def _read(path: Path) -> bytes:
    """The baseline's bytes; a file that is missing, not a regular file, unreadable or over the
    limit is an error saying which."""
    data, problem = read_bytes(path, MAX_BASELINE_BYTES)
    if data is not None:
        return data
    if not os.path.lexists(path):
        raise baseline_error(path, "baseline file not found", UNREADABLE)
    problem = problem or Problem("cannot read file", code=UNREADABLE)
    raise baseline_error(path, problem.message, problem.code or UNREADABLE)


def _parse(path: Path, data: bytes) -> Any:
    """The baseline's JSON; what is not JSON (or not UTF-8, or empty) is an error, located."""
    if not data.strip():
        raise baseline_error(path, "file is empty: it holds no baseline", EMPTY_FILE)
    try:
        return json.loads(data.decode("utf-8-sig"))  # a byte-order mark, as an editor may add, is read
    except RecursionError as exc:
        raise baseline_error(path, "JSON nested too deeply; it was not read", TOO_DEEP) from exc
    except UnicodeDecodeError as exc:
        from srm_check.source.reader import utf8_problem  # only for a baseline that is not UTF-8

        problem = utf8_problem(data, exc)
        raise baseline_error(path, problem.message, ENCODING, problem.span) from exc
    except json.JSONDecodeError as exc:
        span = Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1)
        raise baseline_error(path, f"not valid JSON: {exc.msg}", YAML_SYNTAX, span) from exc
    except ValueError as exc:  # valid JSON Python will not read: an integer of over 4,300 digits
        reason = str(exc).split(":", 1)[0]
        raise baseline_error(path, f"cannot be read as JSON: {reason}", YAML_SYNTAX) from exc


def _not_a_baseline(path: Path, parsed: Any) -> SrmError:
    """JSON that is not a baseline of this version: what it is instead."""
    expected = f"not a version {BASELINE_VERSION} srm-check baseline"
    if not isinstance(parsed, dict):
        return baseline_error(
            path, f"{expected} (an object is expected, not {_json_type(parsed)})", WRONG_TYPE
        )
    if "version" not in parsed:
        return baseline_error(path, f"{expected} (it has no 'version')", REQUIRED_KEY)
    version = parsed["version"]
    shown = _json_type(version) if isinstance(version, (dict, list)) else json.dumps(version)
    shown = shown if len(shown) <= 40 else f"{shown[:40]}..."  # a value, not a page of text
    return baseline_error(path, f"{expected} ('version' is {shown})", WRONG_TYPE)


def _json_type(value: Any) -> str:
    """What a JSON value is, in JSON's words."""
    if value is None:
        return "null"
    names = {bool: "a boolean", dict: "an object", list: "a list", str: "text"}
    return names.get(type(value), "a number")


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
