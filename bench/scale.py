"""Benchmark `srm-check check` at scale: time and peak memory per output format, a cold and a warm
result cache (and a warm run of one file: the start-up every run pays), the pre-commit hook on
one changed file, the CPU against the libyaml event floor, and the ratio against
check-jsonschema validating the same files against srm-check's own agreement schema (ratios are
what count: the machine is shared).

Usage:  python bench/scale.py [N ...] [--repeat R] [--formats text,json,...] [--skip-peer]
        (default N: 1 1000 10000; add 100000 for the flat-memory check; R: 3)

Every number is a whole process (a fresh interpreter, bytecode caching on, as for users), timed
by wall clock, with its peak resident memory (ru_maxrss) and CPU time (user + system).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import measure, srm_check

from bench import generate  # the agreements of bench.py

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "srm_check" / "schemas" / "agreement.schema.json"
FORMATS = ["text", "json", "sarif", "junit", "github", "summary"]
# The libyaml floor: only iterating the parser's events over the same files, in one process.
_FLOOR = """
import sys
from pathlib import Path
from ruamel.yaml import CParser
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    parser = CParser(path.read_text(encoding="utf-8"))
    while parser.check_event():
        parser.get_event()
"""


def run(command: Sequence[str], cwd: Path | None = None) -> tuple[float, float, float, int]:
    """(wall s, peak MiB, CPU s, exit code) of one process."""
    done = measure(command, cwd)
    return done.wall, done.peak_mib, done.cpu, done.code


def median_of(
    command: Sequence[str], repeat: int, cwd: Path | None = None
) -> tuple[float, float, float, int]:
    runs = [run(command, cwd) for _ in range(repeat)]
    return (
        statistics.median(r[0] for r in runs),
        max(r[1] for r in runs),
        statistics.median(r[2] for r in runs),
        runs[-1][3],
    )


def row(label: str, result: tuple[float, float, float, int], extra: str = "") -> None:
    wall, peak, cpu, code = result
    print(f"  {label:<34} {wall:>8.3f} s {cpu:>8.3f} s cpu {peak:>8.1f} MiB  exit {code}  {extra}")


def formats(folder: Path, sizes_formats: list[str], repeat: int) -> tuple[float, float, float, int]:
    """Each format without the cache (--jobs default); returns the text run's measure."""
    base = (0.0, 0.0, 0.0, 0)
    for fmt in sizes_formats:
        result = median_of(
            [*srm_check(), "check", "--no-cache", "-f", fmt, "-o", "/dev/null", str(folder)], repeat
        )
        base = result if fmt == "text" else base
        row(f"--format {fmt} (no cache)", result)
    return base


def cache(folder: Path, repeat: int) -> None:
    """Cold runs (each into an empty cache) paired with the warm run that follows each (every
    file cached): medians of the pairs, and the median of their ratios."""
    colds, warms = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="srm-cache-") as where:
            command = [*srm_check(), "check", "--cache-dir", where, "-o", "/dev/null", str(folder)]
            colds.append(run(command))
            warms.append(run(command))
    ratio = statistics.median(w[0] / c[0] for c, w in zip(colds, warms, strict=True))
    cold, warm = _median(colds), _median(warms)
    row("cold cache", cold)
    row("warm cache", warm, f"warm/cold {ratio:.2f} (median of {repeat} pairs)")
    start = start_up(folder, repeat)
    beyond = (warm[0] - start[0]) / (cold[0] - start[0])
    row("warm cache, one of the files", start, f"beyond it, warm/cold {beyond:.2f}")


def start_up(folder: Path, repeat: int) -> tuple[float, float, float, int]:
    """A warm run of one of the files: what every run pays whatever its size (start-up, the
    policy), against which the rest of a warm run is the part that grows with the files."""
    first = min(folder.glob("*.yaml"))
    with tempfile.TemporaryDirectory(prefix="srm-cache-") as where:
        command = [*srm_check(), "check", "--cache-dir", where, "-o", "/dev/null", str(first)]
        run(command)
        return median_of(command, repeat)


def _median(runs: list[tuple[float, float, float, int]]) -> tuple[float, float, float, int]:
    return (
        statistics.median(r[0] for r in runs),
        max(r[1] for r in runs),
        statistics.median(r[2] for r in runs),
        runs[-1][3],
    )


def floor(folder: Path, repeat: int) -> None:
    """CPU of `--jobs 1` against the libyaml event floor on the same files: runs in pairs, one
    of each, so that a change of load on a shared machine moves both; the median of the pairs'
    ratios."""
    command = [*srm_check(), "check", "--no-cache", "--jobs", "1", "-o", "/dev/null", str(folder)]
    pairs = [(run(command), run([sys.executable, "-c", _FLOOR, str(folder)])) for _ in range(repeat)]
    ratio = statistics.median(ours[2] / events[2] for ours, events in pairs)
    row("--jobs 1 (no cache)", _median([ours for ours, _ in pairs]))
    row(
        "libyaml events only",
        _median([events for _, events in pairs]),
        f"CPU ratio {ratio:.2f}x (median of {repeat} pairs)",
    )


def peer(folder: Path, ours: tuple[float, float, float, int], repeat: int) -> None:
    """check-jsonschema on the same files against srm-check's own agreement schema."""
    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if tool is None:
        print("  check-jsonschema not installed (pip install -e '.[dev]'): no peer ratio")
        return
    files = sorted(str(p) for p in folder.glob("*.yaml"))
    if sum(len(f) + 1 for f in files) > 1_000_000:
        print("  check-jsonschema: too many files for one command line; no peer ratio")
        return
    result = median_of([tool, "--schemafile", str(SCHEMA), *files], repeat)
    ratios = f"srm-check is {result[0] / ours[0]:.1f}x faster (wall), {result[2] / ours[2]:.1f}x (CPU)"
    row("check-jsonschema (same files)", result, ratios)


def hook(repeat: int) -> None:
    """The pre-commit hook on one changed file in a repository of 1,000 agreements."""
    with tempfile.TemporaryDirectory(prefix="srm-hook-") as where:
        repo = Path(where)
        (repo / ".git").mkdir()
        (repo / "agreements").mkdir()
        generate(repo / "agreements", 1000)
        (repo / ".srm-check.yaml").write_text("paths: [agreements]\n", encoding="utf-8")
        text = (repo / "agreements" / "agreement-000999.yaml").read_text(encoding="utf-8")
        changed = repo / "agreements" / "changed.yaml"
        changed.write_text(text.replace("bench-000999", "bench-000005"), encoding="utf-8")
        # As in a repository, the agreements were written a while before the hook runs (files
        # written in the last 3 s are read and hashed, not known by their stat: see the cache).
        time.sleep(3.5)
        one = median_of([*srm_check(), "check", "--no-cache", "agreements/changed.yaml"], repeat, repo)
        hooked = [*srm_check(), "check", "--context", "agreements/changed.yaml"]
        cold = run(hooked, repo)
        warm = median_of(hooked, repeat, repo)
    print("hook: one changed file (reusing an id) in a repository of 1,000 agreements")
    row("check the one file alone", one)
    for label, result in (("check --context, cold (no cache)", cold), ("check --context, warm", warm)):
        row(label, result, f"{result[0] / one[0]:.2f}x the one file (wall), {result[2] / one[2]:.2f}x (CPU)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[1, 1000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-hook", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; medians of {args.repeat}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"srm-scale-{size}-") as where:
            folder = Path(where)
            generate(folder, size)
            run([*srm_check(), "check", "--no-cache", "-o", "/dev/null", str(folder)])  # warm-up
            print(f"{size} agreements")
            text = formats(folder, args.formats.split(","), args.repeat)
            cache(folder, args.repeat)
            if size >= 1000:
                floor(folder, args.repeat)
            if not args.skip_peer:
                peer(folder, text, args.repeat)
    if not args.skip_hook:
        hook(args.repeat)


if __name__ == "__main__":
    main()
