"""What users of linters expect of `check`: standard input (`-`, `--stdin-filename`), a soft
fail (`--fail-on never`), `-q/--quiet`, shell completion, files the configuration excludes,
and configuration mistakes located where they are written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AGREEMENTS, FIXTURES, ROOT, Run
from typer.testing import CliRunner

from srm_check.cli import app

GOOD = (FIXTURES / "precommit" / "good.yaml").read_bytes()
BAD = (FIXTURES / "precommit" / "bad.yaml").read_bytes()


def cli(args: list[str], stdin: bytes | None = None) -> Run:
    result = CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- standard input -------------------------------------------------------------------------------


def test_check_reads_one_agreement_from_standard_input(project: Path) -> None:
    run = cli(["check", "-"], stdin=BAD)
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0].startswith("<stdin>:")
    assert run.stdout.rstrip().endswith("1 file checked: 1 error in 1 file (FAILED, fail-on error)")
    assert cli(["check", "-"], stdin=GOOD).exit_code == 0


def test_stdin_filename_names_the_input_in_every_output(project: Path) -> None:
    run = cli(["check", "-", "--stdin-filename", "agreements/new.yaml", "-f", "json"], stdin=BAD)
    data = json.loads(run.stdout)
    assert {f["path"] for f in data["findings"]} == {"agreements/new.yaml"}
    assert data["summary"]["files"] == 1 and data["files"][0]["path"] == "agreements/new.yaml"
    sarif = json.loads(
        cli(["check", "-", "--stdin-filename", "agreements/new.yaml", "-f", "sarif"], BAD).stdout
    )
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "agreements/new.yaml", "uriBaseId": "%SRCROOT%"}


def test_stdin_filename_is_matched_against_the_configuration(project: Path) -> None:
    (project / ".srm-check.yaml").write_text("exclude: ['agreements/drafts/*']\n")
    run = cli(["check", "-", "--stdin-filename", "agreements/drafts/x.yaml"], stdin=BAD)
    assert run.exit_code == 0
    assert run.stdout.strip() == (
        "0 files checked (1 named file excluded by the configuration: agreements/drafts/x.yaml): "
        "no findings (passed, fail-on error)"
    )
    assert cli(["check", "-", "--stdin-filename", "agreements/x.yaml"], stdin=BAD).exit_code == 1


def test_stdin_inputs_are_read_as_files_are(project: Path) -> None:
    binary = cli(["check", "-"], stdin=b"\x00\x01\x02")
    assert binary.exit_code == 1 and "[SRM004]" in binary.stdout
    inline = GOOD.replace(
        b"  manage-data: 2i2c",
        b'  manage-data: community  # srm-check: waive SRM201 owner=o expires=2099-01-01 reason="costing it"',
    )
    waived = cli(["check", "-", "--today", "2098-12-01"], stdin=inline)
    assert waived.exit_code == 0 and "1 waived" in waived.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "-", "agreements"], "'-' (read standard input) cannot be combined with other PATHS"),
        (["check", "agreements", "--stdin-filename", "x.yaml"], "--stdin-filename names the agreement read"),
        (["check", "-", "--stdin-filename", " "], "--stdin-filename must not be empty"),
    ],
)
def test_stdin_mistakes_are_usage_errors(project: Path, args: list[str], message: str) -> None:
    run = cli(args, stdin=GOOD)
    assert run.exit_code == 2 and message in run.stderr


# --- --fail-on never, --quiet ----------------------------------------------------------------------


def test_fail_on_never_writes_every_output_and_passes(project: Path) -> None:
    (project / "agreements" / "bad.yaml").write_bytes(BAD)
    run = cli(["check", "--fail-on", "never", "--report", "sarif=out.sarif", "--report", "json=out.json"])
    assert run.exit_code == 0
    assert run.stdout.rstrip().endswith("(passed, fail-on never)") and "error [SRM201]" in run.stdout
    data = json.loads((project / "out.json").read_text())
    assert data["summary"]["fail_on"] == "never" and data["summary"]["passed"] and data["findings"]
    sarif = json.loads((project / "out.sarif").read_text())
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 0 and sarif["runs"][0]["results"]


def test_fail_on_never_from_the_configuration(project: Path) -> None:
    (project / "agreements" / "bad.yaml").write_bytes(BAD)
    (project / ".srm-check.yaml").write_text("fail-on: never\n")
    assert cli(["check"]).exit_code == 0
    assert cli(["check", "--fail-on", "error"]).exit_code == 1  # the flag wins
    shown = cli(["config"]).stdout
    assert 'fail-on               = "never"  # .srm-check.yaml:1' in shown
    (project / ".srm-check.yaml").write_text("fail-on: sometimes\n")
    bad = cli(["check"])
    assert bad.exit_code == 2 and ".srm-check.yaml:1:10:" in bad.stderr and "'never'" in bad.stderr


def test_quiet_prints_only_the_findings(project: Path) -> None:
    (project / "agreements" / "bad.yaml").write_bytes(BAD)
    loud, quiet = cli(["check"]), cli(["check", "-q"])
    assert quiet.exit_code == loud.exit_code == 1
    findings = [line for line in loud.stdout.splitlines() if line.startswith("agreements/")]
    assert quiet.stdout.splitlines() == findings
    assert cli(["check", "--quiet", "agreements/northfield-state-university.yaml"]).stdout == ""
    written = cli(["check", "-q", "--write-baseline", "b.json"])
    assert written.exit_code == 0 and written.stderr == ""


# --- shell completion ---------------------------------------------------------------------------


def test_shell_completion_is_offered_and_completes_commands_and_options() -> None:
    env = {**os.environ, "_SRM_CHECK_COMPLETE": "complete_bash"}
    program = Path(sys.executable).parent / "srm-check"  # completion is keyed by the program's name

    def complete(words: str) -> list[str]:  # the last word is the one being completed
        done = subprocess.run(
            [str(program)],
            env={**env, "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)},
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.split()

    assert "--fail-on" in complete("srm-check check --fa")
    assert complete("srm-check che") == ["check"]
    assert "--install-completion" in cli(["--help"]).stdout


# --- excluded files, configuration mistakes -----------------------------------------------------------


def test_a_named_file_the_configuration_excludes_is_said_to_be_excluded(project: Path) -> None:
    (project / ".srm-check.yaml").write_text("exclude: ['agreements/open-*']\n")
    named = "agreements/open-seismology-network.yaml"
    text = cli(["check", named])
    assert text.exit_code == 0
    assert text.stdout.strip() == (
        f"0 files checked (1 named file excluded by the configuration: {named}): "
        "no findings (passed, fail-on error)"
    )
    as_json = cli(["check", named, "-f", "json"])
    assert json.loads(as_json.stdout)["excluded"] == [named]
    assert f"excluded by the configuration, not checked: {named}" in as_json.stderr
    folder = cli(["check", "agreements"])  # found in a folder, not named: left out silently
    assert "excluded" not in folder.stdout and folder.stdout.startswith("agreements/riverbend")


@pytest.mark.parametrize(
    ("config", "first_line"),
    [
        (
            "policy: [nowhere]\n",
            ".srm-check.yaml:1:10: policy: folder 'nowhere' not found (relative to this file)",
        ),
        ("paths: [nowhere]\n", ".srm-check.yaml:1:8: paths: {root}/nowhere: no such file or folder"),
        ("waivers: nowhere.yaml\n", ".srm-check.yaml:1:10: waivers: waivers file nowhere.yaml not found"),
        ("outputs:\n  pdf: r.pdf\n", ".srm-check.yaml:2:8: outputs: unknown format 'pdf'"),
        ("outputs:\n  sarif: blocker/r.sarif\n", ".srm-check.yaml:2:10: outputs: cannot write"),
    ],
)
def test_paths_from_the_configuration_are_located_in_it(project: Path, config: str, first_line: str) -> None:
    (project / "blocker").write_text("a file, not a folder\n")
    (project / ".srm-check.yaml").write_text(config)
    run = cli(["check"])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0].startswith(first_line.format(root=project.resolve().as_posix()))


def test_the_checked_file_count_leaves_the_waivers_file_out(project: Path) -> None:
    (project / "waivers.yaml").write_text(
        "waivers:\n  - {rule: SRM201, agreement: nobody, reason: not used, owner: o, expires: 2099-01-01}\n"
    )
    agreements = len(list((project / "agreements").glob("*.yaml")))
    run = cli(["check", "--today", "2098-12-25", "-f", "json"])
    data = json.loads(run.stdout)
    assert data["summary"]["files"] == agreements
    assert [f["kind"] for f in data["files"]][-1] == "waivers"
    text = cli(["check", "--today", "2098-12-25"]).stdout
    assert f"{agreements} files checked: " in text and " in 1 file and the waivers file (passed" in text


def test_check_does_not_import_what_completion_or_stdin_would_need() -> None:
    """Completion and `-` cost `check` nothing: no module beyond those of a plain run."""
    code = (
        "import sys; sys.argv=['srm-check','check','agreements/northfield-state-university.yaml'];"
        "from srm_check.cli import main\n"
        "try:\n main()\nexcept SystemExit:\n pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic','jsonschema','jinja2'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
