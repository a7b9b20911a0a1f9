"""Every output, fed to the third-party tools that consume or police it, as users do.

One corpus of runs: the shipped examples, broken copies of them, a waiver scenario, a
baseline scenario and a hostile corpus (control characters, HTML, Markdown and `javascript:`
payloads, workflow commands in file names, notes and party names). Each run writes every
format of `check` and of `report`; then every SARIF file passes the OASIS schema and
Microsoft's SARIF multitool (`Sarif;Ghas`, no error and no warning), every JUnit file the
Jenkins xUnit XSD, every HTML report the Nu HTML Checker, and no human-facing output holds a
raw control character other than the line feed. The multitool and vnu come from npm
(tests/third_party.py says how; CI installs them and fails rather than skips without them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import AGREEMENTS, FIXTURES, GOLDEN, SHARED, run_cli, shared_file
from third_party import validate_html, validate_sarif

from srm_check.core.text import visible

TODAY = "2026-06-10"
# The formats `check` writes beside its text output, and the reports.
CHECK_REPORTS = {"json": "check.json", "sarif": "check.sarif", "junit": "check.xml", "github": "check.github"}
HUMAN = ("text.out", "text.err", "check.github", "check.summary.md", "report.md", "report.html")
# No raw C0 control (but the line feed), DEL or C1 control, nor a line or paragraph separator
# or a bidirectional control, in anything a person reads.
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)

HOSTILE = {
    "esc": "x\x1b[1A\x1b[2K\rall good\n1 file checked: no findings (passed, fail-on error)",
    "html": "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "markdown": "~~free~~ **bold** [click](javascript:alert(3)) $x$ &amp; `tick` | pipe | #",
    "links": "see https://evil.example/x and www.evil.example",
    "workflow": "::error file=x.yaml,line=1::forged%0A::warning::two",
    "bidi": "safe\u202eevil\u2066x\u2069 \x85 \u2028 end",
}


def _yaml(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text)


@dataclass
class Scenario:
    """One run's folder, what it printed, and the files it wrote."""

    name: str
    folder: Path
    printed: dict[str, str] = field(default_factory=dict)

    def outputs(self, suffix: str) -> list[Path]:
        return sorted(self.folder.glob(f"out/*{suffix}"))


def _repository(base: Path, name: str) -> Path:
    """A folder that srm-check takes as a repository root (it holds `.git`)."""
    folder = base / name
    (folder / ".git").mkdir(parents=True)
    return folder


def _copy_examples(folder: Path) -> Path:
    target = folder / "agreements"
    shutil.copytree(AGREEMENTS, target)
    return target


def _run(scenario: Scenario, check_args: list[str], report_args: list[str] | None = None) -> None:
    """`check` (text on stdout, every other format as a report) and `report` in three formats."""
    out = scenario.folder / "out"
    out.mkdir(exist_ok=True)
    reports = [f"--report={fmt}={out / name}" for fmt, name in CHECK_REPORTS.items()]
    reports.append(f"--report=summary={out / 'check.summary.md'}")
    before = Path.cwd()
    os.chdir(scenario.folder)
    try:
        run = run_cli(["check", "--color", "never", *reports, *check_args])
        assert run.exit_code in (0, 1), run.stderr
        scenario.printed["text.out"], scenario.printed["text.err"] = run.stdout, run.stderr
        for name in ("report.md", "report.html", "report.json"):
            done = run_cli(
                ["report", "-o", str(out / name), *(check_args if report_args is None else report_args)]
            )
            assert done.exit_code in (0, 1), done.stderr
    finally:
        os.chdir(before)
    (out / "text.out").write_text(run.stdout, "utf-8")


def _examples(base: Path) -> Scenario:
    scenario = Scenario("examples", _repository(base, "examples"))
    _copy_examples(scenario.folder)
    _run(scenario, [])
    return scenario


def _broken(base: Path) -> Scenario:
    """Broken copies of the examples: every way the issue saw an output go wrong."""
    scenario = Scenario("broken", _repository(base, "broken"))
    agreements = _copy_examples(scenario.folder)
    riverbend = agreements / "riverbend-community-college.yaml"
    text = riverbend.read_text("utf-8")
    # An amount without a currency (the HTML report listed it under one id twice).
    riverbend.write_text(
        text.replace("      amount: 750\n      currency: USD\n", "      amount: 750\n"), "utf-8"
    )
    # The same agreement id twice (two landmarks of one name), a null value, keys as written.
    again = text.replace("provide-user-access: community", "provide-user-access:")
    again = again.replace("  use-hub: community\n", "  use-hub: community\n  0x1f: community\n  007: 2i2c\n")
    (agreements / "riverbend-again.yaml").write_text(again, "utf-8")
    cascadia = (agreements / "cascadia-climate-collective.yaml").read_text("utf-8")
    (agreements / "tabbed.yaml").write_text(cascadia.replace("  use-hub:", "\tuse-hub:"), "utf-8")
    (agreements / "misspelt.yaml").write_text(
        cascadia.replace("assignments:", "asignments:").replace("agreement: cascadia", "agreement: miss"),
        "utf-8",
    )
    (agreements / "brackets.yaml").write_text("agreement: [unclosed\n", "utf-8")
    (agreements / "empty.yaml").write_text("# nothing here\n", "utf-8")
    (agreements / "repeats.yaml").write_text(
        cascadia.replace("agreement: cascadia-climate-collective", "agreement: repeats")
        + "agreement: again\nagreement: and-again\n",
        "utf-8",
    )
    outside = scenario.folder.parent / "outside-the-repository"
    outside.mkdir()
    shutil.copy(AGREEMENTS / "northfield-state-university.yaml", outside / "north.yaml")
    _run(scenario, ["agreements", "../outside-the-repository/north.yaml"])
    return scenario


def _waivers(base: Path) -> Scenario:
    """A waivers file and inline waivers: active, expiring, expired, unused, invalid."""
    scenario = Scenario("waivers", _repository(base, "waivers"))
    shutil.copytree(FIXTURES / "waivers" / "project", scenario.folder, dirs_exist_ok=True)
    inline = (FIXTURES / "inline_waivers" / "pilot.yaml").read_text("utf-8")
    inline = inline.replace('expires=2026-06-30 reason="Guidance', 'expires=2026-01-31 reason="Guidance')
    inline += "# srm-check: waive SRM999 owner= reason=incomplete\n"
    (scenario.folder / "agreements" / "inline.yaml").write_text(inline, "utf-8")
    _run(scenario, ["--today", TODAY], ["--today", TODAY])
    return scenario


def _baseline(base: Path) -> Scenario:
    """A baseline recorded on failing copies, then one finding fixed and new ones added."""
    scenario = Scenario("baseline", _repository(base, "baseline"))
    agreements = _copy_examples(scenario.folder)
    north = agreements / "northfield-state-university.yaml"
    text = north.read_text("utf-8")
    north.write_text(text.replace("manage-data:", "manage-datta:"), "utf-8")
    before = Path.cwd()
    os.chdir(scenario.folder)
    try:
        assert run_cli(["check", "--write-baseline", "baseline.json"]).exit_code == 0
    finally:
        os.chdir(before)
    north.write_text(text.replace("use-hub: community", "use-hub: communty"), "utf-8")
    _run(scenario, ["--baseline", "baseline.json"], [])
    return scenario


def _hostile(base: Path) -> Scenario:
    """Hostile text everywhere a person reads data: names, notes, parties, keys, file names."""
    scenario = Scenario("hostile", _repository(base, "hostile"))
    agreements = scenario.folder / "agreements"
    agreements.mkdir()
    good = (FIXTURES / "precommit" / "good.yaml").read_text("utf-8")
    for index, (name, payload) in enumerate(HOSTILE.items()):
        text = good.replace("agreement: lakeside-ocean-lab", f"agreement: hostile-{name}")
        text = text.replace("community: Lakeside Ocean Lab", f"community: {_yaml(payload)}")
        text = text.replace("  use-hub: community\n", f"  use-hub: {_yaml(payload)}\n")
        moved = {"party": "2i2c", "note": payload, "cost_note": {"text": payload, "amount": 5}}
        text = text.replace("  manage-data: 2i2c\n", "  manage-data: community\n")
        text = text.replace(
            "  define-basic-environment: community\n", f"  define-basic-environment: {json.dumps(moved)}\n"
        )
        text = text.replace("  guide-2i2c: 2i2c\n", f"  guide-2i2c: 2i2c\n  {_yaml(payload)}: 2i2c\n")
        text += f"description: {_yaml(payload)}\nparties:\n  - id: p{index}\n    name: {_yaml(payload)}\n"
        file_name = f"{index}-{payload.replace('/', '_')[:60]}.yaml"
        (agreements / file_name).write_text(text, "utf-8")
    _run(scenario, [])
    return scenario


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Scenario]:
    base = tmp_path_factory.mktemp("consumers")
    return [_examples(base), _broken(base), _waivers(base), _baseline(base), _hostile(base)]


def _all(corpus: list[Scenario], suffix: str) -> list[Path]:
    return [path for scenario in corpus for path in scenario.outputs(suffix)]


def _sarif_files(corpus: list[Scenario]) -> list[Path]:
    """Every SARIF file of the corpus, and the golden ones (the scenarios of test_sarif.py)."""
    return [*_all(corpus, ".sarif"), *sorted(GOLDEN.glob("*.sarif"))]


def test_the_corpus_holds_what_the_issue_saw_go_wrong(corpus: list[Scenario]) -> None:
    by_name = {s.name: s for s in corpus}
    broken = json.loads((by_name["broken"].folder / "out" / "check.json").read_text("utf-8"))
    rules = {f["rule_id"] for f in broken["findings"]}
    assert {"SRM001", "SRM005", "SRM010", "SRM002", "SRM105", "SRM305", "SRM103"} <= rules
    waivers = json.loads((by_name["waivers"].folder / "out" / "check.json").read_text("utf-8"))
    assert {"SRM020", "SRM021", "SRM024"} <= {f["rule_id"] for f in waivers["findings"]}
    assert any(f["waived"] for f in waivers["findings"])
    baseline = json.loads((by_name["baseline"].folder / "out" / "check.json").read_text("utf-8"))
    assert {f["baseline"] for f in baseline["findings"]} >= {"new", "unchanged"}
    assert baseline["baseline_absent"]


def test_every_sarif_file_is_valid_against_the_oasis_schema(corpus: list[Scenario]) -> None:
    import jsonschema

    schema = json.loads(shared_file("formats/sarif-schema-2.1.0.json").read_text("utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    for path in _sarif_files(corpus):
        errors = list(validator.iter_errors(json.loads(path.read_text("utf-8"))))
        assert not errors, f"{path}: {errors[0].message}"


def test_every_sarif_file_passes_the_multitool_with_the_sarif_and_ghas_rules(
    corpus: list[Scenario], tmp_path: Path
) -> None:
    files = _sarif_files(corpus)
    issues = validate_sarif(files, tmp_path)
    serious = [issue for issue in issues if issue.level in ("error", "warning")]
    assert not serious, "\n".join(map(str, serious))


def test_every_junit_file_is_valid_against_the_jenkins_xsd(corpus: list[Scenario]) -> None:
    import xmlschema

    schema = xmlschema.XMLSchema(str(shared_file("formats/jenkins-xunit-junit-10.xsd")))
    files = [*_all(corpus, ".xml"), *sorted(GOLDEN.glob("*.xml"))]
    assert len(files) >= len(corpus)
    for path in files:
        schema.validate(str(path))


def test_every_html_report_passes_the_nu_html_checker(corpus: list[Scenario]) -> None:
    files = _all(corpus, ".html")
    assert len(files) == len(corpus)
    issues = validate_html(files)
    errors = [issue for issue in issues if issue.level != "warning"]
    assert not errors, "\n".join(map(str, errors))


def _human_outputs(corpus: list[Scenario]) -> Iterator[tuple[str, str]]:
    for scenario in corpus:
        for name, text in scenario.printed.items():
            yield f"{scenario.name}/{name}", text
        for name in HUMAN:
            path = scenario.folder / "out" / name
            if path.is_file():
                yield f"{scenario.name}/{name}", path.read_text("utf-8")


def test_no_raw_control_character_reaches_a_person(corpus: list[Scenario]) -> None:
    seen = 0
    for where, text in _human_outputs(corpus):
        seen += 1
        found = RAW_CONTROL.search(text)
        assert found is None, f"{where}: raw {found.group(0)!r} at {found.start()}"
    assert seen >= len(corpus) * len(HUMAN)


# --- the hostile corpus, format by format ------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(corpus: list[Scenario]) -> Path:
    return next(s for s in corpus if s.name == "hostile").folder / "out"


def test_hostile_text_cannot_fake_a_line_of_the_text_output(corpus: list[Scenario]) -> None:
    scenario = next(s for s in corpus if s.name == "hostile")
    lines = scenario.printed["text.out"].splitlines()
    # The only summary line is srm-check's own, and it is the last: no data forged another.
    assert [line for line in lines if " checked: " in line and not line.startswith("agreements/")] == [
        lines[-1]
    ]
    assert lines[-1].endswith("(FAILED, fail-on error)")
    assert any(visible(HOSTILE["esc"]) in line for line in lines)


def test_hostile_json_keeps_the_data_exactly(hostile: Path) -> None:
    data = json.loads((hostile / "check.json").read_text("utf-8"))
    messages = " ".join(f["message"] for f in data["findings"])
    for payload in HOSTILE.values():
        assert payload in messages  # JSON is for programs: the data as written
    report = json.loads((hostile / "report.json").read_text("utf-8"))
    assert {a["community"] for a in report["agreements"]} == set(HOSTILE.values())


def test_hostile_github_annotations_are_one_command_per_finding(hostile: Path) -> None:
    from test_github_format import commands

    data = json.loads((hostile / "check.json").read_text("utf-8"))
    found = commands((hostile / "check.github").read_text("utf-8"))
    assert len(found) == len(data["findings"])
    assert [c.properties["file"] for c in found] == [visible(f["path"]) for f in data["findings"]]


def _gfm(markdown: str) -> str:
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return str(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE))


@pytest.mark.parametrize("name", ["check.summary.md", "report.md"])
def test_hostile_markdown_renders_as_text_on_github(hostile: Path, name: str) -> None:
    """Rendered by cmark-gfm (GitHub's renderer): no element, link or entity comes from data."""
    page = _Elements()
    page.feed(_gfm((hostile / name).read_text("utf-8")))
    assert not {"script", "img", "del", "s", "em", "math", "span"} & set(page.tags), set(page.tags)
    template_bold = (
        *("Result:", "2i2c-srm@2022, table", "┄", "error", "fails", "Tallies"),
        *("Deviation heat strip, ", "Cost chart, ", "Boundary chart, "),
        *("amount without a currency", "no period: totalled apart"),
    )
    assert all(text.startswith(template_bold) for text in page.strong), page.strong
    assert all(href.startswith(("#", "https://github.com/srm-check/")) for href in page.hrefs), page.hrefs
    assert not page.handlers
    text = "".join(page.text)
    for shown in (
        "<script>alert(1)</script>",
        "~~free~~",
        "[click](javascript:alert(3))",
        "https://evil.example/x",
    ):
        assert shown in text  # the payloads read as written, as text


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.handlers: list[str] = []
        self.strong: list[str] = []
        self.text: list[str] = []
        self._in_strong = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]
        self.handlers += [k for k, _ in attrs if k.startswith("on")]
        if tag == "strong":
            self._in_strong = True
            self.strong.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "strong":
            self._in_strong = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_strong:
            self.strong[-1] += data


def test_hostile_html_report_holds_no_markup_from_data(hostile: Path) -> None:
    page = _Elements()
    page.feed((hostile / "report.html").read_text("utf-8"))
    assert "script" not in page.tags and "img" not in page.tags and not page.handlers
    assert all(href.startswith(("#", "https://")) for href in page.hrefs)


def test_hostile_sarif_and_junit_stay_well_formed(hostile: Path) -> None:
    import xml.etree.ElementTree as ET

    log = json.loads((hostile / "check.sarif").read_text("utf-8"))
    assert len(log["runs"][0]["results"]) == len(json.loads((hostile / "check.json").read_text())["findings"])
    ET.parse(hostile / "check.xml")
    assert SHARED.is_dir() or True  # the XSD is checked with the rest of the corpus


def test_hostile_policy_text_reaches_explain_and_test_escaped(tmp_path: Path) -> None:
    """Rule titles, descriptions and test expectations are data too."""
    policy = tmp_path / "policy"
    shutil.copytree(FIXTURES / "policy_authoring" / "custom-policy", policy)
    rules = policy / "rules" / "campus.yaml"
    rules.write_text(
        rules.read_text("utf-8").replace(
            "title: Campus IT runs the cluster", f"title: {_yaml(HOSTILE['esc'])}"
        ),
        "utf-8",
    )
    tests = policy / "tests" / "campus.yaml"
    tests.write_text(
        tests.read_text("utf-8").replace(
            "message: \"'run-cluster' is held by cloudco\"", f"message: {_yaml(HOSTILE['bidi'])}"
        ),
        "utf-8",
    )
    explained = run_cli(["explain", "CAMPUS001", "--policy", str(policy)])
    tested = run_cli(["test", str(policy), "--color", "never"])
    listed = run_cli(["rules", "--policy", str(policy)])
    assert tested.exit_code == 1 and "FAIL" in tested.stdout
    for run in (explained, tested, listed):
        for text in (run.stdout, run.stderr):
            found = RAW_CONTROL.search(text)
            assert found is None, f"raw {found.group(0)!r} in {text[:200]!r}"
    assert visible(HOSTILE["esc"], newlines=True) in explained.stdout  # a multi-line page keeps lines
