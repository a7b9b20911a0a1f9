"""pipeline/document.py: the one per-document check, shared by `check`, `report`, `init` and `test`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from srm_check.authoring.policy_tests import Runner, load_cases
from srm_check.core.finding import Finding
from srm_check.core.paths import display_path
from srm_check.core.severity import Severity
from srm_check.pipeline.document import check_document, check_source, check_sources
from srm_check.pipeline.run import execute, prepare
from srm_check.pipeline.selection import evaluated_rules, rule_index
from srm_check.pipeline.settings import Settings
from srm_check.pipeline.waivers.inline import InlineWaivers
from srm_check.policy.loader import load_policy
from srm_check.policy.model import Policy, default_policy_dir
from srm_check.rules.agreement import ASSIGNMENTS_POINTER
from srm_check.rules.engine import Engine
from srm_check.source.document import SourceFile
from srm_check.source.reader import load_file, parse_source

BAD = FIXTURES / "bad"
SRM305 = FIXTURES / "rules" / "SRM305"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings name files relative to the working folder, as `srm-check check` run from the root."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy([default_policy_dir()])


def _load(path: Path) -> SourceFile:
    return load_file(path, display_path(path), judged_elsewhere=(ASSIGNMENTS_POINTER,))


def test_check_document_locates_structure_findings_in_their_agreement(policy: Policy) -> None:
    text = "agreement: tiny\ncommunity: Tiny\ncatalogue: 2i2c-srm@2022\neffective: 2026-01-01\ncolour: red\n"
    (doc,) = parse_source(text, "tiny.yaml").documents
    check = check_document(doc, "tiny.yaml", Engine(policy.catalogues, policy.rules))
    assert check.agreement.id == "tiny"
    unknown = next(f for f in check.findings if f.rule_id == "SRM010")
    assert (unknown.path, unknown.span.line, unknown.agreement, unknown.severity) == (
        "tiny.yaml",
        5,
        "tiny",
        Severity.error,
    )
    assert any(f.rule_id == "SRM012" for f in check.findings)  # assignments missing
    assert check.pending  # agreement ids are compared across files later


def test_loader_problems_carry_the_agreement_id_of_their_document(policy: Policy) -> None:
    engine = Engine(policy.catalogues, policy.rules)
    result, _ = check_source(_load(BAD / "duplicate-key.yaml"), engine)
    (duplicate,) = [f for f in result.findings if f.rule_id == "SRM002"]
    assert (duplicate.agreement, duplicate.document, duplicate.span.line) == ("duplicate-key", 0, 6)
    result, _ = check_source(_load(BAD / "multi-document.yaml"), engine)
    assert result.agreement_ids == ["first-of-two", "second-of-two"] and result.documents == 2
    (duplicate,) = [f for f in result.findings if f.rule_id == "SRM002"]
    assert (duplicate.agreement, duplicate.document) == ("second-of-two", 1)
    result, _ = check_source(_load(BAD / "unknown-tags.yaml"), engine)
    assert {(f.rule_id, f.agreement, f.severity) for f in result.findings} == {
        ("SRM009", "tagged-agreement", Severity.warning)
    }


def test_an_unreadable_file_is_marked_so_and_has_no_agreement(policy: Policy) -> None:
    result, pending = check_source(_load(BAD / "malformed.yaml"), Engine(policy.catalogues, policy.rules))
    assert not result.readable and result.documents == 0 and pending == []
    assert [(f.rule_id, f.agreement) for f in result.findings] == [("SRM001", None)]
    readable, _ = check_source(_load(BAD / "duplicate-key.yaml"), Engine(policy.catalogues, policy.rules))
    assert readable.readable


def test_agreements_are_kept_and_inline_waivers_read_only_when_asked(policy: Policy) -> None:
    engine = Engine(policy.catalogues, policy.rules)
    source = _load(FIXTURES / "inline_waivers" / "pilot.yaml")
    plain, _ = check_source(source, engine)
    assert plain.agreements == [] and plain.inline_waivers == []
    rules = rule_index(evaluated_rules(policy.rules))
    kept, _ = check_source(source, engine, keep_agreements=True, inline=InlineWaivers(rules, frozenset()))
    assert [a.id for a in kept.agreements] == kept.agreement_ids == ["inline-pilot"]
    assert [(w.rule, w.target_line) for w in kept.inline_waivers] == [("SRM201", 16), ("SRM201", 18)]
    assert kept.findings == plain.findings
    forbidden, _ = check_source(source, engine, inline=InlineWaivers(rules, frozenset({"SRM201"})))
    assert forbidden.inline_waivers == []
    assert [(f.rule_id, f.span.line) for f in forbidden.findings[len(plain.findings) :]] == [
        ("SRM025", 16),
        ("SRM025", 17),
    ]


def test_check_sources_decides_cross_file_rules_in_order(policy: Policy) -> None:
    sources = [_load(SRM305 / "fail" / "alpha.yaml"), _load(SRM305 / "fail" / "beta.yaml")]
    findings = check_sources(sources, policy.catalogues, policy.rules)
    (duplicate,) = [f for f in findings if f.rule_id == "SRM305"]
    assert duplicate.path.endswith("SRM305/fail/beta.yaml")
    reversed_order = check_sources(sources[::-1], policy.catalogues, policy.rules)
    assert [f.path for f in reversed_order if f.rule_id == "SRM305"] == [sources[0].path]
    assert check_sources([_load(SRM305 / "pass" / "alpha.yaml")], policy.catalogues, policy.rules) == []


# --- `srm-check test` and `srm-check check` agree ---------------------------------------------

# Agreements of every kind: valid examples, broken YAML, wrong shapes, each rule's fixtures.
AGREEMENTS = sorted(
    [
        *(ROOT / "agreements").glob("*.yaml"),
        *(FIXTURES / "agreements").glob("*.yaml"),
        *BAD.glob("*.yaml"),
        *(FIXTURES / "rules").glob("*/*.yaml"),
    ]
)
# Several agreements checked in one run, so that rules across files are decided together.
TOGETHER = [sorted((SRM305 / "fail").glob("*.yaml")), sorted(BAD.glob("multi-document*.yaml"))]


# Judged from git history, which a test case stands in for (`assignments_changed`): compared apart.
FROM_GIT = "SRM603"


def _by_check(paths: list[Path]) -> list[Finding]:
    """What `srm-check check PATHS --no-waivers --ignore SRM603` finds, with the shipped policy."""
    relative = [p.relative_to(ROOT) for p in paths]
    settings = Settings.from_values({"ignore": [FROM_GIT]}, {})
    return execute(prepare(settings, paths=relative, use_waivers=False)).findings


def _by_test(groups: list[list[Path]], policy: Policy, folder: Path) -> list[list[Finding]]:
    """What `srm-check test` finds for strict cases naming the same agreement files."""
    cases = [
        {"name": f"case-{i}", "agreements": [str(p) for p in group], "strict": True}
        for i, group in enumerate(groups)
    ]
    (folder / "tests").mkdir(parents=True)
    (folder / "tests" / "cases.yaml").write_text(json.dumps({"tests": cases}), encoding="utf-8")
    loaded, problems = load_cases([folder], [r["id"] for r in evaluated_rules(policy.rules)])
    assert problems == []
    assert [c.name for c in loaded] == [f"case-{i}" for i in range(len(groups))]
    runner = Runner(policy)
    return [[f for f in runner.findings(case) if f.rule_id != FROM_GIT] for case in loaded]


def test_test_cases_and_check_give_identical_findings(policy: Policy, tmp_path: Path) -> None:
    groups = [[path] for path in AGREEMENTS] + TOGETHER
    assert len(AGREEMENTS) > 40 and all(len(g) > 1 for g in TOGETHER)
    by_test = _by_test(groups, policy, tmp_path / "policy")
    broken = 0
    for group, found in zip(groups, by_test, strict=True):
        expected = _by_check(group)
        assert found == expected, [p.relative_to(ROOT).as_posix() for p in group]
        broken += any(f.severity is Severity.error for f in expected)
    assert broken > 20  # most of these agreements have errors: the comparison is not of empty lists
