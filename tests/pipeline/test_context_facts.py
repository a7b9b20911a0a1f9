"""A run on named files (`check --context`) remembers the other agreements' facts without judging
them (`CrossFileRules.remember`): the findings on the named files are those of judging every
context fact first, as `resolve` does, whatever clashes the context files have among themselves."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from srm_check.rules.engine import CrossFileRules, Pending
from tests.conftest import AGREEMENTS, Run

CLI = Callable[[Sequence[str]], Run]
FORMATS = ["text", "json", "sarif", "junit", "github", "summary"]
SOURCE = "open-seismology-network"


def judged(self: CrossFileRules, pending: list[Pending]) -> None:
    """How context facts were given before `remember`: judged, findings and waiting dropped."""
    comparing = self.comparing
    self.resolve([item for item in pending if item.rule_id in comparing])
    self._waiting = []


def copy(folder: Path, name: str, agreement: str, community: str, extra: str = "") -> None:
    text = (AGREEMENTS / f"{SOURCE}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"agreement: {SOURCE}", f"agreement: {agreement}{extra}")
    text = text.replace("community: Open Seismology Network", f"community: {community}")
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two context files clashing with each other (one id, overlapping periods), one whose
    `supersedes` names no agreement (it waits), and two named files, one before the context
    files in path order and one after, clashing with them and with each other."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "agreements"
    shutil.copytree(AGREEMENTS, folder)
    (tmp_path / ".srm-check.yaml").write_text("paths: [agreements]\n", encoding="utf-8")
    copy(folder, "ctx-one.yaml", "shared-id", "Shared Community")
    copy(folder, "ctx-two.yaml", "shared-id", "Shared Community")
    copy(folder, "ctx-three.yaml", "waiting", "Waiting Community", "\nsupersedes: nowhere")
    copy(folder, "aa-new.yaml", "shared-id", "Shared Community")
    copy(folder, "zz-new.yaml", "shared-id", "shared community")
    return tmp_path


def outputs(cli: CLI, args: list[str]) -> dict[str, tuple[int, str, str]]:
    return {f: (r.exit_code, r.stdout, r.stderr) for f in FORMATS for r in [cli([*args, "--format", f])]}


@pytest.mark.parametrize("cached", [False, True])
def test_named_files_get_the_findings_of_judging_the_context_first(
    cli: CLI, repo: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
) -> None:
    args = ["check", "--context", *([] if cached else ["--no-cache"])]
    args += ["agreements/aa-new.yaml", "agreements/zz-new.yaml"]
    if cached:
        cli(args)  # the cache holds every file's entry: the runs below are warm
    remembered = outputs(cli, args)
    with monkeypatch.context() as patched:
        patched.setattr(CrossFileRules, "remember", judged)
        assert outputs(cli, args) == remembered
    code, text, _ = remembered["json"]
    assert code == 1
    found = [
        (f["path"], f["rule_id"], [(r["path"], r["message"]) for r in f["related"]])
        for f in json.loads(text)["findings"]
        if f["rule_id"] in ("SRM305", "SRM501")
    ]
    first = [("agreements/ctx-one.yaml", "first used here")]
    overlap = [("agreements/ctx-one.yaml", "in force on the same days")]
    # The context is judged before the named files, whatever their paths: its first file is
    # the one they clash with (never ctx-two, which clashes with it, unreported).
    assert sorted(found) == sorted(
        [
            ("agreements/aa-new.yaml", "SRM305", first),
            ("agreements/aa-new.yaml", "SRM501", overlap),
            ("agreements/zz-new.yaml", "SRM305", first),
            ("agreements/zz-new.yaml", "SRM501", overlap),
        ]
    )


def test_a_context_entry_gives_only_the_facts_of_the_rules_asked_for() -> None:
    from srm_check.core.severity import Severity
    from srm_check.core.span import Span
    from srm_check.pipeline.cache_entry import encode, facts_of, json_or_none
    from srm_check.pipeline.results import FileResult

    def fact(rule_id: str) -> Pending:
        return Pending(
            rule_id, Severity.error, "id", "x", {"id": "x"}, "/agreement", Span(1, 1, 1, 2), "a.yaml", "x", 0
        )

    pending = [fact("SRM305"), fact("SRM900"), fact("SRM501")]
    entry = encode(FileResult("a.yaml", []), pending)
    assert entry is not None
    facts = json_or_none(entry.partition("\t")[2])
    assert facts_of(facts, "a.yaml") == pending
    assert facts_of(facts, "a.yaml", frozenset({"SRM305", "SRM501"})) == [pending[0], pending[2]]
    assert facts_of(facts, "a.yaml", frozenset()) == []
