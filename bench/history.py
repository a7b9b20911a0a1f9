"""Benchmark `srm-check history` as a whole process over N commits of 100 agreements.

Usage:  python bench/history.py [N ...] [--agreements A] [--repeat R]
        (default N: 250 500 1000 2000; A: 100; R: 3)

Each repository is written with `git fast-import` (so that building it is quick): a first
commit adds A agreements on the default boundary, then each of the N commits changes one
agreement, moving a random responsibility to the other party with a cost note, or moving
one back (removing its note). Every run is a fresh process, timed by wall clock, with its
peak resident memory; the peer run is `git log` itself, reading the same commits with the
same options (`--raw`), so that the ratio says what srm-check adds to reading the log.
Time should grow linearly: the seconds per 1,000 commits should stay flat as N grows.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import measure

from bench import responsibility_ids

OTHER = {"community": "2i2c", "2i2c": "community"}


def agreement(index: int, held: dict[str, str], notes: dict[str, int]) -> str:
    lines = [
        f"agreement: bench-{index:03d}",
        f"community: Bench Community {index}",
        "catalogue: 2i2c-srm@2022",
        "effective: 2026-01-01",
        "assignments:",
    ]
    for rid, party in held.items():
        if rid in notes:
            lines += [
                f"  {rid}:",
                f"    party: {party}",
                f"    cost_note: {{text: Moved in the benchmark., amount: {notes[rid]},"
                " currency: USD, period: month}",
            ]
        else:
            lines.append(f"  {rid}: {party}")
    return "\n".join(lines) + "\n"


def _blob(data: str) -> str:
    raw = data.encode()
    return f"data {len(raw)}\n{data}\n"


def fast_import_stream(agreements: int, commits: int, seed: int = 7) -> str:
    """The whole history as a `git fast-import` stream (deterministic for a seed)."""
    rng = random.Random(seed)
    items = responsibility_ids()
    defaults = dict(items)
    state = [dict(defaults) for _ in range(agreements)]
    notes: list[dict[str, int]] = [{} for _ in range(agreements)]
    out = []
    when = 1767225600  # 2026-01-01
    first = "".join(
        f"M 100644 inline agreements/bench-{i:03d}.yaml\n" + _blob(agreement(i, state[i], notes[i]))
        for i in range(agreements)
    )
    out.append(
        f"commit refs/heads/main\ncommitter Bench <b@x.invalid> {when} +0000\n"
        + _blob("Add agreements")
        + first
    )
    for n in range(commits):
        i = rng.randrange(agreements)
        rid = rng.choice(list(defaults))
        if rid in notes[i]:
            state[i][rid] = defaults[rid]
            del notes[i][rid]
        else:
            state[i][rid] = OTHER.get(defaults[rid], "2i2c")
            notes[i][rid] = rng.choice([-1, 1]) * rng.randint(1, 20) * 50
        when += 3600
        body = f"M 100644 inline agreements/bench-{i:03d}.yaml\n" + _blob(agreement(i, state[i], notes[i]))
        out.append(
            f"commit refs/heads/main\ncommitter Bench <b@x.invalid> {when} +0000\n"
            + _blob(f"Change {n}")
            + body
        )
    return "".join(out)


def build(folder: Path, agreements: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    stream = fast_import_stream(agreements, commits)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=stream.encode(), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True)


def run_once(folder: Path, command: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user and system: what a shared machine's
    load changes least) of one process run in `folder`."""
    done = measure(command, folder)
    if done.code != 0:
        sys.exit(f"{command[0]} failed ({done.code}): {done.stderr}")
    return done.wall, done.peak_kib, done.cpu


def median_run(folder: Path, command: list[str], repeat: int) -> tuple[float, int, float]:
    """Median wall seconds, largest peak RSS, median CPU seconds, after a warm-up run."""
    run_once(folder, command)  # warm-up: bytecode and the file system's cache
    runs = [run_once(folder, command) for _ in range(repeat)]
    return (
        statistics.median(t for t, _, _ in runs),
        max(p for _, p, _ in runs),
        statistics.median(c for _, _, c in runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[250, 500, 1000, 2000])
    parser.add_argument("--agreements", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    srm = [sys.executable, "-m", "srm_check", "history", "--format", "json"]
    git_log = [
        "git",
        "log",
        "-z",
        "--raw",
        "--no-abbrev",
        "-M",
        "--reverse",
        "--topo-order",
        "--",
        "agreements",
    ]
    heads = ("commits", "history s", "s/1000 commits", "CPU s/1000", "git log s", "ratio", "peak RSS MiB")
    widths = (7, 9, 14, 10, 9, 6, 12)
    print("  ".join(f"{head:>{width}}" for head, width in zip(heads, widths, strict=True)))
    for size in args.sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"srm-history-{size}-"))
        try:
            build(folder, args.agreements, size)
            wall, peak, cpu = median_run(folder, srm, args.repeat)
            peer, _, _ = median_run(folder, git_log, args.repeat)
            print(
                f"{size:>7}  {wall:>9.3f}  {wall / size * 1000:>14.3f}  {cpu / size * 1000:>10.3f}  "
                f"{peer:>9.3f}  {wall / peer:>6.1f}  {peak / 1024:>12.1f}"
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
