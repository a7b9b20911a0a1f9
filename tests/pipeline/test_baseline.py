"""pipeline/baseline.py: a baseline is read only when it is one; anything else is an error, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from srm_check.core.problem import Problem, SrmError
from srm_check.pipeline.baseline import MAX_BASELINE_BYTES, read_baseline

GOOD = '{"version": 1, "findings": [{"fingerprint": "f", "rule_id": "SRM101", "path": "a.yaml"}]}'


def refused(path: Path) -> Problem:
    """The one located problem of a baseline that cannot be used."""
    with pytest.raises(SrmError) as raised:
        read_baseline(path)
    assert (raised.value.kind, raised.value.summary) == ("baseline", "the baseline cannot be used")
    (problem,) = raised.value.problems
    assert problem.path == path.as_posix()
    assert problem.code and "[SRM" not in problem.message  # the id is data, printed once after it
    assert (
        problem.located()
        == f"{problem.path}:{problem.span.line}:{problem.span.column}: {problem.message} [{problem.code}]"
    )
    assert "cannot read baseline" not in problem.message
    return problem


def error(tmp_path: Path, data: bytes | str) -> str:
    path = tmp_path / "bl.json"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return refused(path).message


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
        ('{"version":1,"findings":5}', "'findings' must be a list, not a number"),
        ("null", "not a version 1 srm-check baseline"),
        ("[" * 200_000, "JSON nested too deeply"),
        ('{"version":1,"findings":["x"]}', "finding 0 is malformed"),
        ('{"version":1,"findings":[[1]]}', "finding 0 is malformed"),
        ('{"version":1,"findings":[{"fingerprint":1,"rule_id":"a","path":"b"}]}', "finding 0 is malformed"),
        (
            '{"version":1,"findings":[{"fingerprint":"f","rule_id":"a","path":"b","agreement":[]}]}',
            "finding 0",
        ),
        (b"\xff\xfe{", "not valid UTF-8"),
        ("NaN", "not a version 1 srm-check baseline"),
    ],
)
def test_anything_else_is_a_baseline_error(tmp_path: Path, data: str, message: str) -> None:
    assert error(tmp_path, data).startswith(message)


# data -> (id, line, column, message): each kind of bad baseline says what is wrong, once, located.
KINDS: dict[bytes, tuple[str, int, int, str]] = {
    b"": ("SRM005", 1, 1, "file is empty: it holds no baseline"),
    b'{"version": 1,\n "findings": [\n  {"a": 1}\n  {"b": 2}]}': (
        "SRM001",
        4,
        3,
        "not valid JSON: Expecting ',' delimiter",
    ),
    b'{"version": 1}\n\xff': ("SRM003", 2, 1, "not valid UTF-8: byte 0xff at offset 15"),
    b"null": (
        "SRM011",
        1,
        1,
        "not a version 1 srm-check baseline (an object is expected, not null)",
    ),
    b'{"findings": []}': (
        "SRM012",
        1,
        1,
        "not a version 1 srm-check baseline (it has no 'version')",
    ),
    b'{"version": "1"}': ("SRM011", 1, 1, "not a version 1 srm-check baseline ('version' is \"1\")"),
    b'{"version": [1]}': (
        "SRM011",
        1,
        1,
        "not a version 1 srm-check baseline ('version' is a list)",
    ),
    b'{"version": "' + b"x" * 100 + b'"}': (
        "SRM011",
        1,
        1,
        "not a version 1 srm-check baseline ('version' is \"" + "x" * 39 + "...)",
    ),
    b'{"version": 1, "findings": {}}': ("SRM011", 1, 1, "'findings' must be a list, not an object"),
    b"[" * 200_000: ("SRM007", 1, 1, "JSON nested too deeply; it was not read"),
    b'{"version": 1, "n": ' + b"9" * 5000 + b"}": (
        "SRM001",
        1,
        1,
        "cannot be read as JSON: Exceeds the limit (4300 digits) for integer string conversion",
    ),
}


@pytest.mark.parametrize("data", KINDS, ids=lambda data: data[:24].decode("latin-1"))
def test_each_kind_of_bad_baseline_has_its_id_and_place(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bl.json"
    path.write_bytes(data)
    problem = refused(path)
    assert (problem.code, problem.span.line, problem.span.column, problem.message) == KINDS[data]


def test_a_missing_baseline_is_named_as_such(tmp_path: Path) -> None:
    problem = refused(tmp_path / "nope.json")
    assert (problem.code, problem.message) == ("SRM013", "baseline file not found")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_baseline_says_why(tmp_path: Path) -> None:
    (tmp_path / "bl.json").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bl.json").chmod(0)
    problem = refused(tmp_path / "bl.json")
    assert (problem.code, problem.message) == ("SRM013", "cannot read file: Permission denied")


def test_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / "bl.json").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert list(read_baseline(tmp_path / "bl.json")) == ["f:1"]


def test_a_fifo_or_a_device_is_refused_without_reading(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.json")
    for path in (tmp_path / "fifo.json", Path("/dev/zero")):
        problem = refused(path)
        assert problem.code == "SRM013" and "not a regular file" in problem.message


def test_a_baseline_over_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "bl.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_BASELINE_BYTES + 1)  # sparse: costs no disk
    problem = refused(path)
    assert problem.code == "SRM006" and f"over the {MAX_BASELINE_BYTES}-byte limit" in problem.message
