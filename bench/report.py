"""Benchmark `srm-check report` as a whole process over N generated agreements (bench/fleet.py).

Usage:  python bench/report.py [N ...] [--formats html,json,markdown] [--repeat R] [--browser]
        (default N: 1000 10000; formats: html; R: 3)

For each N it prints, per format, the median wall time and the peak resident memory of the
report, the same for `srm-check check --format json` on the same files (the peer run, in the
same call, so that the ratio means something on any machine), and the output's size. With
`--browser`, it also opens each HTML report in headless Chromium (Playwright, Debian's
chromium) and prints the median time to the `load` event, against the report of the shipped
examples opened the same way.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fleet
from measure import measure, srm_check

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = {"html": ".html", "json": ".json", "markdown": ".md"}


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one srm-check process; SOURCE_DATE_EPOCH fixed."""
    done = measure(
        srm_check(*args), cwd, {"SOURCE_DATE_EPOCH": "1767225600", "GIT_CEILING_DIRECTORIES": str(cwd)}
    )
    if done.code not in (0, 1):
        sys.exit(f"srm-check failed ({done.code}): {done.stderr}")
    return done.wall, done.peak_mib


def median_run(args: list[str], cwd: Path, repeat: int) -> tuple[float, float]:
    run(args, cwd)  # warm-up: bytecode and the file system's cache
    runs = [run(args, cwd) for _ in range(repeat)]
    return statistics.median(w for w, _ in runs), max(p for _, p in runs)


def open_times(pages: list[Path], repeat: int) -> list[float]:
    """Median seconds from navigation to the `load` event of each page, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        sys.exit("--browser needs Chromium (apt-get install chromium)")
    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        for page_path in pages:
            times = []
            for _ in range(repeat + 1):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                start = time.perf_counter()
                page.goto(page_path.resolve().as_uri(), wait_until="load")
                times.append(time.perf_counter() - start)
                page.close()
            out.append(statistics.median(times[1:]))
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--formats", default="html")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true")
    args = parser.parse_args()
    formats = args.formats.split(",")
    print(f"{'agreements':>10}  {'run':<14} {'median s':>9} {'peak MiB':>9} {'size MiB':>9}")
    work = Path(tempfile.mkdtemp(prefix="srm-report-bench-"))
    try:
        shutil.copytree(ROOT / "agreements", work / "examples")
        htmls = []
        for size in args.sizes:
            fleet.generate(work / f"fleet-{size}", size)
            wall, peak = median_run(
                ["check", f"fleet-{size}", "--format", "json", "-o", "/dev/null"], work, args.repeat
            )
            print(f"{size:>10}  {'check (peer)':<14} {wall:>9.3f} {peak:>9.1f} {'':>9}")
            for name in formats:
                output = work / f"report-{size}{SUFFIX[name]}"
                wall, peak = median_run(["report", f"fleet-{size}", "-o", output.name], work, args.repeat)
                mib = output.stat().st_size / 2**20
                print(f"{size:>10}  {'report ' + name:<14} {wall:>9.3f} {peak:>9.1f} {mib:>9.2f}")
                if name == "html":
                    htmls.append((size, output))
            shutil.rmtree(work / f"fleet-{size}")
        if args.browser and htmls:
            examples = work / "examples.html"
            run(["report", "examples", "-o", examples.name], work)
            times = open_times([examples, *(path for _, path in htmls)], args.repeat)
            print(f"\nChromium, navigation to `load` (median of {args.repeat}):")
            print(f"{'examples':>10}  {times[0]:.3f} s")
            for (size, _), seconds in zip(htmls, times[1:], strict=True):
                print(f"{size:>10}  {seconds:.3f} s  ({seconds / times[0]:.1f}x the examples)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
