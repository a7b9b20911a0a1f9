"""Catalogues and policies as data: the shipped SRM, a second provider's SRM, and broken policies.

tests/fixtures/catalogues/orbit/ is another provider's model (3 parties, 6 responsibilities)
with one rule of its own: adding it takes files in a policy folder and no code change.
tests/fixtures/catalogues/broken/<case>/ each hold one broken policy file; the run must stop
with exit code 2 and every problem located in that file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import AGREEMENTS, FIXTURES, ROOT, Run

from srm_check.core.problem import SrmError
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir

CLI = Callable[[Sequence[str]], Run]
SHIPPED = ROOT / "policies"
ORBIT = FIXTURES / "catalogues" / "orbit"
ORBIT_POLICY = ORBIT / "policy"
BROKEN = FIXTURES / "catalogues" / "broken"


def report(cli: CLI, *args: str | Path) -> tuple[int, dict[str, Any]]:
    run = cli(["check", "--format", "json", *(str(a) for a in args)])
    assert run.stderr == ""
    return run.exit_code, json.loads(run.stdout)


def rel(path: str) -> str:
    """A finding's path from the repository root, whatever the working folder."""
    absolute = Path(path) if Path(path).is_absolute() else Path.cwd() / path
    return absolute.resolve().relative_to(ROOT).as_posix()


# --- the shipped catalogue --------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Any:
    return load_policy([default_policy_dir()]).catalogues["2i2c-srm@2022"]


@pytest.fixture(scope="module")
def areas() -> Any:
    return load_policy([default_policy_dir()]).catalogues["2i2c-srm-areas@late-2022"]


def test_default_policy_is_the_shipped_folder() -> None:
    assert default_policy_dir().resolve() == SHIPPED.resolve()


def test_shipped_catalogue_is_the_2022_model_with_twenty_responsibilities(shipped: Any) -> None:
    assert shipped.ref == "2i2c-srm@2022"
    assert [r["number"] for r in shipped.model["responsibilities"]] == list(range(1, 21))
    assert len(shipped.order) == len(set(shipped.order)) == 20
    assert shipped.party_rank == {"community": 0, "2i2c": 1}


def test_shipped_defaults_split_at_the_boundary(shipped: Any) -> None:
    begins_at = shipped.model["boundary"]["begins_at"]
    assert begins_at == 7
    for resp in shipped.model["responsibilities"]:
        expected = "community" if resp["number"] < begins_at else "2i2c"
        assert resp["default_party"] == expected, resp["id"]
        assert shipped.teams[resp["default_team"]] == expected, resp["id"]


def test_shipped_teams_belong_to_their_parties(shipped: Any) -> None:
    assert shipped.teams == {
        "community-leadership": "community",
        "cloud-engineering": "2i2c",
        "community-support": "2i2c",
    }


def test_the_current_model_has_four_areas_and_eighteen_responsibilities(areas: Any) -> None:
    assert areas.ordered is False  # the source lists areas in this order, not by technical depth
    assert [r["number"] for r in areas.model["responsibilities"]] == list(range(1, 19))
    assert [a["id"] for a in areas.model["areas"]] == [
        "site-reliability-engineering",
        "service-applications-support",
        "community-leadership-and-management",
        "software-engineering",
    ]
    assert areas.model["boundary"] is None
    assert areas.teams == {
        "community-representative": "community",
        "hub-administrator": "community",
        "site-reliability-engineer": "2i2c",
        "community-guide": "2i2c",
    }
    shared = [r for r in areas.model["responsibilities"] if r["shared"]]
    assert [r["number"] for r in shared] == [6, 7, 8, 9, 10]
    for resp in shared:
        assert resp["area"] == "service-applications-support"
        assert resp["default_party"] is None  # "generally shared": no one default holder
        assert resp["shared"] == {"responsible": ["2i2c", "community"], "consulted": [], "informed": []}


OWNERS = {"2i2c": "2i2c", "community": "community", "community-or-partners": "community", "shared": None}


def test_the_current_model_follows_its_source(areas: Any) -> None:
    """Each row of ../shared/reference/srm_18_responsibilities_current.csv, area, title and owner."""
    source = ROOT.parent / "shared" / "reference" / "srm_18_responsibilities_current.csv"
    if not source.is_file():
        pytest.skip(f"{source.name} not found: ../shared is not beside the repository (CI always has it)")
    import csv

    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    team_names = {t["id"]: t["name"] for p in areas.model["parties"] for t in p["teams"]}
    assert len(rows) == len(areas.model["responsibilities"]) == 18
    for row, resp in zip(rows, areas.model["responsibilities"], strict=True):
        assert (resp["number"], resp["area"], resp["title"]) == (
            int(row["number"]),
            row["area"],
            row["responsibility"],
        )
        assert resp["default_party"] == OWNERS[row["usual_owner"]], resp["id"]
        role = "" if row["role"].startswith("(") else row["role"].split(" (")[0]  # "(no formal role)"
        area = next(a for a in areas.model["areas"] if a["id"] == resp["area"])
        played_by = {team_names[t] for t in area["roles"]}
        assert (role in played_by) if role else (played_by == set()), resp["id"]
        if resp["default_team"] is not None:
            assert team_names[resp["default_team"]] == role, resp["id"]


def test_policy_records_each_file_with_its_hash() -> None:
    policy = load_policy([SHIPPED])
    assert [(rel(f.path), f.kind) for f in policy.files] == [
        ("policies/catalogues/2i2c-srm-2022.yaml", "catalogue"),
        ("policies/catalogues/2i2c-srm-areas-late-2022.yaml", "catalogue"),
        ("policies/rules/assignments.yaml", "rules"),
        ("policies/rules/costs.yaml", "rules"),
        ("policies/rules/metadata.yaml", "rules"),
        ("policies/rules/order.yaml", "rules"),
        ("policies/rules/over-time.yaml", "rules"),
    ]
    import hashlib

    first = policy.files[0]
    data = (SHIPPED / "catalogues/2i2c-srm-2022.yaml").read_bytes()
    assert first.sha256 == hashlib.sha256(data).hexdigest()


def test_bare_catalogue_id_needs_exactly_one_version(tmp_path: Path) -> None:
    second = tmp_path / "policy" / "2i2c-2099.yaml"
    second.parent.mkdir()
    text = (SHIPPED / "catalogues/2i2c-srm-2022.yaml").read_text(encoding="utf-8")
    second.write_text(text.replace('version: "2022"', 'version: "2099"'), encoding="utf-8")
    policy = load_policy([SHIPPED, second.parent])
    assert sorted(policy.catalogues) == ["2i2c-srm-areas@late-2022", "2i2c-srm@2022", "2i2c-srm@2099"]
    assert policy.find_catalogue("2i2c-srm@2099") is policy.catalogues["2i2c-srm@2099"]
    assert policy.find_catalogue("2i2c-srm") is None  # ambiguous: the agreement must say which
    assert load_policy([SHIPPED]).find_catalogue("2i2c-srm") is not None


# --- a second provider's catalogue ------------------------------------------------------------

# agreement fixture -> findings (rule, line, column) with the shipped rules plus Orbit's.
ORBIT_FAILING: dict[str, list[tuple[str, int, int]]] = {
    "fail/inversion.yaml": [("SRM401", 11, 12)],  # once, on the moved responsibility
    "fail/no-cost-note.yaml": [("ORB001", 2, 1), ("SRM201", 10, 19)],
    "fail/unassigned.yaml": [("SRM101", 8, 3), ("SRM105", 13, 3)],
    "fail/unknown-party.yaml": [("SRM104", 10, 20), ("SRM104", 12, 22)],
}


def test_orbit_catalogue_loads_beside_the_shipped_one() -> None:
    policy = load_policy([SHIPPED, ORBIT_POLICY])
    assert sorted(policy.catalogues) == [
        "2i2c-srm-areas@late-2022",
        "2i2c-srm@2022",
        "orbit-research-cloud@2025.1",
    ]
    orbit = policy.catalogues["orbit-research-cloud@2025.1"]
    assert orbit.party_rank == {"research-group": 0, "campus-it": 1, "orbit": 2}
    assert len(orbit.order) == 6
    assert [r["id"] for r in policy.rules][-1] == "ORB001"


def test_orbit_agreements_that_should_pass_pass(cli: CLI) -> None:
    code, data = report(cli, "-p", SHIPPED, "-p", ORBIT_POLICY, ORBIT / "agreements/pass")
    assert (code, data["findings"], data["summary"]["files"]) == (0, [], 2)


@pytest.mark.parametrize("name", sorted(ORBIT_FAILING))
def test_orbit_agreements_that_should_fail_fail(name: str, cli: CLI) -> None:
    code, data = report(cli, "-p", SHIPPED, "-p", ORBIT_POLICY, ORBIT / "agreements" / name)
    assert [(f["rule_id"], f["line"], f["column"]) for f in data["findings"]] == ORBIT_FAILING[name]
    severities = {f["severity"] for f in data["findings"]}
    assert code == (1 if "error" in severities else 0)


def test_every_orbit_fail_fixture_is_listed() -> None:
    found = sorted(
        p.relative_to(ORBIT / "agreements").as_posix() for p in ORBIT.glob("agreements/fail/*.yaml")
    )
    assert found == sorted(ORBIT_FAILING)


def test_orbit_messages_speak_of_orbits_parties(cli: CLI) -> None:
    _, data = report(cli, "-p", SHIPPED, "-p", ORBIT_POLICY, ORBIT / "agreements/fail")
    messages = {f["message"] for f in data["findings"]}
    assert (
        "'campus-ti' is not a party or team of the catalogue or of this agreement "
        "(did you mean 'campus-it'?)" in messages
    )
    assert "'2i2c' is not a party or team of the catalogue or of this agreement" in messages
    assert (
        "responsibility 'manage-storage' moves from campus-it to orbit without a cost note (missing or empty)"
        in messages
    )
    assert (
        "'manage-accounts' (#3) moves to orbit, although the more technical 'manage-storage' (#4) "
        "is held by campus-it" in messages
    )
    assert (
        "responsibility 'secure-platform' (#6 Secure the platform) is not assigned to any party" in messages
    )


def test_two_catalogues_in_one_run(cli: CLI) -> None:
    # Both providers' agreements, each against its own catalogue; Orbit's rule applies to all.
    code, data = report(cli, "-p", SHIPPED, "-p", ORBIT_POLICY, AGREEMENTS, ORBIT / "agreements/pass")
    assert code == 0
    assert data["summary"]["files"] == 7
    assert [(Path(f["path"]).name, f["rule_id"]) for f in data["findings"]] == [
        ("riverbend-community-college.yaml", "ORB001"),  # no end date
        ("riverbend-community-college.yaml", "SRM401"),
        ("tidewater-ecology-institute.yaml", "ORB001"),
    ]


def test_rules_come_only_from_the_policy(cli: CLI) -> None:
    # Without the shipped rules, only Orbit's own rule (and the built-in checks) run.
    code, data = report(cli, "--no-builtin-policy", "-p", ORBIT_POLICY, ORBIT / "agreements")
    assert code == 1
    found = [(Path(f["path"]).name, f["rule_id"]) for f in data["findings"]]
    assert ("no-cost-note.yaml", "ORB001") in found
    # ORB001 looks at metadata only: no rule checks the assignments, and each agreement says so.
    assert sorted(name for name, rule in found if rule == "SRM030") == [
        "default-split.yaml",
        "inversion.yaml",
        "moved-with-notes.yaml",
        "no-cost-note.yaml",
        "unassigned.yaml",
        "unknown-party.yaml",
    ]
    assert len(found) == 7


def test_agreement_for_a_catalogue_not_in_the_policy(cli: CLI) -> None:
    code, data = report(cli, ORBIT / "agreements/pass/default-split.yaml")
    assert code == 1
    (finding,) = data["findings"]
    assert (finding["rule_id"], finding["line"], finding["column"]) == ("SRM301", 4, 12)
    assert finding["message"] == (
        "catalogue 'orbit-research-cloud@2025.1' is not in the policy "
        "(known: 2i2c-srm-areas@late-2022, 2i2c-srm@2022); "
        "its responsibilities cannot be checked"
    )


# --- broken policies --------------------------------------------------------------------------

# case -> (with the shipped policy?, every problem as "file:line:col: message start")
BROKEN_CASES: dict[str, tuple[bool, list[str]]] = {
    "malformed-rules": (
        True,
        ["rules.yaml:5:11: invalid YAML: the '[' here is not closed: expected ',' or ']' before line 6"],
    ),
    "malformed-catalogue": (
        False,
        ["catalogue.yaml:6:1: invalid YAML: while scanning for the next token, found character that cannot"],
    ),
    "unknown-function": (
        True,
        ["rules.yaml:12:17: 'function' should be one of truthy, falsy, defined, undefined, minimum, maximum"],
    ),
    "unknown-field": (
        True,
        [
            "rules.yaml:11:14: 'holder' is not a field of assignment facts "
            "(fields: amount, consulted, cost_note,",
            "rules.yaml:14:17: 'colour' is not a field of assignment facts",
        ],
    ),
    "bad-placeholder": (
        True,
        [
            "rules.yaml:7:14: message uses '{agreement_title}', which responsibility facts and "
            "function truthy do not provide"
        ],
    ),
    "duplicate-rule-id": (
        True,
        [
            "rules.yaml:3:9: rule id 'SRM101' is already used by the shipped policy "
            "(policies/rules/assignments.yaml:4); to change a shipped rule on your catalogues, list it "
            "under `overrides:` (docs/writing-policies.md#changing-a-rule-for-some-catalogues); to "
            "replace the shipped policy, use --no-builtin-policy (configuration: builtin-policy: false)",
            "rules.yaml:23:9: rule id 'BRK040' is already used at ",
        ],
    ),
    # Regression: an unhashable discriminator value crashed the schema check (exit 3).
    "function-not-text": (
        True,
        ["rules.yaml:12:17: 'function' should be one of truthy, falsy, defined, undefined, minimum"],
    ),
    "bad-regex": (True, ["rules.yaml:13:24: invalid regular expression: unterminated character set"]),
    # Regression: accepted, then a 47-character community name ran for more than 60 s.
    "redos-regex": (
        True,
        [
            "rules.yaml:13:24: unsafe regular expression: a repeated group can match the same text "
            "in several ways (a nested quantifier): it can take exponential time; rewrite it"
        ],
    ),
    "repeated-responsibility": (
        False,
        [
            "catalogue.yaml:21:9: responsibility id 'use-service' is repeated",
            "catalogue.yaml:22:13: responsibility number 2 is repeated",
        ],
    ),
    "undeclared-default-party": (
        False,
        [
            "catalogue.yaml:24:20: default party 'vendor' is not declared in parties",
            "catalogue.yaml:30:19: default team 'community-board' is not a team of 'provider'",
        ],
    ),
    "wrong-type-catalogue": (
        False,
        [
            "catalogue.yaml:2:1: missing required key 'title' (at /title)",
            "catalogue.yaml:9:13: 'number' should be an integer, not 'one' (at /responsibilities/0/number)",
            "catalogue.yaml:13:5: unknown key 'owner' (expected one of: area, default_party, default_team, ",
        ],
    ),
    "not-a-policy-file": (
        False,
        ["notes.yaml:2:1: not a policy file: expected a catalogue (key 'catalogue') or a rule file"],
    ),
    "duplicate-catalogue": (
        True,
        [
            "2i2c-copy.yaml:2:12: catalogue 2i2c-srm@2022 is also defined by the shipped policy "
            "(policies/catalogues/2i2c-srm-2022.yaml); to change a shipped rule on your catalogues"
        ],
    ),
}


def test_every_broken_policy_is_listed() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(BROKEN_CASES)


@pytest.mark.parametrize("case", sorted(BROKEN_CASES))
def test_broken_policy_stops_the_run_with_located_problems(case: str, cli: CLI) -> None:
    with_shipped, expected = BROKEN_CASES[case]
    folder = BROKEN / case
    shipped = ["-p", str(SHIPPED)] if with_shipped else ["--no-builtin-policy"]
    args = ["check", *shipped, "-p", str(folder), str(AGREEMENTS)]
    run = cli(args)
    assert run.exit_code == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert lines[-1] == f"srm-check: error: the policy has {len(expected)} problem(s); nothing was checked"
    assert len(lines) == len(expected) + 1
    for line, want in zip(lines, expected, strict=False):
        assert rel(line.split(":", 1)[0]) == f"{folder.relative_to(ROOT).as_posix()}/{want.split(':', 1)[0]}"
        where_and_message = line.split(":", 1)[1]
        assert where_and_message.startswith(want.split(":", 1)[1]), line


def test_policy_error_carries_every_problem() -> None:
    with pytest.raises(SrmError) as caught:
        load_policy([SHIPPED, BROKEN / "unknown-field", BROKEN / "bad-placeholder"])
    assert caught.value.kind == "policy"
    problems = caught.value.problems
    # In the order of the folders given, then of the files and lines.
    assert [(Path(p.path).parent.name, p.span.line, p.span.column) for p in problems] == [
        ("unknown-field", 11, 14),
        ("unknown-field", 14, 17),
        ("bad-placeholder", 7, 14),
    ]
    assert str(caught.value).count("\n") == 2


def test_policy_without_catalogue(cli: CLI, tmp_path: Path) -> None:
    rules_only = tmp_path / "rules-only"
    rules_only.mkdir()
    (rules_only / "orbit.yaml").write_bytes((ORBIT_POLICY / "rules/orbit.yaml").read_bytes())
    run = cli(["check", "--no-builtin-policy", "-p", str(rules_only), str(AGREEMENTS)])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0].endswith(": the policy holds no catalogue [SRM012]")
    # Added to the shipped policy (the default), its rule runs on the shipped catalogue's agreements.
    added = cli(["check", "-p", str(rules_only), str(AGREEMENTS)])
    assert added.exit_code == 0
    assert "warning [ORB001]" in added.stdout


def test_missing_policy_folder(cli: CLI, tmp_path: Path) -> None:
    run = cli(["check", "-p", str(tmp_path / "nowhere"), str(AGREEMENTS)])
    assert run.exit_code == 2
    assert (
        run.stderr.splitlines()[0]
        == f"{(tmp_path / 'nowhere').as_posix()}:1:1: policy folder not found [SRM013]"
    )


def test_policy_tests_and_hidden_folders_are_not_policy_files(tmp_path: Path) -> None:
    policy_dir = tmp_path / "policy"
    for sub in ("tests", ".hidden"):
        (policy_dir / sub).mkdir(parents=True)
        (policy_dir / sub / "junk.yaml").write_text("junk: [\n", encoding="utf-8")
    (policy_dir / "cat.yaml").write_bytes(
        (ORBIT_POLICY / "catalogues/orbit-research-cloud-2025.yaml").read_bytes()
    )
    assert list(load_policy([policy_dir]).catalogues) == ["orbit-research-cloud@2025.1"]
