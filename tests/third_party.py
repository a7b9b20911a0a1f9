"""The third-party validators that police srm-check's outputs, as their users run them.

- Microsoft's SARIF multitool (`validate --rule-kind "Sarif;Ghas"`: the SARIF rules and the
  rules that model GitHub Advanced Security's ingestion), from the npm package
  `@microsoft/sarif-multitool-linux`;
- the Nu HTML Checker (vnu), from the npm package `vnu-jar`, run with Java.

Both are installed by `npm ci --prefix tests/tools --ignore-scripts` (.ci/run does it, with a
JRE from apt when `java` is missing). Where one cannot be found, a test skips saying how to
install it; in CI (the CI environment variable set) it fails instead: CI must run them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import ROOT

TOOLS = ROOT / "tests" / "tools" / "node_modules"
MULTITOOL = TOOLS / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = (
    "npm ci --prefix tests/tools --ignore-scripts (and a JRE, e.g. apt-get install default-jre-headless)"
)
TIMEOUT_SECONDS = 300


def missing(what: str) -> None:
    """Skip (fail in CI) because a validator is not installed."""
    message = f"{what} is not installed: run `{INSTALL}`"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run every third-party validator")
    pytest.skip(message)


class Issue(NamedTuple):
    """One thing a validator reported: its level, rule and message, and in which file."""

    level: str
    rule: str
    message: str
    file: str

    def __str__(self) -> str:
        return f"{self.file}: {self.level} {self.rule}: {self.message}"


def multitool() -> Path:
    """The SARIF multitool's executable (made executable: npm's --ignore-scripts skips the chmod)."""
    if not MULTITOOL.is_file():
        missing("Microsoft's SARIF multitool (npm @microsoft/sarif-multitool-linux)")
    if not os.access(MULTITOOL, os.X_OK):
        MULTITOOL.chmod(MULTITOOL.stat().st_mode | 0o111)
    return MULTITOOL


def validate_sarif(files: Sequence[Path], workdir: Path) -> list[Issue]:
    """Everything `Sarif.Multitool validate --rule-kind "Sarif;Ghas"` reports on `files`, in one
    run; raises when the multitool itself fails."""
    tool = multitool()
    out = workdir / "multitool-result.sarif"
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "DOTNET_CLI_TELEMETRY_OPTOUT": "1"}
    args = [
        str(tool),
        "validate",
        "--rule-kind",
        "Sarif;Ghas",
        "--log",
        "ForceOverwrite",
        "--output",
        str(out),
    ]
    proc = subprocess.run(
        [*args, *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert out.is_file(), (
        f"the multitool wrote no result (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}"
    )
    log = json.loads(out.read_text("utf-8-sig"))
    issues: list[Issue] = []
    for run in log["runs"]:
        for invocation in run.get("invocations", []):
            for note in invocation.get("toolExecutionNotifications", []):
                if note.get("level", "warning") == "error":
                    issues.append(Issue("error", "tool", note["message"]["text"], ""))
        for result in run.get("results", []):
            uri = (
                result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                if result.get("locations")
                else ""
            )
            text = result.get("message", {}).get("text") or " ".join(
                result.get("message", {}).get("arguments", [])
            )
            issues.append(Issue(result.get("level", "warning"), result["ruleId"], text, uri))
    return issues


def vnu() -> list[str]:
    """The command that runs the Nu HTML Checker."""
    java = shutil.which("java")
    if java is None:
        missing("Java, which the Nu HTML Checker needs (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing("the Nu HTML Checker (npm vnu-jar)")
    return [str(java), "-jar", str(VNU_JAR)]


def validate_html(files: Sequence[Path]) -> list[Issue]:
    """Every error and warning vnu reports on `files`, in one run."""
    proc = subprocess.run(
        [*vnu(), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    data = json.loads(proc.stderr or proc.stdout)
    return [
        Issue(m.get("subType") or m["type"], m["type"], m.get("message", ""), m.get("url", ""))
        for m in data["messages"]
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
