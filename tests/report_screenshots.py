"""Regenerate the report screenshots of docs/reports.md (docs/images/report-*.png).

Usage:  python tests/report_screenshots.py [FOLDER]      (default: docs/images)

Makes the report of 300 agreements from bench/fleet.py, as the browser test does (its date
fixed by SOURCE_DATE_EPOCH), opens it in Debian's Chromium through Playwright and photographs
the executive summary and the three pictures. Review the images in the diff before committing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import fleet  # noqa: E402

SHOTS = {
    # file name: (CSS selector, which match)
    "report-summary.png": ("#summary-h", -1),
    "report-boundary.png": ("figure.chart:has(svg[id^=boundary])", 1),
    "report-heat.png": ("figure.chart:has(svg[id^=heat])", 1),
    "report-cost.png": ("figure.chart:has(svg[id^=cost])", 1),
}


def main(folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        fleet.generate(work / "fleet", 300)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "GIT_CEILING_DIRECTORIES": scratch}
        report = work / "report.html"
        command = [sys.executable, "-m", "srm_check", "report", "fleet", "-o", str(report)]
        subprocess.run(command, cwd=work, env=env, check=False)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(report.as_uri())
            for name, (selector, index) in SHOTS.items():
                if index < 0:  # the first screen, as a reader opens the page
                    page.screenshot(path=str(folder / name))
                else:
                    page.locator(selector).nth(index).screenshot(path=str(folder / name))
                print(f"wrote {folder / name}")
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images")
