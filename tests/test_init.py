"""`srm-check init`: a new agreement on the default split that passes `check`, never overwriting.

The expected output is a golden file; regenerate it with
`UPDATE_GOLDEN=1 python -m pytest tests/test_init.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from srm_check.authoring.scaffold import effective_date, scalar
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir
from srm_check.schemas import schema_text
from srm_check.source.reader import parse_text

GOLDEN = FIXTURES / "policy_authoring" / "init-lakeside-ocean-lab.yaml"
CUSTOM = FIXTURES / "policy_authoring" / "custom-policy"
SCHEMA_REF = "../srm_check/schemas/agreement.schema.json"
# The shipped policy holds two catalogues: init needs to be told which one.
SHIPPED = ["--catalogue", "2i2c-srm"]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def test_output_matches_golden_and_passes_check(workdir: Path) -> None:
    run = run_cli(
        [
            "init",
            "--community",
            "Lakeside Ocean Lab",
            *SHIPPED,
            "--effective",
            "2026-05-01",
            "--schema",
            SCHEMA_REF,
        ]
    )
    assert run.exit_code == 0, run.stderr
    written = workdir / "agreements" / "lakeside-ocean-lab.yaml"
    assert run.stderr == (
        "wrote agreements/lakeside-ocean-lab.yaml: 20 responsibilities of 2i2c-srm@2022 "
        "on their default parties\n"
    )
    text = written.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    check = run_cli(["check", str(written), "--fail-on", "note"])
    assert check.exit_code == 0, check.stdout
    assert check.stdout == "1 file checked: no findings (passed, fail-on note)\n"


def test_every_responsibility_is_on_its_default_party_with_its_number_and_title(workdir: Path) -> None:
    run = run_cli(["init", "-c", "Lakeside Ocean Lab", "--effective", "2026-05-01", *SHIPPED])
    assert run.exit_code == 0
    text = (workdir / "agreements" / "lakeside-ocean-lab.yaml").read_text(encoding="utf-8")
    (doc,), problems = parse_text(text)
    assert problems == []
    catalogue = load_policy([default_policy_dir()]).catalogues["2i2c-srm@2022"]
    responsibilities = catalogue.model["responsibilities"]
    assert doc.value["assignments"] == {r["id"]: r["default_party"] for r in responsibilities}
    lines = text.splitlines()
    for resp in responsibilities:
        key = lines.index(f"  {resp['id']}: {resp['default_party']}")
        assert lines[key - 1] == f"  # {resp['number']}. {resp['title']}"
    assert lines[lines.index("  # 7. Manage data") - 1].startswith("  # Boundary: In 2i2c's service model")


def test_schema_line_is_the_schema_of_this_release_for_every_clone(workdir: Path) -> None:
    """Not a path into the installer's environment: the release's schema, by URL, is the same
    for everyone who clones the repository (docs/agreements.md)."""
    from srm_check import __version__

    run_cli(
        ["init", "-c", "Lakeside Ocean Lab", "--effective", "2026-05-01", "-o", "deep/down/x.yaml", *SHIPPED]
    )
    first = (workdir / "deep" / "down" / "x.yaml").read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    url = first[len(prefix) :]
    base = f"https://raw.githubusercontent.com/srm-check/srm-check/v{__version__}/"
    assert url.startswith(base)
    assert (ROOT / url[len(base) :]).read_text(encoding="utf-8") == schema_text("agreement")
    assert "site-packages" not in url and str(ROOT) not in url and ".." not in url


def test_a_schema_kept_in_the_repository_can_be_named_instead(workdir: Path) -> None:
    written = run_cli(["schema", "--output", "schemas/agreement.schema.json"])
    assert written.exit_code == 0
    assert (workdir / "schemas" / "agreement.schema.json").read_text(encoding="utf-8") == schema_text(
        "agreement"
    )
    ref = "../schemas/agreement.schema.json"
    run_cli(["init", "-c", "Lakeside Ocean Lab", "--effective", "2026-05-01", "--schema", ref, *SHIPPED])
    text = (workdir / "agreements" / "lakeside-ocean-lab.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={ref}\n")
    none = run_cli(["init", "-c", "Other", "--schema", "", "-o", "o.yaml", *SHIPPED])
    assert none.exit_code == 0 and "yaml-language-server" not in (workdir / "o.yaml").read_text("utf-8")


def test_in_the_repository_the_examples_name_its_schema_file() -> None:
    example = (ROOT / "agreements" / "riverbend-community-college.yaml").read_text(encoding="utf-8")
    assert example.startswith(f"# yaml-language-server: $schema={SCHEMA_REF}\n")
    assert (ROOT / "agreements" / SCHEMA_REF).resolve() == (
        ROOT / "srm_check" / "schemas" / "agreement.schema.json"
    )


def test_refuses_to_overwrite(workdir: Path) -> None:
    target = workdir / "agreements" / "lakeside-ocean-lab.yaml"
    target.parent.mkdir()
    target.write_text("keep me\n", encoding="utf-8")
    run = run_cli(["init", "-c", "Lakeside Ocean Lab", *SHIPPED])
    assert run.exit_code == 2
    assert "agreements/lakeside-ocean-lab.yaml already exists; not overwriting it" in run.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_refuses_an_id_used_by_another_agreement_in_the_folder(workdir: Path) -> None:
    assert run_cli(["init", "-c", "Lakeside Ocean Lab", "-o", "agreements/one.yaml", *SHIPPED]).exit_code == 0
    run = run_cli(["init", "-c", "Lakeside Ocean Lab", "-o", "agreements/two.yaml", *SHIPPED])
    assert run.exit_code == 2
    assert "agreement id 'lakeside-ocean-lab' is already used in agreements/one.yaml" in run.stderr
    assert not (workdir / "agreements" / "two.yaml").exists()
    again = ["init", "-c", "Lakeside Ocean Lab", "--id", "lakeside-2", "-o", "agreements/two.yaml", *SHIPPED]
    assert run_cli(again).exit_code == 0
    # Two agreements of one community for every hub, both in force: only the overlap is found.
    checked = run_cli(["check", "agreements", "-f", "json"])
    assert checked.exit_code == 1
    assert {f["rule_id"] for f in json.loads(checked.stdout)["findings"]} == {"SRM501"}


def test_effective_date_defaults_reproducibly(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28 UTC
    run = run_cli(["init", "-c", "Lakeside Ocean Lab", "-o", "-", *SHIPPED])
    assert run.exit_code == 0
    assert "\neffective: 2026-05-28\n" in run.stdout
    assert effective_date(None, {}) == __import__("datetime").date.today().isoformat()
    assert effective_date("2026-02-28", {"SOURCE_DATE_EPOCH": "0"}) == "2026-02-28"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--effective", "2026-02-30"], "--effective '2026-02-30' is not a real date written YYYY-MM-DD"),
        (
            ["--catalogue", "2i2c-srm@2019"],
            "catalogue '2i2c-srm@2019' is not in the policy (did you mean '2i2c-srm@2022'?)",
        ),
        (["--id", "Not A Slug"], "--id 'Not A Slug' is not a valid id"),
    ],
)
def test_usage_errors(workdir: Path, args: list[str], message: str) -> None:
    run = run_cli(["init", "-c", "Lakeside Ocean Lab", *SHIPPED, *args])
    assert run.exit_code == 2
    assert message in run.stderr
    assert not (workdir / "agreements").exists()


def test_a_name_that_gives_no_id_needs_one(workdir: Path) -> None:
    run = run_cli(["init", "-c", "!!!", *SHIPPED])
    assert run.exit_code == 2
    assert "give one with --id" in run.stderr


def test_names_that_need_quoting_read_back_exactly(workdir: Path) -> None:
    name = "Ça: 1 'x' # y"
    run = run_cli(["init", "-c", name, "-o", "-", "--effective", "2026-05-01", *SHIPPED])
    assert run.exit_code == 0
    (doc,), problems = parse_text(run.stdout)
    assert problems == []
    assert doc.value["community"] == name
    assert doc.value["agreement"] == "ca-1-x-y"
    for text in ["yes", "123", "2026-01-01", "a: b", "true", "null", "x ", "-x"]:
        (parsed,), _ = parse_text(f"k: {scalar(text)}\n")
        assert parsed.value["k"] == text


def test_a_custom_catalogue(workdir: Path) -> None:
    args = ["--policy", str(CUSTOM), "--catalogue", "campus-srm", "--effective", "2026-09-01"]
    run = run_cli(["init", "-c", "Geology Department", *args])
    assert run.exit_code == 0, run.stderr
    text = (workdir / "agreements" / "geology-department.yaml").read_text(encoding="utf-8")
    assert "catalogue: campus-srm@1\n" in text
    assert "  # 4. Run the cluster\n  run-cluster: campus-it\n" in text
    assert run_cli(["check", "agreements", "--policy", str(CUSTOM), "--fail-on", "note"]).exit_code == 0


def test_the_catalogue_of_the_policy_added_is_the_default(workdir: Path) -> None:
    """`--policy DIR` adds to the shipped policy; the new agreement follows DIR's only catalogue."""
    for named in (["--policy", str(CUSTOM)], ["--policy", "@builtin", "--policy", str(CUSTOM)]):
        run = run_cli(["init", "-c", "X Lab", *named, "-o", "-", "--effective", "2026-09-01"])
        assert run.exit_code == 0, run.stderr
        assert "catalogue: campus-srm@1\n" in run.stdout


def test_several_catalogues_need_a_choice(workdir: Path) -> None:
    orbit = FIXTURES / "catalogues" / "orbit" / "policy"
    run = run_cli(["init", "-c", "X Lab", "--policy", str(CUSTOM), "--policy", str(orbit)])
    assert run.exit_code == 2
    assert (
        "choose one with --catalogue (2i2c-srm-areas@late-2022, 2i2c-srm@2022, campus-srm@1, "
        "orbit-research-cloud@2025.1)" in run.stderr
    )


def test_a_catalogue_without_defaults_leaves_those_responsibilities_to_assign(workdir: Path) -> None:
    run = run_cli(["init", "-c", "Tide Lab", "--catalogue", "2i2c-srm-areas", "--effective", "2026-05-01"])
    assert run.exit_code == 1  # written, but five responsibilities are held by nobody yet
    assert run.stderr.splitlines()[0] == (
        "wrote agreements/tide-lab.yaml: 13 of 18 responsibilities of 2i2c-srm-areas@late-2022 "
        "on their default parties, 5 to assign"
    )
    assert run.stderr.splitlines()[-1] == (
        "srm-check: name the accountable party of each responsibility without a default"
    )
    assert sum(" error [SRM103] " in line for line in run.stderr.splitlines()) == 5
    text = (workdir / "agreements" / "tide-lab.yaml").read_text(encoding="utf-8")
    assert (
        "# Responsibilities without a default party are held by nobody (null) until you name one.\n" in text
    )
    # Shared by design: the roles it requires are written out, the holder left to choose.
    assert (
        "  # 6. Create documentation and training material\n"
        "  # No default party: name the one accountable party (community, 2i2c).\n"
        "  create-documentation: {accountable: null, responsible: [2i2c, community]}\n"
    ) in text
    filled = text.replace("accountable: null", "accountable: 2i2c")
    (workdir / "agreements" / "tide-lab.yaml").write_text(filled, encoding="utf-8")
    assert run_cli(["check", "agreements", "--fail-on", "note"]).exit_code == 0
