"""Rules across the run, in file order: a file whose fact waits for later files is held back,
with the files after it, and every result comes out in order, complete."""

from __future__ import annotations

from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.pipeline.crossfile import in_file_order
from srm_check.pipeline.results import FileResult
from srm_check.rules.engine import CrossFileRules, Pending

RULE = {
    "id": "T1",
    "name": "supersedes-unknown",
    "severity": Severity.warning,
    "title": "t",
    "message": "'{id}' supersedes unknown '{value}'{did_you_mean}",
    "description": "d",
    "help_uri": None,
    "tags": [],
    "given": "agreement",
    "where": [],
    "catalogues": None,
    "then": {"field": "supersedes", "function": "known", "options": {"among": "id"}},
}


def _pending(path: str, own: str, ref: str | None) -> Pending:
    values = {"id": own, "supersedes": ref}
    return Pending(
        "T1", Severity.warning, "supersedes", ref, values, "/supersedes", Span(3, 1, 3, 2), path, own, 0
    )


def _results(items: list[tuple[str, str, str | None]]) -> list[tuple[str, list[str]]]:
    checked = [(FileResult(path, []), [_pending(path, own, ref)]) for path, own, ref in items]
    seen = []
    for result in in_file_order(checked, CrossFileRules([RULE])):  # type: ignore[list-item]
        seen.append((result.path, [f.message for f in result.findings]))
    return seen


def test_results_come_out_in_file_order_once_settled() -> None:
    items = [("a.yaml", "new", "old"), ("b.yaml", "mid", None), ("c.yaml", "old", None), ("d.yaml", "x", "y")]
    assert _results(items) == [
        ("a.yaml", []),
        ("b.yaml", []),
        ("c.yaml", []),
        ("d.yaml", ["'x' supersedes unknown 'y'"]),
    ]


def test_a_reference_to_nothing_is_decided_once_every_file_is_seen() -> None:
    assert _results([("a.yaml", "new", "old"), ("b.yaml", "old", None)]) == [("a.yaml", []), ("b.yaml", [])]
    assert _results([("a.yaml", "new", "oldd"), ("b.yaml", "old", None)])[0] == (
        "a.yaml",
        ["'new' supersedes unknown 'oldd' (did you mean 'old'?)"],
    )


def test_held_results_are_released_as_soon_as_nothing_waits() -> None:
    released: list[str] = []
    cross = CrossFileRules([RULE])  # type: ignore[list-item]

    def checked():  # type: ignore[no-untyped-def]
        for path, own, ref in [("a.yaml", "new", "old"), ("b.yaml", "old", None), ("c.yaml", "z", None)]:
            yield FileResult(path, []), [_pending(path, own, ref)]
            released.append(f"after {path}")

    order = []
    for result in in_file_order(checked(), cross):
        order.append((result.path, list(released)))
    # a.yaml waits for "old": it comes out only after b.yaml was checked, and before c.yaml is.
    assert order == [
        ("a.yaml", ["after a.yaml"]),
        ("b.yaml", ["after a.yaml"]),
        ("c.yaml", ["after a.yaml", "after b.yaml"]),
    ]
