"""What changed between two versions of an agreement: moves and their direction relative to the
default boundary, cost notes, the cost change per currency and period, fields; and how
versions are matched and found."""

from __future__ import annotations

from decimal import Decimal

import pytest
from history_repo import DEFAULT_SPLIT, MOVED

from srm_check.core.money import Total
from srm_check.pipeline.history.compare import compare, direction, pair
from srm_check.pipeline.history.diff import found_in, parse_range
from srm_check.pipeline.history.snapshot import read_version
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir
from srm_check.rules.catalogue import Catalogues

CATALOGUES: Catalogues = load_policy([default_policy_dir()]).catalogues


def version(text: str, path: str = "a.yaml"):  # type: ignore[no-untyped-def]
    return read_version(text.encode(), path, CATALOGUES)


def test_moves_and_costs_between_two_versions() -> None:
    [old], [new] = version(DEFAULT_SPLIT).agreements, version(MOVED).agreements
    change = compare(old, new)
    assert change.kind == "changed" and not change.empty
    assert [(m.number, m.old, m.new, m.default, m.direction, m.boundary) for m in change.moves] == [
        (3, "community", "2i2c", "community", "provider-more", "leaves-default"),
        (13, "2i2c", "community", "2i2c", "community-more", "leaves-default"),
    ]
    assert [(c.responsibility, c.kind, c.new.money if c.new else None) for c in change.costs] == [
        ("general-user-support", "added", "+750 USD/month"),
        ("communicate-with-cloud-provider", "added", "-200 USD/month"),
    ]
    assert change.cost_change == [Total("USD", "month", Decimal(550), 2)]
    back = compare(new, old)
    assert [m.boundary for m in back.moves] == ["returns-to-default", "returns-to-default"]
    assert back.cost_change == [Total("USD", "month", Decimal(-550), 2)]


def test_a_new_agreement_counts_from_the_default_boundary_and_a_removed_one_takes_its_costs() -> None:
    [new] = version(MOVED).agreements
    added = compare(None, new)
    assert added.kind == "added" and [m.old for m in added.moves] == ["community", "2i2c"]
    assert [m.boundary for m in added.moves] == ["leaves-default", "leaves-default"]
    removed = compare(new, None)
    assert removed.kind == "removed" and removed.moves == []
    assert [c.kind for c in removed.costs] == ["removed", "removed"]
    assert [str(t.amount) for t in removed.cost_change] == ["-550"]


def test_fields_and_amounts_that_cannot_be_added() -> None:
    old = DEFAULT_SPLIT.replace("effective: 2026-01-01\n", "effective: 2026-01-01\nexpires: 2026-12-31\n")
    new = MOVED.replace("currency: USD, period: month}", "period: month}").replace(
        "effective: 2026-01-01\n", "effective: 2026-01-01\nexpires: 2027-12-31\nhub: [teaching, research]\n"
    )
    [a], [b] = version(old).agreements, version(new).agreements
    change = compare(a, b)
    assert [(f.name, f.old, f.new) for f in change.fields] == [
        ("expires", "2026-12-31", "2027-12-31"),
        ("hub", None, "teaching, research"),
    ]
    assert change.uncounted == 1  # +750 without a currency
    assert [str(t.amount) for t in change.cost_change] == ["-200"]


def test_a_comment_or_reordering_changes_nothing() -> None:
    [a] = version(DEFAULT_SPLIT).agreements
    [b] = version("# a comment\n" + DEFAULT_SPLIT.replace("description", "x")).agreements
    assert compare(a, b).empty


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("community", "2i2c", "provider-more"),
        ("2i2c", "community", "community-more"),
        ("2i2c", "partner", "third-party"),
        ("partner", "2i2c", "moved"),
        ("2i2c", "2i2c", None),
    ],
)
def test_direction_along_the_technical_order(old: str, new: str, expected: str | None) -> None:
    assert direction(CATALOGUES.find("2i2c-srm@2022"), old, new) == expected


def test_versions_are_matched_by_id_then_by_place() -> None:
    two = DEFAULT_SPLIT + "---\n" + DEFAULT_SPLIT.replace("agreement: lakeside", "agreement: other")
    before = version(two).agreements
    after = version(DEFAULT_SPLIT.replace("agreement: lakeside", "agreement: other")).agreements
    pairs = pair(before, after)
    assert [(o.id if o else None, n.id if n else None) for o, n in pairs] == [
        ("other", "other"),
        ("lakeside", None),
    ]
    renewal = version(DEFAULT_SPLIT.replace("agreement: lakeside", "agreement: lakeside-2027")).agreements
    assert [(o.id, n.id) for o, n in pair(before[:1], renewal, loose=True)] == [("lakeside", "lakeside-2027")]  # type: ignore[union-attr]


def test_a_version_that_cannot_be_read_says_why() -> None:
    broken = version("agreement: [unclosed\n")
    assert (
        broken.agreements == ()
        and broken.problem is not None
        and broken.problem.startswith("cannot be read:")
    )


@pytest.mark.parametrize(
    ("path", "named", "expected"),
    [
        ("agreements/a.yaml", ["agreements"], True),
        ("agreements/sub/a.yml", ["agreements"], True),
        ("agreements/.hidden/a.yaml", ["agreements"], False),
        ("agreements/notes.txt", ["agreements"], False),
        ("agreementsx/a.yaml", ["agreements"], False),
        ("x/a.txt", ["x/a.txt"], True),  # a file named itself
        (".agreements/a.yaml", [".agreements"], True),  # a hidden folder named itself
        ("a.yaml", [""], True),  # the repository's root
    ],
)
def test_found_in_is_what_discovery_would_find(path: str, named: list[str], expected: bool) -> None:
    assert found_in(path, named) is expected


def test_parse_range() -> None:
    assert parse_range("v1.0..HEAD") == ("v1.0", "HEAD")
    assert parse_range("v1.0..") == ("v1.0", "HEAD")
    assert parse_range("..main") == ("HEAD", "main")
    assert parse_range("v1.0") == ("v1.0", None)
