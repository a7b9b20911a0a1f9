"""core/output.py: the one way srm-check writes what it produces."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest

from srm_check.core.output import Guarded, conflict, refuse_inputs, refuse_read_files, write_text
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


# --- atomic writes ------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text('{"good": true}\n', encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(SrmError) as error:
        write_text('{"new": ' + "1" * 100_000 + "}\n", target)
    assert error.value.summary == f"cannot write {target}: No space left on device"
    assert target.read_text("utf-8") == '{"good": true}\n'
    assert _leftovers(tmp_path) == []


def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    write_text("new", kept)
    assert (kept.read_text("utf-8"), stat.S_IMODE(kept.stat().st_mode)) == ("new", 0o640)
    old_mask = os.umask(0o027)
    try:
        write_text("fresh", tmp_path / "fresh.txt")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "fresh.txt").stat().st_mode) == 0o640


def test_exclusive_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "agreement.yaml"
    write_text("first\n", target, exclusive=True)
    with pytest.raises(SrmError) as error:
        write_text("second\n", target, exclusive=True)
    assert error.value.summary == f"{target.as_posix()} already exists; not overwriting it"
    assert target.read_text("utf-8") == "first\n"
    assert _leftovers(tmp_path) == []


def test_exclusive_loses_a_race_without_harm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file appears between the check and the write: the link fails, nothing is replaced."""
    target = tmp_path / "agreement.yaml"
    real_link = os.link

    def racing_link(source: str | Path, destination: str | Path) -> None:
        Path(destination).write_text("someone else's\n", encoding="utf-8")
        real_link(source, destination)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(SrmError, match="already exists"):
        write_text("ours\n", target, exclusive=True)
    assert target.read_text("utf-8") == "someone else's\n"
    assert _leftovers(tmp_path) == []


def test_a_device_is_written_not_replaced(tmp_path: Path) -> None:
    write_text("discarded\n", Path(os.devnull))
    assert Path(os.devnull).is_char_device()


def test_a_closed_stdout_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("srm_check.core.output.silence_stdout", lambda: None)
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(SrmError) as error:
        write_text("x", None)
    assert error.value.summary == "cannot write to standard output: standard output is closed"


# --- never over an input ------------------------------------------------------------------


def test_an_output_in_a_read_folder_is_refused_whether_or_not_it_exists(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    (folder / "sub").mkdir(parents=True)
    guarded = [Guarded(folder, "in a checked folder", folder=True)]
    assert conflict(folder / "sub" / "new.yaml", guarded) == "in a checked folder"
    assert conflict(folder / "x.yml", guarded) == "in a checked folder"
    assert conflict(folder / "report.md", guarded) is None  # never read as an agreement
    assert conflict(folder / ".hidden" / "x.yaml", guarded) is None  # discovery skips it
    assert conflict(tmp_path / "x.yaml", guarded) is None


def test_an_output_is_compared_resolved_and_by_identity(tmp_path: Path) -> None:
    baseline = tmp_path / "bl.json"
    baseline.write_text("{}", encoding="utf-8")
    guarded = [Guarded(baseline, "the baseline")]
    (tmp_path / "link.json").symlink_to(baseline)
    os.link(baseline, tmp_path / "hard.json")
    for spelling in (tmp_path / "." / "bl.json", tmp_path / "link.json", tmp_path / "hard.json"):
        assert conflict(spelling, guarded) == "the baseline", spelling
    with pytest.raises(SrmError) as error:
        refuse_inputs([("--output", tmp_path / "hard.json")], guarded)
    assert error.value.kind == "usage"
    assert "that file is the baseline" in error.value.summary
    refuse_inputs([("--output", tmp_path / "other.json")], guarded)  # no error


def test_an_existing_output_that_is_a_read_file_is_refused(tmp_path: Path) -> None:
    agreement = tmp_path / "outside.yaml"
    agreement.write_text("agreement: x\n", encoding="utf-8")
    os.link(agreement, tmp_path / "out.txt")
    with pytest.raises(SrmError, match="that file is read by this run"):
        refuse_read_files([("--output", tmp_path / "out.txt")], [agreement])
    refuse_read_files([("--output", tmp_path / "new.txt")], [agreement])  # does not exist yet


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(SrmError, match="Permission denied"):
            write_text("x", folder / "baseline.json")
    finally:
        folder.chmod(0o755)
