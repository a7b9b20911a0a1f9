"""One whole process measured from outside: wall seconds, peak resident memory, CPU time.

Every bench script measures srm-check (and the peers it compares with) this way, so that
their numbers compare: a fresh interpreter per run, started by a small parent process whose
only child it is (so `RUSAGE_CHILDREN` is that run's alone), bytecode caching on as for users
whatever PYTHONDONTWRITEBYTECODE says here, standard output thrown away and the end of
standard error kept for a message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

_PARENT = """
import resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
print(wall, use.ru_maxrss, use.ru_utime + use.ru_stime, proc.returncode)
"""


class Measured(NamedTuple):
    """What one process cost, and how it ended."""

    wall: float  # seconds
    peak_kib: int  # peak resident memory
    cpu: float  # user and system seconds: what a shared machine's load changes least
    code: int  # exit code
    stderr: str  # its end

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The children's environment: bytecode caching on, no result-cache folder from here."""
    drop = ("PYTHONDONTWRITEBYTECODE", "SRM_CHECK_CACHE_DIR")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **(extra or {})}


def measure(
    command: Sequence[str], cwd: Path | None = None, extra_env: Mapping[str, str] | None = None
) -> Measured:
    """Run `command` once in `cwd` and measure it."""
    done = subprocess.run(
        [sys.executable, "-c", _PARENT, *command],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(extra_env),
        cwd=cwd,
    )
    wall, peak, cpu, code = done.stdout.split()
    return Measured(float(wall), int(peak), float(cpu), int(code), done.stderr)


def srm_check(*args: str) -> list[str]:
    """The srm-check installed beside this Python (the bench's venv), else the package as a module."""
    found = shutil.which("srm-check", path=str(Path(sys.executable).parent))
    return [found, *args] if found else [sys.executable, "-m", "srm_check", *args]
