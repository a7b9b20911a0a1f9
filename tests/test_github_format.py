"""`--format github`: workflow commands that GitHub turns into annotations on a pull request.

Each line is read back the way the Actions runner reads it (ActionCommand.TryParseV2: the
command up to the first `::`, properties split on `,` and `=`, then unescaped in the
runner's order), so a test fails if a value could end a command early or start another.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import OUTPUTS, ROOT, run_cli

from srm_check.core.finding import Finding, Related, WaiverRef
from srm_check.core.problem import Problem
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.core.text import visible
from srm_check.formats import github
from srm_check.pipeline.results import FileResult, RunResult

RULES = [{"id": "SRM104", "name": "party-unknown"}, {"id": "SRM201", "name": "deviation-cost-note"}]
# The runner's unescaping, in its order (%25 last, so "%250A" stays "%0A").
DATA_ESCAPES = [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]
PROPERTY_ESCAPES = [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]
COMMANDS = {"error", "warning", "notice"}
SPAN = Span(3, 5, 3, 9)


@dataclass
class Command:
    name: str
    properties: dict[str, str]
    data: str


def _unescape(text: str, table: list[tuple[str, str]]) -> str:
    for escaped, plain in table:
        text = text.replace(escaped, plain)
    return text


def parse(line: str) -> Command | None:
    """A workflow command as the runner parses it, or None for a plain log line."""
    line = line.lstrip()
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    info = line[2:end]
    name, _, props = info.partition(" ")
    if name not in COMMANDS:
        return None
    properties = {}
    for pair in (p for p in props.strip().split(",") if p):
        key, sep, value = pair.partition("=")
        if sep and value:
            properties[key] = _unescape(value, PROPERTY_ESCAPES)
    return Command(name, properties, _unescape(line[end + 2 :], DATA_ESCAPES))


def commands(text: str) -> list[Command]:
    """The commands of an output, read line by line as the runner reads the step's log."""
    assert "\r" not in text  # the runner also ends lines at CR
    return [c for c in (parse(line) for line in text.split("\n")) if c is not None]


def finding(
    message: str = "'x' is not a party",
    *,
    path: str = "agreements/a.yaml",
    severity: Severity = Severity.error,
    span: Span = SPAN,
    **extra: object,
) -> Finding:
    return Finding("SRM104", severity, message, path, span, "/assignments/use-hub", "a", **extra)  # type: ignore[arg-type]


def render(*findings: Finding) -> str:
    files: dict[str, list[Finding]] = {}
    for f in findings:
        files.setdefault(f.path, []).append(f)
    result = RunResult([FileResult(p, fs) for p, fs in files.items()], RULES)  # type: ignore[arg-type]
    return github.render(result)


HOSTILE = [
    "100% sure",
    "%25 already escaped, %0A and %0D and %3A and %2C too",
    "first line\nsecond line",
    "carriage\rreturn and CRLF\r\nend",
    "colons: a::b and ::error file=x::injected",
    "commas, and = signs, key=value",
    "\n::warning file=evil.yaml,line=1::a new command at the start of a line",
    "trailing newline\n",
    "unicode \u2028 line separator and \x85 next line are shown escaped",
    "\x1b[1A\x1b[2Kterminal escapes and \u202ebidi controls",
]


@pytest.mark.parametrize("message", HOSTILE)
def test_message_survives_the_round_trip(message: str) -> None:
    """The annotation reads as the message, with control characters shown escaped: a line
    break inside data is `\\n`, never a line of the annotation or of the log."""
    out = render(finding(message))
    [cmd] = commands(out)
    assert cmd.data == visible(message)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in cmd.data)
    assert cmd.properties["title"] == "SRM104 party-unknown"
    assert len(out.split("\n")) == 3  # one command, the summary line, the final newline


@pytest.mark.parametrize(
    "path",
    [
        "agreements/with,comma.yaml",
        "agreements/with:colon.yaml",
        "agreements/100%.yaml",
        "agreements/%2C literal.yaml",
        "agreements/new\nline.yaml",
        "agreements/cr\rname.yaml",
        "agreements/equals=sign.yaml",
        "agreements/x.yaml,line=99,title=forged",
    ],
)
def test_path_survives_the_round_trip(path: str) -> None:
    [cmd] = commands(render(finding(path=path)))
    assert cmd.properties["file"] == visible(path)
    assert cmd.properties["line"] == "3" and cmd.properties["title"] == "SRM104 party-unknown"


def test_title_is_escaped_too() -> None:
    rules = [{"id": "X1", "name": "odd, name: with %"}]
    f = Finding("X1", Severity.warning, "m", "a.yaml", Span(1, 1, 1, 2))
    out = github.render(RunResult([FileResult("a.yaml", [f])], rules))  # type: ignore[arg-type]
    assert "title=X1 odd%2C name%3A with %25::" in out
    [cmd] = commands(out)
    assert cmd.properties["title"] == "X1 odd, name: with %"


@pytest.mark.parametrize(
    ("severity", "command"), [("error", "error"), ("warning", "warning"), ("note", "notice")]
)
def test_severity_maps_to_a_command(severity: str, command: str) -> None:
    [cmd] = commands(render(finding(severity=Severity(severity))))
    assert cmd.name == command


def test_location_and_columns() -> None:
    one_line, two_lines = finding(span=Span(7, 3, 7, 12)), finding(path="b.yaml", span=Span(7, 3, 9, 1))
    first, second = commands(render(one_line, two_lines))
    assert first.properties == {
        "file": "agreements/a.yaml",
        "line": "7",
        "endLine": "7",
        "col": "3",
        "endColumn": "12",
        "title": "SRM104 party-unknown",
    }
    # Columns across lines are dropped by the runner, so they are not sent.
    assert "col" not in second.properties and "endColumn" not in second.properties
    assert (second.properties["line"], second.properties["endLine"]) == ("7", "9")


def test_waived_and_baselined_findings_are_notices() -> None:
    waiver = WaiverRef(
        "waivers.yaml", 3, "Costing it, 50% done", "finance@example.org", "2026-06-30", "FIN-42"
    )
    expired = WaiverRef("waivers.yaml", 9, "old", "ops@example.org", "2026-01-01", expired=True)
    waived = finding("waived one", waiver=waiver)
    lapsed = finding("expired one", waiver=expired, span=Span(4, 1, 4, 2))
    known = finding("known one", baseline="unchanged", severity=Severity.warning, span=Span(5, 1, 5, 2))
    new = finding("new one", baseline="new", span=Span(6, 1, 6, 2))
    out = render(waived, lapsed, known, new)
    by_message = {c.data.split("\n")[0]: c for c in commands(out)}
    assert by_message["waived one"].name == "notice"
    assert by_message["waived one"].properties["title"] == "SRM104 party-unknown (waived)"
    assert by_message["waived one"].data.split("\n")[1] == (
        "waived by waivers.yaml:3 until 2026-06-30 (owner finance@example.org, FIN-42): Costing it, 50% done"
    )
    assert by_message["expired one"].name == "error"  # an expired waiver waives nothing
    assert by_message["known one"].name == "notice"
    assert by_message["known one"].properties["title"] == "SRM104 party-unknown (in baseline)"
    assert by_message["new one"].name == "error"
    # The summary line counts what fails the run: the expired waiver's and the new finding.
    assert out.endswith("srm-check: 1 file(s), 2 error(s), 0 warning(s), 0 note(s): failed\n")


def test_related_locations_follow_the_message() -> None:
    related = (Related("agreements/a.yaml", Span(16, 3, 16, 10), "first assigned here"),)
    [cmd] = commands(render(finding("assigned again", related=related)))
    assert cmd.data == "assigned again\nagreements/a.yaml:16:3: first assigned here"


def test_policy_problems_are_error_annotations_on_the_policy_file() -> None:
    problem = Problem("unknown field 'a:b'", Span(14, 14, 14, 20), path="policy/rules/x,y.yaml")
    out = github.render(RunResult([], [], problems=[problem]))
    [cmd] = commands(out)
    assert cmd.name == "error"
    assert cmd.properties["file"] == "policy/rules/x,y.yaml" and cmd.properties["line"] == "14"
    assert cmd.properties["title"] == "srm-check policy" and cmd.data == "unknown field 'a:b'"
    assert out.endswith("srm-check: the policy has 1 problem(s); nothing was checked\n")


def test_cli_broken_policy_annotates_the_policy_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ["--policy", "policies", "--policy", f"{OUTPUTS}/broken-policy", f"{OUTPUTS}/clean"]
    run = run_cli(["check", "--format", "github", *args])
    assert run.exit_code == 2
    found = commands(run.stdout)
    assert [c.name for c in found] == ["error", "error"]
    assert found[0].properties["file"] == f"{OUTPUTS}/broken-policy/rules/broken.yaml"
    assert (found[0].properties["line"], found[0].properties["col"]) == ("14", "14")


def test_cli_every_finding_is_one_annotation_with_a_repository_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)  # the repository root
    shutil.copytree(ROOT / OUTPUTS / "failing", repo / "srm" / "agreements")
    monkeypatch.chdir(repo / "srm")  # run from a subfolder: paths are still from the root
    run = run_cli(["check", "--format", "github", "agreements"])
    assert run.exit_code == 1
    data = json.loads(run_cli(["check", "--format", "json", "agreements"]).stdout)
    found = commands(run.stdout)
    assert len(found) == len(data["findings"]) > 0
    for cmd, f in zip(found, data["findings"], strict=True):
        assert cmd.properties["file"] == f"srm/{f['path']}"
        assert cmd.properties["line"] == str(f["line"])
        assert cmd.data.split("\n")[0] == f["message"]
        assert cmd.name == {"error": "error", "warning": "warning", "note": "notice"}[f["severity"]]
    assert run.stdout.splitlines()[-1].startswith("srm-check: 2 file(s), 5 error(s), 1 warning(s)")


def test_cli_agreement_text_cannot_forge_a_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = (ROOT / "tests" / "fixtures" / "precommit" / "good.yaml").read_text("utf-8")
    forged = '"evil%0A::error file=x.yaml::forged\\n::warning::two, a:b %25"'
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "a.yaml").write_text(good.replace("use-hub: community", f"use-hub: {forged}"))
    shutil.copy2(ROOT / "tests" / "fixtures" / "precommit" / "bad.yaml", tmp_path / "agreements" / "b.yaml")
    monkeypatch.chdir(tmp_path)
    run = run_cli(["check", "--format", "github"])
    data = json.loads(run_cli(["check", "--format", "json"]).stdout)
    found = commands(run.stdout)
    # One command per finding, each carrying its whole message: nothing was forged.
    assert len(found) == len(data["findings"]) == 2
    assert [c.data for c in found] == [visible(f["message"]) for f in data["findings"]]
    assert any("evil%0A::error file=x.yaml::forged\\n::warning::two, a:b %25" in c.data for c in found)
    assert all(c.properties["file"].startswith("agreements/") for c in found)
