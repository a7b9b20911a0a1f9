"""formats/outputs.py: planning a run's outputs, and writing them all from one result."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_check.core.codes import builtin_rules
from srm_check.core.problem import Problem, SrmError
from srm_check.core.severity import Severity
from srm_check.formats import FormatOptions
from srm_check.formats.outputs import (
    Output,
    parse_report,
    plan_outputs,
    write_all,
    write_policy_problems,
)
from srm_check.pipeline.results import FileResult, RunResult


def run() -> RunResult:
    return RunResult([FileResult("a.yaml", [], documents=1, agreement_ids=["a"])], builtin_rules()[:2])


def usage(call: object) -> str:
    """The summary of the usage error `call()` raises."""
    with pytest.raises(SrmError) as error:
        call()  # type: ignore[operator]
    assert error.value.kind == "usage"
    return error.value.summary


def test_parse_report() -> None:
    assert parse_report("sarif=out/x.sarif") == Output("sarif", Path("out/x.sarif"))
    assert parse_report(" junit =a=b.xml") == Output("junit", Path("a=b.xml"))
    assert "expected FORMAT=PATH" in usage(lambda: parse_report("sarif"))
    assert "expected FORMAT=PATH" in usage(lambda: parse_report("sarif="))
    assert "unknown format 'html' (choose from: text, json" in usage(lambda: parse_report("html=x"))


def test_plan_main_output_then_reports_then_configured(tmp_path: Path) -> None:
    configured = {"json": tmp_path / "conf.json", "sarif": tmp_path / "conf.sarif"}
    plan = plan_outputs("text", None, [f"sarif={tmp_path / 'cli.sarif'}"], configured)
    # A --report of a format replaces the configuration's output of that format.
    assert plan == [
        Output("text", None),
        Output("sarif", tmp_path / "cli.sarif"),
        Output("json", tmp_path / "conf.json"),
    ]


def test_plan_refuses_file_only_formats_on_a_terminal_and_one_file_twice(tmp_path: Path) -> None:
    assert "--format junit writes a file for a CI system" in usage(lambda: plan_outputs("junit", None, []))
    assert plan_outputs("junit", tmp_path / "j.xml", []) == [Output("junit", tmp_path / "j.xml")]
    twice = [f"sarif={tmp_path / 'a.out'}", f"junit={tmp_path}/x/../a.out"]
    assert "a.out is named for two outputs (sarif and junit)" in usage(
        lambda: plan_outputs("text", None, twice)
    )


def test_write_all_writes_files_then_stdout_and_colours_only_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "deep" / "out.txt"
    write_all([Output("text", None), Output("text", target)], run(), FormatOptions(color=True))
    assert "\033[" in capsys.readouterr().out
    assert "\033[" not in target.read_text("utf-8")
    assert target.read_text("utf-8").endswith("(passed, fail-on error)\n")


def test_policy_problems_are_written_only_by_formats_that_record_them(tmp_path: Path) -> None:
    outputs = [
        Output("text", None),
        Output("json", tmp_path / "p.json"),
        Output("sarif", tmp_path / "p.sarif"),
    ]
    problems = [Problem("bad rule", path="rules.yaml")]
    write_policy_problems(outputs, problems, Severity.error, FormatOptions())
    assert [p.name for p in tmp_path.iterdir()] == ["p.sarif"]
    assert "bad rule" in (tmp_path / "p.sarif").read_text("utf-8").lower()  # SARIF: "Bad rule."
