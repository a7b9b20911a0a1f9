"""The command line: `srm-check check` and friends, as users and CI systems call them.

Exit codes: 0 passed, 1 findings at or above --fail-on, 2 usage/policy error, 3 internal error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer.main
from conftest import AGREEMENTS, FIXTURES, ROOT, Run

from srm_check import __version__
from srm_check.cli import app

CLI = Callable[[Sequence[str]], Run]
RULES = FIXTURES / "rules"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
LINE = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning|note) "
    r"\[(?P<rule>[A-Z][A-Z0-9]*)\] (?P<message>\S.*)$"
)
SUMMARY = re.compile(
    r"^\d+ files? checked: (no findings|(\d+ (errors?|warnings?|notes?)(, )?)+ in \d+ files?) "
    r"\((passed|FAILED), fail-on (error|warning|note)\)$"
)


def python_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(extra)
    return env


# --- version and help -------------------------------------------------------------------------


def test_version(cli: CLI) -> None:
    run = cli(["--version"])
    assert (run.exit_code, run.stdout) == (0, f"srm-check {__version__}\n")


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_help_lists_every_command_and_the_exit_codes(cli: CLI) -> None:
    run = cli(["--help"])
    assert run.exit_code == 0
    for name in command_names():
        assert re.search(rf"^  {re.escape(name)}\s", run.stdout, re.MULTILINE), name
    assert "Exit codes: 0 passed; 1 findings at or above --fail-on; 2 usage" in " ".join(run.stdout.split())


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help(name: str, cli: CLI) -> None:
    run = cli([name, "--help"])
    assert run.exit_code == 0
    assert run.stdout.startswith(f"Usage: srm-check {name} ")
    assert "-h, --help" in run.stdout


def test_check_help_documents_its_options(cli: CLI) -> None:
    text = cli(["check", "--help"]).stdout
    for option in ("--policy", "--format", "--output", "--fail-on", "--color", "--jobs"):
        assert option in text


def test_python_dash_m_runs_the_same_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "srm_check", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"srm-check {__version__}\n", "")


# --- the shipped agreements, and broken copies of them -----------------------------------------


def test_shipped_agreements_pass(cli: CLI) -> None:
    run = cli(["check", str(AGREEMENTS)])
    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[-1] == "5 files checked: 1 note in 1 file (passed, fail-on error)"


def test_default_path_is_agreements(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    run = cli(["check"])
    assert run.exit_code == 0
    assert run.stdout == (
        "agreements/riverbend-community-college.yaml:12:12: note [SRM401] 'general-user-support' (#3) "
        "moves to 2i2c, although the more technical 'provide-user-access' (#4) is held by community "
        "(and 1 more)\n"
        "\n"
        "5 files checked: 1 note in 1 file (passed, fail-on error)\n"
    )


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line of `text` that contains `needle`."""
    (number,) = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return number


def broken_copy(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, str]:
    text = (AGREEMENTS / name).read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text


def findings(cli: CLI, path: Path) -> tuple[int, list[dict[str, Any]]]:
    run = cli(["check", "--format", "json", str(path)])
    return run.exit_code, json.loads(run.stdout)["findings"]


def test_copy_with_a_responsibility_deleted_fails(cli: CLI, tmp_path: Path) -> None:
    path, original = broken_copy(
        tmp_path, "northfield-state-university.yaml", "  monitor-for-incidents: 2i2c\n", ""
    )
    code, found = findings(cli, path)
    assert code == 1
    first_assignment = line_of(original, "  use-hub: community")
    assert [(f["rule_id"], f["line"], f["column"], f["pointer"]) for f in found] == [
        ("SRM101", first_assignment, 3, "/assignments/monitor-for-incidents")
    ]


def test_copy_with_a_shared_responsibility_fails(cli: CLI, tmp_path: Path) -> None:
    path, original = broken_copy(
        tmp_path,
        "cascadia-climate-collective.yaml",
        "  manage-data: 2i2c\n",
        "  manage-data: [2i2c, community]\n",
    )
    code, found = findings(cli, path)
    assert code == 1
    line = line_of(original, "  manage-data: 2i2c")
    assert [(f["rule_id"], f["line"], f["column"]) for f in found] == [("SRM102", line, 16)]
    assert found[0]["message"].startswith(
        "responsibility 'manage-data' is held by 2 parties (2i2c, community)"
    )


def test_copy_moved_without_a_cost_note_fails(cli: CLI, tmp_path: Path) -> None:
    old = (
        "    party: quakeware-coop\n"
        "    cost_note: Paid from the network's software grant; no change to the community's fees to 2i2c.\n"
    )
    path, original = broken_copy(tmp_path, "open-seismology-network.yaml", old, "    party: quakeware-coop\n")
    code, found = findings(cli, path)
    assert code == 1
    line = line_of(original, "  develop-domain-software:") + 1  # the `party:` line under it
    assert [(f["rule_id"], f["line"], f["column"]) for f in found] == [("SRM201", line, 12)]
    assert found[0]["message"] == (
        "responsibility 'develop-domain-software' moves from community to quakeware-coop without a "
        "cost note (missing or empty)"
    )


def test_copy_with_a_team_still_passes(cli: CLI, tmp_path: Path) -> None:
    # The control for the copies above: an edit that keeps the agreement valid passes.
    path, _ = broken_copy(
        tmp_path,
        "cascadia-climate-collective.yaml",
        "  manage-data: 2i2c\n",
        "  manage-data: cloud-engineering\n",
    )
    assert findings(cli, path) == (0, [])


# --- output -----------------------------------------------------------------------------------


def test_text_lines_and_summary_have_the_documented_form(cli: CLI) -> None:
    run = cli(["check", "--color", "never", str(RULES / "SRM106"), str(RULES / "SRM104/fail.yaml")])
    lines = run.stdout.splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    # Every fixture is an agreement of "Fixture Community" in force today: SRM501 finds the
    # overlaps, each with the earlier agreement as its related location.
    assert lines[-1] == "5 files checked: 12 errors in 5 files (FAILED, fail-on error)"
    assert lines[-2] == ""
    body = lines[:-2]
    groups: list[list[str]] = [[]]
    for line in body:
        if line == "":
            groups.append([])
            continue
        if line.startswith("  "):  # a related location under its finding
            assert re.match(r"^  \S+:\d+:\d+: (first assigned here|in force on the same days)$", line), line
            continue
        match = LINE.match(line)
        assert match, line
        groups[-1].append(match["path"])
    assert len(groups) == 5  # one block per file with findings, a blank line between
    assert all(len(set(g)) == 1 for g in groups)


def test_json_shape(cli: CLI) -> None:
    run = cli(["check", "--format", "json", str(RULES / "SRM106/fail-duplicate-key.yaml"), str(AGREEMENTS)])
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    assert list(data)[:5] == ["version", "tool", "summary", "files", "findings"]
    assert data["version"] == 1
    assert data["tool"] == {"name": "srm-check", "version": __version__}
    summary = data["summary"]
    assert {
        k: summary[k] for k in ("files", "files_with_findings", "findings", "fail_on", "passed", "exit_code")
    } == {
        "files": 6,
        "files_with_findings": 2,
        "findings": {"error": 1, "warning": 0, "note": 1},
        "fail_on": "error",
        "passed": False,
        "exit_code": 1,
    }
    assert all(set(f) >= {"path", "findings"} for f in data["files"])
    assert sum(f["findings"] for f in data["files"]) == len(data["findings"]) == 2
    types = {
        "rule_id": str,
        "rule_name": str,
        "severity": str,
        "message": str,
        "path": str,
        "line": int,
        "column": int,
        "end_line": int,
        "end_column": int,
        "pointer": str,
        "document": int,
        "related": list,
    }
    for finding in data["findings"]:
        assert set(types) | {"agreement"} <= set(finding)
        for key, kind in types.items():
            assert isinstance(finding[key], kind), key
        assert finding["agreement"] is None or isinstance(finding["agreement"], str)
        assert finding["severity"] in ("error", "warning", "note")
        assert (finding["end_line"], finding["end_column"]) >= (finding["line"], finding["column"])
        assert finding["pointer"] == "" or finding["pointer"].startswith("/")
    (dup,) = [f for f in data["findings"] if f["rule_id"] == "SRM106"]
    assert (dup["rule_id"], dup["rule_name"], dup["agreement"]) == (
        "SRM106",
        "responsibility-duplicate",
        "srm106-fail-key",
    )
    assert dup["related"] == [
        {"path": dup["path"], "line": 14, "column": 3, "message": "first assigned here"}
    ]


def test_output_file(cli: CLI, tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "findings.json"
    run = cli(["check", "--format", "json", "--output", str(target), str(AGREEMENTS)])
    assert (run.exit_code, run.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == cli(["check", "--format", "json", str(AGREEMENTS)]).stdout


def test_output_file_keeps_the_exit_code(cli: CLI, tmp_path: Path) -> None:
    target = tmp_path / "findings.txt"
    run = cli(["check", "--output", str(target), str(RULES / "SRM101/fail.yaml")])
    assert run.exit_code == 1
    assert target.read_text(encoding="utf-8").splitlines()[-1].endswith("(FAILED, fail-on error)")


def test_unwritable_output_is_a_usage_error(cli: CLI, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    run = cli(["check", "--output", str(blocker / "out.txt"), str(AGREEMENTS)])
    assert run.exit_code == 2
    assert run.stderr.startswith(f"srm-check: error: cannot write {blocker / 'out.txt'}")


@pytest.mark.parametrize(
    ("target", "fail_on", "code"),
    [
        ("SRM401/fail.yaml", "error", 0),
        ("SRM401/fail.yaml", "warning", 0),
        ("SRM401/fail.yaml", "note", 1),
        ("SRM202/fail.yaml", "error", 0),
        ("SRM202/fail.yaml", "warning", 1),
        ("SRM202/fail.yaml", "note", 1),
        ("SRM101/fail.yaml", "error", 1),
        ("SRM101/pass.yaml", "note", 0),
    ],
)
def test_fail_on_sets_the_threshold(target: str, fail_on: str, code: int, cli: CLI) -> None:
    run = cli(["check", "--fail-on", fail_on, str(RULES / target)])
    assert run.exit_code == code
    verdict = "FAILED" if code else "passed"
    assert run.stdout.splitlines()[-1].endswith(f"({verdict}, fail-on {fail_on})")


# --- colour -----------------------------------------------------------------------------------


def test_colour_only_when_asked(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    target = str(RULES / "SRM202/fail.yaml")
    coloured = cli(["check", "--color", "always", target]).stdout
    assert "\x1b[33mwarning\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == cli(["check", "--color", "never", target]).stdout
    assert not ANSI.search(cli(["check", target]).stdout)  # auto, and not a terminal


def test_no_color_wins_over_auto(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(cli(["check", str(RULES / "SRM202/fail.yaml")]).stdout)


def test_colour_never_goes_to_an_output_file(cli: CLI, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    cli(["check", "--color", "auto", "--output", str(target), str(RULES / "SRM202/fail.yaml")])
    assert not ANSI.search(target.read_text(encoding="utf-8"))


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(
    ("env", "coloured"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)],
    ids=["terminal", "NO_COLOR", "TERM=dumb"],
)
def test_colour_on_a_terminal(env: dict[str, str], coloured: bool) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "srm_check", "check", str(RULES / "SRM202/fail.yaml")],
            stdout=follower,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=python_env(**{"TERM": "xterm", **env}),
            timeout=60,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything is read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    output = b"".join(chunks).decode("utf-8")
    assert done.returncode == 0
    assert "[SRM202]" in output
    assert bool(ANSI.search(output)) is coloured


# --- schema -----------------------------------------------------------------------------------


def schema_from_cli(cli: CLI, kind: str) -> jsonschema.Draft202012Validator:
    run = cli(["schema", "--kind", kind])
    assert run.exit_code == 0
    schema = json.loads(run.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def yaml_value(path: Path) -> Any:
    from srm_check.source.reader import load_file

    (doc,) = load_file(path, path.name).documents
    return doc.value


def test_schema_validates_the_shipped_agreements(cli: CLI) -> None:
    validator = schema_from_cli(cli, "agreement")
    assert cli(["schema"]).stdout == cli(["schema", "--kind", "agreement"]).stdout
    for path in sorted(AGREEMENTS.glob("*.yaml")):
        validator.validate(yaml_value(path))


def test_schema_rejects_a_broken_agreement(cli: CLI) -> None:
    validator = schema_from_cli(cli, "agreement")
    broken = yaml_value(AGREEMENTS / "riverbend-community-college.yaml")
    broken["colour"] = "blue"
    del broken["community"]
    broken["assignments"]["manage-data"]["cost_note"] = {"amount": 5}
    errors = sorted(validator.iter_errors(broken), key=lambda e: list(e.absolute_path))
    assert len(errors) == 3
    assert {e.validator for e in errors} >= {"additionalProperties", "required"}


def test_schema_of_policy_files(cli: CLI) -> None:
    catalogue, rules = schema_from_cli(cli, "catalogue"), schema_from_cli(cli, "rules")
    catalogue.validate(yaml_value(ROOT / "policies/catalogues/2i2c-srm-2022.yaml"))
    for path in sorted((ROOT / "policies/rules").glob("*.yaml")):
        rules.validate(yaml_value(path))
    bad = yaml_value(FIXTURES / "catalogues/broken/unknown-function/rules.yaml")
    assert not rules.is_valid(bad)


# --- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "yaml", "agreements"],
        ["check", "--fail-on", "fatal", "agreements"],
        ["check", "--no-such-option"],
        ["no-such-command"],
        ["check", "--jobs", "-1", "agreements"],
    ],
)
def test_usage_errors_exit_2(args: list[str], cli: CLI) -> None:
    run = cli(args)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr


def test_internal_error_exits_3_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from srm_check import cli
    from srm_check.rules import engine

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.Engine, "evaluate", explode)
    monkeypatch.setattr(sys, "argv", ["srm-check", "check", str(AGREEMENTS)])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("srm-check: internal error: RuntimeError: boom\n")
    assert "Traceback" not in err


def test_custom_policy_folder(cli: CLI) -> None:
    orbit = FIXTURES / "catalogues/orbit"
    run = cli(
        [
            "check",
            "--policy",
            str(orbit / "policy"),
            "-p",
            str(ROOT / "policies"),
            str(orbit / "agreements/pass"),
        ]
    )
    assert run.exit_code == 0
    assert run.stdout == "2 files checked: no findings (passed, fail-on error)\n"


def test_jobs_option_gives_the_same_output(cli: CLI) -> None:
    one = cli(["check", "--jobs", "1", str(RULES)])
    two = cli(["check", "--jobs", "2", str(RULES)])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
