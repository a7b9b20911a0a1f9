"""A baseline never hides a new finding: for every rule id, a run that already has a finding of
that rule is recorded, one more finding of the same rule is added (in the same file wherever
the rule allows two), and the run reports exactly that one as new.

Waiver findings are told apart by the waiver they are about (a new expired waiver added
*above* the recorded ones is still the new one); findings that nothing else tells apart
(a key repeated a third time) by their order.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli
from history_repo import commit, git

from srm_check.core.codes import FOLDER_UNREADABLE, UNREADABLE, builtin_rules
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.pipeline.baseline import compare
from srm_check.pipeline.fingerprints import numbered_fingerprints
from srm_check.pipeline.results import FileResult
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir

TODAY = "2026-06-10"
GOOD = (FIXTURES / "precommit" / "good.yaml").read_text("utf-8")


class Link(str):
    """A symbolic link to this target, in place of a file."""


class Fifo:
    """A FIFO (named pipe) in place of a file: never opened for reading, reported as SRM013."""


Content = str | bytes | Link | Fifo


def agreement(ident: str = "base", *edits: tuple[str, str], extra: str = "") -> str:
    """The good agreement with id `ident`, each (old, new) text edit applied, `extra` appended."""
    text = GOOD.replace("agreement: lakeside-ocean-lab", f"agreement: {ident}")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text + extra


def waiver(owner: str, expires: str, rule: str = "SRM201") -> str:
    return f'  # srm-check: waive {rule} owner={owner} expires={expires} reason="kept by {owner}"\n'


def waived(*lines: str) -> str:
    """An agreement with comment lines (inline waivers) just above `advocate-and-onboard`."""
    return agreement("base", ("  advocate-and-onboard:", "".join(lines) + "  advocate-and-onboard:"))


MOVED = ("  manage-data: 2i2c\n", "  manage-data: community\n")
TIDEWATER = (ROOT / "agreements" / "tidewater-ecology-institute.yaml").read_text("utf-8")
DOCS = ("    team: community-guide\n    responsible: [community]\n", "    team: community-guide\n")
LEADERS = (
    "    team: community-guide\n    responsible: [community-representative]\n",
    "    team: community-guide\n",
)


def tidewater(*edits: tuple[str, str]) -> str:
    """The shipped example on 2i2c's current (areas) model, each (old, new) text edit applied."""
    text = TIDEWATER
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def cost(party: str, text: str, amount: str) -> str:
    return f"{{party: {party}, cost_note: {{text: {text}, amount: {amount}, currency: USD, period: month}}}}"


# A policy of its own catalogue and no rule on it: with the shipped policy left out, SRM030.
SOLO = (
    "catalogue: solo\nversion: '1'\ntitle: Solo\nparties: [{id: me, name: Me}]\n"
    "responsibilities: [{id: all, number: 1, title: All, description: Everything., default_party: me}]\n"
)


def solo(ident: str) -> str:
    return (
        f"agreement: {ident}\ncommunity: {ident}\ncatalogue: solo@1\neffective: 2026-01-01\n"
        "assignments: {all: me}\n"
    )


@dataclass
class Case:
    """Files before and after (under agreements/); `marker` is in the new finding's message or path."""

    before: dict[str, Content]
    after: dict[str, Content]
    marker: str
    config: str = ""
    policy: dict[str, str] | None = None  # files of a policy folder `my-policy/`, if the case needs one


# Approvals from both parties of the good agreement, before it takes effect.
APPROVED = (
    "approvals:\n"
    "  - {party: 2i2c, name: Jordan Rivera, date: 2026-02-01}\n"
    "  - {party: community, name: Sam Okafor, date: 2026-02-01}\n"
)


def _bomb() -> str:
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for index in range(1, 7):
        lines.append(
            f"l{index}: &l{index} [" + ", ".join([f"*{'a' if index == 1 else f'l{index - 1}'}"] * 10) + "]"
        )
    return "\n".join(lines) + "\n"


CASES: dict[str, Case] = {
    "SRM001": Case(
        {"a.yaml": "agreement: [one\n"}, {"a.yaml": "agreement: [one\n", "b.yaml": "x: [two\n"}, "b.yaml"
    ),
    "SRM002": Case(
        {"a.yaml": agreement(extra="description: one\ndescription: two\n")},
        {"a.yaml": agreement(extra="description: one\ndescription: two\ndescription: three\n")},
        "line 29",
    ),
    "SRM003": Case(
        {"a.yaml": b"agreement: \xc3\x28\n"},
        {"a.yaml": b"agreement: \xc3\x28\n", "b.yaml": b"\xff\n"},
        "b.yaml",
    ),
    "SRM004": Case({"a.yaml": b"\x00\x01"}, {"a.yaml": b"\x00\x01", "b.yaml": b"a\x00"}, "b.yaml"),
    "SRM005": Case({"a.yaml": "# empty\n"}, {"a.yaml": "# empty\n", "b.yaml": ""}, "b.yaml"),
    "SRM006": Case(
        {"a.yaml": b"#" * (5 * 1024 * 1024 + 1)},
        {"a.yaml": b"#" * (5 * 1024 * 1024 + 1), "b.yaml": b"#" * (5 * 1024 * 1024 + 2)},
        "b.yaml",
    ),
    "SRM007": Case(
        {"a.yaml": "[" * 101 + "]" * 101}, {"a.yaml": "[" * 101 + "]" * 101, "b.yaml": "[" * 120}, "b.yaml"
    ),
    "SRM008": Case({"a.yaml": _bomb()}, {"a.yaml": _bomb(), "b.yaml": _bomb()}, "b.yaml"),
    "SRM009": Case(
        {"a.yaml": agreement(extra="description: !odd one\n")},
        {"a.yaml": agreement(extra="description: !odd one\nend: !odd 2027-01-01\n")},
        "!odd",
    ),
    "SRM010": Case(
        {"a.yaml": agreement(extra="colour: red\n")},
        {"a.yaml": agreement(extra="colour: red\nflavour: x\n")},
        "flavour",
    ),
    "SRM011": Case(
        {"a.yaml": agreement(extra="description: [1]\n")},
        {"a.yaml": agreement(extra="description: [1]\nend: [2]\n")},
        "'end'",
    ),
    "SRM012": Case(
        {"a.yaml": agreement("base", ("effective: 2026-03-01\n", ""))},
        {
            "a.yaml": agreement(
                "base", ("effective: 2026-03-01\n", ""), ("community: Lakeside Ocean Lab\n", "")
            )
        },
        "'community'",
    ),
    # Waiver findings: the new waiver is written above the recorded ones.
    # Paths that are not read: told apart by their path.
    "SRM013": Case({"a.yaml": Fifo()}, {"a.yaml": Fifo(), "b.yaml": Fifo()}, "b.yaml"),
    "SRM014": Case(
        {"a.yaml": Link("../.git")}, {"a.yaml": Link("../.git"), "b.yaml": Link("../.git")}, "b.yaml"
    ),
    "SRM015": Case(
        {"a.yaml": Link("gone-a.yaml")}, {"a.yaml": Link("gone-a.yaml"), "b.yaml": Link("gone-b")}, "b.yaml"
    ),
    "SRM020": Case(
        {"a.yaml": waived(waiver("o1", "2026-01-01"), waiver("o2", "2026-01-02"))},
        {
            "a.yaml": waived(
                waiver("o3", "2026-01-03"), waiver("o1", "2026-01-01"), waiver("o2", "2026-01-02")
            )
        },
        "owner o3",
    ),
    "SRM021": Case(
        {"a.yaml": waived(waiver("o1", "2026-06-20"))},
        {"a.yaml": waived(waiver("o3", "2026-06-21"), waiver("o1", "2026-06-20"))},
        "owner o3",
    ),
    "SRM022": Case(
        {"a.yaml": waived(waiver("o1", "2026-12-01"))},
        {"a.yaml": waived(waiver("o3", "2026-12-01"), waiver("o1", "2026-12-01"))},
        "owner o3",
    ),
    "SRM023": Case(
        {"a.yaml": waived(waiver("o1", "2030-01-01"))},
        {"a.yaml": waived(waiver("o3", "2030-01-01"), waiver("o1", "2030-01-01"))},
        "owner o3",
    ),
    "SRM024": Case(
        {"a.yaml": waived("  # srm-check: waive SRM201 owner=o1\n")},
        {
            "a.yaml": waived(
                "  # srm-check: waive SRM201 owner=o3\n", "  # srm-check: waive SRM201 owner=o1\n"
            )
        },
        "line 8",
    ),
    "SRM025": Case(
        {"a.yaml": waived(waiver("o1", "2026-12-01"))},
        {"a.yaml": waived(waiver("o3", "2026-12-01"), waiver("o1", "2026-12-01"))},
        "line 8",
        config="forbid-inline-waivers: [SRM201]\n",
    ),
    "SRM101": Case(
        {"a.yaml": agreement("base", ("  use-hub: community\n", ""))},
        {
            "a.yaml": agreement(
                "base", ("  use-hub: community\n", ""), ("  advocate-and-onboard: community\n", "")
            )
        },
        "'advocate-and-onboard'",
    ),
    "SRM102": Case(
        {"a.yaml": agreement("base", ("  use-hub: community", "  use-hub: [community, 2i2c]"))},
        {
            "a.yaml": agreement(
                "base",
                ("  use-hub: community", "  use-hub: [community, 2i2c]"),
                ("  manage-data: 2i2c", "  manage-data: [community, 2i2c]"),
            )
        },
        "'manage-data'",
    ),
    "SRM103": Case(
        {"a.yaml": agreement("base", ("  use-hub: community", '  use-hub: ""'))},
        {
            "a.yaml": agreement(
                "base", ("  use-hub: community", '  use-hub: ""'), ("  guide-2i2c: 2i2c", "  guide-2i2c:")
            )
        },
        "'guide-2i2c'",
    ),
    "SRM104": Case(
        {"a.yaml": agreement("base", ("  use-hub: community", "  use-hub: nobody-one"))},
        {
            "a.yaml": agreement(
                "base",
                ("  use-hub: community", "  use-hub: nobody-one"),
                ("  guide-2i2c: 2i2c", "  guide-2i2c: nobody-two"),
            )
        },
        "nobody-two",
    ),
    "SRM105": Case(
        {"a.yaml": agreement(extra="  made-up-one: community\n")},
        {"a.yaml": agreement(extra="  made-up-one: community\n  made-up-two: community\n")},
        "made-up-two",
    ),
    "SRM106": Case(
        {"a.yaml": agreement(extra="  use-hub: community\n")},
        {"a.yaml": agreement(extra="  use-hub: community\n  use-hub: community\n")},
        "line 28",
    ),
    "SRM030": Case(
        {"a.yaml": solo("one")},
        {"a.yaml": solo("one"), "b.yaml": solo("two")},
        "b.yaml",
        config="builtin-policy: false\npolicy: [my-policy]\n",
        policy={"catalogues/solo.yaml": SOLO},
    ),
    "SRM107": Case(
        {
            "a.yaml": agreement(
                "base", ("  use-hub: community", "  use-hub: {party: community, team: no-such}")
            )
        },
        {
            "a.yaml": agreement(
                "base",
                ("  use-hub: community", "  use-hub: {party: community, team: no-such}"),
                ("  guide-2i2c: 2i2c", "  guide-2i2c: {party: 2i2c, team: other-one}"),
            )
        },
        "'other-one'",
    ),
    "SRM108": Case(
        {
            "a.yaml": agreement(
                "base", ("  use-hub: community", "  use-hub: {party: community, responsible: [2i2c, 2i2c]}")
            )
        },
        {
            "a.yaml": agreement(
                "base",
                ("  use-hub: community", "  use-hub: {party: community, responsible: [2i2c, 2i2c]}"),
                ("  guide-2i2c: 2i2c", "  guide-2i2c: {party: 2i2c, responsible: [community, community]}"),
            )
        },
        "'guide-2i2c'",
    ),
    "SRM109": Case(
        {
            "a.yaml": agreement(
                "base", ("  use-hub: community", '  use-hub: {party: community, responsible: [2i2c, ""]}')
            )
        },
        {
            "a.yaml": agreement(
                "base",
                ("  use-hub: community", '  use-hub: {party: community, responsible: [2i2c, ""]}'),
                ("  guide-2i2c: 2i2c", '  guide-2i2c: {party: 2i2c, responsible: [community, ""]}'),
            )
        },
        "'guide-2i2c'",
    ),
    "SRM110": Case(
        {"a.yaml": agreement(extra="parties:\n  - {id: community, name: C1}\n")},
        {"a.yaml": agreement(extra="parties:\n  - {id: community, name: C1}\n  - {id: 2i2c, name: C2}\n")},
        "'2i2c'",
    ),
    "SRM111": Case(
        {
            "a.yaml": agreement(
                "base", ("  use-hub: community", "  use-hub: {party: community, consulted: [community]}")
            )
        },
        {
            "a.yaml": agreement(
                "base",
                ("  use-hub: community", "  use-hub: {party: community, consulted: [community]}"),
                ("  guide-2i2c: 2i2c", "  guide-2i2c: {party: 2i2c, informed: [2i2c]}"),
            )
        },
        "'guide-2i2c'",
    ),
    "SRM112": Case(
        {"a.yaml": tidewater(DOCS)},
        {"a.yaml": tidewater(DOCS, LEADERS)},
        "'support-community-leaders'",
    ),
    "SRM201": Case(
        {"a.yaml": agreement("base", MOVED)},
        {"a.yaml": agreement("base", MOVED, ("  guide-2i2c: 2i2c", "  guide-2i2c: community"))},
        "'guide-2i2c'",
    ),
    "SRM202": Case(
        {
            "a.yaml": agreement(
                "base", ("  use-hub: community", "  use-hub: {party: community, cost_note: one}")
            )
        },
        {
            "a.yaml": agreement(
                "base",
                ("  use-hub: community", "  use-hub: {party: community, cost_note: one}"),
                ("  guide-2i2c: 2i2c", "  guide-2i2c: {party: 2i2c, cost_note: two}"),
            )
        },
        "'guide-2i2c'",
    ),
    "SRM203": Case(
        {
            "a.yaml": agreement(
                "base", ("  manage-data: 2i2c", "  manage-data: " + cost("community", "We take it on", "100"))
            )
        },
        {
            "a.yaml": agreement(
                "base",
                ("  manage-data: 2i2c", "  manage-data: " + cost("community", "We take it on", "100")),
                ("  guide-2i2c: 2i2c", "  guide-2i2c: " + cost("community", "We guide ourselves", "50")),
            )
        },
        "'guide-2i2c'",
    ),
    "SRM204": Case(
        {
            "a.yaml": agreement(
                "base", ("  manage-data: 2i2c", "  manage-data: " + cost("community", "no cost", "0"))
            )
        },
        {
            "a.yaml": agreement(
                "base",
                ("  manage-data: 2i2c", "  manage-data: " + cost("community", "no cost", "0")),
                ("  guide-2i2c: 2i2c", "  guide-2i2c: " + cost("community", "free", "0")),
            )
        },
        "'guide-2i2c'",
    ),
    "SRM205": Case(
        {
            "a.yaml": agreement(
                "base",
                ("  manage-data: 2i2c", "  manage-data: " + cost("community", "We take it on", ".inf")),
            )
        },
        {
            "a.yaml": agreement(
                "base",
                ("  manage-data: 2i2c", "  manage-data: " + cost("community", "We take it on", ".inf")),
                ("  guide-2i2c: 2i2c", "  guide-2i2c: " + cost("community", "We guide ourselves", "-.inf")),
            )
        },
        "'guide-2i2c'",
    ),
    # Rules of a whole agreement: the new finding is another document of the same file.
    "SRM301": Case(
        {"a.yaml": agreement("one", ("catalogue: 2i2c-srm@2022", "catalogue: nowhere@1"))},
        {
            "a.yaml": agreement("one", ("catalogue: 2i2c-srm@2022", "catalogue: nowhere@1"))
            + "---\n"
            + agreement("two", ("catalogue: 2i2c-srm@2022", "catalogue: nowhere@2"))
        },
        "nowhere@2",
    ),
    "SRM302": Case(
        {"a.yaml": agreement("one", ("effective: 2026-03-01", "effective: 2026-13-01"))},
        {
            "a.yaml": agreement("one", ("effective: 2026-03-01", "effective: 2026-13-01"))
            + "---\n"
            + agreement("two", ("effective: 2026-03-01", "effective: 2026-14-01"))
        },
        "2026-14-01",
    ),
    "SRM303": Case(
        {"a.yaml": agreement("one", extra="end: 2026-02-30\n")},
        {
            "a.yaml": agreement("one", extra="end: 2026-02-30\n")
            + "---\n"
            + agreement("two", extra="end: 2026-02-31\n")
        },
        "2026-02-31",
    ),
    "SRM304": Case(
        {"a.yaml": agreement("one", extra="end: 2025-01-01\n")},
        {
            "a.yaml": agreement("one", extra="end: 2025-01-01\n")
            + "---\n"
            + agreement("two", extra="end: 2025-01-02\n")
        },
        "2025-01-02",
    ),
    "SRM305": Case(
        {"a.yaml": agreement("same") + "---\n" + agreement("same")},
        {"a.yaml": agreement("same") + "---\n" + agreement("same") + "---\n" + agreement("same")},
        "a.yaml:56",
    ),
    "SRM306": Case(
        {"a.yaml": agreement("one", extra="expires: 2026-02-30\n")},
        {
            "a.yaml": agreement("one", extra="expires: 2026-02-30\n")
            + "---\n"
            + agreement("two", extra="expires: 2026-02-31\n")
        },
        "2026-02-31",
    ),
    "SRM307": Case(
        {"a.yaml": agreement("one", extra="expires: 2026-01-01\n")},
        {
            "a.yaml": agreement("one", extra="expires: 2026-01-01\n")
            + "---\n"
            + agreement("two", extra="expires: 2026-01-02\n")
        },
        "2026-01-02",
    ),
    # Rules of agreements over time (the run is judged on TODAY, as --on follows --today).
    "SRM501": Case(
        {"a.yaml": agreement("one"), "b.yaml": agreement("two")},
        {"a.yaml": agreement("one"), "b.yaml": agreement("two"), "c.yaml": agreement("three")},
        "'three'",
    ),
    "SRM502": Case(
        {"a.yaml": agreement("one", extra="expires: 2026-05-01\n")},
        {
            "a.yaml": agreement("one", extra="expires: 2026-05-01\n"),
            "b.yaml": agreement("two", extra="expires: 2026-05-02\n"),
        },
        "2026-05-02",
    ),
    "SRM503": Case(
        {"a.yaml": agreement("one", extra="supersedes: nowhere-1\n")},
        {
            "a.yaml": agreement("one", extra="supersedes: nowhere-1\n"),
            "b.yaml": agreement("two", extra="supersedes: nowhere-2\n"),
        },
        "nowhere-2",
    ),
    "SRM504": Case(
        {"a.yaml": agreement("one", extra="supersedes: one\n")},
        {
            "a.yaml": agreement("one", extra="supersedes: one\n"),
            "b.yaml": agreement("two", extra="supersedes: two\n"),
        },
        "'two'",
    ),
    "SRM505": Case(
        {"a.yaml": agreement("one", extra="review_by: 2026-05-01\n")},
        {
            "a.yaml": agreement("one", extra="review_by: 2026-05-01\n"),
            "b.yaml": agreement("two", extra="review_by: 2026-05-02\n"),
        },
        "2026-05-02",
    ),
    "SRM601": Case(
        {"a.yaml": agreement("one", extra=APPROVED + "  - {party: nobody-1, name: N, date: 2026-02-01}\n")},
        {
            "a.yaml": agreement(
                "one",
                extra=APPROVED
                + "  - {party: nobody-1, name: N, date: 2026-02-01}\n"
                + "  - {party: nobody-2, name: N, date: 2026-02-01}\n",
            )
        },
        "nobody-2",
    ),
    "SRM602": Case(
        {"a.yaml": agreement("one", extra="approvals: [{party: 2i2c, name: Jordan, date: 2026-02-01}]\n")},
        {
            "a.yaml": agreement("one", extra="approvals: [{party: 2i2c, name: Jordan, date: 2026-02-01}]\n"),
            "b.yaml": agreement("two", extra="approvals: [{party: 2i2c, name: Jordan, date: 2026-02-01}]\n"),
        },
        "'two'",
    ),
    "SRM401": Case(
        {
            "a.yaml": agreement(
                "base", ("  develop-domain-software: community", "  develop-domain-software: 2i2c")
            )
        },
        {
            "a.yaml": agreement(
                "base",
                ("  develop-domain-software: community", "  develop-domain-software: 2i2c"),
                ("  general-user-support: community", "  general-user-support: 2i2c"),
            )
        },
        "'provide-user-access'",
    ),
}


def _write(folder: Path, files: dict[str, Content]) -> None:
    for old in folder.glob("*.yaml"):
        old.unlink()
    for name, content in files.items():
        path = folder / name
        if isinstance(content, Link):
            path.symlink_to(content)
        elif isinstance(content, Fifo):
            os.mkfifo(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")


def _findings(rule: str) -> list[dict[str, object]]:
    run = run_cli(["check", "--today", TODAY, "--baseline", "baseline.json", "-f", "json"])
    assert run.exit_code in (0, 1), run.stderr
    return [f for f in json.loads(run.stdout)["findings"] if f["rule_id"] == rule]


def _where(finding: dict[str, object]) -> str:
    return f"{finding['path']}:{finding['line']} {finding['message']} line {finding['line']}"


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_new_finding_of_every_rule_is_new_under_a_baseline(
    rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[rule]
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "agreements"
    folder.mkdir()
    if case.config:
        (tmp_path / ".srm-check.yaml").write_text(case.config, "utf-8")
    for name, content in (case.policy or {}).items():
        (tmp_path / "my-policy" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "my-policy" / name).write_text(content, "utf-8")
    monkeypatch.chdir(tmp_path)
    _write(folder, case.before)
    recorded = run_cli(["check", "--today", TODAY, "-f", "json"])
    before = [f for f in json.loads(recorded.stdout)["findings"] if f["rule_id"] == rule]
    assert before, f"the recorded run has no {rule} finding to collide with"
    assert run_cli(["check", "--today", TODAY, "--write-baseline", "baseline.json"]).exit_code == 0
    _write(folder, case.after)
    found = _findings(rule)
    new = [f for f in found if f["baseline"] == "new"]
    assert len(new) == 1, [_where(f) for f in found]
    assert case.marker in _where(new[0]), _where(new[0])
    assert len(found) == len(before) + 1


def test_every_rule_id_has_a_case() -> None:
    """Every built-in rule and every rule of the shipped policy; SRM016 (a folder that cannot be
    listed) cannot be made as root, the user CI runs as, and SRM603 (stale approvals) needs real
    git history: both are covered below."""
    rules = {r["id"] for r in builtin_rules()} | {r["id"] for r in load_policy([default_policy_dir()]).rules}
    assert set(CASES) == rules - {FOLDER_UNREADABLE, "SRM603"}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_new_stale_approval_is_new_under_a_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SRM603 from git: a second agreement whose assignments change after one of its approvals."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    later = APPROVED.replace("Sam Okafor, date: 2026-02-01", "Sam Okafor, date: 2026-05-01")
    for name, approvals, added, changed in (
        ("a", APPROVED, "2026-01-10T10:00:00+00:00", "2026-03-05T10:00:00+00:00"),
        ("b", later, "2026-03-10T10:00:00+00:00", "2026-04-01T10:00:00+00:00"),
    ):
        path = f"agreements/{name}.yaml"
        commit(tmp_path, {path: agreement(name, extra=approvals)}, f"Add {name}", added)
        commit(tmp_path, {path: agreement(name, MOVED, extra=approvals)}, f"Move in {name}", changed)
        if name == "a":
            recorded = run_cli(["check", "--today", TODAY, "-f", "json"])
            before = [f for f in json.loads(recorded.stdout)["findings"] if f["rule_id"] == "SRM603"]
            assert len(before) == 2  # both approvals of a predate its change
            assert run_cli(["check", "--today", TODAY, "--write-baseline", "baseline.json"]).exit_code == 0
    found = _findings("SRM603")
    new = [f for f in found if f["baseline"] == "new"]
    assert len(found) == 3 and len(new) == 1, [_where(f) for f in found]
    assert "agreements/b.yaml" in _where(new[0]) and "Jordan Rivera" in _where(new[0])


@pytest.mark.parametrize("code", [UNREADABLE, FOLDER_UNREADABLE])
def test_an_unreadable_file_s_finding_is_told_apart_by_its_file(code: str) -> None:
    def unreadable(path: str) -> Finding:
        return Finding(code, Severity.error, "cannot read: Permission denied", path, Span(1, 1, 1, 1))

    recorded = [FileResult("agreements/a.yaml", [unreadable("agreements/a.yaml")])]
    baseline = {key: None for key in numbered_fingerprints([f for r in recorded for f in r.findings])}
    now = [
        FileResult("agreements/a.yaml", [unreadable("agreements/a.yaml")]),
        FileResult("agreements/b.yaml", [unreadable("agreements/b.yaml")]),
    ]
    compare(now, baseline, numbered_fingerprints)  # type: ignore[arg-type]
    assert [f.baseline for r in now for f in r.findings] == ["unchanged", "new"]


def test_fingerprints_are_unique_within_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every finding of every case, all in one run: no two share a fingerprint."""
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "agreements"
    folder.mkdir()
    for rule, case in CASES.items():
        for name, content in case.after.items():
            path = folder / f"{rule}-{name}"
            if isinstance(content, Link):
                path.symlink_to(content)
            elif isinstance(content, Fifo):
                os.mkfifo(path)
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, "utf-8")
    monkeypatch.chdir(tmp_path)
    run = run_cli(["check", "--today", TODAY, "--report", "sarif=out.sarif"])
    results = json.loads((tmp_path / "out.sarif").read_text("utf-8"))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["srmCheck/v1"] for r in results]
    assert run.exit_code == 1 and len(prints) == len(set(prints)) > len(CASES)
