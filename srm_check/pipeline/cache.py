"""The result cache: what checking each file found, kept between runs, so that an unchanged file
is not parsed again.

An entry holds one file's findings as the checker made them (before the waivers file, the
baseline and --fail-on, applied to every run afresh), its inline waivers, and the facts that
rules across the run need (`Pending`: values of the file only; what depends on the day or on
git is computed by each run). It is found by the run's key (the tool, the policy's files, the
rules selected and their severities, how inline waivers are read) and the file's path, and
used only for the content hash it was made from. Entries are JSON (data, never code), each
written whole through a temporary file renamed into place (runs at the same time never see
half an entry); one that cannot be read or is not ours is ignored and written again. A
failure to read or write the cache never fails a run: the file is checked as without one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srm_check import __version__
from srm_check.core.finding import Finding, Related
from srm_check.core.output import replace_bytes
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.pipeline.results import FileResult
from srm_check.pipeline.waivers.model import InlineWaivers, Waiver
from srm_check.rules.engine import Pending
from srm_check.schemas.records import RuleRecord

if TYPE_CHECKING:
    from srm_check.pipeline.prepared import Prepared
    from srm_check.pipeline.settings import Settings

CACHE_FORMAT = "srm-check-cache"
CACHE_VERSION = 1
DEFAULT_FOLDER = ".srm-check-cache"
# Run keys (settings) kept side by side; the least recently used beyond this are removed.
MAX_KEYS = 8
# What the cache folder holds besides entries: git leaves it alone, backup tools skip it.
_GITIGNORE = "# Created by srm-check: the result cache (safe to delete).\n*\n"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by srm-check.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_SCALARS = (str, int, float, bool, type(None))
# The entry of every context file's cross-file facts, beside the per-file entries' folders.
_FACTS = "facts.json"
_new = tuple.__new__


def digest(data: bytes) -> str:
    """A file's content hash, as entries record it."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _package_stamp() -> str:
    """What identifies the code that made an entry: the version, the Python, and every module of
    the package by size and modification time (an edited checkout is another tool)."""
    root = Path(__file__).resolve().parents[1]
    parts = [__version__, sys.version.split()[0]]
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))  # noqa: PTH116, PTH118
                parts.append(
                    f"{os.path.relpath(os.path.join(folder, name), root)}:{info.st_size}:{info.st_mtime_ns}"  # noqa: PTH118
                )
    return "\n".join(parts)


def run_key(
    files: Sequence[tuple[str, str, str]],
    rules: Sequence[RuleRecord],
    inline: InlineWaivers | None,
    max_bytes: int,
) -> str:
    """The key of everything that decides a file's findings, besides the file itself: the tool,
    the policy's files (path, kind, content hash), the rules that run with their severities,
    how inline waivers are read, and the file size limit."""
    settings = {
        "tool": _package_stamp(),
        "policy": [list(f) for f in files],
        "rules": list(rules),
        "inline": None if inline is None else [sorted(inline.rules.items()), sorted(inline.forbidden)],
        "max_bytes": max_bytes,
    }
    text = json.dumps(settings, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


def default_folder(config: Path | None, repository: Path | None, cwd: Path) -> Path:
    """`.srm-check-cache` beside the configuration file, else at the repository root, else here."""
    if config is not None:
        return config.parent / DEFAULT_FOLDER
    return (repository or cwd) / DEFAULT_FOLDER


# --- entries as JSON -------------------------------------------------------------------------------


def _span(span: Span) -> list[int]:
    return [span.line, span.column, span.end_line, span.end_column]


def _finding(f: Finding) -> list[Any]:
    related = [[r.path, _span(r.span), r.message] for r in f.related]
    return [
        f.rule_id,
        str(f.severity),
        f.message,
        f.path,
        _span(f.span),
        f.pointer,
        f.agreement,
        f.document,
        related,
        f.key,
    ]


def _finding_of(item: list[Any]) -> Finding:
    rule_id, severity, message, path, span, pointer, agreement, document, related, key = item
    return Finding(
        rule_id,
        Severity(severity),
        message,
        path,
        _new(Span, span),
        pointer,
        agreement,
        document,
        tuple(Related(p, _new(Span, s), m) for p, s, m in related),
        key=key,
    )


def _waiver(w: Waiver) -> list[Any]:
    return [
        w.rule,
        w.agreement,
        w.responsibility,
        w.pointer,
        w.reason,
        w.owner,
        w.expires.isoformat(),
        w.ticket,
        w.path,
        _span(w.span),
        w.target_line,
    ]


def _waiver_of(item: list[Any]) -> Waiver:
    from datetime import date

    rule, agreement, responsibility, pointer, reason, owner, expires, ticket, path, span, line = item
    return Waiver(
        rule,
        agreement,
        responsibility,
        pointer,
        reason,
        owner,
        date.fromisoformat(expires),
        ticket,
        path,
        _new(Span, span),
        target_line=line,
    )


def _pending(p: Pending) -> list[Any]:
    return [
        p.rule_id,
        str(p.severity),
        p.field,
        p.value,
        p.values,
        p.pointer,
        _span(p.span),
        p.path,
        p.agreement,
        p.document,
    ]


def _pending_of(item: list[Any]) -> Pending:
    rule_id, severity, field, value, values, pointer, span, path, agreement, document = item
    return Pending(
        rule_id,
        Severity(severity),
        field,
        value,
        values,
        pointer,
        _new(Span, span),
        path,
        agreement,
        document,
    )


def _json_exact(value: Any, depth: int = 0) -> bool:
    """Whether JSON gives a value back as it is: scalars, lists and text-keyed dicts of them."""
    if isinstance(value, _SCALARS):
        return True
    if type(value) is list and depth < 4:
        return all(_json_exact(v, depth + 1) for v in value)
    if type(value) is dict and depth < 4:
        return all(type(k) is str and _json_exact(v, depth + 1) for k, v in value.items())
    return False


def _exact(pending: list[Pending]) -> bool:
    """Whether the facts' values come back from JSON as they are (see `_json_exact`)."""
    return all(_json_exact(p.value) and _json_exact(p.values) for p in pending)


class ResultCache:
    """One run's view of the cache: its folder and the run's key. Safe to use from worker processes."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key
        self.entries = os.path.join(os.fspath(folder), f"v{CACHE_VERSION}", key[:20])  # noqa: PTH118
        self._made: set[str] = set()
        self.broken: str | None = None  # why writing failed, once it has

    def _entry(self, path: str) -> str:
        name = hashlib.blake2b(path.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        return os.path.join(self.entries, name[:2], name[2:] + ".json")  # noqa: PTH118

    def load(
        self, path: str, content: str, *, complete: bool = True
    ) -> tuple[FileResult, list[Pending]] | None:
        """The entry of `path` made from content `content` (None when there is none, or it is not
        usable); `complete=False` accepts an entry that holds only the cross-file facts."""
        try:
            with open(self._entry(path), "rb") as handle:  # noqa: PTH123
                entry = json.loads(handle.read())
            if (
                entry.get("format") != CACHE_FORMAT
                or entry.get("key") != self.key
                or entry.get("path") != path
                or entry.get("digest") != content
                or (complete and not entry.get("complete"))
            ):
                return None
            result = FileResult(
                path,
                [_finding_of(f) for f in entry["findings"]],
                readable=bool(entry["readable"]),
                documents=int(entry["documents"]),
                agreement_ids=list(entry["ids"]),
                inline_waivers=[_waiver_of(w) for w in entry["waivers"]],
            )
            return result, [_pending_of(p) for p in entry["pending"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):  # absent, corrupt or foreign
            return None

    def store(
        self, path: str, content: str, result: FileResult, pending: list[Pending], *, complete: bool = True
    ) -> None:
        """Record what checking `path` (content `content`) found; nothing when it cannot be kept exactly."""
        if self.broken is not None or not _exact(pending):
            return
        entry = {
            "format": CACHE_FORMAT,
            "version": CACHE_VERSION,
            "key": self.key,
            "path": path,
            "digest": content,
            "complete": complete,
            "findings": [_finding(f) for f in result.findings],
            "readable": result.readable,
            "documents": result.documents,
            "ids": result.agreement_ids,
            "waivers": [_waiver(w) for w in result.inline_waivers],
            "pending": [_pending(p) for p in pending],
        }
        target = self._entry(path)
        try:
            folder = os.path.dirname(target)  # noqa: PTH120
            if folder not in self._made:
                self.prepare(folder)
            replace_bytes(target, json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
        except (OSError, ValueError) as exc:
            self.broken = getattr(exc, "strerror", None) or str(exc)

    def load_facts(self) -> dict[str, tuple[str, list[Pending]]]:
        """The cross-file facts of a repository's agreements, as the last run with context left
        them, in one entry: path -> (content hash, facts). Empty when absent or not usable."""
        try:
            with open(os.path.join(self.entries, _FACTS), "rb") as handle:  # noqa: PTH118, PTH123
                entry = json.loads(handle.read())
            if entry.get("format") != CACHE_FORMAT or entry.get("key") != self.key:
                return {}
            return {
                path: (content, [_pending_of(p) for p in items]) for path, content, items in entry["files"]
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def store_facts(self, facts: dict[str, tuple[str, list[Pending]]]) -> None:
        """Record every context file's facts in one entry (those that JSON keeps exactly)."""
        files = [[path, content, [_pending(p) for p in items]] for path, (content, items) in facts.items()]
        keep = [f for f, (_, items) in zip(files, facts.values(), strict=True) if _exact(items)]
        entry = {"format": CACHE_FORMAT, "version": CACHE_VERSION, "key": self.key, "files": keep}
        try:
            self.prepare(self.entries)
            data = json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode("ascii")
            replace_bytes(os.path.join(self.entries, _FACTS), data)  # noqa: PTH118
        except (OSError, ValueError) as exc:
            self.broken = getattr(exc, "strerror", None) or str(exc)

    def prepare(self, folder: str) -> None:
        """Make an entry's folder, and the cache folder's tags the first time (the folder is the
        user's to delete at any time)."""
        top = os.fspath(self.folder)
        if not os.path.isdir(top):  # noqa: PTH112
            os.makedirs(top, exist_ok=True)  # noqa: PTH103
            for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
                replace_bytes(os.path.join(top, name), text.encode("ascii"))  # noqa: PTH118
        if not os.path.isdir(self.entries):  # noqa: PTH112
            os.makedirs(self.entries, exist_ok=True)  # noqa: PTH103
            _forget_old_keys(os.path.dirname(self.entries), self.entries)  # noqa: PTH120
        os.makedirs(folder, exist_ok=True)  # noqa: PTH103
        self._made.add(folder)


def _forget_old_keys(parent: str, current: str) -> None:
    """Remove the least recently used run keys beyond MAX_KEYS (settings no longer in use)."""
    try:
        keys = [entry for entry in os.scandir(parent) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return
    keys.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime, reverse=True)
    for entry in keys[MAX_KEYS:]:
        if entry.path != current:
            shutil.rmtree(entry.path, ignore_errors=True)


def touch(cache: ResultCache) -> None:
    """Mark the run's key as used now (the least recently used keys are the ones removed)."""
    with contextlib.suppress(OSError):
        os.utime(cache.entries)


def cache_folder(settings: Settings, named: Path | None) -> tuple[Path, Path | None]:
    """The cache folder: named on the command line, else the configuration's `cache-dir`, else
    the default (`default_folder`); and the folder it must stay within, once links are followed
    (None: named on the command line, anywhere)."""
    if named is not None:
        return named, None
    from srm_check.pipeline.fingerprints import find_repository_root

    if settings.cache_dir is not None:
        base = settings.path(".").resolve()
        return settings.path(settings.cache_dir), find_repository_root(base) or base
    cwd = Path.cwd().resolve()
    folder = default_folder(settings.file, find_repository_root(cwd), cwd)
    return folder, folder.parent


def _escapes(path: str, boundary: Path) -> bool:
    """Whether `path`, its links followed, leads out of `boundary` (a link planted in a checkout)."""
    real, root = os.path.realpath(path), os.path.realpath(boundary)
    return real != root and not real.startswith(root.rstrip(os.sep) + os.sep)


def open_cache(
    prepared: Prepared, folder: Path, boundary: Path | None = None
) -> tuple[ResultCache | None, str | None]:
    """The run's cache in `folder`, made ready (its folders and tags), or None and why not;
    nothing is written when the folder leads out of `boundary`."""
    from srm_check.pipeline.prepared import inline_settings
    from srm_check.source.reader import MAX_FILE_BYTES

    files = [(f.path, f.kind, f.sha256) for f in prepared.policy.files]
    rules = prepared.selection.rules(prepared.policy.rules)
    cache = ResultCache(folder, run_key(files, rules, inline_settings(prepared), MAX_FILE_BYTES))
    if boundary is not None and _escapes(cache.entries, boundary):
        return None, (
            f"{folder.as_posix()} leads outside {boundary.as_posix()} (a link?); "
            "name a folder with --cache-dir to use one there"
        )
    try:
        cache.prepare(cache.entries)
    except OSError as exc:
        return None, f"cannot write {folder.as_posix()}: {exc.strerror or exc}"
    touch(cache)
    return cache, None
