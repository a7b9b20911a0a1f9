"""Writing what srm-check produces: one place, so that every output is written the same way."""

from __future__ import annotations

import sys
from pathlib import Path

from srm_check.core.problem import SrmError


def write_text(text: str, path: Path | None) -> None:
    """Write `text` to `path`, or to stdout; a file that cannot be written is a usage error."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SrmError("usage", f"cannot write {path}: {exc.strerror}") from exc
