"""policy/compose.py: scopes, overrides and references resolved against the whole policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_check.core.problem import SrmError
from srm_check.core.severity import Severity
from srm_check.policy.loader import load_policy
from srm_check.policy.model import Policy

CATALOGUE = """\
catalogue: mini
version: "{version}"
title: Mini
parties: [{{id: community, name: Community}}, {{id: host, name: Host}}]
responsibilities:
  - {{id: use, number: 1, title: Use, description: Use it., default_party: community}}
  - {{id: run, number: 2, title: Run, description: Run it., default_party: host}}
"""
RULES = """\
rules:
  - id: MINI001
    name: run-by-host
    severity: error
    title: The host runs it
    message: "'{id}' is held by {party}"
    description: The host runs it.
    catalogues: [mini]
    given: responsibility
    where: [{field: id, equals: run}]
    then: {field: party, function: same_as, options: {responsibility: use}}
"""


def policy(tmp_path: Path, rules: str = RULES, overrides: str = "") -> Path:
    folder = tmp_path / "policy"
    (folder / "catalogues").mkdir(parents=True)
    for version in ("1", "2"):
        (folder / "catalogues" / f"mini-{version}.yaml").write_text(
            CATALOGUE.format(version=version), "utf-8"
        )
    (folder / "rules").mkdir()
    (folder / "rules" / "mini.yaml").write_text(rules, "utf-8")
    if overrides:
        (folder / "rules" / "overrides.yaml").write_text(overrides, "utf-8")
    return folder


def load(folder: Path) -> Policy:
    return load_policy([folder])


def problems(folder: Path) -> list[str]:
    with pytest.raises(SrmError) as caught:
        load(folder)
    return [f"{Path(p.path).name}:{p.span.line}:{p.span.column}: {p.message}" for p in caught.value.problems]


def test_a_bare_catalogue_id_means_every_version(tmp_path: Path) -> None:
    loaded = load(policy(tmp_path))
    assert loaded.composition.scope("MINI001").catalogues == {"mini@1", "mini@2"}
    assert loaded.composition.unchecked == frozenset()


def test_an_override_holds_on_its_catalogues_only_by_rule_id_or_name(tmp_path: Path) -> None:
    overrides = (
        "overrides:\n"
        "  - {rule: run-by-host, catalogues: [mini@2], severity: warning, reason: Version 2 is a pilot.}\n"
    )
    loaded = load(policy(tmp_path, overrides=overrides))
    scope = loaded.composition.scope("MINI001")
    assert scope.severity("mini@1", Severity.error) is Severity.error
    assert scope.severity("mini@2", Severity.error) is Severity.warning
    (info,) = loaded.overrides
    assert (info.rule_id, info.catalogues, info.severity, info.reason, info.line) == (
        "MINI001",
        ("mini@2",),
        "warning",
        "Version 2 is a pilot.",
        2,
    )


def test_turning_the_only_rule_off_leaves_the_catalogue_unchecked(tmp_path: Path) -> None:
    overrides = "overrides:\n  - {rule: MINI001, catalogues: [mini@1], severity: 'off'}\n"
    loaded = load(policy(tmp_path, overrides=overrides))
    assert loaded.composition.scope("MINI001").severity("mini@1", Severity.error) is None
    assert loaded.composition.unchecked == {"mini@1"}


def test_a_file_of_overrides_only_is_a_rule_file_and_an_empty_one_is_not(tmp_path: Path) -> None:
    folder = policy(tmp_path, overrides="overrides: []\n")
    assert problems(folder) == ["overrides.yaml:1:12: 'overrides' needs at least 1 item(s) (at /overrides)"]
    (folder / "rules" / "overrides.yaml").write_text("{}\n", "utf-8")
    assert problems(folder)[0].startswith("overrides.yaml:1:1: not a policy file: expected a catalogue")


def test_composing_waits_for_a_clean_load(tmp_path: Path) -> None:
    """A broken file elsewhere gives its own problem, not a cascade of unknown names."""
    overrides = "overrides:\n  - {rule: MINI001, catalogues: [mini@1], severity: warning}\n"
    folder = policy(
        tmp_path, rules=RULES.replace("function: same_as", "function: same_ass"), overrides=overrides
    )
    (found,) = problems(folder)
    assert found.startswith("mini.yaml:11:36: 'function' should be one of ")


def test_a_reference_must_be_in_a_catalogue_the_rule_applies_to(tmp_path: Path) -> None:
    rules = RULES.replace("catalogues: [mini]", "catalogues: [mini@1]").replace(
        "responsibility: use", "responsibility: usee"
    )
    assert problems(policy(tmp_path, rules=rules)) == [
        "mini.yaml:11:71: rule MINI001: no catalogue the rule applies to has a responsibility 'usee' "
        "(did you mean 'use'?), so this comparison never holds"
    ]
