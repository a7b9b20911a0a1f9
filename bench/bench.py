"""Benchmark `srm-check check` as a whole process over N synthetic agreements.

Usage:  python bench/bench.py [N ...] [--repeat R] [--keep DIR]
        (default N: 1 100 1000 5000; R: 5)

Agreements are generated deterministically from the shipped 2i2c catalogue: about
four in five are valid (default boundary, or deviations with cost notes) and the
rest carry one defect each (missing, shared, unheld, unknown party or
responsibility, no cost note, bad date, duplicate key). Each run is a fresh
process, timed by wall clock, with its peak resident memory (ru_maxrss of the child).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import measure, srm_check

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "policies" / "catalogues" / "2i2c-srm-2022.yaml"


def responsibility_ids() -> list[tuple[str, str]]:
    """(id, default party) of each responsibility, read from the catalogue text."""
    out: list[tuple[str, str]] = []
    current = ""
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        if line.startswith("  - id: "):
            current = line.split(": ", 1)[1]
        elif line.startswith("    default_party: ") and current:
            out.append((current, line.split(": ", 1)[1]))
            current = ""
    return out


def agreement(index: int, rng: random.Random, items: list[tuple[str, str]]) -> str:
    """One agreement's YAML text; every fifth or so has one defect."""
    lines = [
        f"agreement: bench-{index:06d}",
        f"community: Bench Community {index}",
        "catalogue: 2i2c-srm@2022",
        f"effective: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "assignments:",
    ]
    defect = (
        rng.choice(["missing", "shared", "unheld", "party", "unknown", "nocost", "date", "duplicate"])
        if rng.random() < 0.2
        else None
    )
    for rid, default in items:
        if defect == "missing" and rid == "monitor-for-incidents":
            continue
        if defect == "shared" and rid == "manage-data":
            lines.append(f"  {rid}: [community, 2i2c]")
        elif defect == "unheld" and rid == "manage-data":
            lines.append(f"  {rid}:")
        elif defect == "party" and rid == "manage-data":
            lines.append(f"  {rid}: 2ic2")
        elif defect == "unknown" and rid == "manage-data":
            lines.append("  manage-dta: 2i2c")
        elif defect == "nocost" and rid == "define-basic-environment":
            lines.append(f"  {rid}: 2i2c")
        elif rid == "define-basic-environment" and rng.random() < 0.3:
            lines += [
                f"  {rid}:",
                "    party: 2i2c",
                "    cost_note:",
                "      text: 2i2c maintains the environment image.",
                f"      amount: {rng.randint(1, 20) * 100}",
                "      currency: USD",
                "      period: month",
            ]
        else:
            lines.append(f"  {rid}: {default}")
        if defect == "duplicate" and rid == "guide-2i2c":
            lines.append("  manage-data: 2i2c")
    if defect == "date":
        lines[3] = "effective: 2026-02-30"
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int) -> None:
    rng = random.Random(count)
    items = responsibility_ids()
    for index in range(count):
        (folder / f"agreement-{index:06d}.yaml").write_text(agreement(index, rng, items), encoding="utf-8")


# Runs srm-check as its own child, so that ru_maxrss is that one process's peak.
def run_once(folder: Path, cache: bool = False) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit code of one `srm-check check` process; the result
    cache is off unless asked (`--cache`), so that every run does the whole work."""
    args = ["check", str(folder), "--format", "json", "--output", "/dev/null"]
    run = measure(srm_check(*args, *([] if cache else ["--no-cache"])))
    if run.code not in (0, 1):
        sys.exit(f"srm-check failed ({run.code}): {run.stderr}")
    return run.wall, run.peak_kib, run.code


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[1, 100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--cache", action="store_true", help="leave the result cache on (warm runs)")
    args = parser.parse_args()
    print(f"{'agreements':>10}  {'median s':>9}  {'min s':>7}  {'peak RSS MiB':>12}  exit")
    for size in args.sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"srm-bench-{size}-"))
        try:
            generate(folder, size)
            times, peaks, code = [], [], 0
            run_once(folder, args.cache)  # warm-up: bytecode caches and the file system's cache
            for _ in range(args.repeat):
                wall, peak, code = run_once(folder, args.cache)
                times.append(wall)
                peaks.append(peak)
            print(
                f"{size:>10}  {statistics.median(times):>9.3f}  {min(times):>7.3f}  "
                f"{max(peaks) / 1024:>12.1f}  {code}"
            )
        finally:
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for file in folder.iterdir():
                    shutil.copy2(file, args.keep / file.name)
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
