"""Flat memory: a streamed `check` keeps its totals, not its files, and says the same as a run
that keeps every file (totals, exit codes and every output, byte for byte)."""

from __future__ import annotations

import gc
import shutil
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

from srm_check.formats import outputs
from srm_check.pipeline import stream

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = ("json", "sarif", "junit", "github", "summary")


def _agreement(index: int, defect: str | None) -> str:
    """An agreement of the inline-waivers fixture with its own id and at most one defect."""
    text = (FIXTURES / "inline_waivers" / "pilot.yaml").read_text(encoding="utf-8")
    lines = [line.split("  # srm-check")[0] for line in text.splitlines() if "# srm-check" not in line[:4]]
    body = "\n".join(line for line in lines if not line.lstrip().startswith("# srm-check")) + "\n"
    body = body.replace("agreement: inline-pilot", f"agreement: gen-{index:04d}")
    if defect == "party":
        body = body.replace("manage-data: community", "manage-data: 2ic2")
    elif defect == "duplicate":  # the same id as another agreement: a finding across files
        body = body.replace(f"agreement: gen-{index:04d}", "agreement: gen-dup")
    elif defect == "missing":
        body = body.replace("  monitor-for-incidents: cloud-engineering\n", "")
    elif defect == "deviation":
        body = body.replace("guide-2i2c: community", "guide-2i2c: 2i2c")
    return body


def _generate(folder: Path, count: int, start: int = 0) -> None:
    defects = [None, "party", None, "duplicate", "missing", None, "deviation"]
    for index in range(start, start + count):
        text = _agreement(index, defects[index % len(defects)])
        (folder / f"gen-{index:04d}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The waivers fixture (a waivers file), an agreement with inline waivers, and generated
    agreements with findings of several kinds; a baseline of the run, then some changes."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "waivers" / "project", target)
    agreements = target / "agreements"
    shutil.copy(FIXTURES / "inline_waivers" / "pilot.yaml", agreements / "inline.yaml")
    _generate(agreements, 30)
    monkeypatch.chdir(target)
    assert run_cli(["check", "--today", "2026-06-01", "--write-baseline", "baseline.json"]).exit_code == 0
    (agreements / "gen-0001.yaml").write_text(_agreement(1, None), encoding="utf-8")  # fixed since
    (agreements / "gen-0002.yaml").write_text(_agreement(2, "party"), encoding="utf-8")  # new
    return target


@pytest.fixture
def keep_every_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Streamed runs keep every file, as `report` does (their totals then count from the files)."""
    made = stream.RunStream.__init__

    def keeping(self: stream.RunStream, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **{**kwargs, "keep_all": True})

    monkeypatch.setattr(stream.RunStream, "__init__", keeping)
    yield


def _outputs(args: list[str], tag: str) -> tuple[int, dict[str, bytes]]:
    reports = [f"--report={name}=out-{tag}.{name}" for name in FORMATS]
    run = run_cli(["check", *args, "-f", "text", *reports])
    texts = {name: Path(f"out-{tag}.{name}").read_bytes() for name in FORMATS}
    texts["text"] = run.stdout.encode()
    return run.exit_code, texts


CASES = [
    ["--today", "2026-06-01"],
    ["--today", "2026-07-01"],  # the waivers expired
    ["--today", "2026-06-01", "--no-waivers"],
    ["--today", "2026-06-01", "--fail-on", "warning"],
    ["--today", "2026-06-01", "--fail-on", "note"],
    ["--today", "2026-06-01", "--fail-on", "never"],
    ["--today", "2026-06-01", "--select", "SRM201"],
    ["--today", "2026-06-01", "--ignore", "SRM201"],
    ["--today", "2026-06-01", "--baseline", "baseline.json"],
    ["--today", "2026-07-01", "--baseline", "baseline.json", "--fail-on", "warning"],
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(a[2:]) or "waived" for a in CASES])
def test_totals_and_outputs_are_those_of_a_run_keeping_every_file(
    project: Path, args: list[str], request: pytest.FixtureRequest
) -> None:
    streamed_code, streamed = _outputs(args, "streamed")
    request.getfixturevalue("keep_every_file")
    kept_code, kept = _outputs(args, "kept")
    assert streamed_code == kept_code
    for name, text in streamed.items():
        assert text == kept[name], name
    assert b"checked" in streamed["text"]


def test_the_corpus_has_what_the_comparison_needs(project: Path) -> None:
    """Waived (file and inline), baselined, fixed and failing findings."""
    import json

    run = run_cli(["check", "--today", "2026-06-01", "--baseline", "baseline.json", "-f", "json"])
    summary = json.loads(run.stdout)["summary"]
    assert run.exit_code == 1
    assert summary["waived"] >= 2 and summary["baselined"] > 0
    assert summary["findings"]["error"] > 0
    assert json.loads(run.stdout)["baseline_absent"]


def _kept_at_end(folder: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Bytes allocated (and alive) when a text run over `folder` writes its end."""
    seen: list[int] = []
    finish = outputs.OpenOutputs.finish

    def measured(self: outputs.OpenOutputs, run: Any) -> None:
        gc.collect()
        seen.append(tracemalloc.get_traced_memory()[0])
        finish(self, run)

    monkeypatch.setattr(outputs.OpenOutputs, "finish", measured)
    tracemalloc.start()
    try:
        run_cli(
            ["check", "--no-cache", "--jobs", "1", "--today", "2026-06-01", "-o", "/dev/null", str(folder)]
        )
    finally:
        tracemalloc.stop()
    return seen[0]


# What a run may keep per agreement (the cross-file rules' packed state and its path, about
# 300 B): well under what keeping the files with findings cost (about 1 KB each here).
BYTES_PER_AGREEMENT = 700


@pytest.mark.parametrize("keep_all", [False, True], ids=["streamed", "keeping (the bound can fail)"])
def test_what_a_run_keeps_grows_by_less_than_a_bound_per_agreement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep_all: bool
) -> None:
    if keep_all:
        made = stream.RunStream.__init__
        monkeypatch.setattr(
            stream.RunStream, "__init__", lambda self, *a, **k: made(self, *a, **{**k, "keep_all": True})
        )
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    count = 300
    _generate(small, count)
    _generate(large, 2 * count)
    _kept_at_end(small, monkeypatch)  # imports and caches made once, outside the comparison
    growth = (_kept_at_end(large, monkeypatch) - _kept_at_end(small, monkeypatch)) / count
    assert growth > 0
    print(f"growth {growth:.0f} B per agreement")
    assert (growth < BYTES_PER_AGREEMENT) is not keep_all, growth
