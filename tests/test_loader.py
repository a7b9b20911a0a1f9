"""The YAML loader: plain values by the YAML 1.2 core schema, a span for every node, located problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AGREEMENTS, ROOT

from srm_check.core.problem import Problem
from srm_check.core.span import FILE_START, Span
from srm_check.source.document import Document
from srm_check.source.events import build_documents
from srm_check.source.reader import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, load_file, parse_text


def one(text: str) -> Document:
    docs, problems = parse_text(text)
    assert problems == []
    (doc,) = docs
    return doc


def test_documented_limits() -> None:
    assert (MAX_FILE_BYTES, MAX_DEPTH, MAX_NODES) == (5 * 1024 * 1024, 100, 200_000)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),  # YAML 1.1 booleans are plain text in 1.2: no "Norway problem"
        ("no", "no"),
        ("on", "on"),
        ("true", True),
        ("FALSE", False),
        ("~", None),
        ("Null", None),
        ("", None),
        ("2026-01-01", "2026-01-01"),  # dates stay text; rules judge them
        ("12", 12),
        ("-3", -3),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1_000", "1_000"),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("-.inf", float("-inf")),
        ("'12'", "12"),
        ('"true"', "true"),
        ("!!str 5", "5"),
        ("2i2c", "2i2c"),
    ],
)
def test_scalars_resolve_by_the_core_schema(text: str, value: object) -> None:
    assert one(f"key: {text}\n").value == {"key": value}


def test_nan_is_a_float() -> None:
    value = one("key: .nan\n").value["key"]
    assert isinstance(value, float) and value != value


def test_every_node_has_a_one_based_span_with_exclusive_end() -> None:
    doc = one("name: Riverbend\nlist:\n  - one\n  - [two, three]\n")
    assert doc.spans["/name"] == Span(1, 7, 1, 16)
    assert doc.key_spans["/name"] == Span(1, 1, 1, 5)
    assert doc.spans["/list/0"] == Span(3, 5, 3, 8)
    assert doc.spans["/list/1/1"] == Span(4, 11, 4, 16)
    assert doc.spans["/list"].line == 3 and doc.key_spans["/list"] == Span(2, 1, 2, 5)
    assert doc.spans[""].line == 1


def test_keys_are_escaped_in_pointers() -> None:
    doc = one("a/b: 1\nc~d: 2\n")
    assert doc.value == {"a/b": 1, "c~d": 2}
    assert doc.spans["/a~1b"] == Span(1, 6, 1, 7)
    assert doc.spans["/c~0d"] == Span(2, 6, 2, 7)


def test_non_text_keys_become_text() -> None:
    assert one("1: a\ntrue: b\nnull: c\n").value == {"1": "a", "true": "b", "null": "c"}


def test_span_of_a_missing_node_is_its_nearest_ancestor() -> None:
    doc = one("assignments:\n  use-hub: community\n")
    assert doc.span("/assignments/manage-data/party") == doc.spans["/assignments"]
    assert Document(0, None).span("/anything") == FILE_START


def test_duplicate_key_keeps_the_first_value_and_both_places() -> None:
    doc = one("a: 1\nb: 2\na: 3\n")
    assert doc.value == {"a": 1, "b": 2}
    (dup,) = doc.duplicates
    assert (dup.mapping_pointer, dup.key, dup.value) == ("", "a", 3)
    assert (dup.first, dup.duplicate, dup.value_span) == (
        Span(1, 1, 1, 2),
        Span(3, 1, 3, 2),
        Span(3, 4, 3, 5),
    )


def test_repeated_key_does_not_move_the_first_values_spans() -> None:
    # Regression: the nodes inside a repeated key's value used to overwrite the spans
    # (and key spans) of the first value, so findings on the first entry pointed at the repeat.
    doc = one("m:\n  party: first\n  team: t\nm:\n  party: second\n  extra: [x]\n")
    assert doc.value == {"m": {"party": "first", "team": "t"}}
    assert doc.spans["/m/party"] == Span(2, 10, 2, 15)
    assert doc.key_spans["/m/party"] == Span(2, 3, 2, 8)
    assert "/m/extra" not in doc.spans and "/m/extra/0" not in doc.spans
    assert doc.duplicates[0].value == {"party": "second", "extra": ["x"]}


def test_documents_are_numbered_and_located_in_the_file() -> None:
    docs, problems = parse_text("a: 1\n---\nb: 2\nb: 3\n")
    assert [d.index for d in docs] == [0, 1]
    assert docs[1].spans["/b"] == Span(3, 4, 3, 5)
    assert problems == []


def test_problems_carry_their_document(tmp_path: Path) -> None:
    # Regression: problems of a later document used to be attributed to document 0.
    path = tmp_path / "two.yaml"
    path.write_text("a: 1\n---\nb: !odd 2\nb: 3\n", encoding="utf-8")
    source = load_file(path, "two.yaml")
    assert sorted((p.code, p.document, p.span.line) for p in source.problems) == [
        ("SRM002", 1, 4),
        ("SRM009", 1, 3),
    ]


def test_documents_before_a_syntax_error_are_kept() -> None:
    docs, problems = parse_text("a: 1\n---\nb: [2\n")
    assert [d.value for d in docs] == [{"a": 1}]
    assert [(p.code, p.document, p.span.line) for p in problems] == [("SRM001", 1, 4)]


def test_nothing_is_kept_when_a_limit_is_exceeded() -> None:
    docs, problems = parse_text("a: 1\n---\n" + "[" * 5 + "]" * 5, max_depth=3)
    assert docs == []
    assert [(p.code, p.document, p.span) for p in problems] == [("SRM007", 1, Span(3, 4, 3, 5))]


def test_node_limit_counts_plain_values_too() -> None:
    # Regression: only collections and aliases were counted against the limit, so a
    # 5 MiB list of short scalars took 17 s and 650 MB.
    docs, problems = parse_text("[" + "a, " * 1500 + "a]", max_nodes=1000)
    assert docs == []
    assert [(p.code, p.span.column) for p in problems] == [("SRM008", 2 + 3 * 999)]


def test_node_limit_is_per_file_not_per_document() -> None:
    # Regression: the count restarted with every document, so a file of many tiny
    # documents (`---` repeated) took minutes and gigabytes.
    docs, problems = parse_text("--- a\n" * 600, max_nodes=500)
    assert docs == []
    assert [(p.code, p.span.line, p.document) for p in problems] == [("SRM008", 501, 500)]


def test_aliases_count_at_their_expanded_size() -> None:
    text = "a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n"
    # 9 nodes before the aliases, then 5 for each: 24 in all.
    assert parse_text(text, max_nodes=24)[1] == []
    docs, problems = parse_text(text, max_nodes=23)
    assert docs == [] and [(p.code, p.span) for p in problems] == [("SRM008", Span(2, 13, 2, 15))]


def test_alias_values_are_copied_in() -> None:
    assert one("a: &x {k: v}\nb: *x\n").value == {"a": {"k": "v"}, "b": {"k": "v"}}


def test_unknown_alias_is_a_syntax_problem() -> None:
    docs, problems = parse_text("a: *nowhere\n")
    assert docs == [] and [(p.code, p.message) for p in problems] == [("SRM001", "unknown alias *nowhere")]


def test_collection_as_key_is_skipped_with_its_value() -> None:
    docs, problems = parse_text("? [a, b]\n: {c: d}\nkept: 1\n")
    assert docs[0].value == {"kept": 1}
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("SRM001", 1, 3)]


@pytest.mark.parametrize(
    ("tag", "line"),
    [("!!python/object:os.system", 1), ("!custom", 1), ("!!set", 1)],
)
def test_application_tags_are_warnings_and_the_value_is_data(tag: str, line: int) -> None:
    docs, problems = parse_text(f"key: {tag} value\n")
    assert docs[0].value == {"key": "value"}
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("SRM009", line, 6)]


def test_core_tags_are_silent_and_give_their_type() -> None:
    # Regression: an explicit !!int, !!float, !!bool or !!null used to give text.
    text = (
        'a: !!str 1\nb: !!int 2\nc: !!map {}\nd: !!seq []\ne: ! x\nf: !!float "1.5"\n'
        'g: !!bool true\nh: !!null ""\n'
    )
    docs, problems = parse_text(text)
    assert problems == []
    assert docs[0].value == {"a": "1", "b": 2, "c": {}, "d": [], "e": "x", "f": 1.5, "g": True, "h": None}


# --- files and encodings ----------------------------------------------------------------------


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "file.yaml"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "encoded",
    [
        "agreement: café\n".encode("utf-8-sig"),
        "\ufeffagreement: café\n".encode("utf-16-le"),
        "\ufeffagreement: café\n".encode("utf-16-be"),
        "\ufeffagreement: café\n".encode("utf-32-le"),
        "\ufeffagreement: café\n".encode("utf-32-be"),
    ],
    ids=["utf-8-bom", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_unicode_encodings_with_a_byte_order_mark_are_read(tmp_path: Path, encoded: bytes) -> None:
    source = load_file(write(tmp_path, encoded), "file.yaml")
    assert source.problems == []
    assert source.documents[0].value == {"agreement": "café"}
    assert source.documents[0].spans["/agreement"] == Span(1, 12, 1, 16)


def test_broken_utf16_is_an_encoding_problem(tmp_path: Path) -> None:
    source = load_file(write(tmp_path, b"\xff\xfe" + b"\x00\xd8a\x00"), "file.yaml")
    assert [(p.code, p.span) for p in source.problems] == [("SRM003", FILE_START)]
    assert source.problems[0].message.startswith("not valid UTF-16-LE")


def test_non_utf8_byte_is_located_in_characters(tmp_path: Path) -> None:
    # Regression: the column counted bytes, so it was off by one per multi-byte character.
    source = load_file(write(tmp_path, "a: ééé\nb: €€ ".encode() + b"\xff\n"), "file.yaml")
    assert [(p.code, p.span) for p in source.problems] == [("SRM003", Span(2, 7, 2, 8))]


def test_utf8_byte_order_mark_does_not_shift_the_place(tmp_path: Path) -> None:
    # Regression: with a BOM, the offset, the byte shown and the column were 3 bytes early.
    source = load_file(write(tmp_path, b"\xef\xbb\xbfab \xff\n"), "file.yaml")
    assert [(p.code, p.span) for p in source.problems] == [("SRM003", Span(1, 4, 1, 5))]
    assert source.problems[0].message == "not valid UTF-8: byte 0xff at offset 6"


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    source = load_file(write(tmp_path, b"a: 1\n\x00\x01"), "file.yaml")
    assert [(p.code, p.span) for p in source.problems] == [("SRM004", FILE_START)]


def test_nul_byte_beyond_the_sniffed_start_is_still_no_crash(tmp_path: Path) -> None:
    source = load_file(write(tmp_path, b"a: " + b"x" * 9000 + b"\x00\n"), "file.yaml")
    assert [p.code for p in source.problems] == ["SRM001"]


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, b"a: 1\n")
    assert load_file(path, "f", max_bytes=4).problems[0].code == "SRM006"
    assert load_file(path, "f", max_bytes=5).problems == []


def test_unreadable_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    source = load_file(folder, "folder.yaml")
    assert source.documents == []
    assert [p.code for p in source.problems] == ["SRM013"]
    assert source.problems[0].message.startswith("cannot read file: ")


def test_bytes_are_kept_only_on_request(tmp_path: Path) -> None:
    path = write(tmp_path, b"a: 1\n")
    assert load_file(path, "f").data == b""
    assert load_file(path, "f", keep_bytes=True).data == b"a: 1\n"


def shipped_yaml() -> list[Path]:
    return sorted([*AGREEMENTS.glob("*.yaml"), *(ROOT / "policies").rglob("*.yaml")])


@pytest.mark.parametrize("path", shipped_yaml(), ids=lambda p: p.name)
def test_pure_python_parser_builds_the_same_documents(path: Path) -> None:
    """The fallback used where libyaml is missing (PyPy) gives the same values and spans."""
    from ruamel.yaml import YAML

    text = path.read_text(encoding="utf-8")
    expected = one(text)
    events = iter(YAML(typ="safe", pure=True).parse(text))
    problems: list[Problem] = []
    (doc,) = build_documents(lambda: next(events), problems, MAX_DEPTH, MAX_NODES)
    assert problems == []
    assert (doc.value, doc.spans, doc.key_spans) == (expected.value, expected.spans, expected.key_spans)
