"""Hostile input, faults and misuse (issue 12): each kind ends with its documented exit code and
message, never a traceback, nothing lost, nothing hung.

The cases are in tests/hostile_cases.py, shared with bench/hostile.py, which measures each
one's time and peak memory as a whole process (no input over 2 s or 300 MB). Cases that
need a real process (a stream, a resource limit) run srm-check as one; the others run
in-process. Signals and unreadable folders, which need more than a command line, follow.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from hostile_cases import BASE, CASES, Case, remove


def run_process(case: Case, folder: Path) -> tuple[int, str, str]:
    """srm-check as its own process, in `folder`, with the case's streams and limits."""
    # No bytecode written: under RLIMIT_FSIZE, Python would leave truncated .pyc files behind.
    env = {**os.environ, **dict(case.env), "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    limit = case.fsize_limit

    def limits() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    stdout: int | object = subprocess.PIPE
    if case.stdout == "full":
        stdout = Path("/dev/full").open("wb")  # noqa: SIM115 - closed below
    command = [sys.executable, "-m", "srm_check", *case.args]
    if case.stdout == "closed":
        command = ["sh", "-c", 'exec "$@" >&-', "sh", *command]
    try:
        proc = subprocess.run(
            command,
            cwd=folder,
            env=env,
            stdout=stdout,
            stderr=subprocess.PIPE,
            preexec_fn=limits,
            check=False,
        )
    finally:
        if hasattr(stdout, "close"):
            stdout.close()  # type: ignore[union-attr]
    out = proc.stdout.decode("utf-8", "replace") if isinstance(proc.stdout, bytes) else ""
    return proc.returncode, out, proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case.setup(tmp_path)
    try:
        _run_case(case, tmp_path, monkeypatch)
    finally:  # a tree 1,100 folders deep would break pytest's own (recursive) clean-up
        monkeypatch.chdir(ROOT)
        remove(tmp_path)
        tmp_path.mkdir()


def _run_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.process:
        code, out, err = run_process(case, tmp_path)
    else:
        monkeypatch.chdir(tmp_path)
        for key, value in case.env:
            monkeypatch.setenv(key, value)
        run = run_cli(case.args)  # an uncaught exception fails the test: no traceback
        code, out, err = run.exit_code, run.stdout, run.stderr
    assert "Traceback" not in out + err
    assert code == case.code, err or out[-2000:]
    assert case.expect in (err if code == 2 else out + err), (out[-2000:], err)
    if "json" in case.args and code in (0, 1) and "-o" not in case.args:
        json.loads(out, parse_constant=_refuse)  # strict JSON: no NaN, no Infinity
    if case.after is not None:
        case.after(tmp_path)


def _refuse(constant: str) -> None:
    raise ValueError(f"not JSON: {constant}")


def test_a_symlink_out_of_the_tree_is_not_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = next(c for c in CASES if c.name == "symlinks out of the tree and dangling")
    case.setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = run_cli(["check", "-f", "json"])
    found = {(f["path"], f["rule_id"]) for f in json.loads(run.stdout)["findings"]}
    assert {("agreements/leak.yaml", "SRM014"), ("agreements/gone.yaml", "SRM015")} <= found
    assert "token-s3cr3t" not in run.stdout + run.stderr
    followed = run_cli(["check", "-f", "json", "--follow-symlinks"])
    assert "token-s3cr3t-0042" in followed.stdout  # asked for on the command line: read


def test_an_unreadable_subfolder_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "agreements" / "locked").mkdir(parents=True)
    (tmp_path / "agreements" / "ok.yaml").write_text(BASE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    real = os.scandir

    def refuse(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    run = run_cli(["check"])
    assert run.exit_code == 1
    assert "agreements/locked:1:1: error [SRM016] cannot read folder: Permission denied" in run.stdout


def _srm_check(folder: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "srm_check", *args],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        pytest.skip("needs /proc to list worker processes")
    out: list[int] = []
    for task in tasks.iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


@pytest.mark.parametrize(
    ("signum", "code", "group"),
    [
        (signal.SIGINT, 130, True),
        (signal.SIGTERM, 143, False),
        (signal.SIGTERM, 143, True),  # a CI cancel signals the whole process group
    ],
)
def test_an_interrupted_run_ends_quietly_with_no_orphans(
    signum: signal.Signals, code: int, group: bool, tmp_path: Path
) -> None:
    folder = tmp_path / "agreements"
    folder.mkdir()
    for index in range(1500):
        (folder / f"a{index:04d}.yaml").write_text(
            BASE.replace("northfield-state-university", f"agreement-{index}"), encoding="utf-8"
        )
    proc = _srm_check(tmp_path, "check", "--jobs", "2", "agreements")
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while time.monotonic() < deadline and not workers and proc.poll() is None:
        time.sleep(0.05)
        workers = _children(proc.pid)
    if not workers:
        proc.kill()
        pytest.skip("no worker pool started (a single usable CPU)")
    time.sleep(0.3)
    (os.killpg if group else os.kill)(proc.pid, signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert b"Traceback" not in err and len(err.splitlines()) <= 1, err
    time.sleep(0.2)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert alive == []
