"""Shared test helpers: run the CLI in-process, and find ../shared's format schemas."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from srm_check.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AGREEMENTS = ROOT / "agreements"
SHARED = ROOT.parent / "shared"
GOLDEN = Path(__file__).resolve().parent / "golden"

# The output-format scenarios, as paths from the repository root (tests run from there).
OUTPUTS = "tests/fixtures/outputs"
BROKEN_POLICY = ["--policy", "policies", "--policy", f"{OUTPUTS}/broken-policy"]
# name -> (arguments after `check`, expected exit code)
SCENARIOS: dict[str, tuple[list[str], int]] = {
    "clean": ([f"{OUTPUTS}/clean"], 0),
    "failing": ([f"{OUTPUTS}/failing"], 1),
    "unparseable": ([f"{OUTPUTS}/unparseable"], 1),
    "broken-policy": ([*BROKEN_POLICY, f"{OUTPUTS}/clean"], 2),
}


@dataclass
class Run:
    """The outcome of one in-process `srm-check` invocation."""

    exit_code: int
    stdout: str
    stderr: str


def run_cli(args: Sequence[str]) -> Run:
    """Run `srm-check ARGS` in this process; stdout and stderr kept apart."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with an empty result cache of its own (never the checkout's), so that no
    test sees what another cached; tests of the cache's location remove the variable."""
    monkeypatch.setenv("SRM_CHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache") / ".srm-check-cache"))


@pytest.fixture
def cli() -> Callable[[Sequence[str]], Run]:
    """`cli(args)` runs srm-check in-process (see run_cli)."""
    return run_cli


def shared_file(relative: str) -> Path:
    """A file of ../shared, or skip the test with the reason when ../shared is absent."""
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"{path} not found: ../shared is not beside the repository (CI always has it)")
    return path


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers the suite uses (--strict-markers is on)."""
    config.addinivalue_line("markers", "slow: takes several seconds (deselect with -m 'not slow')")
