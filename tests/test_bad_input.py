"""Hostile and broken input: one test each, a located finding with a stable id, never a traceback.

Small inputs are fixture files in tests/fixtures/bad/; large or deep ones are generated
in tmp_path. One sanity test runs everything in a real process and bounds its time and
peak memory (performance proper is measured by bench/, not here).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, Run

BAD = FIXTURES / "bad"
CLI = Callable[[Sequence[str]], Run]
MiB = 1024 * 1024


def check_json(cli: CLI, *paths: Path, extra: Sequence[str] = ()) -> tuple[int, dict[str, Any]]:
    """Run `srm-check check --format json PATHS`; exit code and the parsed report."""
    run = cli(["check", "--format", "json", *extra, *(str(p) for p in paths)])
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stderr == ""
    return run.exit_code, json.loads(run.stdout)


def located(report: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(f["rule_id"], f["line"], f["column"]) for f in report["findings"]]


# fixture -> (exit code, every finding as (rule, line, column))
CASES: dict[str, tuple[int, list[tuple[str, int, int]]]] = {
    "malformed.yaml": (1, [("SRM001", 5, 12)]),  # at the '[' never closed, not where the parser gave up
    "empty.yaml": (1, [("SRM005", 1, 1)]),
    "comments-only.yaml": (1, [("SRM005", 1, 1)]),
    "empty-document.yaml": (1, [("SRM005", 3, 1)]),
    # 'Café ' is five characters but six bytes: the column counts characters.
    "not-utf8.yaml": (1, [("SRM003", 3, 17)]),
    "binary.yaml": (1, [("SRM004", 1, 1)]),
    "top-level-list.yaml": (1, [("SRM011", 2, 1)]),
    "scalar.yaml": (1, [("SRM011", 2, 1)]),
    "billion-laughs.yaml": (1, [("SRM008", 7, 12)]),
    "complex-key.yaml": (1, [("SRM001", 6, 3)]),
    "unknown-alias.yaml": (1, [("SRM001", 2, 12)]),
    "duplicate-key.yaml": (1, [("SRM002", 6, 1)]),
    # Warnings only: the run passes at the default --fail-on error.
    "unknown-tags.yaml": (0, [("SRM009", 3, 12), ("SRM009", 4, 12), ("SRM009", 7, 14), ("SRM009", 8, 14)]),
    "wrong-types.yaml": (
        1,
        [
            ("SRM011", 2, 12),
            ("SRM011", 3, 12),
            ("SRM011", 4, 12),
            ("SRM011", 5, 12),
            ("SRM011", 6, 6),
            ("SRM011", 7, 14),
            ("SRM011", 8, 10),
            ("SRM011", 9, 14),
        ],
    ),
    # Regression: a number where an agreement party's `teams` list belongs crashed the checker.
    "party-teams-number.yaml": (1, [("SRM011", 9, 12)]),
    "multi-document.yaml": (1, [("SRM002", 33, 1), ("SRM102", 41, 16)]),
    "multi-document-syntax.yaml": (1, [("SRM101", 8, 3), ("SRM001", 29, 12)]),
    # A construct only its closer ends, never closed: at its opener, not where the parser gave up.
    "unclosed-flow-mapping.yaml": (1, [("SRM001", 6, 11)]),
    "unclosed-in-agreement.yaml": (1, [("SRM001", 10, 12)]),
    "unclosed-quote.yaml": (1, [("SRM001", 5, 14)]),
    "trailing-comma.yaml": (1, [("SRM001", 6, 7)]),
    "key-without-colon.yaml": (1, [("SRM001", 5, 1)]),
    "missing-colon-in-agreement.yaml": (1, [("SRM001", 10, 3)]),
    # Where the parser noticed is the place: a list that is closed, a tab, a control character.
    "flow-missing-comma.yaml": (1, [("SRM001", 10, 10)]),
    "tab-indented.yaml": (1, [("SRM001", 7, 1)]),
    "control-character.yaml": (1, [("SRM001", 3, 19)]),
}


def test_every_bad_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_fixture_is_reported_at_its_place(name: str, cli: CLI) -> None:
    exit_code, report = check_json(cli, BAD / name)
    expected_code, expected = CASES[name]
    assert located(report) == expected
    assert exit_code == expected_code == report["summary"]["exit_code"]


def message(cli: CLI, name: str) -> str:
    _, report = check_json(cli, BAD / name)
    return str(report["findings"][0]["message"])


def test_malformed_yaml_says_what_the_parser_expected(cli: CLI) -> None:
    assert message(cli, "malformed.yaml") == (
        "invalid YAML: the '[' here is not closed: expected ',' or ']' before line 6, column 12"
    )


ONE_LINE = "but a key must be on one line: is a ':' missing here?"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "unclosed-flow-mapping.yaml",
            "the '{' here is not closed: expected ',' or '}' before line 7, column 12",
        ),
        (
            "unclosed-in-agreement.yaml",
            "the '[' here is not closed: expected ',' or ']' before line 11, column 23",
        ),
        (
            "unclosed-quote.yaml",
            'the quoted value here is not closed: expected a closing " before the end of the file',
        ),
        (
            "trailing-comma.yaml",
            "the '[' here is not closed: expected a value or ']' before the end of the file",
        ),
        (
            "key-without-colon.yaml",
            f"the line here has no ':', so it and line 6 read as one key, {ONE_LINE}",
        ),
        (
            "missing-colon-in-agreement.yaml",
            f"the line here has no ':', so it and line 11 read as one key, {ONE_LINE}",
        ),
        ("flow-missing-comma.yaml", "while parsing a flow sequence, did not find expected ',' or ']'"),
        ("control-character.yaml", "unacceptable character #x0007: control characters are not allowed"),
    ],
)
def test_a_syntax_error_says_what_was_expected(cli: CLI, name: str, expected: str) -> None:
    assert message(cli, name) == f"invalid YAML: {expected}"


def test_non_utf8_names_the_byte_and_its_offset(cli: CLI) -> None:
    data = (BAD / "not-utf8.yaml").read_bytes()
    offset = data.index(b"\xe9")
    assert message(cli, "not-utf8.yaml") == f"not valid UTF-8: byte 0xe9 at offset {offset}"


def test_alias_bomb_is_stopped_as_such(cli: CLI) -> None:
    assert "billion laughs" in message(cli, "billion-laughs.yaml")


def test_duplicate_key_names_the_first_line_and_the_pointer(cli: CLI) -> None:
    _, report = check_json(cli, BAD / "duplicate-key.yaml")
    (finding,) = report["findings"]
    assert finding["pointer"] == "/community"
    assert finding["message"] == "duplicate key 'community' (first at line 3); the first value is used"


def test_unknown_tags_are_warnings_that_fail_on_warning(cli: CLI) -> None:
    exit_code, report = check_json(cli, BAD / "unknown-tags.yaml", extra=["--fail-on", "warning"])
    assert exit_code == 1
    assert {f["severity"] for f in report["findings"]} == {"warning"}
    assert "'tag:yaml.org,2002:python/object:os.system'" in report["findings"][0]["message"]


def test_tagged_values_are_read_as_plain_data(cli: CLI) -> None:
    # The tags are ignored, not executed: the agreement id is read as the plain text after the tag.
    _, report = check_json(cli, BAD / "unknown-tags.yaml")
    assert {f["agreement"] for f in report["findings"]} == {"tagged-agreement"}


def test_every_document_of_a_file_is_checked_and_located(cli: CLI) -> None:
    _, report = check_json(cli, BAD / "multi-document.yaml")
    assert [(f["rule_id"], f["document"], f["agreement"]) for f in report["findings"]] == [
        ("SRM002", 1, "second-of-two"),
        ("SRM102", 1, "second-of-two"),
    ]
    assert report["findings"][1]["pointer"] == "/assignments/manage-data"


def test_documents_before_a_syntax_error_are_still_checked(cli: CLI) -> None:
    _, report = check_json(cli, BAD / "multi-document-syntax.yaml")
    assert [(f["rule_id"], f["document"], f["agreement"]) for f in report["findings"]] == [
        ("SRM101", 0, "first-of-two"),
        ("SRM001", 1, None),
    ]


# --- generated inputs -------------------------------------------------------------------------


def test_deep_flow_nesting_is_stopped(cli: CLI, tmp_path: Path) -> None:
    deep = tmp_path / "deep-flow.yaml"
    deep.write_text("[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    exit_code, report = check_json(cli, deep)
    assert (exit_code, located(report)) == (1, [("SRM007", 1, 101)])
    assert report["findings"][0]["message"] == "nesting deeper than 100 levels; the document was not read"


def test_deep_block_nesting_is_stopped(cli: CLI, tmp_path: Path) -> None:
    deep = tmp_path / "deep-block.yaml"
    deep.write_text("- " * 10_000 + "leaf\n", encoding="utf-8")  # block sequences, one per "- "
    exit_code, report = check_json(cli, deep)
    assert (exit_code, located(report)) == (1, [("SRM007", 1, 201)])


def test_deep_block_mappings_are_stopped(cli: CLI, tmp_path: Path) -> None:
    deep = tmp_path / "deep-mapping.yaml"
    deep.write_text("".join(" " * i + "key:\n" for i in range(150)), encoding="utf-8")
    exit_code, report = check_json(cli, deep)
    assert (exit_code, located(report)) == (1, [("SRM007", 101, 101)])


def test_nesting_at_the_limit_is_read(cli: CLI, tmp_path: Path) -> None:
    # 99 lists inside the top-level mapping: 100 levels, the most allowed.
    ok = tmp_path / "deep-ok.yaml"
    ok.write_text("x-deep: " + "[" * 99 + "]" * 99 + "\n", encoding="utf-8")
    _, report = check_json(cli, ok)
    assert "SRM007" not in {f["rule_id"] for f in report["findings"]}
    assert {f["rule_id"] for f in report["findings"]} == {"SRM012"}


def test_huge_file_is_not_read(cli: CLI, tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(50 * MiB)  # sparse: instant, and takes no disk space
    exit_code, report = check_json(cli, huge)
    assert (exit_code, located(report)) == (1, [("SRM006", 1, 1)])
    assert report["findings"][0]["message"] == (
        f"file is {50 * MiB} bytes, over the {5 * MiB}-byte limit; it was not read"
    )


def test_size_limit_is_exactly_five_mebibytes(cli: CLI, tmp_path: Path) -> None:
    at_limit = tmp_path / "at-limit.yaml"
    over = tmp_path / "over-limit.yaml"
    filler = b"#" * (5 * MiB - 1) + b"\n"  # one long comment: an empty document
    at_limit.write_bytes(filler)
    over.write_bytes(filler + b"\n")
    _, report = check_json(cli, at_limit, over)
    assert [(Path(f["path"]).name, f["rule_id"]) for f in report["findings"]] == [
        ("at-limit.yaml", "SRM005"),
        ("over-limit.yaml", "SRM006"),
    ]


def test_folder_without_yaml_is_a_usage_error(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "no-agreements"
    folder.mkdir()
    (folder / "README.txt").write_text("not an agreement\n", encoding="utf-8")
    run = cli(["check", str(folder)])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr == f"srm-check: error: {folder.as_posix()}: no agreement files (*.yaml, *.yml) found\n"


def test_missing_path_is_a_usage_error(cli: CLI, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    run = cli(["check", str(missing)])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr == f"srm-check: error: {missing.as_posix()}: no such file or folder\n"


# --- one real process over everything: no traceback, bounded time and memory -------------------

_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({
    "code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
    "seconds": time.perf_counter() - start,
    "max_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the resource module is POSIX-only")
def test_all_bad_input_in_one_process_is_quick_and_small(tmp_path: Path) -> None:
    (tmp_path / "deep-flow.yaml").write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    (tmp_path / "deep-block.yaml").write_text("- " * 10_000 + "leaf\n", encoding="utf-8")
    with (tmp_path / "huge.yaml").open("wb") as handle:
        handle.truncate(50 * MiB)
    command = [sys.executable, "-m", "srm_check", "check", "--format", "json", str(BAD), str(tmp_path)]
    started = time.perf_counter()
    outcome = json.loads(
        subprocess.run(
            [sys.executable, "-c", _MEASURE, *command],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    )
    elapsed = time.perf_counter() - started
    assert outcome["code"] == 1
    assert outcome["stderr"] == ""
    report = json.loads(outcome["stdout"])
    assert report["summary"]["files"] == len(CASES) + 3
    assert elapsed < 10, f"bad input took {elapsed:.1f} s"  # a sanity bound, not a benchmark
    assert outcome["max_rss_kib"] < 200 * 1024, f"peak memory {outcome['max_rss_kib']} KiB"
