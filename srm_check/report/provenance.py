"""The evidence behind a report: tool, policy and input hashes, git state, generation time.

Everything an auditor needs to reproduce a report or to tell that its inputs have
changed since. Git is asked through a subprocess with a short timeout; no git, no
repository or a slow repository only changes what the report says, never the exit.
With SOURCE_DATE_EPOCH set (https://reproducible-builds.org/specs/source-date-epoch/)
the generation time is that instant, so that reports are byte-identical across runs.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from srm_check.source.git import Git
from srm_check.source.git import GitUnavailable as _GitUnavailable

if TYPE_CHECKING:
    from srm_check.policy.model import Policy

GIT_TIMEOUT_SECONDS = 5.0
NOT_IN_GIT = "not in a git repository"
SHIPPED_POLICY = "the policy shipped with srm-check"


@dataclass(frozen=True, slots=True)
class InputFile:
    """An agreement file that was read, as shown in findings, with the SHA-256 of its bytes."""

    path: str
    sha256: str | None


@dataclass(frozen=True, slots=True)
class PolicyFileRef:
    """A catalogue or rule file of the policy."""

    kind: str
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class CatalogueRef:
    """A catalogue of the policy: what agreements name, and the hash of its file."""

    ref: str
    id: str
    version: str
    title: str
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class GitState:
    """The repository the inputs live in: its commit and whether the work tree had changes."""

    commit: str | None
    dirty: bool | None
    uncommitted_inputs: tuple[str, ...]

    @property
    def text(self) -> str:
        commit = self.commit or "no commit yet"
        if self.dirty is None:
            return f"{commit} (whether the work tree has changes is unknown)"
        return f"{commit} ({'with uncommitted changes' if self.dirty else 'clean work tree'})"


@dataclass(frozen=True, slots=True)
class Provenance:
    """What produced a report, from what, and when."""

    tool_version: str
    generated_at: str
    time_source: str
    policy_folders: tuple[str, ...]
    catalogues: tuple[CatalogueRef, ...]
    rule_files: tuple[PolicyFileRef, ...]
    rules_sha256: str
    inputs: tuple[InputFile, ...]
    git: GitState | None
    git_note: str

    @property
    def git_text(self) -> str:
        return self.git.text if self.git is not None else self.git_note


class ProvenanceError(Exception):
    """The environment asks for something impossible, such as a malformed SOURCE_DATE_EPOCH."""


def generation_time(environ: Mapping[str, str]) -> tuple[str, str]:
    """The generation time in UTC (ISO 8601, seconds) and where it came from.

    A malformed SOURCE_DATE_EPOCH is an error rather than silently ignored: whoever
    set it wants a reproducible report.
    """
    raw = environ.get("SOURCE_DATE_EPOCH")
    if raw is not None and raw.strip():
        text = raw.strip()
        if not text.isdigit():
            raise ProvenanceError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {raw!r}"
            )
        try:
            moment = datetime.fromtimestamp(int(text), tz=timezone.utc)
        except (OverflowError, OSError, ValueError) as exc:
            raise ProvenanceError(f"SOURCE_DATE_EPOCH {raw!r} is out of range") from exc
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), "SOURCE_DATE_EPOCH"
    moment = datetime.now(tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), "clock"


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read. Only a regular file is read
    (opened without blocking: a FIFO put in place of an input cannot hang the report)."""
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return None
    finally:
        os.close(fd)
    return digest.hexdigest()


def _git(args: Sequence[str], cwd: Path) -> tuple[int, str, str]:
    """Git, asked safely (srm_check.source.git), with this module's timeout."""
    return Git(cwd, GIT_TIMEOUT_SECONDS).run(args)


def _porcelain_paths(output: str) -> set[str]:
    """Paths named by `git status --porcelain=v1 -z` (rename sources skipped)."""
    paths: set[str] = set()
    entries = output.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        paths.add(entry[3:])
        if entry[0] in "RC":
            index += 1  # the next entry is where it was renamed or copied from
    return paths


class _NotARepository(Exception):
    """Git answered that the folder is in no repository (or it cannot be used)."""


def git_state(folder: Path, inputs: Sequence[tuple[Path, str]]) -> tuple[GitState | None, str]:
    """The git state of the repository holding `folder`, or None and why not.

    `dirty` is true when tracked files have changes (as `git describe --dirty` says) or when
    any input is modified or untracked: either way the commit alone does not reproduce the
    report. The uncommitted inputs are also listed by name.
    """
    try:
        return _git_state(folder, inputs), ""
    except _GitUnavailable as exc:
        return None, f"{NOT_IN_GIT} ({exc})"
    except _NotARepository as exc:
        return None, f"{NOT_IN_GIT}{f' (git: {exc})' if str(exc) else ''}"


def _git_state(folder: Path, inputs: Sequence[tuple[Path, str]]) -> GitState:
    code, out, err = _git(["rev-parse", "--show-toplevel"], folder)
    if code != 0:
        if "not a git repository" in err.lower():
            raise _NotARepository("")
        lines = err.strip().splitlines()
        raise _NotARepository(lines[0] if lines else f"exit code {code}")
    root = Path(out.strip())
    head = _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], folder)
    commit = head[1].strip() if head[0] == 0 else None
    status = _git(["status", "--porcelain=v1", "-z", "--untracked-files=no"], folder)
    dirty = bool(status[1].strip("\0")) if status[0] == 0 else None
    inside: dict[str, str] = {}
    for path, display in inputs:
        try:
            inside[path.resolve().relative_to(root.resolve()).as_posix()] = display
        except (ValueError, OSError):
            continue
    uncommitted: list[str] = []
    if inside:
        folders = sorted({str(Path(rel).parent) for rel in inside})
        changed = _git(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *folders], root)
        if changed[0] == 0:
            named = _porcelain_paths(changed[1])
            uncommitted = sorted(display for rel, display in inside.items() if rel in named)
    if uncommitted:
        dirty = True  # an untracked input is not in the commit: the tree is not clean for the report
    return GitState(commit, dirty, tuple(uncommitted))


def _policy_label(policy: Policy) -> tuple[tuple[str, ...], list[Path]]:
    from srm_check.policy.model import default_policy_dir

    shipped = default_policy_dir().resolve()
    labels: list[str] = []
    roots: list[Path] = []
    for folder in policy.directories:
        resolved = Path(folder).resolve()
        labels.append(SHIPPED_POLICY if resolved == shipped else folder)
        roots.append(resolved)
    return tuple(labels), roots


def _policy_path(path: str, shipped: Path, roots: list[Path]) -> str:
    """Shipped policy files by their place in the policy (machine-independent), others as loaded."""
    resolved = Path(path).resolve()
    if shipped in roots:
        try:
            return resolved.relative_to(shipped).as_posix()
        except ValueError:
            pass
    return path


def rules_digest(files: Sequence[PolicyFileRef]) -> str:
    """One SHA-256 for all rule files: of `sha256sum`-style lines, in load order."""
    lines = "".join(f"{f.sha256}  {f.path}\n" for f in files)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def collect(
    policy: Policy,
    inputs: Sequence[tuple[Path, str]],
    tool_version: str,
    environ: Mapping[str, str] | None = None,
    git_folder: Path | None = None,
) -> Provenance:
    """Provenance of a run over `inputs` ((file, display path) pairs, in report order)."""
    from srm_check.policy.model import default_policy_dir

    env = os.environ if environ is None else environ
    generated_at, source = generation_time(env)
    labels, roots = _policy_label(policy)
    shipped = default_policy_dir().resolve()
    catalogues = tuple(
        CatalogueRef(
            ref,
            index.model["catalogue"],
            index.model["version"],
            index.model["title"],
            _policy_path(index.path, shipped, roots),
            index.sha256,
        )
        for ref, index in sorted(policy.catalogues.items())
    )
    rule_files = tuple(
        PolicyFileRef(f.kind, _policy_path(f.path, shipped, roots), f.sha256)
        for f in policy.files
        if f.kind == "rules"
    )
    files = tuple(InputFile(display, file_sha256(path)) for path, display in inputs)
    if git_folder is None:
        git_folder = inputs[0][0].resolve().parent if inputs else Path.cwd()
    git, note = git_state(git_folder, inputs)
    return Provenance(
        tool_version=tool_version,
        generated_at=generated_at,
        time_source=source,
        policy_folders=labels,
        catalogues=catalogues,
        rule_files=rule_files,
        rules_sha256=rules_digest(rule_files),
        inputs=files,
        git=git,
        git_note=note,
    )
