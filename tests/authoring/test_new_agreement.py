"""authoring/new_agreement.py: `srm-check init`'s steps, each a usage error when it cannot go as asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from srm_check.authoring.new_agreement import (
    InitRequest,
    check_text,
    choose_catalogue,
    choose_target,
    community_and_id,
    ids_in_use,
    new_agreement,
    write_new,
)
from srm_check.core.problem import SrmError
from srm_check.policy.loader import load_policy
from srm_check.policy.model import Policy, default_policy_dir

MINI = FIXTURES / "policy_authoring" / "invalid" / "valid"
CUSTOM = FIXTURES / "policy_authoring" / "custom-policy"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


@pytest.fixture(scope="module")
def shipped() -> Policy:
    return load_policy([default_policy_dir()])


def _usage(error: pytest.ExceptionInfo[SrmError]) -> str:
    assert error.value.kind == "usage" and error.value.problems == []
    return error.value.summary


def test_the_id_is_given_or_made_from_the_community_s_name() -> None:
    assert community_and_id(InitRequest("  Lakeside Lab ")) == ("Lakeside Lab", "lakeside-lab")
    assert community_and_id(InitRequest("Lakeside Lab", agreement_id="lake.2")) == ("Lakeside Lab", "lake.2")
    for request, message in [
        (InitRequest("   "), "--community must not be empty"),
        (InitRequest("!!!"), "cannot make an id from the community name '!!!'; give one with --id"),
        (
            InitRequest("X", agreement_id="Big"),
            "--id 'Big' is not a valid id: lower-case letters, digits, '.', '_' and '-'",
        ),
        (InitRequest("X", agreement_id="a" * 101), f"--id '{'a' * 101}' is not a valid id"),
    ]:
        with pytest.raises(SrmError) as error:
            community_and_id(request)
        assert _usage(error).startswith(message)


def test_the_catalogue_is_the_only_one_or_the_one_named(shipped: Policy) -> None:
    only = load_policy([CUSTOM])
    assert choose_catalogue(only, None).ref == "campus-srm@1"
    assert choose_catalogue(shipped, "2i2c-srm").ref == "2i2c-srm@2022"
    assert choose_catalogue(shipped, "2i2c-srm-areas").ref == "2i2c-srm-areas@late-2022"
    with pytest.raises(SrmError) as error:
        choose_catalogue(shipped, "2i2c-srm@2019")
    assert _usage(error) == (
        "catalogue '2i2c-srm@2019' is not in the policy (did you mean '2i2c-srm@2022'?) "
        "(known: 2i2c-srm-areas@late-2022, 2i2c-srm@2022)"
    )
    # The shipped policy holds two catalogues: a new agreement must say which.
    with pytest.raises(SrmError) as error:
        choose_catalogue(shipped, None)
    assert _usage(error) == (
        "the policy holds several catalogues; choose one with --catalogue "
        "(2i2c-srm-areas@late-2022, 2i2c-srm@2022)"
    )
    # Beside the shipped policy, the only catalogue of the policy's own folders is the default.
    both = load_policy([default_policy_dir(), CUSTOM])
    assert choose_catalogue(both, None).ref == "campus-srm@1"
    assert choose_catalogue(both, "2i2c-srm").ref == "2i2c-srm@2022"
    assert choose_catalogue(load_policy([CUSTOM]), None).ref == "campus-srm@1"
    three = load_policy([default_policy_dir(), CUSTOM, FIXTURES / "catalogues" / "orbit" / "policy"])
    with pytest.raises(SrmError) as error:
        choose_catalogue(three, None)
    assert _usage(error) == (
        "the policy holds several catalogues; choose one with --catalogue "
        "(2i2c-srm-areas@late-2022, 2i2c-srm@2022, campus-srm@1, orbit-research-cloud@2025.1)"
    )


def test_the_target_is_new_and_its_folder_holds_no_agreement_with_the_id(workdir: Path) -> None:
    assert choose_target(Path("-"), "x") is None
    assert choose_target(None, "x") == Path("agreements/x.yaml")
    (workdir / "agreements").mkdir()
    (workdir / "agreements" / "taken.yaml").write_text("agreement: x\n", encoding="utf-8")
    (workdir / "agreements" / "notes.txt").write_text("agreement: y\n", encoding="utf-8")
    assert ids_in_use(workdir / "agreements", "x") == (workdir / "agreements" / "taken.yaml").as_posix()
    assert ids_in_use(workdir / "agreements", "y") is None  # only YAML files count
    assert ids_in_use(workdir / "nowhere", "x") is None
    with pytest.raises(SrmError) as error:
        choose_target(Path("agreements/taken.yaml"), "z")
    assert (
        _usage(error) == "agreements/taken.yaml already exists; not overwriting it (choose --output or --id)"
    )
    with pytest.raises(SrmError) as error:
        choose_target(Path("agreements/new.yaml"), "x")
    assert "agreement id 'x' is already used in " in _usage(error)


def test_writing_never_overwrites(workdir: Path) -> None:
    target = workdir / "deep" / "new.yaml"
    write_new(target, "a: 1\n")
    assert target.read_text(encoding="utf-8") == "a: 1\n"
    with pytest.raises(SrmError) as error:
        write_new(target, "b: 2\n")
    assert _usage(error) == f"{target.as_posix()} already exists; not overwriting it"
    assert target.read_text(encoding="utf-8") == "a: 1\n"


def test_the_policy_is_loaded_only_once_the_id_is_usable(workdir: Path, shipped: Policy) -> None:
    loads: list[int] = []

    def load() -> Policy:
        loads.append(1)
        return shipped

    with pytest.raises(SrmError):
        new_agreement(InitRequest("!!!"), load)
    assert loads == []
    made = new_agreement(InitRequest("Lake Lab", "2i2c-srm", effective="2026-05-01", output=Path("-")), load)
    assert loads == [1]
    assert made.target is None and made.display == "<stdout>" and made.errors == []
    assert "\nagreement: lake-lab\n" in made.text and "$schema" not in made.text
    assert not (workdir / "agreements").exists()


def test_the_new_file_is_written_with_a_schema_line_and_checked(workdir: Path, shipped: Policy) -> None:
    made = new_agreement(InitRequest("Lake Lab", "2i2c-srm", effective="2026-05-01"), lambda: shipped)
    assert made.target == Path("agreements/lake-lab.yaml") and made.display == "agreements/lake-lab.yaml"
    assert made.target.read_text(encoding="utf-8") == made.text
    assert made.text.startswith("# yaml-language-server: $schema=")
    assert check_text(made.text, made.display, shipped) == []
    with pytest.raises(SrmError):  # a second run refuses the same file
        new_agreement(InitRequest("Lake Lab", "2i2c-srm", effective="2026-05-01"), lambda: shipped)


def _policy_against_its_defaults(folder: Path) -> Path:
    """The mini policy, with its rule asking for the party that the catalogue does not default to."""
    (folder / "catalogues").mkdir(parents=True)
    (folder / "rules").mkdir()
    (folder / "catalogues" / "mini.yaml").write_text(
        (MINI / "catalogues" / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    rules = (MINI / "rules" / "mini.yaml").read_text(encoding="utf-8")
    (folder / "rules" / "mini.yaml").write_text(rules.replace("values: [host]", "values: [community]"))
    return folder


def test_a_policy_whose_defaults_break_its_rules_exits_1_after_writing(workdir: Path) -> None:
    policy = _policy_against_its_defaults(workdir / "policy")
    made = new_agreement(InitRequest("Lake Lab", effective="2026-05-01"), lambda: load_policy([policy]))
    assert [f.rule_id for f in made.errors] == ["MINI001"]
    assert made.target is not None and made.target.is_file()
    run = run_cli(["init", "-c", "Other Lab", "--policy", str(policy), "--effective", "2026-05-01"])
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    assert (
        lines[0] == "wrote agreements/other-lab.yaml: 3 responsibilities of mini@1 on their default parties"
    )
    assert (
        lines[1].startswith("agreements/other-lab.yaml:")
        and ": error [MINI001] 'run' is held by host" in lines[1]
    )
    assert lines[2:] == ["srm-check: the policy's own rules fail the new agreement"]
    to_stdout = run_cli(["init", "-c", "Third Lab", "--policy", str(policy), "-o", "-"])
    assert to_stdout.exit_code == 1 and "\nagreement: third-lab\n" in to_stdout.stdout
    assert to_stdout.stderr.splitlines()[0].startswith("<stdout>:")
