"""pipeline/baseline.py: a baseline is read only when it is one; anything else is an error, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from srm_check.core.problem import SrmError
from srm_check.pipeline.baseline import MAX_BASELINE_BYTES, read_baseline

GOOD = '{"version": 1, "findings": [{"fingerprint": "f", "rule_id": "SRM101", "path": "a.yaml"}]}'


def error(tmp_path: Path, data: bytes | str) -> str:
    path = tmp_path / "bl.json"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    with pytest.raises(SrmError) as raised:
        read_baseline(path)
    assert raised.value.kind == "baseline"
    return raised.value.summary.removeprefix(f"{path}: ")


def test_a_good_baseline_is_read(tmp_path: Path) -> None:
    (tmp_path / "bl.json").write_text(GOOD, encoding="utf-8")
    (entry,) = read_baseline(tmp_path / "bl.json").values()
    assert (entry.fingerprint, entry.rule_id, entry.path, entry.agreement, entry.pointer) == (
        "f:1",  # numbered: a baseline of plain fingerprints reads as the first of each
        "SRM101",
        "a.yaml",
        None,
        "",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"version":1,"findings":5}', "'findings' must be a list, not int"),
        ("null", "not a version 1 srm-check baseline"),
        ("[" * 200_000, "not a baseline file (JSON nested too deeply)"),
        ('{"version":1,"findings":["x"]}', "finding 0 is malformed"),
        ('{"version":1,"findings":[[1]]}', "finding 0 is malformed"),
        ('{"version":1,"findings":[{"fingerprint":1,"rule_id":"a","path":"b"}]}', "finding 0 is malformed"),
        (
            '{"version":1,"findings":[{"fingerprint":"f","rule_id":"a","path":"b","agreement":[]}]}',
            "finding 0",
        ),
        (b"\xff\xfe{", "not a baseline file (invalid JSON"),
        ("NaN", "not a version 1 srm-check baseline"),
    ],
)
def test_anything_else_is_a_baseline_error(tmp_path: Path, data: str, message: str) -> None:
    assert error(tmp_path, data).startswith(message)


def test_a_fifo_or_a_device_is_refused_without_reading(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.json")
    for path in (tmp_path / "fifo.json", Path("/dev/zero")):
        with pytest.raises(SrmError, match="not a regular file"):
            read_baseline(path)


def test_a_baseline_over_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "bl.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_BASELINE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(SrmError, match=f"over the {MAX_BASELINE_BYTES}-byte limit"):
        read_baseline(path)
