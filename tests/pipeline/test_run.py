"""pipeline/run.py: the files a run reads, listed only when asked for."""

from __future__ import annotations

from typing import Any

import pytest

from srm_check.pipeline import run


def test_files_read_are_listed_only_when_first_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """An output that is not a regular file never needs them: no list of Paths, one per file."""
    asked: list[Any] = []

    def listed(prepared: Any) -> list[str]:
        asked.append(prepared)
        return ["a.yaml", "b.yaml"]

    monkeypatch.setattr(run, "read_files", listed)
    files = run.files_read("prepared")  # type: ignore[arg-type]
    assert asked == []
    assert list(files) == ["a.yaml", "b.yaml"]
    assert asked == ["prepared"]
