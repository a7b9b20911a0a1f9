"""Property-based fuzzing of every file srm-check reads: agreements, configuration, waivers, baseline.

Hypothesis builds a project (valid-shaped documents, then mutated: wrong types, unknown keys,
odd numbers and text, inline waivers in comments and in strings, bytes inserted, deleted or
cut), runs `srm-check check` on it with JSON, SARIF and JUnit outputs (and sometimes
`report`), and asserts what must hold for any input: an exit code in {0, 1, 2}, no
exception (the CLI runs in-process, so a crash fails the example), every finding located
inside its file, every machine output valid (strict JSON, well-formed XML, SARIF against
the OASIS schema in ../shared), and a bounded time per example (the deadline).

CI runs a fixed seed and 500 examples; `SRM_CHECK_FUZZ=long` runs 10,000 (CONTRIBUTING.md).
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import typer
import typer.testing
from conftest import SHARED, Run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from srm_check.cli import app

_COMMON = {
    "derandomize": True,  # a fixed seed: the same examples on every run
    "database": None,
    "deadline": timedelta(seconds=5),  # the bound on each example's time (slow CI machines included)
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
PROFILES = {
    "ci": settings(max_examples=500, **_COMMON),  # type: ignore[arg-type]
    "long": settings(max_examples=10_000, **_COMMON),  # type: ignore[arg-type]
}
PROFILE = PROFILES[os.environ.get("SRM_CHECK_FUZZ", "ci")]

RESPONSIBILITIES = [
    "use-hub",
    "advocate-and-onboard",
    "general-user-support",
    "provide-user-access",
    "develop-domain-software",
    "define-basic-environment",
    "manage-data",
    "guide-2i2c",
    "escalate-to-2i2c",
    "complex-environment-changes",
    "develop-interactive-computing-software",
    "support-open-source-communities",
    "communicate-with-cloud-provider",
    "manage-kubernetes-configuration",
    "deploy-and-configure-hubs",
    "monitor-for-incidents",
    "develop-cloud-infrastructure-software",
    "configure-kubernetes-upgrades",
    "respond-to-incidents",
    "operate-kubernetes-cluster",
]
PARTIES = ["community", "2i2c", "community-leadership", "cloud-engineering", "partner", "nobody", ""]
RULES = ["SRM101", "SRM102", "SRM201", "deviation-cost-note", "SRM401", "SRM999", "SRM011", "*"]
DATES = ["2026-01-01", "2026-06-30", "2027-12-31", "2026-02-30", "9999-12-31", "0001-01-01", "soon", ""]

# --- values ---------------------------------------------------------------------------------

odd_text = st.one_of(
    st.text(max_size=16),
    st.sampled_from(
        ["Ωmega ☃", "# srm-check: waive SRM201", "a: b", "- x", "'", '"', "\\", "\t", "~", "null"]
    ),
)
numbers = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-(10**300), 0.1, 1e308]),
)


class Huge:
    """An integer of 5,000 digits, written into the YAML (Python will not even repr one)."""

    def __repr__(self) -> str:
        return "Huge()"


numbers = st.one_of(numbers, st.just(Huge()))
scalars = st.one_of(st.none(), st.booleans(), numbers, odd_text, st.sampled_from(DATES))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(odd_text, st.sampled_from(PARTIES)), inner, max_size=4),
    ),
    max_leaves=6,
)


ODD_TEXT = ["Ωmega ☃", "# srm-check: waive SRM201", "a: b", "- x", "'", '"', "\\", "\t", "~", "null", "", " "]
ODD_NUMBERS: list[Any] = [0, -1, 750, 0.1, -0.0, 1e308, -(10**300), math.inf, -math.inf, math.nan, Huge()]


def _cost_note(rnd: random.Random, odd: Any) -> Any:
    if rnd.randrange(3) == 0:
        return rnd.choice(["Storage moves to the community.", odd, ""])
    note: dict[str, Any] = {"text": rnd.choice(["Storage moves to the community.", odd])}
    for key, pool in (
        ("amount", ODD_NUMBERS),
        ("currency", ["USD", "EUR", "usd", "", "DOLLARS"]),
        ("period", ["month", "year", "one-off", "decade", None]),
    ):
        if rnd.randrange(2):
            note[key] = rnd.choice(pool)
    return note


def _assignment(rnd: random.Random, odd: Any) -> Any:
    """One assignment's value: a party, a list, nobody, odd data, or the long form."""
    kind = rnd.randrange(8)
    if kind < 3:
        return rnd.choice(PARTIES)
    if kind == 3:
        return rnd.sample(PARTIES, rnd.randrange(3))
    if kind == 4:
        return rnd.choice([None, odd])
    detail: dict[str, Any] = {"party": rnd.choice(PARTIES)}
    if rnd.randrange(3):
        detail["cost_note"] = _cost_note(rnd, odd)
    if rnd.randrange(4) == 0:
        detail["team"] = rnd.choice(["cloud-ops", "x", 5])
    return detail


@st.composite
def agreements(draw: st.DrawFn) -> dict[str, Any]:
    """An agreement: the usual keys, then odd values, unknown keys and wrong types. Most choices
    come from one seeded Random (cheap); the odd values are Hypothesis's own."""
    rnd = random.Random(draw(st.integers(0, 2**32)))
    odd = draw(values)
    doc: dict[str, Any] = {
        "agreement": rnd.choice(["pilot", "pilot", "other", odd]),
        "community": rnd.choice(["Pilot Community", odd, *ODD_TEXT]),
        "catalogue": rnd.choice(["2i2c-srm@2022", "2i2c-srm@2022", "2i2c-srm", "nope@1", 5]),
        "effective": rnd.choice(DATES),
    }
    if rnd.randrange(2):
        doc["end"] = rnd.choice(DATES)
    if rnd.randrange(2):
        party: dict[str, Any] = {"id": "partner", "name": rnd.choice(["Partner Lab", *ODD_TEXT])}
        if rnd.randrange(2):
            party["teams"] = rnd.choice([[{"id": "cloud-ops", "name": "Ops"}], 5, odd])
        doc["parties"] = rnd.choice([[party], [party], odd])
    if rnd.randrange(2):  # every responsibility, mostly by name: the rules get to work
        doc["assignments"] = {
            rid: _assignment(rnd, odd) if rnd.randrange(5) == 0 else rnd.choice(PARTIES[:4])
            for rid in RESPONSIBILITIES
        }
    else:  # a few, unknown ones among them
        chosen = [rnd.choice([*RESPONSIBILITIES[:6], "unknown-duty"]) for _ in range(rnd.randrange(7))]
        doc["assignments"] = {rid: _assignment(rnd, odd) for rid in chosen}
    for _ in range(draw(st.integers(0, 2))):  # unknown keys and wrong types
        doc[draw(st.sampled_from(["assignments", "extra", "x-note", "parties", "end"]))] = draw(values)
    return doc


# --- YAML text, written several ways ---------------------------------------------------------

WAIVER_COMMENTS = [
    '# srm-check: waive SRM201 owner=a@b.c expires=2026-06-30 reason="costed later"',
    "# srm-check: waive SRM999 owner= expires=2026-02-30",
    '# srm-check: waive SRM102 owner=a@b.c expires=9999-12-31 reason="x y z"',
    "# srm-check: nonsense",
    "# just a comment",
]


def _scalar(value: Any, style: int) -> str:
    if isinstance(value, str):
        if (
            style == 0
            and value
            and re.fullmatch(r"[A-Za-z][A-Za-z0-9 ._@-]*", value)
            and value.strip() == value
        ):
            return value
        return json.dumps(value, ensure_ascii=False) if style != 2 else "'" + value.replace("'", "''") + "'"
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if abs(value) == float("inf"):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Huge):
        return "9" * 5000  # an integer longer than Python prints
    return str(value)


def emit(value: Any, rnd: random.Random, indent: int = 0) -> str:
    """`value` as YAML: block or flow, plain or quoted, with comments now and then. The layout
    comes from `rnd` (seeded by Hypothesis): one draw for all of a file's choices."""
    pad = " " * indent
    if isinstance(value, dict) and value and rnd.randrange(5):
        lines = []
        for key, item in value.items():
            key_text = _scalar(str(key), rnd.randrange(3))
            comment = f"  {rnd.choice(WAIVER_COMMENTS)}" if rnd.randrange(7) == 0 else ""
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key_text}:{comment}\n{emit(item, rnd, indent + 2)}")
            else:
                lines.append(f"{pad}{key_text}: {emit(item, rnd, 0).strip()}{comment}")
        return "\n".join(lines)
    if isinstance(value, list) and value and rnd.randrange(4):
        return "\n".join(f"{pad}- {emit(item, rnd, indent + 2).strip()}" for item in value)
    if isinstance(value, dict | list):
        flow = json.dumps(value, ensure_ascii=False, default=str, allow_nan=False) if _finite(value) else "{}"
        return pad + flow
    return pad + _scalar(value, rnd.randrange(3))


def _finite(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False, default=str)
    except (ValueError, TypeError):
        return False
    return True


@st.composite
def yaml_files(draw: st.DrawFn, documents: st.SearchStrategy[Any]) -> bytes:
    rnd = random.Random(draw(st.integers(0, 2**32)))
    docs = [emit(draw(documents), rnd) for _ in range(rnd.choice((1, 1, 2)))]
    text = rnd.choice(("\n---\n", "\n...\n---\n")).join(docs) + "\n"
    if rnd.randrange(5) == 0:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if rnd.randrange(10) == 0:
        data = b"\xef\xbb\xbf" + data
    return draw(mutated(data))


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes, sometimes damaged: a character inserted, a span deleted or repeated, the end cut."""
    for _ in range(draw(st.integers(0, 3)) if draw(st.integers(0, 2)) == 0 else 0):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            insert = draw(
                st.sampled_from(
                    [
                        b"[",
                        b"{",
                        b"]",
                        b":",
                        b"#",
                        b"&a",
                        b"*a",
                        b"!!python/object ",
                        b"'",
                        b'"',
                        b"\t",
                        b"\x00",
                        b"\xff",
                        b"\n  ",
                        b"- ",
                        b"? ",
                        b"%YAML 1.2\n",
                        b"---\n",
                    ]
                )
            )
            data = data[:at] + insert + data[at:]
        elif kind == 1:
            data = data[:at] + data[at + draw(st.integers(1, 20)) :]
        elif kind == 2:
            data = data[:at] + data[at : at + 40] * draw(st.integers(2, 5)) + data[at:]
        else:
            data = data[:at]
    return data


usable_configs = st.fixed_dictionaries(
    {},
    optional={
        "fail-on": st.sampled_from(["error", "warning", "note"]),
        "ignore": st.lists(st.sampled_from(["SRM401", "technical-order", "SRM202"]), max_size=2),
        "severity": st.dictionaries(st.sampled_from(["SRM201", "SRM401"]), st.sampled_from(["error", "off"])),
        "outputs": st.dictionaries(
            st.sampled_from(["sarif", "json"]), st.sampled_from(["out/c.sarif", "c.json"])
        ),
        "waiver-max-days": st.sampled_from([1, 365, 99_999_999]),
        "waiver-warn-days": st.sampled_from([0, 30, 10**12]),
        "jobs": st.sampled_from([0, 1, 1000]),
        "forbid-inline-waivers": st.lists(st.sampled_from(["SRM201", "*"]), max_size=1),
    },
)
any_configs = st.fixed_dictionaries(
    {},
    optional={
        "fail-on": st.sampled_from(["error", "warning", "note", "fatal", 5]),
        "select": st.lists(st.sampled_from(RULES), max_size=2),
        "ignore": st.lists(st.sampled_from(RULES), max_size=2),
        "severity": st.dictionaries(
            st.sampled_from(RULES), st.sampled_from(["error", "off", "loud"]), max_size=2
        ),
        "outputs": st.dictionaries(
            st.sampled_from(["sarif", "json", "junit", "yaml"]),
            st.sampled_from(["out/c.sarif", "../escape.json", "agreements/x.yaml", "c.xml"]),
            max_size=2,
        ),
        "waivers": st.sampled_from(["waivers.yaml", "missing.yaml", "../w.yaml"]),
        "waiver-max-days": st.sampled_from([1, 365, 99_999_999, 0, -5]),
        "waiver-warn-days": st.sampled_from([0, 30, 10**12]),
        "jobs": st.sampled_from([0, 1, 1000, -1]),
        "forbid-inline-waivers": st.lists(st.sampled_from(RULES), max_size=2),
        "paths": st.sampled_from([["agreements"], ["agreements", "nowhere"], ["../"], []]),
        "unknown-key": values,
    },
)
configs = st.one_of(usable_configs, any_configs)
waiver_files = st.fixed_dictionaries(
    {
        "waivers": st.lists(
            st.fixed_dictionaries(
                {
                    "rule": st.sampled_from(RULES),
                    "agreement": st.sampled_from(["pilot", "agreements/*.yaml", "other", ""]),
                    "reason": st.sampled_from(["costed later", "costed later", "x"]),
                    "owner": st.sampled_from(["a@b.c", "a@b.c", ""]),
                    "expires": st.sampled_from(DATES),
                },
                optional={"responsibility": st.sampled_from(RESPONSIBILITIES[:3]), "ticket": odd_text},
            ),
            max_size=4,
        )
    }
)
baselines = st.one_of(
    st.fixed_dictionaries(
        {
            "version": st.sampled_from([1, 1, 2, "1"]),
            "findings": st.one_of(
                st.lists(
                    st.fixed_dictionaries(
                        {"fingerprint": odd_text, "rule_id": st.sampled_from(RULES), "path": odd_text},
                        optional={"agreement": st.one_of(st.none(), odd_text, st.integers())},
                    ),
                    max_size=3,
                ),
                values,
            ),
        }
    ),
    values,
)


@st.composite
def projects(draw: st.DrawFn) -> dict[str, bytes]:
    files = {f"agreements/a{i}.yaml": draw(yaml_files(agreements())) for i in range(draw(st.integers(1, 2)))}
    if draw(st.booleans()):
        files[".srm-check.yaml"] = draw(yaml_files(configs))
    if draw(st.booleans()):
        files["waivers.yaml"] = draw(yaml_files(waiver_files))
    if draw(st.booleans()):
        data = json.dumps(draw(baselines), default=str, allow_nan=True).encode()
        files["baseline.json"] = draw(mutated(data))
    return files


# --- the properties ---------------------------------------------------------------------------


@cache
def _command() -> Any:
    """The click command of the app, built once (typer rebuilds it on every invocation)."""
    return typer.main.get_command(app)


def run_cli(args: list[str]) -> Run:
    """srm-check in this process (as conftest.run_cli), without rebuilding the app each time."""
    command = _command()
    with mock.patch.object(typer.testing, "_get_command", lambda _app: command):
        result = CliRunner().invoke(app, args, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


class SarifSchema:
    """The OASIS schema; a run's `tool` (its rules: the same from one example to the next) is
    validated once per distinct content, the rest of each log every time."""

    def __init__(self, validator: Any) -> None:
        self.validator = validator
        self.tools: set[str] = set()

    def errors(self, log: dict[str, Any]) -> list[str]:
        found = [str(e) for e in self.validator.iter_errors(_without_tools(log))]
        for run in log.get("runs", []):
            key = json.dumps(run.get("tool"), sort_keys=True)
            if key not in self.tools:
                found += [str(e) for e in self.validator.iter_errors({**log, "runs": [run]})]
                self.tools.add(key)
        return found


def _without_tools(log: dict[str, Any]) -> dict[str, Any]:
    runs = [{**run, "tool": {"driver": {"name": "srm-check"}}} for run in log.get("runs", [])]
    return {**log, "runs": runs}


@cache
def sarif_validator() -> Any:
    schema_path = SHARED / "formats" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        return None
    from jsonschema import validators

    schema = json.loads(schema_path.read_text("utf-8"))
    return validators.validator_for(schema)(schema)


@contextmanager
def project_folder(files: dict[str, bytes]) -> Iterator[Path]:
    old = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="srm-fuzz-") as name:
        folder = Path(name)
        for relative, data in files.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
        os.chdir(folder)
        try:
            yield folder
        finally:
            os.chdir(old)


def _strict(constant: str) -> None:
    raise ValueError(f"not JSON: {constant}")


def assert_located(finding: dict[str, Any], folder: Path) -> None:
    """A finding's line and column lie inside its file (as YAML counts lines, generously)."""
    path = folder / finding["path"]
    if not path.is_file():
        return  # an unreadable or skipped path: it is named, and has no lines
    text = path.read_bytes().decode("utf-8", "replace")
    lines = text.splitlines() or [""]
    assert 1 <= finding["line"] <= len(lines) + 1, finding
    longest = max(len(line) for line in lines)
    assert 1 <= finding["column"] <= longest + 2, finding


@pytest.fixture(scope="module")
def sarif_schema() -> SarifSchema:
    validator = sarif_validator()
    if validator is None:
        pytest.skip(
            f"{SHARED}/formats/sarif-schema-2.1.0.json not found: ../shared is not beside the repository"
        )
    return SarifSchema(validator)


@PROFILE
@given(
    files=projects(),
    with_baseline=st.booleans(),
    today=st.sampled_from(["2026-05-01", "9999-06-30"]),
    with_report=st.integers(0, 4).map(lambda n: n == 0),
)
def test_any_project_ends_with_a_located_answer(
    sarif_schema: SarifSchema, files: dict[str, bytes], with_baseline: bool, today: str, with_report: bool
) -> None:
    with project_folder(files) as folder:
        args = [
            "check",
            "-f",
            "json",
            "--today",
            today,
            "--report",
            "sarif=out.sarif",
            "--report",
            "junit=out.xml",
        ]
        if with_baseline and "baseline.json" in files:
            args += ["--baseline", "baseline.json"]
        run = run_cli(args)  # an exception here fails the example: no crash, no traceback
        assert run.exit_code in (0, 1, 2), run.stderr
        assert "Traceback" not in run.stdout + run.stderr
        if run.exit_code == 2:  # a usage, configuration, waivers or baseline error: said, and located
            assert run.stderr.splitlines()[-1].startswith("srm-check: error: "), run.stderr
            return
        data = json.loads(run.stdout, parse_constant=_strict)
        for finding in data["findings"]:
            assert_located(finding, folder)
        sarif = json.loads((folder / "out.sarif").read_text("utf-8"), parse_constant=_strict)
        errors = sarif_schema.errors(sarif)
        assert not errors, errors[0]
        ElementTree.fromstring((folder / "out.xml").read_bytes())
        if with_report and "--baseline" not in args:  # now and then, the audit report too
            report = run_cli(["report", "-f", "json", "--today", today])
            assert report.exit_code == run.exit_code, report.stderr
            json.loads(report.stdout, parse_constant=_strict)
