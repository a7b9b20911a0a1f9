"""core/output.py: the one way srm-check writes what it produces."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_check.core.output import write_text
from srm_check.core.problem import SrmError


def test_writes_the_file_and_its_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    write_text("hello\n", target)
    assert target.read_text("utf-8") == "hello\n"


def test_without_a_path_writes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    write_text("to the terminal\n", None)
    assert capsys.readouterr().out == "to the terminal\n"


def test_an_unwritable_file_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(SrmError) as error:
        write_text("x", blocker / "out.txt")
    assert error.value.kind == "usage"
    assert error.value.summary.startswith(f"cannot write {blocker / 'out.txt'}: ")
