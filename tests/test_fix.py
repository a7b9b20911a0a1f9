"""`srm-check fix`: broken copies of the shipped examples, fixed with only the fixed lines changed."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

EXAMPLES = sorted((ROOT / "agreements").glob("*.yaml"))


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed from `before` and added in `after` (all others are equal, in order)."""
    removed: list[str] = []
    added: list[str] = []
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return removed, added


def entries(text: str) -> list[tuple[str, str]]:
    """Each short-form entry `  id: party` of an example, as (line, id)."""
    return [(m.group(0), m.group(1)) for m in re.finditer(r"^  ([a-z0-9-]+): [a-z0-9-]+\n", text, re.M)]


def broken_copies() -> list[tuple[str, str, str, str]]:
    """(name, original, line removed, broken): each example without each of its short-form entries."""
    out = []
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        for line, rid in entries(text):
            out.append((f"{path.stem}-without-{rid}", text, line, text.replace(line, "", 1)))
    return out


def fix_in(folder: Path, *args: str) -> tuple[int, str, str]:
    run = run_cli(["fix", *args, str(folder)])
    return run.exit_code, run.stdout, run.stderr


@pytest.mark.parametrize(
    ("name", "original", "line", "broken"), broken_copies(), ids=[c[0] for c in broken_copies()]
)
def test_a_missing_responsibility_comes_back_and_nothing_else_changes(
    name: str, original: str, line: str, broken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    file = tmp_path / "agreements" / f"{name}.yaml"
    file.parent.mkdir()
    file.write_text(broken, encoding="utf-8")
    code, _, err = fix_in(file.parent)
    assert code == 0, err
    after = file.read_text(encoding="utf-8")
    removed, added = changed_lines(broken, after)
    assert removed == []  # an insertion only: every line of the broken copy is there, in order
    rid = line.split(":")[0].strip()
    assert len(added) == 2 and re.fullmatch(r"  # \d+\. .+\n", added[0])
    assert (
        added[1] == f"  {rid}: {_default(rid, original)}\n"
    )  # at its default party (the example may name a team)
    # The entry is back where it was: the example with a title comment, and the default party.
    assert after.replace(added[0], "", 1).replace(added[1], line, 1) == original
    assert "fixed [SRM101]" in err
    # Twice: nothing left to do, nothing written.
    stamp = file.stat().st_mtime_ns
    code, _, err = fix_in(file.parent)
    assert (code, file.stat().st_mtime_ns) == (0, stamp)
    assert "nothing to fix" in err


def cost_note_removed(text: str) -> list[tuple[str, str]]:
    """The example without each cost note (its mapping or text), one at a time: (id, broken)."""
    out = []
    for match in re.finditer(r"^  ([a-z0-9-]+):\n((?:    .*\n)+)", text, re.M):
        body = match.group(2)
        note = re.search(r"^    cost_note:.*\n(?:      .*\n)*", body, re.M)
        if note:
            out.append((match.group(1), text.replace(body, body.replace(note.group(0), ""), 1)))
    return out


COST_CASES = [
    (f"{path.stem}-{rid}", rid, broken)
    for path in EXAMPLES
    for rid, broken in cost_note_removed(path.read_text(encoding="utf-8"))
]


def test_every_deviation_of_the_examples_is_a_case() -> None:
    assert len(COST_CASES) == 8


@pytest.mark.parametrize(("name", "rid", "broken"), COST_CASES, ids=[c[0] for c in COST_CASES])
def test_a_deviation_without_a_cost_note_gets_a_skeleton_that_still_fails(
    name: str, rid: str, broken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    file = tmp_path / "agreements" / "a.yaml"
    file.parent.mkdir(exist_ok=True)
    file.write_text(broken, encoding="utf-8")
    before = run_cli(["check", "agreements"])
    assert f"[SRM201] responsibility '{rid}'" in before.stdout
    code, _, err = fix_in(file.parent)
    assert code == 0, err
    after = file.read_text(encoding="utf-8")
    removed, added = changed_lines(broken, after)
    assert removed == []
    move = f"from {_default(rid, broken)} to {_party(after, rid)}"
    assert [line.strip() for line in added] == [
        "cost_note:",
        f"text: 'TODO: say what moving this {move} does to the cost'",
    ]
    # The skeleton is a placeholder: the finding stays, now at the skeleton.
    again = run_cli(["check", "agreements"])
    assert again.exit_code == 1
    assert f"[SRM201] responsibility '{rid}'" in again.stdout and "is a placeholder" in again.stdout
    assert fix_in(file.parent)[0] == 0 and file.read_text(encoding="utf-8") == after


def _default(rid: str, text: str) -> str:
    """The default party of `rid` in the catalogue the agreement `text` names."""
    from srm_check.policy.loader import load_policy
    from srm_check.policy.model import default_policy_dir

    match = re.search(r"^catalogue: (\S+)", text, re.M)
    assert match
    catalogue = load_policy([default_policy_dir()]).catalogues[match.group(1)]
    return str(catalogue.responsibilities[rid]["default_party"])


def _party(text: str, rid: str) -> str:
    match = re.search(rf"^  {rid}:\n    (?:party|accountable): (\S+)", text, re.M)
    assert match, rid
    return match.group(1)


SHORT_DEVIATION = """\
# A hand-written agreement: odd spacing, a null written ~, quoted values, a comment.
agreement:   harbour          # the id
community: "Harbour Lab"
catalogue: 2i2c-srm@2022
effective: 2026-03-01
assignments:
  use-hub:     community
  advocate-and-onboard: 'community'
  general-user-support: community
  provide-user-access: community
  develop-domain-software: community
  define-basic-environment: "2i2c"   # the hub's image: 2i2c keeps it
  manage-data: 2i2c
  guide-2i2c: 2i2c
  escalate-to-2i2c: 2i2c
  complex-environment-changes: 2i2c
  develop-interactive-computing-software: 2i2c
  support-open-source-communities: 2i2c
  communicate-with-cloud-provider: 2i2c
  manage-kubernetes-configuration: 2i2c
  deploy-and-configure-hubs: 2i2c
  monitor-for-incidents: 2i2c
  develop-cloud-infrastructure-software: 2i2c
  configure-kubernetes-upgrades: 2i2c
  respond-to-incidents: 2i2c
x-extra: ~
"""


def test_short_form_becomes_long_form_and_the_rest_stays_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ruamel.yaml's round trip would rewrite `agreement:   harbour`, `use-hub:     community` and
    `~`; fix re-renders only the fixed entry, so those lines stay as they are (CRLF too)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "agreements").mkdir()
    file = tmp_path / "agreements" / "harbour.yaml"
    broken = SHORT_DEVIATION.replace("\n", "\r\n")
    file.write_bytes(b"\xef\xbb\xbf" + broken.encode())
    diff = run_cli(["fix", "--diff", "agreements"])
    assert diff.exit_code == 1
    assert file.read_bytes() == b"\xef\xbb\xbf" + broken.encode()  # --diff writes nothing
    assert '+    party: "2i2c"' in diff.stdout
    code, _, err = fix_in(tmp_path / "agreements")
    assert code == 0, err
    data = file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    after = data[3:].decode()
    removed, added = changed_lines(broken, after)
    assert removed == ['  define-basic-environment: "2i2c"   # the hub\'s image: 2i2c keeps it\r\n']
    assert [a.rstrip("\r\n") for a in added] == [
        "  define-basic-environment:",
        '    party: "2i2c"                    # the hub\'s image: 2i2c keeps it',
        "    cost_note:",
        "      text: 'TODO: say what moving this from community to 2i2c does to the cost'",
        "  # 20. Operate a Kubernetes cluster",
        "  operate-kubernetes-cluster: 2i2c",
    ]
    assert all(line.endswith("\r\n") for line in added)
    assert "agreement:   harbour          # the id\r\n" in after and "x-extra: ~\r\n" in after


def test_list_form_and_sort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "agreements"
    folder.mkdir()
    text = (FIXTURES / "agreements" / "list-form-shapes.yaml").read_text(encoding="utf-8")
    file = folder / "list.yaml"
    file.write_text(text, encoding="utf-8")
    run = run_cli(["fix", "--sort", "agreements"])
    assert run.exit_code == 0, run.stderr
    after = file.read_text(encoding="utf-8")
    from srm_check.source.reader import parse_source

    items = parse_source(after, "x").documents[0].value["assignments"]
    before = parse_source(text, "x").documents[0].value["assignments"]
    assert all(item in items for item in before)  # every entry kept, as it was
    assert run_cli(["fix", "--sort", "agreements"]).stderr.endswith("nothing to fix\n")


def test_a_policy_that_would_accept_the_skeleton_gets_no_skeleton(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fix never turns an error into a pass: with a cost-note rule that knows no placeholder,
    the skeleton would pass, so it is not written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policy" / "rules").mkdir(parents=True)
    (tmp_path / "policy" / "rules" / "notes.yaml").write_text(
        """rules:
  - id: LAX201
    name: lax-cost-note
    severity: error
    title: A deviation has some cost note
    message: "'{responsibility}' has no cost note"
    description: Any text will do.
    fix: Adds a cost-note skeleton.
    given: assignment
    where: [{field: deviates, equals: true}]
    then: {field: cost_note, function: text}
""",
        encoding="utf-8",
    )
    (tmp_path / "agreements").mkdir()
    file = tmp_path / "agreements" / "h.yaml"
    file.write_text(SHORT_DEVIATION, encoding="utf-8")
    run = run_cli(["fix", "--select", "LAX201", "--policy", "policy", "agreements"])
    assert run.exit_code == 0
    assert file.read_text(encoding="utf-8") == SHORT_DEVIATION
    assert "would take the skeleton for a real cost note" in run.stderr


def console_block(doc: Path, command: str, occurrence: int = 1) -> list[str]:
    """The lines a console block of `doc` shows after its `occurrence`-th `$ COMMAND` (-1: the
    last), up to the next prompt or the end of the block."""
    text = doc.read_text(encoding="utf-8")
    parts = text.split(f"$ {command}\n")
    block = parts[occurrence].split("```", 1)[0]
    return block.split("\n$ ", 1)[0].rstrip("\n").splitlines()


DOCS_BROKEN = """\
# 2i2c takes on more: it runs first-line user support and keeps the teaching environment.
agreement: riverbend-community-college
community: Riverbend Community College
catalogue: 2i2c-srm@2022
effective: 2026-03-01
assignments:
  use-hub: community
  advocate-and-onboard: community
  general-user-support: 2i2c    # first-line support during term
  provide-user-access: community
  develop-domain-software: community
  define-basic-environment: community
  manage-data: 2i2c
  escalate-to-2i2c: 2i2c
  complex-environment-changes: 2i2c
  develop-interactive-computing-software: 2i2c
  support-open-source-communities: 2i2c
  communicate-with-cloud-provider: 2i2c
  manage-kubernetes-configuration: 2i2c
  deploy-and-configure-hubs: 2i2c
  monitor-for-incidents: 2i2c
  develop-cloud-infrastructure-software: 2i2c
  configure-kubernetes-upgrades: 2i2c
  respond-to-incidents: 2i2c
  operate-kubernetes-cluster: 2i2c
"""


def test_the_docs_show_what_fix_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/fix.md: the messages and the diff of its example are those of a real run."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "agreements", tmp_path / "agreements")
    (tmp_path / "agreements" / "riverbend-community-college.yaml").write_text(DOCS_BROKEN, encoding="utf-8")
    doc = ROOT / "docs" / "fix.md"
    check = "srm-check check agreements/riverbend-community-college.yaml"
    assert run_cli(check.split()[1:]).stdout.splitlines() == console_block(doc, check)
    shown = console_block(doc, "srm-check fix --diff")
    messages = [line for line in shown if line.startswith(("agreements/", "5 files checked"))]
    diff = run_cli(["fix", "--diff"])
    assert diff.stderr.splitlines() == messages
    assert diff.stdout.splitlines() == [line for line in shown if line not in messages]
    assert run_cli(["fix"]).stderr.splitlines() == console_block(doc, "srm-check fix")
    assert run_cli(["fix"]).stderr.splitlines() == console_block(doc, "srm-check fix", 2)
    assert run_cli(check.split()[1:]).stdout.splitlines() == console_block(doc, check, -1)
