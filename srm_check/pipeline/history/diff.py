"""`srm-check diff`: what changed between two agreements, or between two revisions of agreement
files (one of them possibly the work tree), and "changes since REV" for a report.

Agreements are matched by id across all the files compared, so that a file renamed, or an
agreement moved into another file, is one agreement changed, not one removed and one added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from srm_check.core.money import Total, totals
from srm_check.core.paths import display_path
from srm_check.pipeline.history import HistoryError
from srm_check.pipeline.history.compare import AgreementChange, compare, pair
from srm_check.pipeline.history.repo import TOO_LARGE, Repository
from srm_check.pipeline.history.snapshot import Version, read_version
from srm_check.rules.catalogue import Catalogues
from srm_check.source.reader import MAX_FILE_BYTES, read_bytes
from srm_check.source.walk import SUFFIXES, yaml_files


@dataclass(slots=True)
class Diff:
    """The changes from one side to the other, each side named as the user would name it."""

    old: str
    new: str
    changes: list[AgreementChange] = field(default_factory=list)
    cost_change: list[Total] = field(default_factory=list)
    # Files that could not be read on either side, with why.
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def _finish(diff: Diff, old: Sequence[Version], new: Sequence[Version], loose: bool = False) -> Diff:
    for version in [*old, *new]:
        if version.problem is not None:
            diff.unreadable.append((version.path, version.problem))
    before = [s for v in old for s in v.agreements]
    after = [s for v in new for s in v.agreements]
    found = [compare(o, n, o.path if o is not None else None) for o, n in pair(before, after, loose)]
    diff.changes = sorted((c for c in found if not c.empty), key=_order)
    summed = totals((t.amount, t.currency, t.period) for c in diff.changes for t in c.cost_change)
    diff.cost_change = [t for t in summed if t.amount != 0]
    return diff


def _order(change: AgreementChange) -> tuple[str, str]:
    return ((change.community or "").casefold(), change.agreement or change.path)


def read_file(path: Path, catalogues: Catalogues) -> Version:
    """A file's agreements as they are now; HistoryError when it cannot be read at all."""
    data, problem = read_bytes(path)
    if data is None:
        reason = problem.message if problem is not None else "cannot be read"
        raise HistoryError(f"{path.as_posix()}: {reason}")
    return read_version(data, display_path(path), catalogues)


def diff_files(old: Path, new: Path, catalogues: Catalogues) -> Diff:
    """Two agreement files; one agreement in each is compared even when their ids differ (a
    renewal is a new agreement)."""
    before, after = read_file(old, catalogues), read_file(new, catalogues)
    for version in (before, after):
        if not version.agreements:
            raise HistoryError(f"{version.path}: {version.problem or 'holds no agreement (a YAML mapping)'}")
    return _finish(Diff(display_path(old), display_path(new)), [before], [after], loose=True)


def parse_range(text: str) -> tuple[str, str | None]:
    """`A..B` -> (A, B); `A..` -> (A, HEAD); `..B` -> (HEAD, B); `A` -> (A, None: the work tree)."""
    if "..." in text:
        raise HistoryError(f"--rev {text!r}: give OLD..NEW (two dots), or OLD alone for the work tree")
    if ".." in text:
        old, new = text.split("..", 1)
        return old or "HEAD", new or "HEAD"
    return text, None


def _git_versions(
    repo: Repository, commit: str, paths: list[str], wanted: Callable[[str], bool], catalogues: Catalogues
) -> list[Version]:
    tree = {path: blob for path, blob in repo.tree(commit, paths).items() if wanted(path)}
    contents = repo.blobs(tree.values())
    versions = []
    for path, blob in sorted(tree.items()):
        shown = display_path(repo.root / path)
        content = contents.get(blob)
        if content is None or content == TOO_LARGE:
            versions.append(Version(shown, (), f"cannot be read: over the {MAX_FILE_BYTES}-byte limit"))
        else:
            versions.append(read_version(content, shown, catalogues))
    return versions


def work_tree_files(paths: Iterable[Path]) -> list[Path]:
    """The agreement files under `paths` as they are on disk (none where a path does not exist)."""
    found: dict[str, Path] = {}
    for path in paths:
        if path.is_file():
            found.setdefault(display_path(path), path)
        elif path.is_dir():
            for name in yaml_files(path).files:
                file = Path(name)
                found.setdefault(display_path(file), file)
    return [found[k] for k in sorted(found)]


def _work_tree(
    paths: Sequence[Path], wanted: Callable[[Path], bool], catalogues: Catalogues
) -> list[Version]:
    return [read_file(file, catalogues) for file in work_tree_files(paths) if wanted(file)]


def found_in(path: str, named: Sequence[str]) -> bool:
    """Whether discovery would find the file `path` (relative to the repository) under one of
    the `named` paths: the file itself, or a *.yaml/*.yml file in a folder, not hidden below it."""
    for base in named:
        if path == base:
            return True
        if base and not path.startswith(base.rstrip("/") + "/"):
            continue
        rest = path[len(base.rstrip("/")) + 1 :] if base else path
        if path.endswith(SUFFIXES) and not any(part.startswith(".") for part in rest.split("/")):
            return True
    return False


def _label(revision: str, commit: str) -> str:
    return revision if commit.startswith(revision) else f"{revision} ({commit[:7]})"


def diff_revisions(
    paths: Sequence[Path],
    old_revision: str,
    new_revision: str | None,
    catalogues: Catalogues,
    wanted: Callable[[Path], bool],
) -> Diff:
    """The agreement files under `paths` at `old_revision` against `new_revision` (None: the
    work tree, as it is now)."""
    repo = Repository.at(paths[0] if paths else Path.cwd())
    relative = []
    for path in paths:
        rel = repo.relative(path)
        if rel is None:
            raise HistoryError(f"{path.as_posix()} is not in the repository at {repo.root.as_posix()}")
        relative.append("" if rel == "." else rel)
    old_commit = repo.resolve(old_revision)
    new_commit = repo.resolve(new_revision) if new_revision is not None else None

    def in_git(path: str) -> bool:
        return found_in(path, relative) and wanted(repo.root / path)

    before = _git_versions(repo, old_commit, relative, in_git, catalogues)
    if new_commit is not None and new_revision is not None:
        after = _git_versions(repo, new_commit, relative, in_git, catalogues)
        new_label = _label(new_revision, new_commit)
    else:
        after = _work_tree(paths, wanted, catalogues)
        new_label = "the work tree"
    if not before and not after:
        shown = ", ".join(p.as_posix() for p in paths)
        raise HistoryError(f"no agreement files under {shown} at {old_revision} nor at {new_label}")
    return _finish(Diff(_label(old_revision, old_commit), new_label), before, after)


def changes_since(
    revision: str, files: Sequence[Path], catalogues: Catalogues, wanted: Callable[[Path], bool] | None = None
) -> Diff:
    """What changed in these agreement files (a run's) since `revision`, to the work tree:
    the "changes since REV" of a report. Raises HistoryError when git cannot say."""
    return diff_revisions(list(files), revision, None, catalogues, wanted or (lambda _path: True))
