"""One git repository, read for agreement history: revisions, the log with the files each commit
changed, file contents at a revision, and whether the clone is shallow.

Git's output is read with `-z` (NUL-separated) and parsed by position, so that no path,
author or subject, however strange, can be mistaken for structure. Contents come from
`git cat-file --batch` (no filters, no textconv), sizes first, so that a huge blob in the
history is reported rather than read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from srm_check.core.paths import display_path
from srm_check.pipeline.history import HistoryError
from srm_check.source.git import Git, GitUnavailable, first_line
from srm_check.source.reader import MAX_FILE_BYTES

# A history walk reads much more than a report's provenance: each git call gets this long.
HISTORY_TIMEOUT_SECONDS = 120.0
# Blob ids asked of one `git cat-file` process at a time (its output is held in memory).
BLOB_BATCH = 500
ZERO = frozenset({"0" * 40, "0" * 64})
_PATH_STATUSES_TWO = ("R", "C")
TOO_LARGE = b"\0too-large"  # stands for a blob over MAX_FILE_BYTES (no file starts with NUL)


@dataclass(frozen=True, slots=True)
class CommitInfo:
    """A commit as history shows it."""

    sha: str
    date: str  # the author date, ISO 8601
    author: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a commit changed: its status (A, M, D, R, C, T) and both sides' paths and blobs."""

    status: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None


@dataclass(slots=True)
class LoggedCommit:
    info: CommitInfo
    parents: tuple[str, ...]
    changes: list[FileChange] = field(default_factory=list)


def _raw_change(token: str, paths: list[str]) -> FileChange:
    """A change from `:mode mode old new STATUS` and its one or two paths."""
    parts = token.lstrip("\n").lstrip(":").split(" ")
    old, new, status = parts[2], parts[3], parts[4][:1]
    old_blob = None if old in ZERO else old
    new_blob = None if new in ZERO else new
    if status in _PATH_STATUSES_TWO:
        return FileChange(status, paths[0], paths[1], old_blob, new_blob)
    path = paths[0]
    return FileChange(
        status, None if status == "A" else path, None if status == "D" else path, old_blob, new_blob
    )


def parse_log(output: str) -> Iterator[LoggedCommit]:
    """Commits from `git log -z --raw --format=%x01%H%x00%P%x00%an%x00%aI%x00%s`, in order."""
    tokens = output.split("\0")
    index, count = 0, len(tokens)
    while index < count:
        head = tokens[index].lstrip("\n")
        if not head.startswith("\x01"):
            index += 1  # the empty token after the last NUL
            continue
        if index + 4 >= count:
            break
        sha, parents, author, date, subject = head[1:], *tokens[index + 1 : index + 5]
        commit = LoggedCommit(CommitInfo(sha, date, author, subject), tuple(parents.split()))
        index += 5
        while index < count and tokens[index].lstrip("\n").startswith(":"):
            token = tokens[index]
            width = 2 if token.rstrip().split(" ")[-1][:1] in _PATH_STATUSES_TWO else 1
            commit.changes.append(_raw_change(token, tokens[index + 1 : index + 1 + width]))
            index += 1 + width
        yield commit


class Repository:
    """The repository holding a folder, asked through git's command line only."""

    def __init__(self, root: Path, git: Git) -> None:
        self.root = root
        self.git = git

    @classmethod
    def at(cls, folder: Path, timeout: float = HISTORY_TIMEOUT_SECONDS) -> Repository:
        """The repository of `folder`; HistoryError when there is none (or no git)."""
        start = folder if folder.is_dir() else folder.parent
        git = Git(start if start.is_dir() else Path.cwd(), timeout)
        try:
            code, out, err = git.run(["rev-parse", "--show-toplevel"])
        except GitUnavailable as exc:
            raise HistoryError(f"history needs git: {exc}") from exc
        if code != 0:
            reason = first_line(err, f"git exited with code {code}")
            if "not a git repository" in err.lower():
                reason = f"{start.as_posix()} is not in a git repository"
            raise HistoryError(f"no git history: {reason}")
        root = Path(out.strip())
        return cls(root, Git(root, timeout))

    def call(self, args: Sequence[str]) -> tuple[int, str, str]:
        try:
            return self.git.run(args)
        except GitUnavailable as exc:
            raise HistoryError(f"git: {exc}") from exc

    def relative(self, path: Path) -> str | None:
        """`path` relative to the repository's root, as git writes paths, or None when outside."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError):
            return None

    def display(self, path: str) -> str:
        """A root-relative path as findings show paths (relative to the working folder)."""
        return display_path(self.root / path)

    @property
    def shallow(self) -> bool:
        code, out, _ = self.call(["rev-parse", "--is-shallow-repository"])
        return code == 0 and out.strip() == "true"

    def shallow_commits(self) -> frozenset[str]:
        """The commits whose parents this (shallow) clone lacks."""
        code, out, _ = self.call(["rev-parse", "--git-path", "shallow"])
        if code != 0:
            return frozenset()
        path = Path(out.strip())
        path = path if path.is_absolute() else self.root / path
        try:
            return frozenset(line.strip() for line in path.read_text("ascii").splitlines() if line.strip())
        except (OSError, UnicodeDecodeError):
            return frozenset()

    def resolve(self, revision: str) -> str:
        """The commit a revision names; HistoryError saying why it cannot be found."""
        if not revision or revision.startswith("-"):
            raise HistoryError(f"'{revision}' is not a revision")
        code, out, _ = self.call(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"]
        )
        if code == 0 and out.strip():
            return out.strip()
        reason = f"revision '{revision}' is not in this repository"
        if revision in ("HEAD", "@"):
            reason = "the repository has no commits yet"
        elif self.shallow:
            reason += (
                " (the clone is shallow: fetch more history, e.g. `git fetch --unshallow`, or "
                "`fetch-depth: 0` for actions/checkout)"
            )
        raise HistoryError(reason)

    def log(
        self,
        revisions: Sequence[str],
        paths: Sequence[str],
        *,
        first_parent: bool = False,
        newest_first: bool = False,
    ) -> str:
        """The raw `git log` of the revisions over the paths (root-relative), oldest first
        (`newest_first`: one file's log, following it across renames)."""
        args = ["log", "-z", "--raw", "--no-abbrev", "-M", "--no-ext-diff", "--no-textconv"]
        args += ["--topo-order", "--format=%x01%H%x00%P%x00%an%x00%aI%x00%s"]
        args += ["--follow"] if newest_first else ["--reverse"]
        if first_parent:
            args += ["--first-parent", "--diff-merges=first-parent"]
        args += [*revisions, "--", *(f":(top,literal){p}" for p in paths)]
        code, out, err = self.call(args)
        if code != 0:
            raise HistoryError(f"git log: {first_line(err, f'exit code {code}')}")
        return out

    def tree(self, revision: str, paths: Sequence[str]) -> dict[str, str]:
        """Blob id of each file under `paths` (root-relative) at `revision`, by path."""
        args = ["ls-tree", "-r", "-z", "--full-tree", revision, "--", *(f":(top,literal){p}" for p in paths)]
        code, out, err = self.call(args)
        if code != 0:
            raise HistoryError(f"git ls-tree {revision}: {first_line(err, f'exit code {code}')}")
        found: dict[str, str] = {}
        for entry in out.split("\0"):
            meta, _, name = entry.partition("\t")
            parts = meta.split(" ")
            if len(parts) == 3 and parts[1] == "blob":
                found[name] = parts[2]
        return found

    def blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of blobs; one over MAX_FILE_BYTES is TOO_LARGE, a missing one absent."""
        wanted = list(dict.fromkeys(ids))
        out: dict[str, bytes] = {}
        for start in range(0, len(wanted), BLOB_BATCH):
            out.update(self._blob_batch(wanted[start : start + BLOB_BATCH]))
        return out

    def _cat_file(self, mode: str, ids: Sequence[str]) -> bytes:
        try:
            proc = self.git.raw(["cat-file", mode], "".join(f"{i}\n" for i in ids).encode("ascii"))
        except GitUnavailable as exc:
            raise HistoryError(f"git: {exc}") from exc
        if proc.returncode != 0:
            raise HistoryError(f"git cat-file: {first_line(proc.stderr.decode('utf-8', 'replace'))}")
        return proc.stdout

    def _blob_batch(self, ids: Sequence[str]) -> dict[str, bytes]:
        sizes: dict[str, int] = {}
        for line in self._cat_file("--batch-check", ids).decode("ascii", "replace").splitlines():
            parts = line.split(" ")
            if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
                sizes[parts[0]] = int(parts[2])
        small = [i for i in ids if sizes.get(i, MAX_FILE_BYTES + 1) <= MAX_FILE_BYTES]
        out = {i: TOO_LARGE for i in ids if i in sizes and i not in small}
        data, position = self._cat_file("--batch", small) if small else b"", 0
        while position < len(data):
            end = data.index(b"\n", position)
            header = data[position:end].decode("ascii", "replace").split(" ")
            position = end + 1
            if len(header) != 3 or not header[2].isdigit():
                continue  # "<id> missing"
            size = int(header[2])
            out[header[0]] = data[position : position + size]
            position += size + 1
        return out
