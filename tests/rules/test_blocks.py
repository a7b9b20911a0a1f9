"""Assignment blocks remembered when they pass: the key tells apart what rules could, the memo
is bounded, and a remembered block never changes a finding (tests of rules/blocks.py)."""

from __future__ import annotations

from typing import Any

import pytest

from srm_check.policy.loader import load_policy
from srm_check.policy.model import Policy, default_policy_dir
from srm_check.rules import blocks
from srm_check.rules import facts as facts_module
from srm_check.rules.agreement import AgreementData, read_agreement
from srm_check.rules.blocks import NODE_LIMIT, Blocks, block_key
from srm_check.rules.engine import Engine
from srm_check.rules.facts.assignment import assignment_subjects
from srm_check.source.reader import parse_source

HEAD = "agreement: {id}\ncommunity: Blocks Test\ncatalogue: 2i2c-srm@2022\neffective: 2026-01-01\n"
CLEAN = """\
assignments:
  use-hub: community
  advocate-and-onboard: community
  general-user-support: community
  provide-user-access: community
  develop-domain-software: community
  define-basic-environment: community
  manage-data: 2i2c
  guide-2i2c: 2i2c
  escalate-to-2i2c: 2i2c
  complex-environment-changes: 2i2c
  develop-interactive-computing-software: 2i2c
  support-open-source-communities: 2i2c
  communicate-with-cloud-provider: 2i2c
  manage-kubernetes-configuration: 2i2c
  deploy-and-configure-hubs: 2i2c
  monitor-for-incidents: 2i2c
  develop-cloud-infrastructure-software: 2i2c
  configure-kubernetes-upgrades: 2i2c
  respond-to-incidents: 2i2c
  operate-kubernetes-cluster: 2i2c
"""


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy([default_policy_dir()])


def data(text: str, agreement_id: str = "a") -> AgreementData:
    source = parse_source(HEAD.format(id=agreement_id) + text, "a.yaml", judged_elsewhere={"/assignments"})
    (doc,) = source.documents
    return read_agreement(doc)


def shown(found: tuple[list[Any], list[Any]]) -> list[tuple[str, str, int, int, str]]:
    findings, _ = found
    return [(f.rule_id, f.pointer, f.span.line, f.span.column, f.message) for f in findings]


def engine(policy: Policy) -> Engine:
    return Engine(policy.catalogues, policy.rules, policy.composition)


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The agreements whose assignment facts were built."""
    seen: list[str] = []
    original = assignment_subjects

    def spy(agreement: AgreementData, catalogue: Any) -> Any:
        seen.append(str(agreement.id))
        return original(agreement, catalogue)

    monkeypatch.setattr(facts_module, "assignment_subjects", spy)
    return seen


def test_a_passing_block_is_not_built_again_and_changes_no_finding(policy: Policy, built: list[str]) -> None:
    checker = engine(policy)
    first = checker.evaluate(data(CLEAN, "a"), "a.yaml")
    repeat = data(CLEAN, "b")
    again = checker.evaluate(repeat, "b.yaml")
    assert built == ["a"]
    assert repeat._assignments is None  # not even its entries were read
    assert shown(again) == shown(engine(policy).evaluate(data(CLEAN, "b"), "b.yaml"))
    assert shown(first) == shown(again)


def test_a_block_with_findings_is_replayed_with_its_own_places(policy: Policy, built: list[str]) -> None:
    failing = CLEAN.replace("manage-data: 2i2c", "manage-data: nobody-known")
    checker = engine(policy)
    one = shown(checker.evaluate(data(failing, "a"), "a.yaml"))
    # The same block lower in its file: each finding is placed in its own document.
    repeat = data("hub: x\n" + failing, "b")
    moved = shown(checker.evaluate(repeat, "b.yaml"))
    assert built == ["a"]
    assert repeat._assignments is None  # only the entry with the finding was read again
    assert [rule for rule, *_ in one] == ["SRM104"]
    assert [(rule, line) for rule, _, line, _, _ in moved] == [("SRM104", one[0][2] + 1)]
    assert moved == shown(engine(policy).evaluate(data("hub: x\n" + failing, "b"), "b.yaml"))


# Blocks with findings on each kind of fact of the assignments, written in block style; each
# is written again in flow style (the same values, other places) and checked again.
FAILING = [
    CLEAN.replace("  manage-data: 2i2c\n", "  manage-dta: 2i2c\n"),  # SRM105 and SRM101
    CLEAN.replace("manage-data: 2i2c", "manage-data: [community, 2i2c]"),  # SRM102
    CLEAN.replace("manage-data: 2i2c", "manage-data: {party: 2i2c, responsible: [2i2c, lab, '']}"),
    CLEAN.replace("define-basic-environment: community", "define-basic-environment: 2i2c"),  # SRM201
    CLEAN.replace("use-hub: community", "use-hub: {party: 2i2c, cost_note: c}"),  # SRM401 (assigned)
    CLEAN.replace("  monitor-for-incidents: 2i2c\n", ""),  # SRM101 (unassigned)
]


def flow(block: str) -> str:
    """The same assignments as one flow mapping (other lines and columns, the same values)."""
    entries = [line.strip() for line in block.splitlines()[1:]]
    return "assignments: {" + ", ".join(entries) + "}\n"


@pytest.mark.parametrize("failing", FAILING)
def test_a_replayed_block_finds_what_a_fresh_engine_finds(
    policy: Policy, built: list[str], failing: str
) -> None:
    documents = [failing, "description: lower\n" + failing, flow(failing)]
    named = [(data(text, f"id-{n}"), f"{n}.yaml") for n, text in enumerate(documents)]
    fresh = [shown(engine(policy).evaluate(*one)) for one in named]
    built.clear()
    checker = engine(policy)
    found = [shown(checker.evaluate(data(text, f"id-{n}"), f"{n}.yaml")) for n, text in enumerate(documents)]
    assert found == fresh
    assert found[0]  # each block has findings
    assert len({tuple((line, column) for _, _, line, column, _ in f) for f in found}) == 3  # its own places
    assert built == ["id-0"]  # the others were judged from the memo


def test_the_memo_counts_the_findings_it_replays() -> None:
    memo = Blocks()
    memo.add((NODE_LIMIT - 3, "large"), (("assignment", 0, []), ("assignment", 1, [])))
    assert memo.get((NODE_LIMIT - 3, "large")) is not None
    memo.add((0, "small"))  # one value over the bound with the two findings
    assert memo.get((0, "small")) == ()
    assert memo.get((NODE_LIMIT - 3, "large")) is None


def test_own_parties_are_part_of_the_block(policy: Policy, built: list[str]) -> None:
    """A party declared by one agreement is unknown in the next, with the same assignments."""
    named = CLEAN.replace("manage-data: 2i2c", "manage-data: {party: 2i2c, responsible: lab}")
    declared = "parties:\n  - {id: lab, name: The Lab}\n" + named
    checker = engine(policy)
    assert [f.rule_id for f in checker.evaluate(data(declared, "a"), "a.yaml")[0]] == []
    assert [f.rule_id for f in checker.evaluate(data(named, "b"), "b.yaml")[0]] == ["SRM104"]
    assert built == ["a", "b"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("amount: 1", "amount: 1.0"),
        ("amount: 1", "amount: true"),
        ("amount: 1", "amount: '1'"),
        ("amount: 0.0", "amount: -0.0"),
        ("amount: null", "amount: ''"),
    ],
)
def test_the_key_tells_apart_values_python_counts_equal(one: str, other: str) -> None:
    entry = "assignments:\n  use-hub:\n    party: community\n    cost_note: {{text: t, {}}}\n"
    assert block_key(data(entry.format(one))) != block_key(data(entry.format(other)))
    assert block_key(data(entry.format(one))) == block_key(data(entry.format(one), "other-id"))


def test_the_key_keeps_the_order_of_entries() -> None:
    swapped = "assignments:\n  manage-data: 2i2c\n  use-hub: community\n"
    assert block_key(data("assignments:\n  use-hub: community\n  manage-data: 2i2c\n")) != block_key(
        data(swapped)
    )


def test_no_key_for_a_document_with_a_repeated_key_or_a_block_too_large(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert block_key(data("assignments:\n  use-hub: community\n  use-hub: 2i2c\n")) is None
    assert block_key(data(CLEAN)) is not None
    monkeypatch.setattr(blocks, "_MAX_NODES", 10)
    assert block_key(data(CLEAN)) is None


def test_the_memo_is_bounded_by_the_values_it_holds() -> None:
    """Small blocks fill it by their values, not their count; a block that would pass the
    bound starts it afresh, and is itself remembered."""
    memo = Blocks()
    for number in range(NODE_LIMIT // 10):
        memo.add((9, number))
    assert (9, 0) in memo
    memo.add((9, "one more"))
    assert (9, "one more") in memo
    assert (9, 0) not in memo


def test_a_large_block_counts_for_its_values() -> None:
    memo = Blocks()
    memo.add((0, "small"))
    memo.add((NODE_LIMIT - 1, "large"))  # with "small", one value over the bound
    assert (NODE_LIMIT - 1, "large") in memo
    assert (0, "small") not in memo


def test_the_key_leads_with_the_number_of_values() -> None:
    key = block_key(data(CLEAN))
    assert key is not None
    assert key[0] == CLEAN.count("\n  ")
