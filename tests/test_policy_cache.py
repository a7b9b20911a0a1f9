"""The policy cache of `check`: an unchanged policy is not parsed again, a changed one always is
(its problems reported in its own files), and a damaged or foreign entry is ignored and
written again."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from srm_check.policy.model import default_policy_dir
from tests.conftest import AGREEMENTS, Run

CLI = Callable[[Sequence[str]], Run]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SRM_CHECK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    """A copy of the shipped policy, to change."""
    folder = tmp_path / "policy"
    shutil.copytree(default_policy_dir(), folder, ignore=shutil.ignore_patterns("tests"))
    return folder


def check(cli: CLI, policy: Path, *more: str) -> Run:
    return cli(
        ["check", "--format", "json", "--no-builtin-policy", "--policy", str(policy), *more, str(AGREEMENTS)]
    )


def stored(cache: Path) -> list[Path]:
    return sorted((cache / "policy-v1").glob("*.jsonl"))


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    from srm_check.policy import loader

    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a policy file was parsed again")

    monkeypatch.setattr(loader, "load_data", parse)
    monkeypatch.setattr(loader, "load_file", parse)


def test_a_warm_run_parses_no_policy_file(
    cli: CLI, cache: Path, policy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check(cli, policy)
    assert len(stored(cache)) == 1
    no_parsing(monkeypatch)
    again = check(cli, policy)
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)
    with pytest.raises(AssertionError, match="parsed again"):  # --no-cache: the files are parsed
        check(cli, policy, "--no-cache")


def test_a_changed_policy_is_loaded_again_and_its_problems_located(
    cli: CLI, cache: Path, policy: Path
) -> None:
    assert check(cli, policy).exit_code == 0
    rules = sorted((policy / "rules").glob("*.yaml"))[0]
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("severity: error", "severity: fatal", 1), encoding="utf-8")
    broken = check(cli, policy)
    assert broken.exit_code == 2
    line = 1 + text[: text.index("severity: error")].count("\n")
    assert f"{rules.name}:{line}:" in broken.stderr
    rules.write_text(text, encoding="utf-8")
    assert check(cli, policy).exit_code == 0
    assert len(stored(cache)) == 1  # a broken policy is never stored


def test_a_policy_folder_added_or_removed_is_another_entry(cli: CLI, cache: Path, policy: Path) -> None:
    with_shipped = cli(["check", "--format", "json", "--policy", str(policy), str(AGREEMENTS)])
    assert with_shipped.exit_code == 2  # the copy redefines the shipped catalogues
    assert check(cli, policy).exit_code == 0
    assert cli(["check", "--format", "json", str(AGREEMENTS)]).exit_code == 0
    assert len(stored(cache)) == 2


@pytest.mark.parametrize("damage", ["", "{", "[]", '{"format": "srm-check-policy"}', "\xff"])
def test_a_damaged_or_foreign_entry_is_ignored_and_written_again(
    cli: CLI, cache: Path, policy: Path, damage: str
) -> None:
    first = check(cli, policy)
    [entry] = stored(cache)
    good = entry.read_bytes()
    entry.write_bytes(damage.encode("latin-1"))
    again = check(cli, policy)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert entry.read_bytes() == good


def forge(entry: Path, key: str | None = None, checked: bool = True) -> None:
    """Rewrite an entry as if something else had written it: its policy changed (no rules at
    all: what the run would wrongly use), under `key`, its checksum made to match or not."""
    import hashlib

    header_line, body = entry.read_text(encoding="ascii").split("\n", 1)
    header = json.loads(header_line)
    data = json.loads(body)
    data["rules"] = []
    body = json.dumps(data, separators=(",", ":"))
    if checked:
        header["check"] = hashlib.blake2b(body.encode("ascii"), digest_size=16).hexdigest()
    header["key"] = key or header["key"]
    entry.write_text(
        json.dumps(header, sort_keys=True, separators=(",", ":")) + "\n" + body, encoding="ascii"
    )


@pytest.mark.parametrize(("key", "checked"), [("0" * 40, True), (None, False)])
def test_an_entry_for_another_key_or_edited_is_not_used(
    cli: CLI, cache: Path, policy: Path, key: str | None, checked: bool
) -> None:
    first = check(cli, policy)
    assert json.loads(first.stdout)["findings"]
    [entry] = stored(cache)
    good = entry.read_bytes()
    forge(entry, key, checked)
    again = check(cli, policy)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert entry.read_bytes() == good


def test_no_cache_neither_reads_nor_writes_the_policy_cache(cli: CLI, cache: Path, policy: Path) -> None:
    assert check(cli, policy, "--no-cache").exit_code == 0
    assert not cache.exists()


def test_policies_beyond_the_limit_are_removed(
    cli: CLI, cache: Path, policy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from srm_check.pipeline import cache_folder

    monkeypatch.setattr(cache_folder, "MAX_POLICIES", 2)
    rules = sorted((policy / "rules").glob("*.yaml"))[0]
    for n in range(4):
        with rules.open("a", encoding="utf-8") as handle:
            handle.write(f"# edit {n}\n")
        assert check(cli, policy).exit_code == 0
    assert len(stored(cache)) == 2
