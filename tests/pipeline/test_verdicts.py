"""The memo of verdicts of the rules across the run: a run whose files are unchanged replays them
(nothing is judged), and whatever changes between runs (a file changed, added, removed or
moved, a clash of ids introduced or removed, facts that wait for later files, the day judged),
the result is byte for byte that of a run without the cache."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from srm_check.pipeline import verdicts
from srm_check.rules.engine import CrossFileRules
from tests.conftest import AGREEMENTS, Run

CLI = Callable[[Sequence[str]], Run]
TEMPLATE = (AGREEMENTS / "northfield-state-university.yaml").read_text(encoding="utf-8")
_, BODY = TEMPLATE.split("end: 2028-06-30\n", 1)


def agreement(ident: str, community: str, extra: str = "") -> str:
    """An agreement of the examples' kind, with its own id and community (and `extra` keys)."""
    head = f"agreement: {ident}\ncommunity: {community}\ncatalogue: 2i2c-srm@2022\n"
    return f"{head}effective: 2026-07-01\nend: 2028-06-30\nexpires: 2027-03-01\n{extra}{BODY}"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Twelve agreements in `agreements/` (the working folder is tmp_path), the cache beside."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SRM_CHECK_CACHE_DIR", str(tmp_path / "cache"))
    where = tmp_path / "agreements"
    where.mkdir()
    for number in range(12):
        write(where, number, agreement(f"a-{number:02}", f"Community {number}"))
    return where


def write(where: Path, number: int, text: str) -> None:
    (where / f"f{number:02}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many facts the rules across the run judged, per run (appended as it goes)."""
    counts = [0]
    real = CrossFileRules.resolve

    def resolve(self: CrossFileRules, pending: list[object]) -> object:
        counts[-1] += len(pending)
        return real(self, pending)  # type: ignore[arg-type]

    monkeypatch.setattr(CrossFileRules, "resolve", resolve)
    return counts


def same(cli: CLI, judged: list[int], *args: str) -> int:
    """Run `check ARGS` without the cache, then twice with it (the memo written, then replayed):
    the same bytes and exit code in every format each time; the facts judged by the last run."""
    for fmt in ("json", "text", "sarif"):
        command = ["check", "--format", fmt, "agreements", *args]
        expected = cli([*command, "--no-cache"])
        for _ in range(2):
            judged.append(0)
            got = cli(command)
            assert (got.exit_code, got.stdout, got.stderr) == (
                expected.exit_code,
                expected.stdout,
                expected.stderr,
            ), fmt
    return judged[-1]


def rule_ids(cli: CLI, *args: str) -> list[str]:
    run = cli(["check", "--format", "json", "agreements", *args])
    return [f["rule_id"] for f in json.loads(run.stdout)["findings"]]


def memo_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").rglob(verdicts.MEMO_NAME + "-*"))


def test_an_unchanged_run_replays_every_verdict(cli: CLI, folder: Path, judged: list[int]) -> None:
    write(folder, 7, agreement("a-02", "Community 7"))  # a clash: its finding is replayed too
    assert same(cli, judged) == 0, "nothing is judged again"
    assert "SRM305" in rule_ids(cli)


def test_changes_between_runs_give_the_result_of_no_cache(cli: CLI, folder: Path, judged: list[int]) -> None:
    assert same(cli, judged) == 0
    write(folder, 8, agreement("a-03", "Community 8"))  # a clash introduced (a later file)
    assert same(cli, judged) == 0
    assert "SRM305" in rule_ids(cli)
    write(folder, 2, agreement("a-09", "Community 2"))  # ... one before the first of its id
    same(cli, judged)
    write(folder, 8, agreement("a-08", "Community 8"))  # and both taken away
    write(folder, 2, agreement("a-02", "Community 2"))
    same(cli, judged)
    assert "SRM305" not in rule_ids(cli)
    write(folder, 12, agreement("a-05", "Community 5"))  # added at the end: two clashes
    same(cli, judged)
    (folder / "f04.yaml").unlink()  # removed in the middle
    same(cli, judged)
    (folder / "f00.yaml").rename(folder / "f99.yaml")  # moved from first to last
    same(cli, judged)
    write(folder, 3, agreement("a-03", "Community 5"))  # an overlap of one community's agreements
    same(cli, judged)


def test_a_change_judges_from_that_file_on(cli: CLI, folder: Path, judged: list[int]) -> None:
    same(cli, judged)
    write(folder, 10, agreement("a-10", "Community 10 renamed"))
    judged.append(0)
    cli(["check", "agreements"])
    first = judged[-1]
    write(folder, 1, agreement("a-01", "Community 1 renamed"))
    judged.append(0)
    cli(["check", "agreements"])
    assert 0 < first < judged[-1], "files before the change are given to the engine, not judged whole"


def test_facts_that_wait_end_the_memo(cli: CLI, folder: Path, judged: list[int]) -> None:
    write(folder, 3, agreement("a-03", "Community 3", "supersedes: a-09\n"))  # a later agreement
    write(folder, 5, agreement("a-05", "Community 5", "supersedes: a-99\n"))  # none: a finding
    assert same(cli, judged) > 0, "the files from the first that waits are judged every run"
    assert "SRM503" in rule_ids(cli)
    write(folder, 9, agreement("a-90", "Community 9"))  # what a-03 waited for goes
    same(cli, judged)
    write(folder, 5, agreement("a-05", "Community 5"))
    write(folder, 3, agreement("a-03", "Community 3"))
    same(cli, judged)


def test_the_day_judged_is_part_of_the_memo(cli: CLI, folder: Path, judged: list[int]) -> None:
    for day in ("2026-08-01", "2027-06-01", "2026-08-01", "2027-06-01"):
        same(cli, judged, "--on", day)
    assert "SRM502" in rule_ids(cli, "--on", "2027-06-01")  # expired on the later day only
    assert "SRM502" not in rule_ids(cli, "--on", "2026-08-01")


def test_runs_of_other_files_keep_their_own_memo(
    cli: CLI, folder: Path, judged: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of the folder and runs of one of its files (an editor, a hook without --context)
    do not take turns overwriting one memo: each list keeps its own, at most MAX_MEMOS."""
    write(folder, 7, agreement("a-02", "Community 7"))
    same(cli, judged)
    for number in (3, 7, 3):
        judged.append(0)
        alone = cli(["check", f"agreements/f{number:02}.yaml"])
        judged.append(0)
        assert cli(["check", "agreements"]).exit_code == 1
        assert judged[-1] == 0, "the folder's memo is still there after a run of one file"
        assert alone.exit_code == 0
    assert len(memo_files(tmp_path)) == 3
    monkeypatch.setattr(verdicts, "MAX_MEMOS", 2)
    cli(["check", "agreements/f05.yaml"])
    kept = memo_files(tmp_path)
    assert len(kept) == 2
    judged.append(0)
    cli(["check", "agreements/f05.yaml"])
    assert judged[-1] == 0, "the memo written last is kept"


def test_a_damaged_memo_is_ignored(cli: CLI, folder: Path, judged: list[int], tmp_path: Path) -> None:
    write(folder, 7, agreement("a-02", "Community 7"))
    same(cli, judged)
    (memo,) = memo_files(tmp_path)
    data = memo.read_bytes()
    head, body = data.split(b"\n", 1)
    damaged = [
        b"",
        data[: len(data) // 2],
        b"{not json\n" + body,
        head + b"\n" + body.replace(b"SRM305", b"SRM306"),  # its checksum no longer matches
        json.dumps({"format": "other"}).encode() + b"\n" + body,
    ]
    for text in damaged:
        memo.write_bytes(text)
        judged.append(0)
        assert same(cli, judged) == 0, "the memo was written again"
    assert not [p for p in memo.parent.iterdir() if p.name.endswith(".tmp")]


def test_the_memo_is_bounded(
    cli: CLI, folder: Path, judged: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verdicts, "MAX_FILES", 5)
    write(folder, 9, agreement("a-01", "Community 9"))
    assert same(cli, judged) > 0, "files after the fifth are judged every run"
    (memo,) = memo_files(tmp_path)
    assert json.loads(memo.read_bytes().split(b"\n")[0])["files"] == 5
    monkeypatch.setattr(verdicts, "MAX_FILES", 100)
    monkeypatch.setattr(verdicts, "MAX_FINDINGS_BYTES", 10)
    assert same(cli, judged) > 0


def test_approvals_judged_on_git_history_end_the_memo(cli: CLI, folder: Path, judged: list[int]) -> None:
    approvals = "approvals:\n  - {party: 2i2c, name: Jordan Rivera, date: 2025-12-10}\n"
    write(folder, 6, agreement("a-06", "Community 6", approvals))
    assert same(cli, judged) > 0


def test_files_that_are_not_agreements(cli: CLI, folder: Path, judged: list[int]) -> None:
    (folder / "f05.yaml").write_bytes(b"\xff\xfe not text")
    (folder / "f06.yaml").write_text("agreement: [unclosed\n", encoding="utf-8")
    same(cli, judged)
    (folder / "f05.yaml").write_text("", encoding="utf-8")
    same(cli, judged)


@pytest.mark.parametrize("held", [0, verdicts.MAX_HELD_BYTES])
def test_the_files_replayed_are_given_to_the_engine_held_or_read_again(
    cli: CLI, folder: Path, judged: list[int], monkeypatch: pytest.MonkeyPatch, held: int
) -> None:
    monkeypatch.setattr(verdicts, "MAX_HELD_BYTES", held)
    write(folder, 2, agreement("a-02", "Community 2", "supersedes: a-01\n"))
    same(cli, judged)
    write(folder, 11, agreement("a-02", "Community 2"))  # clashes with a file replayed, overlaps it
    same(cli, judged)
    assert {"SRM305", "SRM501"} <= set(rule_ids(cli))


def test_an_entry_held_that_is_not_ours_is_read_again(
    cli: CLI, folder: Path, judged: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry whose facts have the right shape but are not ours (an unknown severity, with a
    checksum that matches): its file is checked afresh when the engine needs its facts."""
    from srm_check.core.digest import blake2b

    same(cli, judged)
    for pack in (tmp_path / "cache").rglob("*.pack"):
        lines = pack.read_text(encoding="ascii").split("\n")
        for number, line in enumerate(lines[1:], 1):
            if '"agreements/f00.yaml"' in line:
                content, flag, stamp, path, _, entry = line.split("\t", 5)
                entry = entry.replace('"SRM305","error"', '"SRM305","fatal"')
                check = blake2b("\t".join([content, flag, stamp, path, entry]).encode(), digest_size=8)
                lines[number] = "\t".join([content, flag, stamp, path, check.hexdigest(), entry])
        pack.write_text("\n".join(lines), encoding="ascii")
    write(folder, 11, agreement("a-00", "Community 11"))
    same(cli, judged)
