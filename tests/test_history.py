"""`srm-check history` and `srm-check diff` on a scratch git repository built here (three commits:
add an agreement; move two responsibilities with cost notes; move one back), in text,
Markdown and JSON; one file at two revisions; a shallow clone; git that is missing, a
revision that is not there, a hostile checkout and hostile commit messages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import cmarkgfm
import pytest
from conftest import run_cli
from history_repo import MOVED, PATH, build, commit, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """The scratch repository, as the working folder, and its three commits."""
    root = tmp_path / "lab"
    commits = build(root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return root, commits


def test_history_lists_exactly_the_three_changes_as_text(repo: tuple[Path, list[str]]) -> None:
    _, (add, move, back) = repo
    run = run_cli(["history"])
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (
        "History of agreements: 3 commits changed agreements\n"
        "\n"
        "Lakeside Ocean Lab (lakeside)\n"
        f"  2026-01-05 {add[:7]} Ada Lovelace: Add the Lakeside Ocean Lab agreement\n"
        "    agreement 'lakeside' added in agreements/lakeside.yaml\n"
        f"  2026-02-02 {move[:7]} Grace Hopper: Move user support to 2i2c, cloud contact to the lab\n"
        "    moves #3 General user support from community to 2i2c (towards the provider; off its "
        "default, community); cost +750 USD/month\n"
        "    moves #13 Communicate with cloud provider from 2i2c to community (towards the community; "
        "off its default, 2i2c); cost -200 USD/month\n"
        "    cost: +550 USD/month\n"
        f"  2026-03-09 {back[:7]} Ada Lovelace: User support goes back to the lab\n"
        "    moves #3 General user support from 2i2c to community (towards the community; back to its "
        "default); cost -750 USD/month (cost note removed)\n"
        "    cost: -750 USD/month\n"
        "  cost over these commits: -200 USD/month\n"
        "\n"
        "Cost change: -200 USD/month\n"
    )


def test_history_as_markdown_is_a_pull_request_comment(repo: tuple[Path, list[str]]) -> None:
    _, (add, move, back) = repo
    run = run_cli(["history", "--format", "markdown"])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "## srm-check: history of `agreements`"
    assert (
        "  - this change moves **#13 Communicate with cloud provider** from 2i2c to community (towards "
        "the community; off its default, 2i2c); cost -200 USD/month"
    ) in lines
    events = [line for line in lines if line.startswith("- ")]
    assert [e.split()[1:3] for e in events] == [
        ["2026-01-05", f"`{add[:7]}`"],
        ["2026-02-02", f"`{move[:7]}`"],
        ["2026-03-09", f"`{back[:7]}`"],
    ]
    assert "  - cost: **+550 USD/month**" in lines and "  - cost: **-750 USD/month**" in lines
    assert lines[-1] == "**Cost change of all agreements: -200 USD/month**"


def test_history_as_json_has_every_change_with_its_commit(repo: tuple[Path, list[str]]) -> None:
    _, commits = repo
    run = run_cli(["history", "--format", "json"])
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert (data["kind"], data["complete"], data["note"], data["commits"]) == ("history", True, None, 3)
    assert data["head"] == commits[-1] and data["paths"] == ["agreements"]
    [community] = data["communities"]
    assert (community["community"], community["agreements"]) == ("Lakeside Ocean Lab", ["lakeside"])
    changes = community["changes"]
    assert [c["commit"]["sha"] for c in changes] == commits
    assert [c["commit"]["author"] for c in changes] == ["Ada Lovelace", "Grace Hopper", "Ada Lovelace"]
    assert [c["change"] for c in changes] == ["added", "changed", "changed"]
    moves = [
        [(m["responsibility"], m["from"], m["to"], m["direction"], m["boundary"]) for m in c["moves"]]
        for c in changes
    ]
    assert moves == [
        [],
        [
            ("general-user-support", "community", "2i2c", "provider-more", "leaves-default"),
            ("communicate-with-cloud-provider", "2i2c", "community", "community-more", "leaves-default"),
        ],
        [("general-user-support", "2i2c", "community", "community-more", "returns-to-default")],
    ]
    notes = [[(n["responsibility"], n["change"]) for n in c["cost_notes"]] for c in changes]
    assert notes[1] == [("general-user-support", "added"), ("communicate-with-cloud-provider", "added")]
    assert notes[2] == [("general-user-support", "removed")]
    assert changes[1]["cost_notes"][1]["new"] == {
        "text": "The community's IT office talks to the cloud provider.",
        "amount": -200,
        "currency": "USD",
        "period": "month",
    }
    month = [{"currency": "USD", "period": "month", "amount": n} for n in (550, -750)]
    assert [c["cost_change"] for c in changes] == [[], [month[0]], [month[1]]]
    assert (
        community["cost_change"]
        == data["cost_change"]
        == [{"currency": "USD", "period": "month", "amount": -200}]
    )


def test_diff_rev_gives_the_same_changes_for_one_file(repo: tuple[Path, list[str]]) -> None:
    _, (add, move, back) = repo
    history = json.loads(run_cli(["history", "--format", "json"]).stdout)["communities"][0]["changes"]
    for (old, new), event in zip([(add, move), (move, back)], history[1:], strict=True):
        run = run_cli(["diff", PATH, "--rev", f"{old}..{new}", "--format", "json"])
        assert run.exit_code == 0, run.stderr
        [change] = json.loads(run.stdout)["agreements"]
        assert {k: v for k, v in change.items()} == {k: v for k, v in event.items() if k != "commit"}
    whole = json.loads(run_cli(["diff", PATH, "--rev", f"{add}..{back}", "--format", "json"]).stdout)
    [change] = whole["agreements"]
    assert [m["responsibility"] for m in change["moves"]] == ["communicate-with-cloud-provider"]
    assert whole["cost_change"] == [{"currency": "USD", "period": "month", "amount": -200}]
    text = run_cli(["diff", PATH, "--rev", f"{add[:7]}..HEAD"]).stdout
    assert text.startswith(f"Changes from {add[:7]} to HEAD ({back[:7]}):\n")
    assert "cost -200 USD/month" in text and text.endswith("Cost change: -200 USD/month\n")


def test_diff_against_the_work_tree_and_of_two_files(repo: tuple[Path, list[str]]) -> None:
    root, commits = repo
    (root / PATH).write_text(MOVED, "utf-8")  # support moves to 2i2c again, not committed
    run = run_cli(["diff", "--rev", "HEAD", "--format", "markdown"])
    assert run.exit_code == 0, run.stderr
    assert f"From `HEAD ({commits[-1][:7]})` to `the work tree`." in run.stdout
    assert "cost +750 USD/month" in run.stdout
    assert run_cli(["diff", "--rev", "HEAD", "--exit-code"]).exit_code == 1
    assert run_cli(["diff", "--rev", "HEAD..HEAD", "--exit-code"]).exit_code == 0
    renewal = root / "agreements" / "lakeside-2027.yaml"
    renewal.write_text(MOVED.replace("agreement: lakeside", "agreement: lakeside-2027"), "utf-8")
    old = root / "old.yaml"
    old.write_text(git(root, "show", f"{commits[0]}:{PATH}") + "\n", "utf-8")
    run = run_cli(["diff", "old.yaml", "agreements/lakeside-2027.yaml"])
    assert run.exit_code == 0, run.stderr
    assert (
        "Lakeside Ocean Lab (lakeside-2027, agreements/lakeside-2027.yaml, renamed from old.yaml)"
        in run.stdout
    )
    assert run.stdout.endswith("Cost change: +550 USD/month\n")


def test_a_shallow_clone_says_its_history_is_partial(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, (add, move, _) = repo
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", root.as_uri(), str(clone)], check=True)
    monkeypatch.chdir(clone)
    run = run_cli(["history"])
    assert run.exit_code == 0, run.stderr
    assert (
        f"Partial history: this clone is shallow, so the changes made in commit {move[:7]} (2026-02-02)"
        in run.stdout
    )
    assert "User support goes back to the lab" in run.stdout and "Move user support" not in run.stdout
    data = json.loads(run_cli(["history", "--format", "json"]).stdout)
    assert data["complete"] is False and data["note"].startswith("this clone is shallow, so the changes")
    assert "> **Partial history:** this clone is shallow" in run_cli(["history", "-f", "markdown"]).stdout
    # Within the history it has, the clone is complete.
    since = json.loads(run_cli(["history", "--since", move, "--format", "json"]).stdout)
    assert since["complete"] is True and since["commits"] == 1
    # Before it, nothing can be said: exit 2 with the reason.
    missing = run_cli(["diff", "--rev", f"{add}..HEAD"])
    assert missing.exit_code == 2
    assert (
        f"revision '{add}' is not in this repository (the clone is shallow: fetch more history"
        in missing.stderr
    )
    one = tmp_path / "one"
    subprocess.run(["git", "clone", "-q", "--depth", "1", root.as_uri(), str(one)], check=True)
    monkeypatch.chdir(one)
    run = run_cli(["history"])
    assert run.exit_code == 2 and "no history to show: this clone is shallow" in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["history", "--since", "v9.9"], "revision 'v9.9' is not in this repository"),
        (["diff", "--rev", "nope..HEAD"], "revision 'nope' is not in this repository"),
        (["diff", "--rev", "--upload-pack=touch pwned"], "'--upload-pack=touch pwned' is not a revision"),
        (["diff", "--rev", "HEAD...main"], "give OLD..NEW (two dots)"),
        (["history", "elsewhere/"], "no commit changes elsewhere: there is no history to show"),
        (["diff", PATH], "give two agreement files (OLD NEW), or PATHS with --rev OLD..NEW"),
    ],
)
def test_what_cannot_be_answered_exits_2_with_the_reason(
    repo: tuple[Path, list[str]], args: list[str], message: str
) -> None:
    (repo[0] / "elsewhere").mkdir()
    run = run_cli(args)
    assert run.exit_code == 2 and message in run.stderr, run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: [\n",
            "broken.yaml: cannot be read: invalid YAML: the '[' here is not closed: expected a value or ']' ",
        ),
        ("a: [\n", "before the end of the file (line 1, column 4)"),  # at the '[', not at the end
        ("", "broken.yaml: cannot be read: file is empty"),
        ("just text\n", "broken.yaml: holds no agreement (a YAML mapping)"),
    ],
)
def test_diff_of_a_file_that_holds_no_agreement_exits_2(
    repo: tuple[Path, list[str]], text: str, message: str
) -> None:
    (repo[0] / "broken.yaml").write_text(text, "utf-8")
    for args in (["diff", "broken.yaml", PATH], ["diff", PATH, "broken.yaml"]):
        run = run_cli(args)
        assert run.exit_code == 2 and message in run.stderr, run.stderr
        assert run.stdout == ""


def test_outside_git_and_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "agreements").mkdir()
    (tmp_path / PATH).write_text(MOVED, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    run = run_cli(["history"])
    assert run.exit_code == 2 and "is not in a git repository" in run.stderr
    with monkeypatch.context() as without_git:
        without_git.setenv("PATH", str(tmp_path / "no-bin"))
        run = run_cli(["diff", "--rev", "HEAD"])
    assert run.exit_code == 2 and "git is not installed" in run.stderr
    git(tmp_path, "init", "-q")
    run = run_cli(["history"])
    assert run.exit_code == 2 and "the repository has no commits yet" in run.stderr


def test_a_hostile_checkout_runs_nothing(repo: tuple[Path, list[str]]) -> None:
    root, _ = repo
    marker = root.parent / "pwned"
    for key, value in [
        ("core.fsmonitor", f"touch {marker}-fsmonitor"),
        ("diff.external", f"touch {marker}-external"),
        ("diff.yaml.textconv", f"touch {marker}-textconv"),
        ("core.pager", f"touch {marker}-pager"),
        ("filter.evil.smudge", f"touch {marker}-smudge"),
        ("filter.evil.clean", f"touch {marker}-clean"),
    ]:
        git(root, "config", key, value)
    (root / ".gitattributes").write_text("*.yaml diff=yaml filter=evil\n", "utf-8")
    (root / ".git" / "hooks" / "post-checkout").write_text(f"#!/bin/sh\ntouch {marker}-hook\n", "utf-8")
    assert run_cli(["history"]).exit_code == 0
    assert run_cli(["diff", "--rev", "HEAD~2"]).exit_code == 0
    assert run_cli(["check"]).exit_code in (0, 1)
    assert list(root.parent.glob("pwned*")) == []


def test_names_and_messages_from_git_are_data(repo: tuple[Path, list[str]]) -> None:
    root, _ = repo
    hostile = MOVED.replace("community: Lakeside Ocean Lab", "community: Lake <b>side</b> ~~x~~")
    commit(
        root,
        {PATH: hostile},
        "Rename \x1b[2J<script>x</script> | ~~lab~~",
        "2026-04-01T00:00:00+00:00",
        ("Eve \x1b]0;t\x07", "e@x.invalid"),
    )
    text = run_cli(["history"]).stdout
    assert "\x1b" not in text and "\x07" not in text
    assert "Rename \\x1b[2J<script>x</script> | ~~lab~~" in text
    markdown = run_cli(["history", "--format", "markdown"]).stdout
    assert "<script>" not in markdown and "\\<script\\>" in markdown and "\\~\\~lab\\~\\~" in markdown
    assert "### Lake \\<b\\>side\\</b\\> \\~\\~x\\~\\~" in markdown
    html = cmarkgfm.github_flavored_markdown_to_html(markdown)
    assert "<script" not in html and "<b>" not in html and "<del>" not in html
    json.loads(run_cli(["history", "--format", "json"]).stdout)  # strict JSON, whatever the text


def test_renames_and_versions_that_cannot_be_read(repo: tuple[Path, list[str]]) -> None:
    root, _ = repo
    git(root, "mv", PATH, "agreements/lakeside-ocean-lab.yaml")
    git(root, "commit", "-q", "-m", "Rename the file", when="2026-04-01T00:00:00+00:00")
    commit(
        root,
        {"agreements/lakeside-ocean-lab.yaml": "agreement: [unclosed\n"},
        "Break it",
        "2026-04-02T00:00:00+00:00",
    )
    commit(
        root,
        {"agreements/lakeside-ocean-lab.yaml": MOVED},
        "Fix it, moving support again",
        "2026-04-03T00:00:00+00:00",
    )
    changes = json.loads(run_cli(["history", "--format", "json"]).stdout)
    events = [c for community in changes["communities"] for c in community["changes"]]
    broken = [e for e in events if e["change"] == "unreadable"]
    assert len(broken) == 1 and broken[0]["path"] == "agreements/lakeside-ocean-lab.yaml"
    assert broken[0]["problem"].startswith("cannot be read:")
    fixed = events[-1]
    assert fixed["commit"]["subject"] == "Fix it, moving support again"
    assert [m["responsibility"] for m in fixed["moves"]] == ["general-user-support"]  # from the last readable
    [renamed] = [e for e in events if e["commit"]["subject"] == "Rename the file"]
    assert (renamed["old_path"], renamed["moves"], renamed["cost_change"]) == (PATH, [], [])
    text = run_cli(["history"]).stdout
    assert f"    agreement 'lakeside' in agreements/lakeside-ocean-lab.yaml, renamed from {PATH}\n" in text
