"""`srm-check history`: follow the git log of agreement files, oldest commit first.

Each commit's own change to each file is compared (its version against its parent's, as
`git log --raw` gives both), so time grows with the number of file changes, each version
read once. A shallow clone's oldest commits have no parent here: their changes cannot be
known, so they are left out and the history says it is partial, and from where.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from srm_check.core.money import Total, totals
from srm_check.pipeline.history import HistoryError
from srm_check.pipeline.history.compare import AgreementChange, compare, pair
from srm_check.pipeline.history.repo import (
    TOO_LARGE,
    CommitInfo,
    FileChange,
    LoggedCommit,
    Repository,
    parse_log,
)
from srm_check.pipeline.history.snapshot import Version, read_version
from srm_check.rules.catalogue import Catalogues
from srm_check.source.reader import MAX_FILE_BYTES

# Commits whose file versions are read from git together (their contents are held meanwhile).
COMMIT_BATCH = 200


@dataclass(slots=True)
class Event:
    """One agreement's change in one commit."""

    commit: CommitInfo
    change: AgreementChange


@dataclass(slots=True)
class CommunityHistory:
    community: str
    agreements: list[str]
    events: list[Event]
    cost_change: list[Total]


@dataclass(slots=True)
class History:
    """The changes to agreements over a range of commits, by community.

    `complete` is false when the clone is shallow and the range reaches past its oldest
    commit: `note` says from where the history is missing."""

    paths: list[str]
    since: str | None
    since_commit: str | None
    head: str
    complete: bool
    note: str | None
    commits: int
    communities: list[CommunityHistory] = field(default_factory=list)
    cost_change: list[Total] = field(default_factory=list)

    @property
    def events(self) -> list[Event]:
        return [e for c in self.communities for e in c.events]


class _Versions:
    """File versions by (blob id, path), read from git a batch at a time, each parsed once (a
    renamed file's blob is read under each of its names)."""

    def __init__(self, repo: Repository, catalogues: Catalogues) -> None:
        self.repo = repo
        self.catalogues = catalogues
        self.cache: dict[tuple[str, str], Version] = {}

    def load(self, wanted: Iterable[tuple[str, str]]) -> None:
        """Read the (blob id, path) versions not read yet."""
        missing = [key for key in dict.fromkeys(wanted) if key not in self.cache]
        contents = self.repo.blobs(blob for blob, _ in missing)
        for blob, path in missing:
            content = contents.get(blob)
            if content is None:
                continue
            shown = self.repo.display(path)
            if content == TOO_LARGE:
                self.cache[(blob, path)] = Version(
                    shown, (), f"cannot be read: over the {MAX_FILE_BYTES}-byte limit"
                )
            else:
                self.cache[(blob, path)] = read_version(content, shown, self.catalogues)

    def get(self, blob: str | None, path: str | None) -> Version | None:
        if blob is None or path is None:
            return None
        found = self.cache.get((blob, path))
        return found or Version(self.repo.display(path), (), "cannot be read: not in this repository")

    def forget(self, keep: set[tuple[str, str]]) -> None:
        """Drop versions no later change can need (memory stays flat over a long history)."""
        self.cache = {key: version for key, version in self.cache.items() if key in keep}


def _changes(old: Version | None, new: Version | None) -> list[AgreementChange]:
    """What changed in one file: per agreement, and one entry for a version that cannot be read."""
    if new is not None and new.problem is not None and not new.agreements:
        return [AgreementChange(None, None, new.path, None, "unreadable", problem=new.problem)]
    before = old.agreements if old is not None else ()
    after = new.agreements if new is not None else ()
    found = [compare(o, n, o.path if o is not None else None) for o, n in pair(before, after)]
    return [c for c in found if not c.empty]


def _by_community(events: list[Event]) -> list[CommunityHistory]:
    """Events grouped by the community each agreement last names, communities by name."""
    latest: dict[str, str] = {}
    for event in events:
        key = event.change.agreement or event.change.path
        if event.change.community:
            latest[key] = event.change.community
    groups: dict[str, CommunityHistory] = {}
    for event in events:
        key = event.change.agreement or event.change.path
        name = latest.get(key, "(no community named)")
        group = groups.setdefault(name.casefold(), CommunityHistory(name, [], [], []))
        if event.change.agreement and event.change.agreement not in group.agreements:
            group.agreements.append(event.change.agreement)
        group.events.append(event)
    for group in groups.values():
        group.cost_change = _sum(e.change.cost_change for e in group.events)
    return [groups[k] for k in sorted(groups)]


def _sum(changes: Iterable[list[Total]]) -> list[Total]:
    summed = totals((t.amount, t.currency, t.period) for change in changes for t in change)
    return [t for t in summed if t.amount != 0]


class Walk:
    """One walk of the log over some agreement files."""

    def __init__(self, repo: Repository, catalogues: Catalogues, wanted: Callable[[str], bool]) -> None:
        self.repo = repo
        self.versions = _Versions(repo, catalogues)
        self.wanted = wanted
        # The last version of each file that could be read: what an unreadable one is skipped to.
        self.last_read: dict[str, Version] = {}
        # The newest version of each file: the next change to it compares with it, so it is kept.
        self.latest: dict[str, tuple[str, str]] = {}

    def _relevant(self, commit: LoggedCommit) -> list[FileChange]:
        return [c for c in commit.changes if self.wanted(c.new_path or c.old_path or "")]

    def _blobs(self, batch: Sequence[LoggedCommit], boundary: frozenset[str]) -> list[tuple[str, str]]:
        """The versions a batch of commits compares, read from git together."""
        return [
            (blob, path)
            for commit in batch
            if commit.info.sha not in boundary
            for c in self._relevant(commit)
            for blob, path in ((c.old_blob, c.old_path), (c.new_blob, c.new_path))
            if blob is not None and path is not None
        ]

    def events(self, commits: Sequence[LoggedCommit], boundary: frozenset[str]) -> list[Event]:
        """The changes of each commit, oldest first; commits at a shallow boundary are skipped."""
        out: list[Event] = []
        for start in range(0, len(commits), COMMIT_BATCH):
            batch = commits[start : start + COMMIT_BATCH]
            self.versions.load(self._blobs(batch, boundary))
            for commit in batch:
                if commit.info.sha in boundary:
                    continue
                for c in self._relevant(commit):
                    out += [Event(commit.info, change) for change in self._file(c)]
            for commit in batch:
                for c in self._relevant(commit):
                    if c.old_path is not None:
                        self.latest.pop(c.old_path, None)
                    if c.new_blob and c.new_path:
                        self.latest[c.new_path] = (c.new_blob, c.new_path)
            self.versions.forget(set(self.latest.values()))
        return out

    def _file(self, c: FileChange) -> list[AgreementChange]:
        old = self.versions.get(c.old_blob, c.old_path)
        new = self.versions.get(c.new_blob, c.new_path)
        if old is not None and old.problem is not None and not old.agreements and c.old_path:
            old = self.last_read.get(c.old_path, old)
        if new is not None and (new.agreements or new.problem is None) and c.new_path:
            self.last_read[c.new_path] = new
        return _changes(old, new)


def walk(
    repo: Repository,
    paths: list[str],
    catalogues: Catalogues,
    wanted: Callable[[str], bool],
    *,
    since: str | None = None,
    first_parent: bool = False,
) -> History:
    """The history of the agreement files under `paths` (relative to the repository's root)."""
    head = repo.resolve("HEAD")
    since_commit = repo.resolve(since) if since is not None else None
    revisions = [f"{since_commit}..{head}"] if since_commit else [head]
    commits = [c for c in parse_log(repo.log(revisions, paths, first_parent=first_parent))]
    boundary = repo.shallow_commits() if repo.shallow else frozenset()
    cut = [c for c in commits if c.info.sha in boundary]
    note = None
    if cut:
        oldest = cut[0].info
        note = (
            f"this clone is shallow, so the changes made in commit {oldest.short} "
            f"({oldest.day}) and before it are not known; fetch the full history (`git fetch "
            "--unshallow`, or `fetch-depth: 0` for actions/checkout) to see them"
        )
    elif not commits and since is None:
        raise HistoryError(
            f"no commit changes {', '.join(paths) or 'the repository'}: there is no history to show "
            "(are the agreements committed?)"
        )
    walker = Walk(repo, catalogues, wanted)
    events = walker.events(commits, boundary)
    if note is not None and not events:
        raise HistoryError(f"no history to show: {note}")
    touched = {e.commit.sha for e in events}
    communities = _by_community(events)
    return History(
        paths,
        since,
        since_commit,
        head,
        not cut,
        note,
        len(touched),
        communities,
        _sum(c.cost_change for c in communities),
    )
