"""Stable identity of findings: where a file sits in the repository, and fingerprints.

CI systems match a finding of today with the same finding of yesterday. Lines move
whenever someone edits an agreement, so identity is built from what does not move:
the rule, the file's path from the repository root, the agreement id and the JSON
pointer of the offending node. Paths are taken from the repository root (the git
top-level of the working folder), so the same finding has the same identity
whichever folder srm-check was started from.
"""

import os
from collections.abc import Iterable
from pathlib import Path

from srm_check.core.finding import Finding
from srm_check.core.tuples import NamedTuple

# Bump when the inputs of a fingerprint change: old and new never compare equal by accident.
FINGERPRINT_VERSION = "srmCheck/v1"


def find_repository_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `.git` (a folder, or a file in worktrees)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


class SourceRoot(NamedTuple):
    """The repository root that output paths are relative to, and the working folder.

    Findings show paths relative to the working folder (`cwd`); `relative()` turns
    them into paths relative to `root`. Both are absolute, or both "." (paths as given).
    """

    root: str = "."
    cwd: str = "."

    @classmethod
    def discover(cls, cwd: Path | None = None) -> "SourceRoot":
        """The git top-level of the working folder when inside a repository, else the folder."""
        here = (cwd or Path.cwd()).resolve()
        root = find_repository_root(here) or here
        return cls(str(root), str(here))

    def relative(self, path: str) -> str | None:
        """`path` (as findings show it) from the root, POSIX; None when it lies outside the root."""
        full = os.path.normpath(Path(self.cwd, path))
        try:
            rel = os.path.relpath(full, self.root)
        except ValueError:  # another drive, on Windows
            return None
        rel = rel.replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):
            return None
        return rel

    def repo_path(self, path: str) -> str:
        """`path` from the root when inside it, else as findings show it (POSIX)."""
        rel = self.relative(path)
        return rel if rel is not None else path.replace(os.sep, "/")


def fingerprint(finding: Finding, root: SourceRoot | None = None) -> str:
    """A hash of rule id, repository path, agreement id, JSON pointer and the finding's `key`
    (the waiver a waiver finding is about); never the line.

    Without an agreement id (a file that could not be read) the document number stands in.
    The message is left out on purpose: it quotes values that change when unrelated parts
    of an agreement change (and "expires in N days" changes every day).
    """
    path = (root or SourceRoot()).repo_path(finding.path)
    agreement = finding.agreement if finding.agreement is not None else f"#{finding.document}"
    parts: tuple[str, ...] = (FINGERPRINT_VERSION, finding.rule_id, path, agreement, finding.pointer)
    if finding.key:  # absent for most findings, so that their fingerprints stay as they were
        parts += (finding.key,)
    text = "\0".join(parts).encode("utf-8", "surrogatepass")
    from hashlib import sha256  # loads OpenSSL: only for outputs with fingerprints

    return sha256(text).hexdigest()[:32]


def numbered_fingerprints(
    findings: Iterable[Finding], root: SourceRoot | None = None, seen: dict[str, int] | None = None
) -> list[str]:
    """Fingerprints made unique within one run: `hash:n`, n counting repeats in output order.

    Findings whose rule, file, agreement, pointer and key agree (a key repeated three times
    in one mapping) can only be told apart by their order, as CodeQL does for results on
    identical lines. SARIF and baselines both use these, so that a baseline can never hide
    a new finding behind an old one's fingerprint. `seen` carries the counts on from earlier
    findings of the run, for a run numbered file by file.
    """
    seen = {} if seen is None else seen
    out: list[str] = []
    for finding in findings:
        base = fingerprint(finding, root)
        seen[base] = seen.get(base, 0) + 1
        out.append(f"{base}:{seen[base]}")
    return out
