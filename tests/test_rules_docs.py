"""The rule reference, the README's rule table, the vocabulary and `srm-check explain` come from the rules.

Regenerate the committed copies with:
    srm-check rules --format markdown -o docs/rules.md
    srm-check rules --format markdown-table   (the rules-table block of README.md)
    srm-check rules --format vocabulary       (the vocabulary block of docs/writing-policies.md)
and paste the table and vocabulary blocks between their markers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from srm_check.authoring.rule_docs.describe import describe_check
from srm_check.authoring.rule_docs.markdown import TABLE_END, TABLE_START, anchor
from srm_check.authoring.rule_docs.vocabulary import VOCABULARY_END, VOCABULARY_START
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir
from srm_check.rules.functions import FUNCTIONS

CUSTOM = FIXTURES / "policy_authoring" / "custom-policy"


def _generated(*args: str) -> str:
    run = run_cli(["rules", *args])
    assert run.exit_code == 0, run.stderr
    return run.stdout


def _between(text: str, start: str, end: str) -> str:
    assert start in text and end in text, f"markers {start} ... {end} not found"
    return text[text.index(start) : text.index(end) + len(end)] + "\n"


def test_docs_rules_md_is_generated() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == _generated("--format", "markdown"), (
        "docs/rules.md is out of date: srm-check rules --format markdown -o docs/rules.md"
    )


def test_readme_rule_table_is_generated() -> None:
    table = _generated("--format", "markdown-table")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _between(readme, TABLE_START, TABLE_END) == table, (
        "README.md's rule table is out of date: paste `srm-check rules --format markdown-table`"
    )


def test_vocabulary_tables_are_generated() -> None:
    vocabulary = _generated("--format", "vocabulary")
    guide = (ROOT / "docs" / "writing-policies.md").read_text(encoding="utf-8")
    assert _between(guide, VOCABULARY_START, VOCABULARY_END) == vocabulary, (
        "docs/writing-policies.md's vocabulary is out of date: paste `srm-check rules --format vocabulary`"
    )


def test_rule_reference_does_not_depend_on_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    at_root = _generated("--format", "markdown")
    monkeypatch.chdir(tmp_path)
    assert _generated("--format", "markdown") == at_root
    assert str(ROOT) not in at_root


def test_help_uris_point_at_existing_anchors() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    headings = {anchor(h) for h in re.findall(r"^### (\S+)$", text, flags=re.MULTILINE)}
    policy = load_policy([default_policy_dir()])
    for rule in policy.rules:
        uri = rule["help_uri"]
        assert uri.endswith(f"docs/rules.md#{rule['id'].lower()}"), uri
        assert uri.rsplit("#", 1)[1] in headings
    from srm_check.core.codes import builtin_rules

    for info in builtin_rules():
        assert info["help_uri"].rsplit("#", 1)[1] in headings


def test_reference_pages_hold_rationale_check_example_and_fix() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = text[text.index("### SRM201\n") : text.index("### SRM202\n")]
    assert "so every assignment that differs from the catalogue's default party" in section
    assert (
        "**What it checks.** For each entry under `assignments` where `deviates` is `true` and "
        "`duplicate` is `false`: `cost_note` (the cost note's text, or null) must be non-empty text"
    ) in section
    assert "`policies/tests/fixtures/srm201-no-cost-note.yaml`:" in section
    assert (
        "policies/tests/fixtures/srm201-no-cost-note.yaml:11:29: error [SRM201] responsibility "
        "'define-basic-environment' moves from community to 2i2c without a cost note"
    ) in section
    assert "+++ policies/tests/fixtures/srm201-with-cost-note.yaml" in section
    assert "-  define-basic-environment: 2i2c\n+  define-basic-environment:\n+    party: 2i2c" in section


def test_inline_examples_are_shown_as_files_with_their_own_lines() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = text[text.index("### SRM302\n") : text.index("### SRM303\n")]
    assert "`srm302-impossible-date.yaml`:\n\n```yaml\nagreement: dates\n" in section
    # Line 4 of the block as shown, not line 25 of the test file.
    assert "srm302-impossible-date.yaml:4:12: error [SRM302]" in section


def test_every_function_can_be_put_into_words() -> None:
    options = {
        "minimum": {"value": 1},
        "maximum": {"value": 1},
        "enumeration": {"values": ["a"]},
        "after": {"field": "effective"},
        "same_as": {"responsibility": "run"},
        "different_from": {"responsibility": "run"},
        "no_overlap": {"start": "effective", "end": "end", "within": "hubs"},
        "acyclic": {"id": "id"},
        "known": {"among": "id"},
    }
    for name, function in FUNCTIONS.items():
        assert function.requirement(options.get(name, {}))


def test_describe_check_of_a_custom_rule() -> None:
    policy = load_policy([CUSTOM])
    rule = next(r for r in policy.rules if r["id"] == "CAMPUS001")
    assert describe_check(rule) == (
        'For each responsibility of the agreement\'s catalogue where `id` is `"run-cluster"`: '
        "`party` (the one party that holds it, or null when none or several) must be one of "
        '`"campus-it"` (null passes).'
    )


def test_rules_lists_policy_and_builtin_rules_apart() -> None:
    text = _generated()
    policy_part, builtin_part = text.split("\n\nBuilt-in rules")
    assert policy_part.startswith("Policy rules (policies):\n")
    row = r"^  SRM101  error    responsibility-unassigned +Every responsibility"
    assert re.search(row, policy_part, re.M)
    assert "SRM001" not in policy_part
    assert re.search(r"^  SRM001  error    yaml-syntax +The file is valid YAML$", builtin_part, re.M)
    assert "SRM101" not in builtin_part


def test_rules_of_a_custom_policy() -> None:
    text = _generated("--no-builtin-policy", "--policy", str(CUSTOM))
    assert text.startswith("Policy rules (custom-policy):\n  CAMPUS001  error    cluster-on-campus")
    assert "SRM101" not in text
    added = _generated("--policy", str(CUSTOM))
    assert added.startswith("Policy rules (policies, custom-policy):\n  SRM101 ")
    assert "\n  CAMPUS001 " in added


def test_rules_output_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "docs" / "rules.md"
    run = run_cli(["rules", "--format", "markdown", "-o", str(out)])
    assert run.exit_code == 0 and run.stdout == ""
    assert out.read_text(encoding="utf-8") == _generated("--format", "markdown")


def test_markdown_needs_well_formed_tests() -> None:
    broken = FIXTURES / "policy_authoring" / "invalid" / "test-unknown-rule"
    run = run_cli(["rules", "--format", "markdown", "--policy", str(broken)])
    assert run.exit_code == 2
    assert "unknown rule 'MINI01'" in run.stderr
    # The plain list does not need the tests.
    assert run_cli(["rules", "--policy", str(broken)]).exit_code == 0


@pytest.mark.parametrize("ref", ["SRM201", "srm201", "deviation-cost-note"])
def test_explain_by_id_or_name(ref: str) -> None:
    run = run_cli(["explain", ref])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "SRM201  A deviation from the default boundary carries a cost note"
    assert "  Name:       deviation-cost-note" in lines
    assert "What it checks:" in lines
    example = "Example that fails (test case srm201-deviation-without-cost-note"
    assert any(line.startswith(example) for line in lines)
    fix = "How to fix it (passing case srm201-deviation-with-cost-note"
    assert any(line.startswith(fix) for line in lines)
    assert "    +++ policies/tests/fixtures/srm201-with-cost-note.yaml" in lines


def test_explain_a_builtin_rule() -> None:
    run = run_cli(["explain", "SRM002"])
    assert run.exit_code == 0
    assert run.stdout.startswith("SRM002  A mapping does not repeat a key\n")
    assert "Kind:       built-in rule" in run.stdout


@pytest.mark.parametrize(
    ("ref", "hint"), [("SRM1O1", "SRM101"), ("deviation-costnote", "deviation-cost-note")]
)
def test_explain_unknown_rule_suggests(ref: str, hint: str) -> None:
    run = run_cli(["explain", ref])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert f"unknown rule '{ref}' (did you mean '{hint}'?)" in run.stderr


def test_explain_a_custom_rule() -> None:
    run = run_cli(["explain", "cluster-on-campus", "--policy", str(CUSTOM)])
    assert run.exit_code == 0
    assert "custom-policy/tests/fixtures/campus-cloud-cluster.yaml:10:12: error [CAMPUS001]" in run.stdout
