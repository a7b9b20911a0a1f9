"""`srm-check report`: the audit report in Markdown, HTML and JSON.

The golden Markdown report of the example agreements is regenerated with

    UPDATE_GOLDEN=1 python -m pytest tests/test_report.py

and reviewed in the diff. It is made from a copy of agreements/ in a temporary folder
outside any git repository, with SOURCE_DATE_EPOCH fixed, so that it does not depend
on the machine or the commit.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import AGREEMENTS, FIXTURES, ROOT, Run, run_cli
from ruamel.yaml import YAML

GOLDEN = Path(__file__).resolve().parent / "golden" / "report.md"
REPORT_FIXTURES = FIXTURES / "report"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
MARKERS = {"▲": "provider-more", "▼": "community-more", "◆": "third-party"}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder outside any git repository, holding a copy of agreements/."""
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return tmp_path


def report(args: Sequence[str], output: Path) -> tuple[Run, str]:
    """Run `srm-check report ARGS -o OUTPUT`; the run and the file written."""
    run = run_cli(["report", *args, "-o", str(output)])
    text = output.read_text("utf-8") if output.exists() else ""
    return run, text


# --- reading the three formats back ----------------------------------------------------------


class Page(HTMLParser):
    """The parts of an HTML report that tests look at: tags, tables, visible cell text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self.tables: list[dict[str, Any]] = []
        self._table: dict[str, Any] | None = None
        self._row: list[dict[str, Any]] | None = None
        self._cell: dict[str, Any] | None = None
        self._hidden = 0  # depth inside class="vh" (words for screen readers only)
        self._stack: list[str] = []
        self._in_style = False
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("meta", "br", "hr", "img", "link", "input", "source"):
            return  # void elements have no end tag
        hidden = "vh" in (attributes.get("class") or "").split()
        self._stack.append("vh" if hidden else tag)
        self._hidden += hidden
        if tag == "style":
            self._in_style = True
        elif tag == "table":
            self._table = {"attrs": attributes, "caption": "", "head": [], "rows": [], "bodies": 0}
            self.tables.append(self._table)
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tbody" and self._table is not None:
            self._table["bodies"] += 1
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = {"tag": tag, "attrs": attributes, "text": "", "all": ""}
            self._row.append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("meta", "br", "hr", "img", "link", "input", "source"):
            return
        if self._stack:
            top = self._stack.pop()
            self._hidden -= top == "vh"
        if tag == "style":
            self._in_style = False
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._cell["text"] = " ".join(self._cell["text"].split())
            self._cell["all"] = " ".join(self._cell["all"].split())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            in_head = all(c["tag"] == "th" and c["attrs"].get("scope") == "col" for c in self._row)
            (self._table["head"] if in_head else self._table["rows"]).append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        if self._in_caption and self._table is not None:
            self._table["caption"] += data
        if self._cell is not None:
            self._cell["all"] += data
            if not self._hidden:
                self._cell["text"] += data

    def table(self, table_id: str) -> dict[str, Any]:
        return next(t for t in self.tables if t["attrs"].get("id") == table_id)

    def of_class(self, css: str) -> list[dict[str, Any]]:
        return [t for t in self.tables if css in (t["attrs"].get("class") or "").split()]


def parse_html(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def md_cells(line: str) -> list[str]:
    """The cells of a Markdown table row: split on unescaped |, escapes undone."""
    inner = line.strip()[1:-1]
    cells = re.split(r"(?<!\\)\|", inner)
    return [re.sub(r"\\(.)", r"\1", c).strip() for c in cells]


def md_table(text: str, heading: str, nth: int = 0) -> list[list[str]]:
    """Rows (without header) of the nth table after `heading` in a Markdown report."""
    lines = text.splitlines()
    start = lines.index(heading)
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in lines[start + 1 :]:
        if line.startswith("## ") and line != heading:
            break
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            current.append(md_cells(line))
        else:
            current = None
    return tables[nth][2:]


AMOUNT = re.compile(r"^([+-][\d,]+(?:\.\d+)?) ([A-Z]{3})(?: (.+))?$")


def money(text: str) -> tuple[Decimal, str, str | None] | None:
    """`+750 USD per month` -> (750, USD, month); None for text without an amount."""
    match = AMOUNT.match(text)
    if not match:
        return None
    period = match.group(3)
    if period is not None:
        period = {"per month": "month", "per quarter": "quarter", "per year": "year"}.get(period, period)
    return Decimal(match.group(1).replace(",", "")), match.group(2), period


# --- the golden Markdown report ---------------------------------------------------------------


def test_markdown_report_of_the_examples_matches_the_golden_file(workdir: Path) -> None:
    run, text = report(["agreements/", "--format", "markdown"], workdir / "report.md")
    assert run.exit_code == 0, run.stderr
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, "utf-8")
    assert text == GOLDEN.read_text("utf-8"), (
        "the Markdown report changed; if intended, regenerate it with "
        "UPDATE_GOLDEN=1 python -m pytest tests/test_report.py and review the diff"
    )


def test_golden_report_states_its_provenance_without_machine_details(workdir: Path) -> None:
    text = GOLDEN.read_text("utf-8")
    assert "| Generated (UTC) | 2026-01-01T00:00:00Z (from SOURCE_DATE_EPOCH) |" in text
    assert "| Git | not in a git repository |" in text
    assert str(ROOT) not in text and str(workdir) not in text


# --- HTML -------------------------------------------------------------------------------------


@pytest.fixture
def examples_html(workdir: Path) -> tuple[Page, str]:
    run, text = report(["agreements/", "--format", "html"], workdir / "report.html")
    assert run.exit_code == 0, run.stderr
    return parse_html(text), text


def _example_data(catalogue: str | None = "2i2c-srm@2022") -> dict[str, dict[str, Any]]:
    """The example agreements of a catalogue (None: all) as plain YAML data, by id (read
    independently of srm-check)."""
    yaml = YAML(typ="safe")
    out = {}
    for path in sorted(AGREEMENTS.glob("*.yaml")):
        data = yaml.load(path.read_text("utf-8"))
        if catalogue is None or data["catalogue"] == catalogue:
            out[data["agreement"]] = data
    return out


def _matrix(page: Page, ref: str = "2i2c-srm@2022") -> dict[str, Any]:
    """The (first) matrix table of a catalogue."""
    found: dict[str, Any] = next(m for m in page.of_class("matrix") if m["caption"].startswith(f"{ref} "))
    return found


def _catalogue() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(
        (ROOT / "policies" / "catalogues" / "2i2c-srm-2022.yaml").read_text("utf-8")
    )
    return data


def test_html_matrix_shows_every_agreement_and_responsibility(examples_html: tuple[Page, str]) -> None:
    page, _ = examples_html
    catalogue = _catalogue()
    agreements = _example_data()
    # One matrix per catalogue the examples follow: the 2022 model and the current (areas) one.
    assert len(page.of_class("matrix")) == 2
    matrix = _matrix(page)
    header = [c["text"] for c in matrix["head"][0]]
    assert header[:3] == ["#", "Responsibility", "Default"]
    assert sorted(header[3:]) == sorted(agreements)
    rows = [r for r in matrix["rows"] if len(r) == len(header)]
    ids = [r[1]["text"].split()[-1] for r in rows]
    assert ids == [r["id"] for r in catalogue["responsibilities"]]
    assert all(r[1]["tag"] == "th" and r[1]["attrs"]["scope"] == "row" for r in rows)
    # The default boundary: a row-group header before #7, opening a second row group.
    boundary = [r for r in matrix["rows"] if len(r) == 1]
    assert len(boundary) == 1 and "default boundary" in boundary[0][0]["text"]
    assert boundary[0][0]["attrs"]["scope"] == "rowgroup"
    assert matrix["bodies"] == 2
    position = matrix["rows"].index(boundary[0])
    assert matrix["rows"][position + 1][0]["text"] == str(catalogue["boundary"]["begins_at"])


def test_html_marks_each_deviation_with_a_symbol_not_only_colour(
    examples_html: tuple[Page, str],
) -> None:
    page, _ = examples_html
    catalogue = _catalogue()
    defaults = {r["id"]: r["default_party"] for r in catalogue["responsibilities"]}
    teams = {t["id"]: p["id"] for p in catalogue["parties"] for t in p.get("teams", [])}
    agreements = _example_data()
    matrix = _matrix(page)
    header = [c["text"] for c in matrix["head"][0]]
    rows = [r for r in matrix["rows"] if len(r) == len(header)]
    for column, agreement_id in enumerate(header[3:], 3):
        data = agreements[agreement_id]
        extra = {p["id"] for p in data.get("parties", [])}
        extra_teams = {t["id"]: p["id"] for p in data.get("parties", []) for t in p.get("teams", [])}
        for row in rows:
            rid = row[1]["text"].split()[-1]
            value = data["assignments"][rid]
            holder = value["party"] if isinstance(value, dict) else value
            party = teams.get(holder) or extra_teams.get(holder) or holder
            cell = row[column]
            if party == defaults[rid]:
                assert "dev" not in (cell["attrs"].get("class") or ""), (agreement_id, rid)
                assert cell["text"][0] not in MARKERS
                continue
            assert cell["attrs"].get("class") == "dev", (agreement_id, rid)
            marker = cell["text"][0]
            expected = "third-party" if party in extra else "provider-more"
            assert MARKERS[marker] == expected, (agreement_id, rid, cell["text"])
            assert party in cell["text"]
            # Screen readers get the meaning in words, not the symbol.
            assert "moved to a third party" in cell["all"] or "provider takes on more" in cell["all"]
    legend = page.tags[[t for t, _ in page.tags].index("dl")]
    assert legend[1].get("class") == "legend"


def test_html_totals_match_the_cost_notes(examples_html: tuple[Page, str]) -> None:
    page, _ = examples_html
    expected: dict[tuple[str, str | None], Decimal] = {}
    for data in _example_data(None).values():
        for value in data["assignments"].values():
            note = value.get("cost_note") if isinstance(value, dict) else None
            if isinstance(note, dict) and "amount" in note and "currency" in note:
                key = (note["currency"], note.get("period"))
                expected[key] = expected.get(key, Decimal(0)) + Decimal(str(note["amount"]))
    periods = {"per month": "month", "per quarter": "quarter", "per year": "year"}
    rows = page.table("register-totals")["rows"]
    found = {(r[0]["text"], periods[r[1]["text"]]): Decimal(r[2]["text"].replace(",", "")) for r in rows}
    assert found == expected
    # On one footing: a month x 12, a quarter x 4, a year as it is; currencies apart.
    factor = {"month": 12, "quarter": 4, "year": 1}
    yearly: dict[str, Decimal] = {}
    for (currency, period), amount in expected.items():
        yearly[currency] = yearly.get(currency, Decimal(0)) + amount * factor[period or "year"]
    for table_id in ("summary-annual", "register-annual"):
        rows = page.table(table_id)["rows"]
        assert {r[0]["text"]: Decimal(r[1]["text"].replace(",", "")) for r in rows} == yearly, table_id


def test_html_loads_nothing_from_anywhere(examples_html: tuple[Page, str]) -> None:
    page, text = examples_html
    names = {tag for tag, _ in page.tags}
    assert not names & {
        "script",
        "link",
        "img",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "source",
        "picture",
        "base",
        "form",
        "image",
        "use",
        "foreignobject",
        "feimage",
    }
    for tag, attrs in page.tags:
        assert "src" not in attrs and "srcset" not in attrs, tag
        assert not any(k.startswith("on") for k in attrs), tag  # no inline event handlers
        if tag == "a":
            assert attrs["href"] and (attrs["href"].startswith("#") or attrs["href"].startswith("https://"))
    assert "@import" not in page.style and "url(" not in page.style
    assert "@font-face" not in page.style
    # The charts' patterns are the only references: to fragments of the page itself.
    assert set(re.findall(r"url\(([^)]*)\)", text)) <= {
        f"#{i}" for i in re.findall(r'<pattern id="([^"]+)"', text)
    }
    assert "<script" not in text.lower() and "href=" not in re.sub(r' href="(#|https://)', "", text)
    # Three pictures, each an accessible image named by its title.
    charts = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert {c["id"].split("-")[0] for c in charts} == {"boundary", "heat", "cost"}
    assert all(c["role"] == "img" and c["aria-labelledby"] for c in charts)


def test_html_is_accessible_and_printable(examples_html: tuple[Page, str]) -> None:
    page, text = examples_html
    html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html_tag.get("lang") == "en"
    # Headings: one h1, no level skipped.
    levels = [int(tag[1]) for tag, _ in page.tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    # Every table has a caption and column headers with a scope.
    for table in page.tables:
        assert table["caption"].strip(), table["attrs"]
        assert table["head"] and all(c["attrs"].get("scope") == "col" for c in table["head"][0])
    # Print: landscape pages, header rows repeated, matrix tables within the column limit.
    assert re.search(r"@page\s*\{[^}]*landscape", page.style)
    assert "display: table-header-group" in page.style
    assert all(len(t["head"][0]) <= 3 + 8 for t in page.of_class("matrix"))
    assert '<meta charset="utf-8">' in text


# --- the same facts in every format ------------------------------------------------------------


def _all_formats(workdir: Path, args: Sequence[str]) -> tuple[str, Page, dict[str, Any]]:
    out = {}
    for name, suffix in (("markdown", "md"), ("html", "html"), ("json", "json")):
        _, out[name] = report([*args, "--format", name], workdir / f"report.{suffix}")
    return out["markdown"], parse_html(out["html"]), json.loads(out["json"])


def _facts_from_json(data: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    deviations = [
        (
            d["agreement"],
            d["number"],
            d["from"],
            d["to"],
            d["direction"],
            (
                (Decimal(str(d["cost_note"]["amount"])), d["cost_note"]["currency"], d["cost_note"]["period"])
                if d["cost_note"] and d["cost_note"]["amount"] is not None and d["cost_note"]["currency"]
                else None
            ),
            Decimal(str(d["per_year"])) if d["per_year"] is not None else None,
        )
        for d in data["deviations"]
    ]
    totals = [(t["currency"], t["period"], Decimal(str(t["amount"]))) for t in data["cost_totals"]]
    return deviations, totals


FLAGS = ("amount without a currency: not summed", "no period: totalled apart")


def _deviation_fact(cells: list[str]) -> tuple[Any, ...]:
    agreement, _line, number, _title, moved, direction, _note, amount, per_year = cells
    default, holder = moved.split(" → ")
    for flag in FLAGS:  # said after the amount, where there is one
        amount = amount.replace(f" (**{flag}**)", "").replace(f" {flag}", "")
    yearly = Decimal(per_year.replace(",", "")) if per_year else None
    return (
        agreement,
        int(number),
        default,
        holder.split(" (")[0],
        MARKERS[direction[0]],
        money(amount),
        yearly,
    )


def _total_fact(cells: list[str]) -> tuple[Any, ...]:
    periods = {
        "per month": "month",
        "per quarter": "quarter",
        "per year": "year",
        "one-off": "one-off",
        "no period stated": None,
    }
    return (cells[0], periods[cells[1]], Decimal(cells[2].replace(",", "")))


@pytest.mark.parametrize("case", ["examples", "mixed"])
def test_markdown_html_and_json_hold_the_same_facts(workdir: Path, case: str) -> None:
    args = (
        ["agreements/"]
        if case == "examples"
        else [str(REPORT_FIXTURES / "mixed"), str(REPORT_FIXTURES / "currencies")]
    )
    markdown, page, data = _all_formats(workdir, args)
    deviations, totals = _facts_from_json(data)
    assert deviations, "the case must have deviations to compare"
    md_rows = md_table(markdown, "## Deviation and cost register")
    assert [_deviation_fact(r) for r in md_rows] == deviations
    html_rows = page.table("deviation-register")["rows"]
    assert [_deviation_fact([c["text"] for c in r]) for r in html_rows] == deviations
    md_totals = md_table(markdown, "## Deviation and cost register", 2)
    assert [_total_fact(r) for r in md_totals] == totals
    html_totals = page.table("register-totals")["rows"]
    assert [_total_fact([c["text"] for c in r]) for r in html_totals] == totals
    # The matrix: the same cells, column by column.
    for number, matrix in enumerate(data["matrices"], 1):
        for table_number, columns in enumerate(matrix["tables"], 1):
            html_table = page.table(f"matrix-{number}-{table_number}")
            body = [r for r in html_table["rows"] if len(r) > 1]
            for offset, index in enumerate(columns):
                column = matrix["columns"][index]
                expected = [f"{c['marker']} {c['holder']}".strip() for c in column["cells"]]
                assert [r[3 + offset]["text"] for r in body] == expected
    # Summary counts.
    summary = data["summary"]
    md_summary = dict(md_table(markdown, "## Executive summary"))
    html_summary = {r[0]["text"]: r[1]["text"] for r in page.table("summary-counts")["rows"]}
    for label, key in (
        ("Agreements checked", "agreements"),
        ("Agreements that pass", "agreements_passed"),
        ("Agreements that fail", "agreements_failed"),
        ("Deviations from the default", "deviations"),
    ):
        assert md_summary[label] == html_summary[label] == str(summary[key])


# --- several catalogues, odd agreements, escaping ------------------------------------------------


def test_a_catalogue_without_defaults_shows_its_holders_and_roles(
    workdir: Path, examples_html: tuple[Page, str]
) -> None:
    """The current 2i2c model: shared responsibilities have no default, so a holder is no
    deviation and carries no marker; the JSON report gives each assignment's RACI roles."""
    page, _ = examples_html
    matrix = _matrix(page, "2i2c-srm-areas@late-2022")
    header = [c["text"] for c in matrix["head"][0]]
    rows = {r[1]["text"].split()[-1]: r for r in matrix["rows"] if len(r) == len(header)}
    shared = rows["create-documentation"]
    assert (shared[2]["text"], shared[3]["text"]) == ("no default", "2i2c (community-guide)")
    assert (shared[3]["attrs"].get("class") or "") == ""
    moved = rows["develop-domain-software"][3]
    assert (moved["attrs"].get("class"), moved["text"][0]) == ("dev", "◆")
    run, text = report(["agreements/", "--format", "json"], workdir / "report.json")
    assert run.exit_code == 0, run.stderr
    (tidewater,) = [a for a in json.loads(text)["agreements"] if a["id"] == "tidewater-ecology-institute"]
    by_id = {row["responsibility"]: row for row in tidewater["assignments"]}
    assert (by_id["create-documentation"]["status"], by_id["create-documentation"]["default_party"]) == (
        "held",
        None,
    )
    assert by_id["assist-environment-creation"]["roles"] == {
        "responsible": ["2i2c"],
        "consulted": ["hub-administrator"],
        "informed": [],
    }


def test_agreements_of_different_catalogues_get_separate_matrices(workdir: Path) -> None:
    args = [
        "--policy",
        str(ROOT / "policies"),
        "--policy",
        str(REPORT_FIXTURES / "policy-acme"),
        "agreements/",
        str(REPORT_FIXTURES / "acme"),
        "--format",
        "json",
    ]
    run, text = report(args, workdir / "report.json")
    assert run.exit_code == 0, run.stderr
    data = json.loads(text)
    assert [m["catalogue"] for m in data["matrices"]] == [
        "2i2c-srm-areas@late-2022",
        "2i2c-srm@2022",
        "acme-srm@1",
    ]
    acme = data["matrices"][2]
    assert [c["label"] for c in acme["columns"]] == ["acme-one", "acme-two"]
    assert [r["id"] for r in acme["responsibilities"]] == ["use", "onboard", "patch", "operate"]
    assert acme["boundary"]["before_responsibility"] == "patch"
    by_key = {(d["agreement"], d["responsibility"]): d for d in data["deviations"]}
    assert by_key[("acme-one", "onboard")]["direction"] == "provider-more"
    assert by_key[("acme-two", "patch")]["direction"] == "community-more"
    assert {"currency": "CHF", "period": "month", "amount": 2, "deviations": 2} in data["cost_totals"]
    # Markdown: one matrix section per catalogue.
    _, markdown = report([*args[:-2], "--format", "markdown"], workdir / "report.md")
    assert "### 2i2c-srm@2022: 2i2c Shared Responsibility Model" in markdown
    assert "### acme-srm@1: ACME managed notebooks" in markdown


def test_failing_agreements_still_get_a_report_and_exit_1(workdir: Path) -> None:
    for name in ("markdown", "html", "json"):
        output = workdir / f"failing.{name}"
        run, text = report([str(REPORT_FIXTURES / "mixed"), "--format", name], output)
        assert run.exit_code == 1, (name, run.stderr)
        assert text, name
    data = json.loads((workdir / "failing.json").read_text("utf-8"))
    assert data["summary"]["passed"] is False and data["summary"]["exit_code"] == 1
    results = {a["label"]: a["passed"] for a in data["agreements"]}
    assert results == {
        "unknown-catalogue": False,
        "errors-and-escapes": False,
        "multi-one": True,
        "multi-two": True,
    }
    # The unreadable file's finding is reported, outside any agreement.
    syntax = (REPORT_FIXTURES / "mixed" / "d-syntax.yaml").as_posix()
    assert [f["path"] for f in data["file_findings"]] == [syntax]
    assert data["file_findings"][0]["findings"][0]["rule_id"] == "SRM001"
    assert [x["agreement"] for x in data["not_in_a_matrix"]] == ["unknown-catalogue"]
    markdown = (workdir / "failing.markdown").read_text("utf-8")
    assert markdown.startswith("# srm-check audit report\n\n**Result: FAILED.**")


def test_report_exit_code_follows_fail_on(workdir: Path) -> None:
    run, _ = report(["agreements/"], workdir / "a.md")
    assert run.exit_code == 0
    run, text = report(["agreements/", "--fail-on", "note"], workdir / "b.md")
    assert run.exit_code == 1 and "**Result: FAILED.**" in text
    assert "| Agreements that fail | 1 |" in text  # riverbend has two notes


def test_usage_and_policy_errors_exit_2_without_a_report(workdir: Path) -> None:
    run, text = report(["no-such-folder/"], workdir / "x.md")
    assert run.exit_code == 2 and not text and "no such file or folder" in run.stderr
    bad = workdir / "bad-policy"
    bad.mkdir()
    (bad / "broken.yaml").write_text("catalogue: [\n", "utf-8")
    run, text = report(["agreements/", "--policy", str(bad)], workdir / "y.md")
    assert run.exit_code == 2 and not text
    run = run_cli(["report", "agreements/", "--format", "pdf"])
    assert run.exit_code == 2


def test_malformed_source_date_epoch_is_a_usage_error(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    run, text = report(["agreements/"], workdir / "x.md")
    assert run.exit_code == 2 and not text
    assert "SOURCE_DATE_EPOCH" in run.stderr and "Traceback" not in run.stderr


def test_escaping_of_agreement_text(workdir: Path) -> None:
    markdown, page, data = _all_formats(workdir, [str(REPORT_FIXTURES / "mixed")])
    community = "Sharp <script>alert('x')</script> | Pipes & Co"
    agreement = next(a for a in data["agreements"] if a["id"] == "errors-and-escapes")
    assert agreement["community"] == community
    # HTML: the text is shown as text; no tag from the agreement reaches the page.
    assert not {t for t, _ in page.tags} & {"script", "img", "b"}
    dd_text = (workdir / "report.html").read_text("utf-8")
    assert "Sharp &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; | Pipes &amp; Co" in dd_text
    # Markdown: a | inside a cell is escaped, so the row keeps its columns.
    row = next(
        r
        for r in md_table(markdown, "## Deviation and cost register")
        if r[0] == "errors-and-escapes" and r[2] == "5"
    )
    assert len(row) == 9
    assert row[6] == "Costs | more <img src=x onerror=alert(1)> *really*"
    assert "Costs \\| more \\<img src=x onerror=alert(1)\\> \\*really\\*" in markdown


def test_odd_cells_are_marked_in_the_matrix(workdir: Path) -> None:
    _, _, data = _all_formats(workdir, [str(REPORT_FIXTURES / "mixed")])
    column = next(c for c in data["matrices"][0]["columns"] if c["label"] == "errors-and-escapes")
    cells = {c["responsibility"]: c for c in column["cells"]}
    marked = {rid: (cells[rid]["status"], cells[rid]["marker"]) for rid in cells}
    assert marked["general-user-support"] == ("shared", "‖")
    assert marked["provide-user-access"] == ("unknown-party", "?")
    assert marked["define-basic-environment"] == ("nobody", "✕")
    assert cells["operate-kubernetes-cluster"]["status"] == "not-assigned"
    assert cells["develop-domain-software"]["party"] == "partner-lab"
    assert cells["develop-domain-software"]["team"] == "partner-devs"
    # The second document of a file is its own agreement, with its own column.
    multi = [a for a in data["agreements"] if a["path"].endswith("c-multi.yaml")]
    assert [(a["id"], a["document"]) for a in multi] == [("multi-one", 0), ("multi-two", 1)]


# --- reproducibility, format choice, start-up ------------------------------------------------------


@pytest.mark.parametrize("name", ["markdown", "html", "json"])
def test_two_runs_with_source_date_epoch_are_byte_identical(workdir: Path, name: str) -> None:
    first = workdir / f"one.{name}"
    second = workdir / f"two.{name}"
    args = ["agreements/", str(REPORT_FIXTURES / "mixed"), "--format", name]
    report(args, first)
    report(args, second)
    assert first.read_bytes() == second.read_bytes()
    assert "2026-01-01T00:00:00Z" in first.read_text("utf-8")


def test_without_source_date_epoch_the_clock_is_used(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime, timezone

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = datetime.now(tz=timezone.utc).replace(microsecond=0)
    _, text = report(["agreements/", "--format", "json"], workdir / "r.json")
    after = datetime.now(tz=timezone.utc)
    data = json.loads(text)
    stamp = datetime.strptime(data["generated_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert before <= stamp <= after
    assert data["provenance"]["time_source"] == "clock"


def test_format_follows_the_output_suffix(workdir: Path) -> None:
    _, html = report(["agreements/"], workdir / "r.html")
    assert html.startswith("<!DOCTYPE html>")
    _, data = report(["agreements/"], workdir / "r.json")
    assert json.loads(data)["version"] == 1
    _, markdown = report(["agreements/"], workdir / "report")  # no suffix: Markdown, the default
    assert markdown.startswith("# srm-check audit report")
    _, markdown = report(["agreements/", "--format", "markdown"], workdir / "r.txt")  # --format wins
    assert markdown.startswith("# srm-check audit report")
    run = run_cli(["report", "agreements/"])
    assert run.stdout.startswith("# srm-check audit report")


@pytest.mark.parametrize("name", ["r.pdf", "r.txt", "report.MD.bak"])
def test_an_output_suffix_that_is_no_report_format_is_an_error(workdir: Path, name: str) -> None:
    """`--output r.pdf` never silently writes Markdown: exit 2, naming the formats, no file."""
    run, text = report(["agreements/"], workdir / name)
    assert run.exit_code == 2 and text == ""
    assert "is not a report format" in run.stderr
    assert ".md, .markdown, .html, .htm, .json" in run.stderr and "--format" in run.stderr


def test_loading_the_cli_does_not_load_the_report_package() -> None:
    code = (
        "import sys, srm_check.cli; print(sorted(m for m in sys.modules if m.startswith('srm_check.report')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- which agreement a finding belongs to ---------------------------------------------------------

MULTIDOC = REPORT_FIXTURES / "multidoc" / "three-documents.yaml"


def test_findings_are_grouped_under_the_document_they_are_in(workdir: Path) -> None:
    run, text = report([str(MULTIDOC), "--format", "json"], workdir / "r.json")
    assert run.exit_code == 1
    data = json.loads(text)
    found = {a["label"]: {f["rule_id"] for f in a["findings"]} for a in data["agreements"]}
    assert "SRM002" in found["second-doc"] and "SRM002" not in found["first-doc"]
    lines = {a["label"]: {f["line"] for f in a["findings"]} for a in data["agreements"]}
    assert max(lines["first-doc"]) <= 6 and min(lines["second-doc"]) >= 7
    (outside,) = data["file_findings"]
    assert [f["rule_id"] for f in outside["findings"]] == ["SRM001"]


def test_only_web_help_pages_become_links(workdir: Path) -> None:
    args = ["agreements/", "--policy", str(ROOT / "policies"), "--policy", str(REPORT_FIXTURES / "policy-js")]
    run, text = report([*args, "--format", "html"], workdir / "r.html")
    assert run.exit_code == 0, run.stderr
    page = parse_html(text)
    rows = {r[0]["text"]: r[0] for r in page.table("findings-by-rule")["rows"]}
    assert rows["JS001"]["all"] == "JS001"  # reported, as text
    hrefs = [attrs.get("href") or "" for tag, attrs in page.tags if tag == "a"]
    assert not any(h.startswith("javascript:") for h in hrefs)
    assert any(h.startswith("https://") for h in hrefs)  # the shipped rules' help pages


def test_html_ids_and_landmark_names_are_unique(workdir: Path) -> None:
    """An amount without a currency is listed twice (summary and register) under no shared id;
    two agreements with one id get headings, and so landmarks, of their own (axe-core's
    `landmark-unique`): the label says where each is."""
    folder = workdir / "agreements"
    riverbend = folder / "riverbend-community-college.yaml"
    text = riverbend.read_text("utf-8").replace(
        "      amount: 750\n      currency: USD\n", "      amount: 750\n"
    )
    riverbend.write_text(text, "utf-8")
    (folder / "riverbend-again.yaml").write_text(text, "utf-8")
    _, html = report(["agreements/"], workdir / "r.html")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and "uncounted-amounts" in ids
    assert html.count("Not summed:") == 2
    headings = dict(re.findall(r'<h3 id="([^"]+)">([^<]*)</h3>', html))
    names = [
        headings[ref]
        for ref in re.findall(r'<section class="agreement[^"]*" id="[^"]+" aria-labelledby="([^"]+)"', html)
    ]
    assert len(names) == len(set(names)) == len(list(folder.glob("*.yaml")))
    assert "riverbend-community-college (agreements/riverbend-again.yaml)" in names


def test_the_excerpt_in_the_docs_is_taken_from_the_golden_report() -> None:
    """docs/reports.md shows pieces of the real report: each of its lines, in order, is one."""
    docs = (Path(__file__).resolve().parent.parent / "docs" / "reports.md").read_text("utf-8")
    excerpt = docs.split("```markdown\n", 1)[1].split("```", 1)[0].splitlines()
    golden = GOLDEN.read_text("utf-8").splitlines()
    place = 0
    for line in filter(None, excerpt):
        assert line in golden[place:], f"docs/reports.md shows a line the report does not have: {line}"
        place = golden.index(line, place) + 1
