"""Rules across the run, judged in file order as each file's result comes in.

Every caller that checks several files (`check`, `report`, `test`, `init`) passes its
per-file results through here, so that rules comparing agreements, and rules on fields of
the run, give the same findings everywhere. A result whose file has a fact waiting for
later files (a `supersedes` that names an agreement not seen yet) is held back, with the
results after it, until the fact is settled or every file is seen: results still come
out in file order, each complete.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from srm_check.core.finding import Finding
from srm_check.pipeline.results import FileResult
from srm_check.rules.crossfile import CrossFileRules
from srm_check.rules.pending import Pending


def in_file_order(
    checked: Iterable[tuple[FileResult, list[Pending]]], cross: CrossFileRules
) -> Iterator[FileResult]:
    """Each file's result with the findings of the rules across the run, sorted, in order."""
    held: deque[FileResult] = deque()
    for result, pending in checked:
        if pending:
            result.findings.extend(cross.resolve(pending))
        held.append(result)
        if not cross.waiting:
            yield from _release(held)
    late = cross.finish()
    if late:
        by_path: dict[str, FileResult] = {}
        for result in held:
            by_path.setdefault(result.path, result)
        for finding in late:
            owner = by_path.get(finding.path)
            if owner is not None:  # else a file that is only context of the run
                owner.findings.append(finding)
    yield from _release(held)


def _release(held: deque[FileResult]) -> Iterator[FileResult]:
    while held:
        result = held.popleft()
        result.findings.sort(key=Finding.sort_key)
        yield result
