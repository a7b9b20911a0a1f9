"""Same input, same bytes: across runs, hash seeds, argument orders, and serial or parallel checking."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import AGREEMENTS, FIXTURES, ROOT, Run, run_cli

CLI = Callable[[Sequence[str]], Run]
CATALOGUE = ROOT / "policies" / "catalogues" / "2i2c-srm-2022.yaml"


def responsibilities() -> list[tuple[str, str]]:
    from srm_check.source.reader import load_file

    (doc,) = load_file(CATALOGUE, "catalogue").documents
    return [(r["id"], r["default_party"]) for r in doc.value["responsibilities"]]


def agreement_text(index: int, rng: random.Random, items: list[tuple[str, str]]) -> str:
    """A generated agreement; most are fine, some carry one defect, some reuse an id."""
    # Every 25th file reuses the id of file 0 (or of file 1): SRM305 across files.
    agreement_id = (
        f"generated-{index % 2:03d}" if index % 25 == 0 or index % 25 == 1 else f"generated-{index:03d}"
    )
    lines = [
        f"agreement: {agreement_id}",
        f"community: Generated Community {index}",
        "catalogue: 2i2c-srm@2022",
        f"effective: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "assignments:",
    ]
    defect = rng.choice(["none", "none", "none", "missing", "shared", "unknown", "no-note", "typo", "order"])
    for number, (rid, party) in enumerate(items, 1):
        if defect == "missing" and number == 7:
            continue
        if defect == "shared" and number == 10:
            lines.append(f"  {rid}: [community, 2i2c]")
        elif defect == "unknown" and number == 12:
            lines.append(f"  {rid}: 2i2cc")
        elif defect == "no-note" and number == 6:
            lines.append(f"  {rid}: 2i2c")
        elif defect == "typo" and number == 3:
            lines.append(f"  {rid.replace('support', 'suport')}: {party}")
        elif defect == "order" and number == 2:
            lines.append(f"  {rid}:\n    party: 2i2c\n    cost_note: 2i2c runs onboarding sessions.")
        else:
            lines.append(f"  {rid}: {party}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    rng = random.Random(20260101)
    items = responsibilities()
    for index in range(250):
        sub = folder / f"batch-{index % 7}"
        sub.mkdir(exist_ok=True)
        (sub / f"agreement-{index:03d}.yaml").write_text(agreement_text(index, rng, items), encoding="utf-8")
    return folder


def test_generated_set_exercises_many_rules(generated: Path, cli: CLI) -> None:
    import json

    data = json.loads(cli(["check", "--format", "json", "--jobs", "1", str(generated)]).stdout)
    rules = {f["rule_id"] for f in data["findings"]}
    assert {"SRM101", "SRM102", "SRM104", "SRM105", "SRM201", "SRM305", "SRM401"} <= rules
    assert data["summary"]["files"] == 250


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_serial_and_parallel_runs_give_identical_bytes(
    fmt: str, generated: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[str] = []
    real = multiprocessing.get_context

    def spy(method: str | None = None) -> Any:
        pools.append(str(method))
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    # Workers are capped by the CPUs this process may use: claim two, so a pool runs anywhere.
    monkeypatch.setattr("srm_check.pipeline.sizing.usable_cpus", lambda: 2)
    # Without the result cache: a warm cache is read in this process, with no pool.
    serial = cli(["check", "--no-cache", "--format", fmt, "--jobs", "1", str(generated)])
    assert pools == []
    parallel = cli(["check", "--no-cache", "--format", fmt, "--jobs", "2", str(generated)])
    assert pools == ["fork"]  # the worker pool really ran
    assert serial.exit_code == parallel.exit_code == 1
    assert serial.stdout == parallel.stdout


def test_duplicate_ids_are_resolved_in_file_order(generated: Path, cli: CLI) -> None:
    import json

    def duplicates(jobs: str) -> list[tuple[str, str, str]]:
        data = json.loads(cli(["check", "--format", "json", "--jobs", jobs, str(generated)]).stdout)
        return [
            (f["path"], f["agreement"], f["related"][0]["path"])
            for f in data["findings"]
            if f["rule_id"] == "SRM305"
        ]

    serial = duplicates("1")
    assert serial == duplicates("2")
    # The model: files in path order; the first file with an id keeps it, every later one is reported.
    first: dict[str, str] = {}
    expected = []
    for path in sorted(generated.rglob("*.yaml"), key=lambda p: p.relative_to(generated).as_posix()):
        agreement_id = path.read_text(encoding="utf-8").split("\n", 1)[0].split(": ")[1]
        if agreement_id in first:
            expected.append((path.name, agreement_id, first[agreement_id]))
        else:
            first[agreement_id] = path.relative_to(generated).as_posix()
    assert len(expected) == 18
    assert [(Path(p).name, a, Path(r).relative_to(generated).as_posix()) for p, a, r in serial] == expected


def test_argument_order_does_not_matter(cli: CLI) -> None:
    rules = FIXTURES / "rules"
    one = cli(["check", str(rules / "SRM104"), str(AGREEMENTS), str(rules / "SRM305/fail")])
    two = cli(["check", str(rules / "SRM305/fail"), str(AGREEMENTS), str(rules / "SRM104"), str(AGREEMENTS)])
    assert one.stdout == two.stdout


def run_process(args: list[str], seed: str) -> bytes:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONHASHSEED"] = seed
    done = subprocess.run([sys.executable, "-m", "srm_check", *args], capture_output=True, cwd=ROOT, env=env)
    assert done.stderr == b""
    return done.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_separate_processes_give_identical_bytes(fmt: str) -> None:
    args = ["check", "--format", fmt, "agreements", "tests/fixtures/rules", "tests/fixtures/bad"]
    first = run_process(args, "1")
    assert first == run_process(args, "2")
    assert first.count(b"SRM") > 50


def test_a_file_named_twice_is_checked_once(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: "agreements/../agreements/x.yaml" was a second file, and clashed with itself (SRM305).
    monkeypatch.chdir(ROOT)
    run = cli(["check", "agreements", "agreements/../agreements/cascadia-climate-collective.yaml"])
    assert run.exit_code == 0
    assert run.stdout.splitlines()[-1] == "5 files checked: 1 note in 1 file (passed, fail-on error)"


def test_ties_keep_the_catalogue_order(tmp_path: Path) -> None:
    """Missing responsibilities share one location; they are listed in technical order."""
    path = tmp_path / "a.yaml"
    path.write_text(
        "agreement: a\ncommunity: A\ncatalogue: 2i2c-srm@2022\neffective: 2026-01-01\n"
        "assignments:\n  use-hub: community\n"
    )
    run = run_cli(["check", "-f", "json", str(path)])
    numbers = [
        int(str(f["message"]).split("(#")[1].split()[0])
        for f in json.loads(run.stdout)["findings"]
        if f["rule_id"] == "SRM101"
    ]
    assert numbers == list(range(2, 21))
