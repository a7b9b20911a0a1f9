"""Hostile inputs, faults and misuse: one case per kind, shared by tests/test_hostile_input.py
(which asserts each exit code and message id) and bench/hostile.py (which measures each
one's time and peak memory as a whole process).

A case builds its files in an empty working folder and names the srm-check arguments to
run there. `expect` is a finding id (`SRM011`) that must be reported, or a piece of text
that must appear on stderr; `after` checks the folder once the run is over (nothing lost).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
BAD = ROOT / "tests" / "fixtures" / "bad"
BASE = (AGREEMENTS / "northfield-state-university.yaml").read_text("utf-8")
WAIVE = 'owner=a@example.org expires=2026-06-30 reason="under review"'
MiB = 1024 * 1024


class Case(NamedTuple):
    name: str
    setup: Callable[[Path], None]
    args: tuple[str, ...]
    code: int
    expect: str
    env: tuple[tuple[str, str], ...] = ()
    # A real process is needed: a stream, a signal or a resource limit is part of the case.
    process: bool = False
    after: Callable[[Path], None] | None = None
    fsize_limit: int | None = None  # RLIMIT_FSIZE: a disk that fills up part-way
    stdout: str = "pipe"  # or "full" (/dev/full), "closed"


def _agreements(folder: Path) -> None:
    shutil.copytree(AGREEMENTS, folder / "agreements")


def _with(text: str, name: str = "x.yaml") -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        (folder / "agreements").mkdir()
        (folder / "agreements" / name).write_text(text, encoding="utf-8")

    return setup


def _amounts(first: str, second: str = "-100") -> Callable[[Path], None]:
    return _with(
        BASE.replace("amount: -300", f"amount: {first}").replace("amount: -100", f"amount: {second}")
    )


def _intact(name: str, text: str) -> Callable[[Path], None]:
    def after(folder: Path) -> None:
        assert (folder / name).read_text("utf-8") == text, f"{name} was changed"
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")], "a temporary file was left"

    return after


def _files(**files: str | bytes) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        _agreements(folder)
        for name, data in files.items():
            path = folder / name.replace("__", "/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    return setup


def _fifo(name: str) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        _agreements(folder)
        os.mkfifo(folder / name)

    return setup


def _deep(levels: int) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        path = str(folder / "agreements")
        Path(path).mkdir()
        for _ in range(levels):  # not makedirs: it recurses, and fails at this depth
            path += "/d"
            Path(path).mkdir()
        Path(path, "deep.yaml").write_text(BASE, encoding="utf-8")

    return setup


def _symlinks(folder: Path) -> None:
    _agreements(folder)
    (folder / "outside").mkdir()
    (folder / "outside" / "leak.yaml").write_text("agreement: token-s3cr3t-0042\n", encoding="utf-8")
    (folder / "agreements" / "leak.yaml").symlink_to(folder / "outside" / "leak.yaml")
    (folder / "agreements" / "gone.yaml").symlink_to("nowhere.yaml")


def _inline_own_lines(folder: Path) -> None:
    head = BASE.split("assignments:")[0] + "assignments:\n"
    comments = f"  # srm-check: waive SRM201 {WAIVE}\n" * 10_000
    _with(head + comments + "  use-hub: community\n")(folder)


def _inline_assignment_lines(folder: Path) -> None:
    head = BASE.split("assignments:")[0] + "assignments:\n"
    lines = "".join(f"  r{i}: community  # srm-check: waive SRM105 {WAIVE}\n" for i in range(10_000))
    _with(head + lines)(folder)


def _policy(folder: Path) -> None:
    _agreements(folder)
    shutil.copytree(ROOT / "policies", folder / "pol")


def _policy_link_out(folder: Path) -> None:
    _policy(folder)
    (folder / "outside.yaml").write_text("rules: []\n", encoding="utf-8")
    (folder / "pol" / "rules" / "linked.yaml").symlink_to(folder / "outside.yaml")


def _redos(folder: Path) -> None:
    _agreements(folder)
    shutil.copytree(ROOT / "tests" / "fixtures" / "catalogues" / "broken" / "redos-regex", folder / "pol")


def _hostile_git(folder: Path) -> None:
    """A checkout whose .git/config runs commands (only when git is there to be asked)."""
    _agreements(folder)
    git = folder / ".git"
    git.mkdir()
    (git / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    for sub in ("objects", "refs/heads"):
        (git / sub).mkdir(parents=True)
    (git / "config").write_text(
        "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
        f"\tfsmonitor = touch {folder}/ran-fsmonitor; false\n",
        encoding="utf-8",
    )


def _no_marker(folder: Path) -> None:
    assert not (folder / "ran-fsmonitor").exists(), "git ran the repository's core.fsmonitor"


WAIVERS = (
    "waivers:\n  - rule: SRM401\n    agreement: riverbend-community-college\n"
    "    reason: under review\n    owner: a@example.org\n    expires: 2026-12-31\n"
)
GOOD_JSON = '{"good": true}\n'
GOOD_BASELINE = '{"version": 1, "findings": []}\n'
ONE_HEX = "0x" + "f" * 5000
CASES: list[Case] = [
    # 1. an output over an input
    Case(
        "output is the agreement",
        _agreements,
        (
            "check",
            "agreements/riverbend-community-college.yaml",
            "-o",
            "agreements/riverbend-community-college.yaml",
        ),
        2,
        "that file is an agreement this run checks",
        after=_intact(
            "agreements/riverbend-community-college.yaml",
            (AGREEMENTS / "riverbend-community-college.yaml").read_text("utf-8"),
        ),
    ),
    Case(
        "report sarif into the checked folder",
        _agreements,
        ("check", "--report", "sarif=agreements/x.yaml"),
        2,
        "in a checked folder",
    ),
    Case(
        "check -o agreements/x.yaml",
        _agreements,
        ("check", "-o", "agreements/x.yaml"),
        2,
        "in a checked folder",
    ),
    Case(
        "report over its input",
        _agreements,
        (
            "report",
            "agreements/riverbend-community-college.yaml",
            "-f",
            "json",
            "-o",
            "agreements/riverbend-community-college.yaml",
        ),
        2,
        "that file is an agreement this run checks",
    ),
    Case(
        "baseline written over an agreement",
        _agreements,
        ("check", "--write-baseline", "agreements/riverbend-community-college.yaml"),
        2,
        "in a checked folder",
    ),
    Case(
        "output over the baseline",
        _files(**{"bl.json": GOOD_BASELINE}),
        ("check", "--baseline", "bl.json", "-o", "bl.json"),
        2,
        "that file is the baseline",
        after=_intact("bl.json", GOOD_BASELINE),
    ),
    Case(
        "baseline and output the same file",
        _agreements,
        ("check", "--write-baseline", "b.json", "-o", "b.json"),
        2,
        "named for two outputs",
    ),
    Case(
        "output over the configuration",
        _files(**{".srm-check.yaml": "fail-on: error\n"}),
        ("check", "-o", ".srm-check.yaml"),
        2,
        "that file is the configuration file",
    ),
    Case(
        "output over the waivers file",
        _files(**{"waivers.yaml": "waivers: []\n"}),
        ("check", "-o", "waivers.yaml"),
        2,
        "that file is the waivers file",
    ),
    Case(
        "output into the policy folder",
        _policy,
        ("rules", "--no-builtin-policy", "-p", "pol", "-o", "pol/rules/x.yaml"),
        2,
        "in a policy folder",
    ),
    # 2. a disk that fills up part-way
    Case(
        "disk full writing an output",
        _files(**{"o.json": GOOD_JSON}),
        ("check", "-f", "json", "-o", "o.json"),
        2,
        "cannot write o.json",
        process=True,
        fsize_limit=512,
        after=_intact("o.json", GOOD_JSON),
    ),
    Case(
        "disk full writing the baseline",
        _files(**{"bl.json": GOOD_BASELINE, "agreements__bad.yaml": "a: [\n" * 200}),
        ("check", "--write-baseline", "bl.json"),
        2,
        "cannot write bl.json",
        process=True,
        fsize_limit=256,
        after=_intact("bl.json", GOOD_BASELINE),
    ),
    # 3. inline waivers
    Case(
        "10,000 inline waivers on their own lines",
        _inline_own_lines,
        ("check", "--today", "2026-05-01"),
        1,
        "SRM024",
    ),
    Case(
        "10,000 inline waivers on assignment lines",
        _inline_assignment_lines,
        ("check", "--today", "2026-05-01"),
        1,
        "SRM024",
    ),
    # 4. ReDoS
    Case(
        "catastrophic pattern in a rule",
        _redos,
        ("check", "-p", "pol"),
        2,
        "unsafe regular expression",
    ),
    # 5. unbounded or blocking reads
    Case("baseline is /dev/zero", _agreements, ("check", "--baseline", "/dev/zero"), 2, "not a regular file"),
    Case("baseline is a FIFO", _fifo("bl.json"), ("check", "--baseline", "bl.json"), 2, "not a regular file"),
    Case(
        "waivers file is a FIFO", _fifo("w.yaml"), ("check", "--waivers", "w.yaml"), 2, "not a regular file"
    ),
    Case("configuration is a FIFO", _fifo("c.yaml"), ("check", "-c", "c.yaml"), 2, "not a regular file"),
    Case("agreement is a FIFO", _fifo("agreements/pipe.yaml"), ("check",), 1, "SRM013"),
    # 6. workers
    Case(
        "--jobs 1000 on two files",
        _agreements,
        (
            "check",
            "--jobs",
            "1000",
            "agreements/riverbend-community-college.yaml",
            "agreements/northfield-state-university.yaml",
        ),
        0,
        "files checked",
    ),
    # 7. integers too long to print, where text is expected
    Case(
        "5,000-digit hex effective date",
        _with(BASE.replace("effective: 2026-07-01", f"effective: {ONE_HEX}")),
        ("check",),
        1,
        "SRM011",
    ),
    Case(
        "5,000-digit hex agreement id",
        _with(BASE.replace("agreement: northfield-state-university", f"agreement: {ONE_HEX}")),
        ("check",),
        1,
        "SRM011",
    ),
    Case(
        "5,000-digit hex party id",
        _with(BASE.replace("  - id: northfield-research-it", f"  - id: {ONE_HEX}")),
        ("check",),
        1,
        "SRM011",
    ),
    # 8. amounts and parties check accepts, in every report format
    *(
        # Only the structure's checks: whether such amounts are findings is the policy's call.
        Case(
            f"report {fmt}: amounts {label}",
            _amounts(*values),
            ("report", "-f", fmt, "--select", "SRM011"),
            0,
            "",
        )
        for fmt in ("json", "markdown", "html")
        for label, values in (
            (".inf", (".inf",)),
            (".inf and -.inf in one currency", (".inf", "-.inf")),
            (".nan", (".nan", ".nan")),
            ("1e999999", ("1e999999",)),
            ("5,000 digits", ("9" * 5000,)),
        )
    ),
    Case(
        "report with teams: 5",
        _with(
            BASE.replace(
                "        name: Cloud Operations",
                "        name: Cloud Operations\n  - id: x\n    name: X\n    teams: 5",
            )
        ),
        ("report", "-f", "json"),
        1,
        '"SRM011"',
    ),
    # 9. everything else that used to be a traceback
    Case(
        "baseline findings: 5",
        _files(**{"bl.json": '{"version":1,"findings":5}'}),
        ("check", "--baseline", "bl.json"),
        2,
        "'findings' must be a list",
    ),
    Case(
        "baseline null",
        _files(**{"bl.json": "null"}),
        ("check", "--baseline", "bl.json"),
        2,
        "not a version 1 srm-check baseline",
    ),
    Case(
        "baseline 200,000 nested [",
        _files(**{"bl.json": "[" * 200_000}),
        ("check", "--baseline", "bl.json"),
        2,
        "JSON nested too deeply",
    ),
    Case(
        "baseline under a file",
        _files(**{"f": ""}),
        ("check", "--write-baseline", "f/b.json"),
        2,
        "cannot write",
    ),
    Case(
        "stdout on a full disk",
        _agreements,
        ("check",),
        2,
        "cannot write to standard output",
        process=True,
        stdout="full",
    ),
    Case(
        "stdout closed",
        _agreements,
        ("check",),
        2,
        "cannot write to standard output",
        process=True,
        stdout="closed",
    ),
    Case(
        "stdout in cp1252",
        _with(
            BASE.replace("name: Northfield Research IT", "name: Ωmega ☃").replace(
                "  manage-data:\n    party: northfield-research-it", "  manage-data:\n    party: Ωmega"
            )
        ),
        ("check",),
        1,
        "\\u03a9mega",
        env=(("PYTHONIOENCODING", "cp1252"),),
        process=True,
    ),
    Case("agreements 1,100 folders deep", _deep(1100), ("check",), 0, "1 file checked"),
    Case(
        "pyproject tool = 5",
        _files(**{"pyproject.toml": "tool = 5\n"}),
        ("check", "-c", "pyproject.toml"),
        2,
        "'tool' must be a table",
    ),
    Case(
        "pyproject invalid UTF-8",
        _files(**{"pyproject.toml": b'[tool.srm-check]\nfail-on = "\xff"\n'}),
        ("check",),
        2,
        "not valid UTF-8",
    ),
    Case(
        "waiver-max-days: 99999999",
        _files(
            **{
                ".srm-check.yaml": "waiver-max-days: 99999999\n",
                "waivers.yaml": WAIVERS,
            }
        ),
        ("check", "--today", "2026-05-01"),
        0,
        "files checked",
    ),
    Case(
        "--today 9999-06-30",
        _files(**{"waivers.yaml": WAIVERS}),
        ("check", "--today", "9999-06-30"),
        0,
        "SRM020",
    ),
    # 11. symlinks out of the tree; 14. dangling links (unreadable folders: see the test module)
    Case("symlinks out of the tree and dangling", _symlinks, ("check",), 1, "SRM014"),
    Case(
        "policy folder with a link out of it",
        _policy_link_out,
        ("check", "--no-builtin-policy", "-p", "pol"),
        2,
        "symbolic link to a file outside the checked folder",
    ),
    # 12. the configuration decides where CI writes
    Case(
        "configured output outside the repository",
        _files(**{".srm-check.yaml": "outputs:\n  sarif: ../out.sarif\n"}),
        ("check",),
        2,
        "leads outside the repository",
    ),
    Case(
        "configured output in /tmp",
        _files(**{".srm-check.yaml": "outputs:\n  json: /tmp/srm-check.json\n"}),
        ("check",),
        2,
        "leads outside the repository",
    ),
    # 13. a checkout whose git configuration runs commands
    Case("report in a hostile git checkout", _hostile_git, ("report", "-f", "json"), 0, "", after=_no_marker),
    # the limits of docs/limits.md
    Case("50 MB file", lambda f: _sparse(f, 50 * MiB), ("check",), 1, "SRM006"),
    Case("10,000 levels of flow nesting", _with("[" * 10_000 + "]" * 10_000 + "\n"), ("check",), 1, "SRM007"),
    Case("alias bomb", lambda f: _copy_bad(f, "billion-laughs.yaml"), ("check",), 1, "SRM008"),
    Case("200,000 empty documents", _with("---\n" * 200_000), ("check",), 1, "SRM008"),
    Case("tags that try to run code", lambda f: _copy_bad(f, "unknown-tags.yaml"), ("check",), 0, "SRM009"),
    Case("binary file", lambda f: _copy_bad(f, "binary.yaml"), ("check",), 1, "SRM004"),
    Case("not UTF-8", lambda f: _copy_bad(f, "not-utf8.yaml"), ("check",), 1, "SRM003"),
    Case("invalid YAML", lambda f: _copy_bad(f, "malformed.yaml"), ("check",), 1, "SRM001"),
    Case("duplicate keys", lambda f: _copy_bad(f, "duplicate-key.yaml"), ("check",), 1, "SRM002"),
    Case("wrong types", lambda f: _copy_bad(f, "wrong-types.yaml"), ("check",), 1, "SRM011"),
    Case("empty file", _with(""), ("check",), 1, "SRM005"),
    Case("every line ending", _with(BASE.replace("\n", "\r\n")), ("check",), 0, "1 file checked"),
]


def _sparse(folder: Path, size: int) -> None:
    (folder / "agreements").mkdir()
    with (folder / "agreements" / "huge.yaml").open("wb") as handle:
        handle.truncate(size)


def _copy_bad(folder: Path, name: str) -> None:
    (folder / "agreements").mkdir()
    shutil.copy(BAD / name, folder / "agreements" / name)


def remove(folder: Path) -> None:
    """Remove a tree bottom-up, however deep (shutil.rmtree recurses, and fails at 1,000 levels)."""
    folders, stack = [], [folder]
    while stack:
        current = stack.pop()
        folders.append(current)
        for entry in current.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                stack.append(entry)
            else:
                entry.unlink()
    for current in reversed(folders):
        current.rmdir()
