"""Several outputs from one run: `--report FORMAT=PATH`, beside the main `--format`/`--output`.

One check writes every output; each must be byte-identical to what a separate run of
that format writes. Mistakes in the options are usage errors (exit 2) found before any
file is checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BROKEN_POLICY, OUTPUTS, ROOT, run_cli

from srm_check.formats import FORMATS


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def separately(tmp_path: Path, fmt: str, args: list[str]) -> str:
    """What a run of one format alone writes to a file."""
    out = tmp_path / f"alone.{fmt}"
    run_cli(["check", "--format", fmt, "--output", str(out), *args])
    return out.read_text("utf-8")


@pytest.mark.parametrize("target", [f"{OUTPUTS}/failing", f"{OUTPUTS}/unparseable", f"{OUTPUTS}/clean"])
def test_one_run_many_outputs_same_as_separate_runs(tmp_path: Path, target: str) -> None:
    files = {fmt: tmp_path / f"together.{fmt}" for fmt in ("sarif", "junit", "json", "text")}
    reports = [x for fmt, path in files.items() for x in ("--report", f"{fmt}={path}")]
    together = run_cli(["check", "--format", "text", *reports, target])
    alone = run_cli(["check", "--format", "text", target])
    assert together.exit_code == alone.exit_code
    assert together.stdout == alone.stdout
    for fmt, path in files.items():
        assert path.read_text("utf-8") == separately(tmp_path, fmt, [target]), fmt
    # Stdout of a format is the same text as its file.
    assert run_cli(["check", "--format", "sarif", target]).stdout == files["sarif"].read_text("utf-8")


def test_main_output_to_a_file_with_reports(tmp_path: Path) -> None:
    main, extra = tmp_path / "main.json", tmp_path / "deep" / "er" / "extra.sarif"
    run = run_cli(
        ["check", "-f", "json", "-o", str(main), "--report", f"sarif={extra}", f"{OUTPUTS}/failing"]
    )
    assert run.exit_code == 1
    assert run.stdout == ""
    assert json.loads(main.read_text("utf-8"))["summary"]["exit_code"] == 1
    assert json.loads(extra.read_text("utf-8"))["runs"][0]["invocations"][0]["exitCode"] == 1


def test_same_format_to_two_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one.sarif", tmp_path / "two.sarif"
    run = run_cli(["check", "--report", f"sarif={one}", "--report", f"sarif={two}", f"{OUTPUTS}/clean"])
    assert run.exit_code == 0
    assert one.read_text("utf-8") == two.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--report", "sarif"], "expected FORMAT=PATH"),
        (["--report", "sarif="], "expected FORMAT=PATH"),
        (["--report", "html=x.html"], "unknown format 'html' (choose from: text, json, sarif, junit"),
        (["--report", "sarif=a.out", "--report", "junit=a.out"], "a.out is named for two outputs"),
        (["-f", "json", "-o", "a.out", "--report", "sarif=a.out"], "a.out is named for two outputs"),
    ],
)
def test_bad_outputs_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    run = run_cli(["check", *args, f"{OUTPUTS}/failing"])
    assert run.exit_code == 2
    assert message in run.stderr
    assert run.stdout == ""
    assert not (ROOT / "a.out").exists() and not (ROOT / "x.html").exists()


def test_policy_errors_keep_text_output_and_write_recording_reports(tmp_path: Path) -> None:
    sarif, junit, data = tmp_path / "p.sarif", tmp_path / "p.xml", tmp_path / "p.json"
    reports = ["--report", f"sarif={sarif}", "--report", f"junit={junit}", "--report", f"json={data}"]
    run = run_cli(["check", *BROKEN_POLICY, *reports, f"{OUTPUTS}/clean"])
    assert run.exit_code == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert lines[0].startswith(f"{OUTPUTS}/broken-policy/rules/broken.yaml:14:14: ")
    assert lines[-1] == "srm-check: error: the policy has 2 problem(s); nothing was checked"
    assert json.loads(sarif.read_text("utf-8"))["runs"][0]["invocations"][0]["exitCode"] == 2
    assert "policy-error" in junit.read_text("utf-8")
    # JSON has no place for policy problems: as before, nothing is written.
    assert not data.exists()
    # The same files as separate runs write.
    assert sarif.read_text("utf-8") == separately(tmp_path, "sarif", [*BROKEN_POLICY, f"{OUTPUTS}/clean"])
    assert junit.read_text("utf-8") == separately(tmp_path, "junit", [*BROKEN_POLICY, f"{OUTPUTS}/clean"])


def test_every_registered_format_is_a_choice() -> None:
    help_text = run_cli(["check", "--help"]).stdout
    for name in FORMATS:
        assert name in help_text
    assert "--report" in help_text and "--junit-file-attribute" in help_text


def test_formats_are_imported_only_when_chosen() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from srm_check.cli import app\n"
        f"result = CliRunner().invoke(app, ['check', '{OUTPUTS}/clean'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in sys.modules if m.startswith(('xml', 'gzip', 'srm_check.formats.'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    # formats.outputs plans and writes the outputs of every check; of the formats, only text.
    assert out.strip() == "['srm_check.formats.outputs', 'srm_check.formats.text']"
