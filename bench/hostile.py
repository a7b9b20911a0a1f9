"""Time and peak memory of every hostile input of tests/hostile_cases.py, as whole processes.

Usage:  python bench/hostile.py [--repeat R] [--only TEXT]
        (default R: 3; --only runs the cases whose name contains TEXT)

Each case is built in a fresh folder and run as its own `python -m srm_check` process (with
its stream, resource limit or environment), timed by wall clock, with the peak resident
memory of that process (os.wait4). A peer run, `srm-check check agreements/` on this
repository, is measured in the same call, so that each case is also given as a ratio to it
(machines differ; ratios travel). Exits 1 if a case takes more than 2 s or 300 MB, or ends
with an exit code other than the one its test asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_cases import CASES, Case, remove  # noqa: E402

MAX_SECONDS = 2.0
MAX_MIB = 300.0


def measure(command: list[str], folder: Path, case: Case | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB and exit code of one process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **dict(case.env if case else ())}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    limit = case.fsize_limit if case else None
    if limit is not None:  # under RLIMIT_FSIZE, Python would leave truncated .pyc files behind
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    stdout: int = subprocess.DEVNULL
    if case is not None and case.stdout == "full":
        stdout = os.open("/dev/full", os.O_WRONLY)
    if case is not None and case.stdout == "closed":
        command = ["sh", "-c", 'exec "$@" >&-', "sh", *command]

    def limits() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=folder, env=env, stdout=stdout, stderr=subprocess.DEVNULL, preexec_fn=limits
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdout != subprocess.DEVNULL:
        os.close(stdout)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def srm_check(*args: str) -> list[str]:
    return [sys.executable, "-m", "srm_check", *args]


def run_case(case: Case, repeat: int) -> tuple[float, float, int]:
    """Median seconds, peak MiB and exit code over `repeat` fresh runs of one case."""
    times, peaks, code = [], [], 0
    for _ in range(repeat):
        folder = Path(tempfile.mkdtemp(prefix="srm-hostile-"))
        try:
            case.setup(folder)
            wall, peak, code = measure(srm_check(*case.args), folder, case)
            times.append(wall)
            peaks.append(peak)
        finally:
            remove(folder)
    return statistics.median(times), max(peaks), code


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    measure(srm_check("check", "agreements"), ROOT)  # warm-up: bytecode and file caches
    peer = [measure(srm_check("check", "agreements"), ROOT) for _ in range(args.repeat)]
    peer_s, peer_mib = statistics.median(p[0] for p in peer), max(p[1] for p in peer)
    print(f"peer: srm-check check agreements/  {peer_s:.3f} s  {peer_mib:.1f} MiB\n")
    print(f"{'case':<52} {'s':>6} {'x peer':>7} {'MiB':>7} {'x peer':>7}  exit")
    failures = []
    for case in (c for c in CASES if args.only in c.name):
        seconds, mib, code = run_case(case, args.repeat)
        flag = ""
        if seconds > MAX_SECONDS or mib > MAX_MIB or code != case.code:
            flag = "  FAIL"
            failures.append(case.name)
        print(
            f"{case.name[:52]:<52} {seconds:>6.2f} {seconds / peer_s:>7.1f} {mib:>7.1f} "
            f"{mib / peer_mib:>7.2f}  {code}{flag}"
        )
    if failures:
        sys.exit(
            f"\n{len(failures)} case(s) over {MAX_SECONDS:g} s or {MAX_MIB:g} MiB, or with another exit code"
        )
    print(f"\nevery case within {MAX_SECONDS:g} s and {MAX_MIB:g} MiB")


if __name__ == "__main__":
    main()
