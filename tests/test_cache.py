"""The result cache of `check`: it never changes a result, survives corrupt or foreign entries and
runs at the same time, lives where the user expects (and can ignore), and is left out on request."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from tests.conftest import AGREEMENTS, ROOT, Run
from tests.history_repo import commit, git

CLI = Callable[[Sequence[str]], Run]
# The test corpus: the examples and every fixture (good, bad, hostile, not agreements at all).
CORPUS = ["agreements", "tests/fixtures"]
FORMATS = ["text", "json", "sarif", "junit", "github", "summary"]
INLINE = ROOT / "tests" / "fixtures" / "inline_waivers"


def entries(folder: Path) -> list[Path]:
    """The cache's chunk files (each holds the entries of a run of consecutive files)."""
    return sorted(folder.rglob("*.pack"))


def fields(folder: Path) -> Iterator[list[str]]:
    """Each record's fields, usable or not: content hash, flag, stamp, path, checksum, entry."""
    for pack in entries(folder):
        for line in pack.read_text(encoding="ascii").splitlines()[1:]:
            yield line.split("\t", 5)


def records(folder: Path) -> dict[str, str]:
    """Every entry the cache holds, usable or not: path -> content hash."""
    return {json.loads(record[3]): record[0] for record in fields(folder)}


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in entries(folder)}


def checksum(*fields: str) -> str:
    import hashlib

    return hashlib.blake2b("\t".join(fields).encode(), digest_size=8).hexdigest()


def valid(pack: Path) -> bool:
    """Whether a chunk file is whole and ours: its header (with its records' CRC-32), and each
    record's checksum."""
    import zlib

    head, _, body = pack.read_bytes().partition(b"\n")
    header = json.loads(head)
    if header["format"] != "srm-check-cache" or header["check"] != f"{zlib.crc32(body):08x}":
        return False
    lines = body.decode("ascii").split("\n")
    if lines[-1] != "":
        return False
    for line in lines[:-1]:
        content, flag, stamp, path, check, entry = line.split("\t", 5)
        if checksum(content, flag, stamp, path, entry) != check:
            return False
    return True


def outputs(cli: CLI, tmp: Path, name: str, args: Sequence[str]) -> dict[str, tuple[int, bytes]]:
    """Each format's exit code and bytes for one run of `check ARGS`, written to files."""
    found = {}
    for fmt in FORMATS:
        target = tmp / f"{name}.{fmt}"
        run = cli(["check", "--quiet", "--format", fmt, "--output", str(target), *args])
        found[fmt] = (run.exit_code, target.read_bytes())
    return found


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display paths of the agreements parsed from now on, in order (the parser still runs)."""
    from srm_check.pipeline import workers

    real = workers.load_data
    parsed: list[str] = []

    def load(data: bytes, display: str, **kwargs: object) -> object:
        parsed.append(display)
        return real(data, display, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "load_data", load)
    return parsed


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SRM_CHECK_CACHE_DIR", str(folder))
    return folder


def test_cache_never_changes_a_result(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    without = outputs(cli, tmp_path, "none", ["--no-cache", *CORPUS])
    assert not cache.exists(), "--no-cache writes no cache"
    cold = outputs(cli, tmp_path, "cold", CORPUS)
    written = snapshot(cache)
    assert len(records(cache)) > 100
    assert len(written) < len(records(cache)) / 4, "entries are kept in chunks, not a file each"
    warm = outputs(cli, tmp_path, "warm", CORPUS)
    assert snapshot(cache) == written, "a warm run writes nothing"
    for fmt in FORMATS:
        assert cold[fmt] == without[fmt], fmt
        assert warm[fmt] == without[fmt], fmt
    assert {code for code, _ in without.values()} == {1}


def test_cache_never_changes_a_result_with_waivers_and_jobs(cli: CLI, cache: Path, tmp_path: Path) -> None:
    args = ["--format", "json", str(INLINE), str(AGREEMENTS)]
    without = cli(["check", "--no-cache", *args])
    cold = cli(["check", "--jobs", "2", *args])
    warm = cli(["check", *args])
    assert without.stdout == cold.stdout == warm.stdout
    assert without.exit_code == cold.exit_code == warm.exit_code
    assert any(f["waiver"] for f in json.loads(without.stdout)["findings"]), "inline waivers are in use"


def test_a_warm_run_parses_nothing(cli: CLI, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cli(["check", "--format", "json", str(AGREEMENTS)])
    from srm_check.pipeline import workers

    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(workers, "load_data", parse)
    again = cli(["check", "--format", "json", str(AGREEMENTS)])
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)


def test_a_changed_file_or_setting_is_checked_again(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    assert cli(["check", "agreements"]).exit_code == 0
    target = tmp_path / "agreements" / "northfield-state-university.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("  use-hub: community\n", ""), "utf-8")
    changed = cli(["check", "--format", "json", "agreements"])
    assert changed.exit_code == 1
    assert "SRM101" in [f["rule_id"] for f in json.loads(changed.stdout)["findings"]]
    # Another selection of rules is another key: the finding goes, and comes back.
    assert cli(["check", "--ignore", "SRM101", "agreements"]).exit_code == 0
    assert cli(["check", "agreements"]).exit_code == 1
    keys = [p for p in (cache / "v3").iterdir() if p.is_dir()]
    assert len(keys) == 2


def test_corrupt_and_foreign_entries_are_ignored_and_rewritten(cli: CLI, cache: Path) -> None:
    first = cli(["check", "--format", "json", str(AGREEMENTS)])
    written = entries(cache)
    assert written
    for pack in written:
        text = pack.read_text(encoding="ascii")
        header, line, *rest = text.split("\n")
        content, flag, stamp, path, check, entry = line.split("\t", 5)
        # Ours, for another content and stat (its checksum matches): not to be used for this one.
        fields = ["0" * 32, flag, "1:2:3:4:5:6", path]
        other = "\t".join([*fields, checksum(*fields, entry), entry])
        # An entry damaged in place (a digit changed): its checksum no longer matches.
        flipped = "\t".join([content, flag, stamp, path, check, entry.replace("1", "2", 1)])
        pack.write_text("\n".join([header, other, *rest]), encoding="ascii")
        pack.with_suffix(".flip").write_text("\n".join([header, flipped, *rest]), encoding="ascii")
    damage = [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: b"{not json",
        lambda data: b"\xff\xfe" + data,
        lambda data: json.dumps({"format": "other-tool"}).encode() + b"\n" + data.split(b"\n", 1)[1],
        lambda data: data.replace(b"\t1\t", b"\t0\t"),  # entries of a context file: only facts
    ]
    runs = [(first.exit_code, first.stdout)]
    for index in range(len(damage) + 1):
        for number, pack in enumerate(entries(cache)):
            flip = pack.with_suffix(".flip")
            if index == 1 and flip.exists():
                flip.replace(pack)
            elif index > 1 and number % 2 == 0:
                pack.write_bytes(damage[index - 2](pack.read_bytes()))
        again = cli(["check", "--format", "json", str(AGREEMENTS)])
        runs.append((again.exit_code, again.stdout))
        assert all(valid(pack) for pack in entries(cache)), "what was damaged was written again"
    assert runs == [runs[0]] * len(runs)
    assert set(records(cache)) == {f"agreements/{p.name}" for p in AGREEMENTS.glob("*.yaml")}


def test_a_chunk_whose_checksum_does_not_match_is_read_record_by_record_and_written_again(
    cli: CLI, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunk's checksum spares checking each record's: when it does not match (the header
    damaged, or a record), the records whose own checksums match still serve, and the chunk
    is written again whole."""
    first = cli(["check", "--format", "json", str(AGREEMENTS)])
    [pack] = entries(cache)
    head, _, body = pack.read_bytes().partition(b"\n")
    header = json.loads(head)
    pack.write_bytes(json.dumps({**header, "check": "00000000"}).encode() + b"\n" + body)
    assert not valid(pack)

    parsed = parses(monkeypatch)
    again = cli(["check", "--format", "json", str(AGREEMENTS)])
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert parsed == []
    assert valid(pack)


def test_concurrent_runs_share_the_cache_safely(cache: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SRM_CHECK_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1767225600"}
    command = [sys.executable, "-m", "srm_check", "check", "--format", "json", *CORPUS]
    expected = subprocess.run(
        [*command, "--no-cache"], cwd=ROOT, env=env, capture_output=True, check=False
    ).stdout
    runs = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    results = [run.communicate(timeout=300) for run in runs]
    for out, err in results:
        assert out == expected
        assert b"warning" not in err
    assert entries(cache) and all(valid(pack) for pack in entries(cache))
    assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")], "no temporary file is left"


def test_the_default_folder_is_beside_the_configuration(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SRM_CHECK_CACHE_DIR")
    (tmp_path / ".git").mkdir()
    project = tmp_path / "project"
    shutil.copytree(AGREEMENTS, project / "agreements")
    (project / ".srm-check.yaml").write_text("paths: [agreements]\n", encoding="utf-8")
    monkeypatch.chdir(project / "agreements")
    assert cli(["check"]).exit_code == 0
    folder = project / ".srm-check-cache"
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d17")
    assert entries(folder)
    assert not (tmp_path / ".srm-check-cache").exists()


def test_without_configuration_the_folder_is_at_the_repository_root(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SRM_CHECK_CACHE_DIR")
    (tmp_path / ".git").mkdir()
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    monkeypatch.chdir(tmp_path / "agreements")
    assert cli(["check", "."]).exit_code == 0
    assert entries(tmp_path / ".srm-check-cache")
    assert not (tmp_path / "agreements" / ".srm-check-cache").exists()


def test_the_configured_folder_stays_inside_the_repository(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SRM_CHECK_CACHE_DIR")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    shutil.copytree(AGREEMENTS, tmp_path / "repo" / "agreements")
    config = tmp_path / "repo" / ".srm-check.yaml"
    monkeypatch.chdir(tmp_path / "repo")
    config.write_text("paths: [agreements]\ncache-dir: build/cache\n", encoding="utf-8")
    assert cli(["check"]).exit_code == 0
    assert entries(tmp_path / "repo" / "build" / "cache")
    config.write_text("paths: [agreements]\ncache-dir: ../elsewhere\n", encoding="utf-8")
    run = cli(["check"])
    assert run.exit_code == 2
    assert "cache-dir: '../elsewhere' leads outside the repository" in run.stderr
    assert not (tmp_path / "elsewhere").exists()
    # The command line may name any folder.
    config.write_text("paths: [agreements]\n", encoding="utf-8")
    assert cli(["check", "--cache-dir", str(tmp_path / "elsewhere")]).exit_code == 0
    assert entries(tmp_path / "elsewhere")


def test_a_cache_that_cannot_be_written_is_left_out_with_a_warning(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("SRM_CHECK_CACHE_DIR", str(blocked / "cache"))
    expected = cli(["check", "--no-cache", "--format", "json", str(AGREEMENTS)])
    run = cli(["check", "--format", "json", str(AGREEMENTS)])
    assert (run.exit_code, run.stdout) == (expected.exit_code, expected.stdout)
    assert "warning: result cache not used" in run.stderr
    assert blocked.read_text(encoding="utf-8") == "not a folder\n"


def test_a_waiver_applies_to_cached_findings(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date, timedelta

    monkeypatch.chdir(tmp_path)
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    target = tmp_path / "agreements" / "northfield-state-university.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("  use-hub: community\n", ""), "utf-8")
    assert cli(["check", "agreements"]).exit_code == 1
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - rule: SRM101\n"
        "    agreement: northfield-state-university\n"
        "    reason: The hub is not in use this term.\n"
        "    owner: ops@example.org\n"
        f"    expires: {date.today() + timedelta(days=20)}\n",
        encoding="utf-8",
    )
    from srm_check.pipeline import workers

    monkeypatch.setattr(workers, "load_data", lambda *a, **k: pytest.fail("a cached file was parsed"))
    waived = cli(["check", "--waivers", str(waivers), "--format", "json", "agreements"])
    assert waived.exit_code == 0, waived.stdout + waived.stderr
    [finding] = [f for f in json.loads(waived.stdout)["findings"] if f["rule_id"] == "SRM101"]
    assert finding["waiver"]["reason"] == "The hub is not in use this term."


def test_context_runs_read_other_agreements_from_the_cache(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    (tmp_path / ".srm-check.yaml").write_text("paths: [agreements]\n", encoding="utf-8")
    source = (tmp_path / "agreements" / "northfield-state-university.yaml").read_text(encoding="utf-8")
    # The same agreement id again, for another community (the same one would overlap: SRM501).
    source = source.replace("community: Northfield State University", "community: Northfield Copy")
    new = tmp_path / "agreements" / "new.yaml"
    new.write_text(source, encoding="utf-8")
    alone = cli(["check", "--format", "json", "agreements/new.yaml"])
    assert alone.exit_code == 0, "without --context the named file is checked on its own"
    cold = cli(["check", "--context", "--format", "json", "agreements/new.yaml"])
    assert cold.exit_code == 1
    [clash] = json.loads(cold.stdout)["findings"]
    assert (clash["rule_id"], clash["path"]) == ("SRM305", "agreements/new.yaml")
    assert clash["related"][0]["path"] == "agreements/northfield-state-university.yaml"

    parsed = parses(monkeypatch)
    new.write_text(source + "# edited\n", encoding="utf-8")
    warm = cli(["check", "--context", "--format", "json", "agreements/new.yaml"])
    assert warm.exit_code == 1 and json.loads(warm.stdout)["findings"][0]["rule_id"] == "SRM305"
    assert parsed == ["agreements/new.yaml"], "the other agreements came from the cache"


def test_a_warm_run_reads_its_entries_without_a_pool(
    cli: CLI, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    args = ["check", "--jobs", "2", "--format", "json", *CORPUS]
    monkeypatch.setattr("srm_check.pipeline.sizing.usable_cpus", lambda: 2)
    pools: list[str] = []
    real = multiprocessing.get_context

    def spy(method: str | None = None) -> object:
        pools.append(str(method))
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    cold = cli(args)
    assert pools == ["fork"], "a cold run of the corpus uses the pool"
    warm = cli(args)
    assert pools == ["fork"], "a warm run reads the cache in this process"
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)


def test_context_facts_are_kept_and_survive_damage(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    (tmp_path / ".srm-check.yaml").write_text("paths: [agreements]\n", encoding="utf-8")
    source = (tmp_path / "agreements" / "open-seismology-network.yaml").read_text(encoding="utf-8")
    # The same agreement id again, for another community (the same one would overlap: SRM501).
    copy = source.replace("community: Open Seismology Network", "community: Open Seismology Copy")
    (tmp_path / "agreements" / "new.yaml").write_text(copy, encoding="utf-8")
    args = ["check", "--context", "--format", "json", "agreements/new.yaml"]
    first = cli(args)
    assert first.exit_code == 1
    recorded = records(cache)
    assert sorted(recorded) == sorted(
        f"agreements/{p.name}" for p in (tmp_path / "agreements").glob("*.yaml")
    )
    for damage in (b"{", json.dumps({"format": "srm-check-cache", "key": "other"}).encode() + b"\n"):
        for pack in entries(cache):
            pack.write_bytes(damage)
        again = cli(args)
        assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
        assert records(cache) == recorded
    # An agreement that changes is read again: its id no longer clashes.
    other = tmp_path / "agreements" / "open-seismology-network.yaml"
    other.write_text(source.replace("agreement: open-seismology-network", "agreement: renamed"), "utf-8")
    assert cli(args).exit_code == 0


@pytest.mark.parametrize("link", [".srm-check-cache", ".srm-check-cache/v3"])
def test_a_planted_link_never_takes_the_cache_out_of_the_repository(
    link: str, cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SRM_CHECK_CACHE_DIR")
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    (repo / ".git").mkdir(parents=True)
    outside.mkdir()
    shutil.copytree(AGREEMENTS, repo / "agreements")
    (repo / link).parent.mkdir(parents=True, exist_ok=True)
    (repo / link).symlink_to(outside, target_is_directory=True)
    monkeypatch.chdir(repo)
    expected = cli(["check", "--no-cache", "--format", "json", "agreements"])
    run = cli(["check", "--format", "json", "agreements"])
    assert (run.exit_code, run.stdout) == (expected.exit_code, expected.stdout)
    assert "warning: result cache not used" in run.stderr and "leads outside" in run.stderr
    assert list(outside.iterdir()) == []


# --- fields of the run: the judged day and git history are never in an entry -----------------

LIFECYCLE_RULES = [str(ROOT / "tests" / "fixtures" / "rules" / r) for r in ("SRM502", "SRM505", "SRM601")]


def test_a_warm_run_on_another_day_judges_that_day(cli: CLI, cache: Path) -> None:
    """Entries do not depend on --on: a warm run on another day finds what a run without the
    cache finds on that day (and the days do differ, so the test could fail)."""
    args = ["check", "--format", "json", *LIFECYCLE_RULES]
    early = cli([*args, "--on", "2020-06-30"])
    written = snapshot(cache)
    assert written
    late = cli([*args, "--on", "2030-06-30"])
    assert snapshot(cache) == written, "the same entries serve both days"
    fresh = cli([*args, "--no-cache", "--on", "2030-06-30"])
    assert (late.exit_code, late.stdout) == (fresh.exit_code, fresh.stdout)
    rules = {f["rule_id"] for f in json.loads(late.stdout)["findings"]}
    assert rules != {f["rule_id"] for f in json.loads(early.stdout)["findings"]}
    assert "SRM502" in rules


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_warm_run_sees_history_that_changed_without_the_file(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SRM603 comes from git, not from the file: assignments changed and changed back leave the
    content (and its entry) as it was, but make the approvals stale."""
    text = (ROOT / "tests" / "fixtures" / "lifecycle" / "lakeside-2026.yaml").read_text("utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(root)
    git(root, "init", "-q", "-b", "main")
    commit(root, {"agreements/lakeside.yaml": text}, "Add", "2025-12-01T00:00:00+00:00")
    args = ["check", "--format", "json", "--on", "2026-06-30", "--select", "SRM603", "agreements"]
    before = cli(args)
    assert json.loads(before.stdout)["findings"] == []
    written = snapshot(cache)
    moved = text.replace("  use-hub: community\n", "  use-hub: 2i2c\n")
    assert moved != text
    commit(root, {"agreements/lakeside.yaml": moved}, "Move", "2026-02-01T00:00:00+00:00")
    commit(root, {"agreements/lakeside.yaml": text}, "Move back", "2026-03-01T00:00:00+00:00")
    after = cli(args)
    fresh = cli([*args, "--no-cache"])
    assert (after.exit_code, after.stdout) == (fresh.exit_code, fresh.stdout)
    stale = json.loads(after.stdout)["findings"]
    assert stale and {f["rule_id"] for f in stale} == {"SRM603"}  # a warning
    assert snapshot(cache) == written, "the file's entry was used, not replaced"


# --- a file's stat stands for its content once settled -----------------------------------------


def stamps(folder: Path) -> dict[str, str]:
    """Each entry's stamp (its file's stat, when that stands for its content): path -> stamp."""
    return {json.loads(record[3]): record[2] for record in fields(folder)}


def test_a_file_written_just_before_the_run_is_read_not_stamped(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    assert cli(["check", "agreements"]).exit_code == 0
    assert set(stamps(cache).values()) == {""}, "changed seconds ago: its stat cannot stand for it"


def test_a_settled_unchanged_file_is_not_read_again(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from srm_check.pipeline import cache as module
    from srm_check.pipeline import workers

    monkeypatch.chdir(tmp_path)
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    monkeypatch.setattr(module, "SETTLED_NS", 0)  # every file counts as settled
    first = cli(["check", "--format", "json", "agreements"])
    assert all(stamps(cache).values())
    monkeypatch.setattr(workers, "read_bytes", lambda *a, **k: pytest.fail("a settled file was read"))
    again = cli(["check", "--format", "json", "agreements"])
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)


def test_a_file_changed_with_its_old_size_and_time_is_read_again(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `touch -r`, rsync or tar do: the content changes, the modification time is set back,
    the size stays. The change time (set by the kernel) still moves: the file is read again."""
    from srm_check.pipeline import cache as module

    monkeypatch.chdir(tmp_path)
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    monkeypatch.setattr(module, "SETTLED_NS", 0)
    target = tmp_path / "agreements" / "northfield-state-university.yaml"
    assert cli(["check", "agreements"]).exit_code == 0
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    changed = text.replace("  use-hub: community\n", "# use-hub: community\n")
    assert len(changed) == len(text) and changed != text
    target.write_text(changed, encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (target.stat().st_size, target.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    run = cli(["check", "--format", "json", "agreements"])
    assert run.exit_code == 1
    assert "SRM101" in [f["rule_id"] for f in json.loads(run.stdout)["findings"]]


# --- chunks: one file of the cache for many agreements -------------------------------------------


def test_adding_an_agreement_rewrites_only_its_chunk(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from srm_check.pipeline import cache as module

    monkeypatch.setattr(module, "CHUNK_FILES", 4)  # small chunks, so that there are many
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "agreements"
    folder.mkdir()
    text = (AGREEMENTS / "northfield-state-university.yaml").read_text(encoding="utf-8")
    for number in range(40):
        (folder / f"a{number:03}.yaml").write_text(text.replace("northfield", f"n{number}"), "utf-8")
    first = cli(["check", "--format", "json", "agreements"])
    before = snapshot(cache)
    assert len(before) >= 4
    parsed = parses(monkeypatch)
    (folder / "a020x.yaml").write_text(text.replace("northfield", "added"), "utf-8")
    again = cli(["check", "--format", "json", "agreements"])
    assert again.exit_code == first.exit_code
    after = snapshot(cache)
    changed = [p for p in after if before.get(p) != after[p]]
    assert len(changed) <= 2, "the new file's chunk (and the one it may start)"
    assert "agreements/a020x.yaml" in parsed and len(parsed) <= 1 + module.MAX_CHUNK_FILES
    assert len(parsed) < 20


def test_chunks_beyond_the_limit_are_removed(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from srm_check.pipeline import cache as module

    monkeypatch.setattr(module, "CHUNK_FILES", 4)
    monkeypatch.setattr(module, "MAX_CHUNKS", 3)
    first = cli(["check", "--format", "json", *CORPUS])
    assert 0 < len(entries(cache)) <= 3
    again = cli(["check", "--format", "json", *CORPUS])
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert len(entries(cache)) <= 3


def test_a_cache_of_an_earlier_version_is_removed(cli: CLI, cache: Path) -> None:
    assert cli(["check", str(AGREEMENTS)]).exit_code == 0  # the folder, made and tagged by srm-check
    shutil.rmtree(cache / "v3")
    old = cache / "v1" / "0123456789abcdef0123" / "ab"
    old.mkdir(parents=True)
    (old / "entry.json").write_text("{}", encoding="utf-8")
    assert cli(["check", str(AGREEMENTS)]).exit_code == 0
    assert not (cache / "v1").exists()
    assert entries(cache)


def test_a_folder_srm_check_did_not_make_keeps_its_own_v1(cli: CLI, cache: Path) -> None:
    """A configured cache folder that already held the user's files (no srm-check tag): nothing
    of theirs is removed, even a folder named like an earlier cache version."""
    mine = cache / "v1" / "notes.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("keep me", encoding="utf-8")
    assert cli(["check", str(AGREEMENTS)]).exit_code == 0
    assert mine.read_text(encoding="utf-8") == "keep me"
    assert entries(cache)


@pytest.mark.parametrize("forged", ["1,2", "[1", "[[],true,1,[],[],[],[[1]]]", '"x"'])
def test_an_entry_that_is_not_ours_leaves_the_others_of_its_chunk_usable(
    forged: str, cli: CLI, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even with a checksum that matches (written by something else), an entry that is not one
    of ours is checked afresh, and the entries after it in its chunk are still the right ones."""

    first = cli(["check", "--format", "json", str(AGREEMENTS)])
    [pack] = entries(cache)
    header, line, *rest = pack.read_text(encoding="ascii").split("\n")
    content, flag, stamp, path, _, _ = line.split("\t", 5)
    check = checksum(content, flag, stamp, path, forged)
    pack.write_text(
        "\n".join([header, "\t".join([content, flag, stamp, path, check, forged]), *rest]), "ascii"
    )

    parsed = parses(monkeypatch)
    again = cli(["check", "--format", "json", str(AGREEMENTS)])
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert parsed == [json.loads(path)]


def test_a_run_on_one_file_keeps_the_other_entries_of_its_chunk(
    cli: CLI, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hook checks one file, whose chunk (named by that file alone) may be the one a whole
    run wrote, beginning at it: rewriting it keeps the entries of the files it did not check."""
    from srm_check.pipeline import cache as module

    monkeypatch.setattr(module, "CHUNK_FILES", 4)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "agreements"
    folder.mkdir()
    text = (AGREEMENTS / "northfield-state-university.yaml").read_text(encoding="utf-8")
    names = [f"agreements/a{number:03}.yaml" for number in range(40)]
    for number, name in enumerate(names):
        (tmp_path / name).write_text(text.replace("northfield", f"n{number}"), "utf-8")
    chunks = module.chunks_of(names)
    # A file that begins a chunk of several files.
    [first, *_] = [n for i, n in enumerate(names[:-1]) if i and chunks[i - 1] != chunks[i] == chunks[i + 1]]
    cli(["check", "agreements"])
    (tmp_path / first).write_text(text.replace("northfield", "changed"), "utf-8")
    cli(["check", first])
    expected = cli(["check", "--no-cache", "--format", "json", "agreements"])
    parsed = parses(monkeypatch)
    again = cli(["check", "--format", "json", "agreements"])
    assert (again.exit_code, again.stdout) == (expected.exit_code, expected.stdout)
    assert parsed == []
