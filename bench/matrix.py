"""Time and peak memory of `fix`, `export` and `import` against `check` on the same agreements.

Usage:  python bench/matrix.py [N] [--repeat R]      (default N: 1000, R: 3)

N synthetic agreements come from bench.py's generator (four in five valid, the rest with
one defect each). Each command runs as a fresh process, as bench.py runs `check`, and is
reported as a ratio to the median `check` of the same call (the peer run).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from measure import measure, srm_check

from bench import generate


def run(args: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit code of one srm-check process; SOURCE_DATE_EPOCH fixed."""
    done = measure(srm_check(*args), cwd, {"SOURCE_DATE_EPOCH": "1767225600"})
    if done.code not in (0, 1):
        sys.exit(f"srm-check {' '.join(args)} failed ({done.code}): {done.stderr[-2000:]}")
    return done.wall, done.peak_kib, done.code


def _keep_exportable(root: Path) -> None:
    """Remove the agreements a matrix cannot hold (unreadable, a responsibility repeated or
    unknown): export refuses them, by design."""
    import json

    subprocess.run(
        [sys.executable, "-m", "srm_check", "check", "agreements", "--format", "json", "-o", "f.json"],
        cwd=root,
        check=False,
        capture_output=True,
    )
    report = json.loads((root / "f.json").read_text(encoding="utf-8"))
    findings = report["findings"] if isinstance(report, dict) else report
    for finding in findings:
        if finding["rule_id"] in {"SRM001", "SRM002", "SRM105", "SRM106"}:
            (root / finding["path"]).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", nargs="?", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "agreements").mkdir()
        generate(root / "agreements", options.size)
        # The matrix is of the agreements export can hold (the generator's defects include
        # repeated and unknown responsibilities, which a matrix refuses): the valid ones.
        _keep_exportable(root)
        runs = {
            "check": ["check", "agreements", "--format", "json", "--output", "/dev/null"],
            "fix --diff": ["fix", "--diff", "agreements"],
            "export csv": ["export", "agreements", "--output", "m.csv"],
            "export xlsx": ["export", "agreements", "--output", "m.xlsx"],
        }
        results: dict[str, list[tuple[float, int]]] = {name: [] for name in [*runs, "import xlsx"]}
        for _ in range(options.repeat):
            for name, args in runs.items():
                wall, peak, _code = run(args, root)
                results[name].append((wall, peak))
            shutil.rmtree(root / "back", ignore_errors=True)
            if (root / "m.xlsx").exists():
                wall, peak, _code = run(["import", "m.xlsx", "--output-dir", "back"], root)
                results["import xlsx"].append((wall, peak))
        peer = statistics.median(w for w, _ in results["check"])
        count = len(list((root / "agreements").glob("*.yaml")))
        print(
            f"{count} agreements (of {options.size} generated), {options.repeat} runs each; "
            f"ratio to the median `check` ({peer:.3f} s)"
        )
        print(f"{'command':<14} {'median s':>9} {'ratio':>6} {'peak RSS MiB':>13}")
        for name, values in results.items():
            if values:
                wall = statistics.median(w for w, _ in values)
                peak = max(p for _, p in values) / 1024
                print(f"{name:<14} {wall:>9.3f} {wall / peer:>6.2f} {peak:>13.1f}")


if __name__ == "__main__":
    main()
