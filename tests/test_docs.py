"""The documentation: links that lead somewhere, commands that exist, a short front page, no copies.

README.md is the front page, docs/*.md the user's guide, CONTRIBUTING.md the developer's.
Links are checked as GitHub renders them (anchors made from headings by GitHub's rules);
every `srm-check ...` command shown in a `sh` or `console` block is checked against the
command-line interface itself, so a renamed option breaks this test, not a reader.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import typer.main
from conftest import ROOT
from markdown_it import MarkdownIt
from markdown_it.token import Token

from srm_check.cli import build_app

README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, ROOT / "CONTRIBUTING.md", *DOCS]
README_LIMIT = 14 * 1024
# Shell words that end the srm-check part of a command line.
SHELL_OPERATORS = {">", ">>", "<", "|", "||", "&&", ";", "2>", "&"}


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@cache
def _tokens(path: Path) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8"))


def _inline_text(token: Token) -> str:
    """The text a heading shows: its words and code, without Markdown syntax."""
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


def github_anchor(text: str, seen: Counter[str]) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped, spaces to hyphens, -N for repeats."""
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    count = seen[slug]
    seen[slug] += 1
    return f"{slug}-{count}" if count else slug


@cache
def anchors(path: Path) -> frozenset[str]:
    tokens = _tokens(path)
    seen: Counter[str] = Counter()
    return frozenset(
        github_anchor(_inline_text(tokens[i + 1]), seen)
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    )


def links(path: Path) -> list[str]:
    """Every link and image target of a page (not those inside code)."""
    found = []
    for token in _tokens(path):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
            elif child.type == "image":  # an image must exist as much as a linked page
                found.append(str(child.attrs["src"]))
    return found


@dataclass(frozen=True)
class Block:
    path: Path
    info: str
    text: str


def blocks(path: Path) -> list[Block]:
    return [Block(path, t.info.strip(), t.content) for t in _tokens(path) if t.type == "fence"]


# ---------------------------------------------------------------- links


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_leads_to_a_file_and_heading(page: Path) -> None:
    broken = []
    for href in links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", href):  # https:, mailto:, ...
            continue
        target, _, fragment = href.partition("#")
        file = (page.parent / unquote(target)).resolve() if target else page
        if not file.exists():
            broken.append(f"{href}: no such file")
        elif fragment and file.suffix == ".md" and unquote(fragment) not in anchors(file):
            broken.append(f"{href}: no heading with that anchor in {_name(file)}")
    assert not broken, f"{_name(page)}: " + "; ".join(broken)


def test_github_anchors() -> None:
    seen: Counter[str] = Counter()
    assert github_anchor("Exit codes of the other commands", seen) == "exit-codes-of-the-other-commands"
    assert github_anchor("A new agreement: srm-check init", seen) == "a-new-agreement-srm-check-init"
    assert github_anchor("SARIF and JUnit XML for CI", seen) == "sarif-and-junit-xml-for-ci"
    assert github_anchor("Waivers", seen) == "waivers"
    assert github_anchor("Waivers", seen) == "waivers-1"
    assert "srm201" in anchors(ROOT / "docs" / "rules.md")


def test_every_page_of_docs_is_on_both_maps() -> None:
    for map_page in (README, ROOT / "docs" / "index.md"):
        linked = {(map_page.parent / h.partition("#")[0]).resolve() for h in links(map_page)}
        missing = [_name(p) for p in DOCS if p.name != "index.md" and p.resolve() not in linked]
        assert not missing, f"{_name(map_page)} does not link {missing}"


# ---------------------------------------------------------------- the front page


def test_readme_is_a_front_page() -> None:
    size = len(README.read_bytes())
    assert size <= README_LIMIT, f"README.md is {size} bytes; move detail into docs/ (limit {README_LIMIT})"


def test_readme_opens_with_the_commands_that_ci_runs() -> None:
    first = blocks(README)[0]
    commands = [line.split("#", 1)[0].strip() for line in first.text.splitlines()]
    assert first.info == "sh"
    assert commands == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[dev]'",
        "python -m pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert all(command in ci for command in commands), ".ci/run must run the README's set-up commands"


# ---------------------------------------------------------------- commands shown


@cache
def cli() -> Any:
    """The click group of the whole app (typer's own copy of click: checked by shape, not class)."""
    return typer.main.get_group(build_app())


def shown_commands() -> list[tuple[str, str]]:
    """(where, command line) of each `srm-check ...` line of the sh and console blocks."""
    found = []
    for path in PAGES:
        for block in blocks(path):
            for number, line in enumerate(block.text.splitlines(), 1):
                if block.info == "console":
                    if not line.startswith("$ "):
                        continue
                    line = line[2:]
                if block.info in ("sh", "console") and line.startswith("srm-check"):
                    found.append((f"{_name(path)} ({block.info} block line {number})", line))
    return found


def _words(line: str) -> list[str]:
    words = shlex.split(line, comments=True)
    for i, word in enumerate(words):
        if word in SHELL_OPERATORS:
            return words[:i]
    return words


def _options(command: Any) -> dict[str, Any]:
    return {name: p for p in command.params for name in (*p.opts, *p.secondary_opts)}


def problems_of(line: str) -> list[str]:
    """What in one `srm-check ...` command line the CLI does not have."""
    words = _words(line)[1:]
    command = cli()
    if words and not words[0].startswith("-"):
        if words[0] not in cli().commands:
            return [f"no command {words[0]!r}"]
        command = cli().commands[words.pop(0)]
    options, problems = _options(command), []
    while words:
        word = words.pop(0)
        if not word.startswith("-") or word == "-":
            continue
        name, has_value, value = word.partition("=")
        option = options.get(name)
        if option is None:
            problems.append(f"{command.name or 'srm-check'} has no option {name}")
            continue
        if getattr(option, "is_flag", False) or getattr(option, "count", False):
            continue
        if not has_value:
            value = words.pop(0) if words else ""
        choices = getattr(option.type, "choices", None)
        if choices is not None and value not in choices:
            problems.append(f"{name} {value!r} is not one of {list(choices)}")
    return problems


def test_the_documentation_shows_commands() -> None:
    shown = [line for _, line in shown_commands()]
    assert len(shown) > 40
    assert any(line.startswith("srm-check check agreements/") for line in shown)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("srm-check chek agreements/", "no command 'chek'"),
        ("srm-check check --fail-on=fatal", "--fail-on 'fatal' is not one of"),
        ("srm-check report --colour never", "report has no option --colour"),
    ],
)
def test_a_wrong_command_is_found(line: str, problem: str) -> None:
    assert any(problem in p for p in problems_of(line)), problems_of(line)


def test_every_command_shown_exists() -> None:
    wrong = [
        f"{where}: {line}: {'; '.join(problems)}"
        for where, line in shown_commands()
        if (problems := problems_of(line))
    ]
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------- no copies


def test_no_block_is_shown_twice() -> None:
    """Each example lives once: a block of more than three lines appears in one place only."""
    where: dict[str, list[str]] = {}
    for path in (README, *DOCS):
        for block in blocks(path):
            text = "\n".join(line.rstrip() for line in block.text.strip().splitlines())
            if text.count("\n") >= 3:
                where.setdefault(text, []).append(_name(path))
    copies = {text.splitlines()[0]: places for text, places in where.items() if len(places) > 1}
    assert not copies, f"blocks shown more than once (first line: places): {copies}"


def test_the_readme_shows_the_real_output_of_checking_the_examples() -> None:
    """The front page's one real output is what `srm-check check agreements/` prints today."""
    from conftest import run_cli

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("```console\n$ srm-check check agreements/\n") + len(
        "```console\n$ srm-check check agreements/\n"
    )
    shown = text[start : text.index("```\n", start)]
    assert run_cli(["check", "agreements/"]).stdout == shown
