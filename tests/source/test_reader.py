"""source/reader.py: a file's bytes to documents, never raising for bad content: the size limit,
decoding, parsing and repeated keys each become a located problem with its finding code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from srm_check.core.span import FILE_START, Span
from srm_check.source.document import Document, DuplicateKey
from srm_check.source.reader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    decode_text,
    duplicate_problems,
    load_file,
    parse_source,
    parse_text,
    read_bytes,
)


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "file.yaml"
    path.write_bytes(data)
    return path


def test_documented_limits() -> None:
    assert (MAX_FILE_BYTES, MAX_DEPTH, MAX_NODES) == (5 * 1024 * 1024, 100, 200_000)


# --- decoding --------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    "encoded",
    [
        "a: é\n".encode(),
        "a: é\n".encode("utf-8-sig"),
        "\ufeffa: é\n".encode("utf-16-le"),
        "\ufeffa: é\n".encode("utf-32-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-32-be"],
)
def test_decoding_drops_the_byte_order_mark(encoded: bytes) -> None:
    assert decode_text(encoded) == ("a: é\n", None)


def test_broken_utf16_is_an_encoding_problem(tmp_path: Path) -> None:
    source = load_file(write(tmp_path, b"\xff\xfe" + b"\x00\xd8a\x00"), "file.yaml")
    assert [(p.code, p.span) for p in source.problems] == [("SRM003", FILE_START)]
    assert source.problems[0].message.startswith("not valid UTF-16-LE")


def test_broken_utf32_is_an_encoding_problem() -> None:
    text, problem = decode_text(b"\x00\x00\xfe\xff" + b"\x00\x11\x00\x00")  # beyond U+10FFFF
    assert text is None and problem is not None
    assert (problem.code, problem.message.split(":")[0]) == ("SRM003", "not valid UTF-32-BE")


def test_non_utf8_byte_is_located_in_characters(tmp_path: Path) -> None:
    # Regression: the column counted bytes, so it was off by one per multi-byte character.
    source = load_file(write(tmp_path, "a: ééé\nb: €€ ".encode() + b"\xff\n"), "file.yaml")
    assert [(p.code, p.span) for p in source.problems] == [("SRM003", Span(2, 7, 2, 8))]


def test_non_utf8_first_byte_is_at_the_start() -> None:
    text, problem = decode_text(b"\xe9t\xe9: 1\n")
    assert text is None and problem is not None
    assert (problem.code, problem.span, problem.message) == (
        "SRM003",
        Span(1, 1, 1, 2),
        "not valid UTF-8: byte 0xe9 at offset 0",
    )


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


# --- reading ---------------------------------------------------------------------------------


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, b"a: 1\n")
    assert load_file(path, "f", max_bytes=4).problems[0].code == "SRM006"
    assert load_file(path, "f", max_bytes=5).problems == []


def test_size_limit_says_both_sizes(tmp_path: Path) -> None:
    data, problem = read_bytes(write(tmp_path, b"a: 1\n"), max_bytes=4)
    assert data is None and problem is not None
    assert (problem.code, problem.message) == (
        "SRM006",
        "file is 5 bytes, over the 4-byte limit; it was not read",
    )


def test_unreadable_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    source = load_file(folder, "folder.yaml")
    assert source.documents == []
    assert [p.code for p in source.problems] == ["SRM013"]
    assert source.problems[0].message.startswith("cannot read file: ")


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    source = load_file(tmp_path / "gone.yaml", "gone.yaml")
    assert [(p.code, p.path) for p in source.problems] == [("SRM013", "gone.yaml")]
    assert source.problems[0].message.startswith("cannot read file: ")


def test_bytes_are_kept_only_on_request(tmp_path: Path) -> None:
    path = write(tmp_path, b"a: 1\n")
    assert load_file(path, "f").data == b""
    assert load_file(path, "f", keep_bytes=True).data == b"a: 1\n"


def test_problems_are_placed_in_the_displayed_file(tmp_path: Path) -> None:
    source = load_file(write(tmp_path, b"a: [1\n"), "shown/as.yaml")
    assert (source.path, [p.path for p in source.problems]) == ("shown/as.yaml", ["shown/as.yaml"])


def test_problems_carry_their_document(tmp_path: Path) -> None:
    # Regression: problems of a later document used to be attributed to document 0.
    path = tmp_path / "two.yaml"
    path.write_text("a: 1\n---\nb: !odd 2\nb: 3\n", encoding="utf-8")
    source = load_file(path, "two.yaml")
    assert sorted((p.code, p.document, p.span.line) for p in source.problems) == [
        ("SRM002", 1, 4),
        ("SRM009", 1, 3),
    ]


# --- parsing ---------------------------------------------------------------------------------


def test_invalid_yaml_says_what_the_parser_expected_and_where() -> None:
    docs, problems = parse_text("a: [1\n")
    assert docs == []
    assert [(p.code, p.span, p.message) for p in problems] == [
        (
            "SRM001",
            Span(1, 4, 1, 5),
            "invalid YAML: the '[' here is not closed: expected ',' or ']' before the end of the file",
        )
    ]


def test_documents_before_a_syntax_error_are_kept() -> None:
    docs, problems = parse_text("a: 1\n---\nb: [2\n")
    assert [d.value for d in docs] == [{"a": 1}]
    assert [(p.code, p.document, p.span.line) for p in problems] == [("SRM001", 1, 3)]


def test_nothing_is_kept_when_a_limit_is_exceeded() -> None:
    docs, problems = parse_text("a: 1\n---\n" + "[" * 5 + "]" * 5, max_depth=3)
    assert docs == []
    assert [(p.code, p.document, p.span) for p in problems] == [("SRM007", 1, Span(3, 4, 3, 5))]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_a_source_without_documents_is_empty(text: str) -> None:
    source = parse_source(text, "empty.yaml")
    assert source.documents == []
    assert [(p.code, p.path, p.span) for p in source.problems] == [("SRM005", "empty.yaml", FILE_START)]


def test_a_broken_source_is_not_also_empty() -> None:
    assert [p.code for p in parse_source("[", "broken.yaml").problems] == ["SRM001"]


def test_a_source_keeps_its_text_and_bytes() -> None:
    source = parse_source("a: 1 # note\n", "f.yaml", data=b"raw")
    assert (source.text, source.data, source.documents[0].value) == ("a: 1 # note\n", b"raw", {"a": 1})


def test_a_source_leaves_repeats_judged_elsewhere_to_their_judge() -> None:
    text = "a: 1\na: 2\nm:\n  k: 1\n  k: 2\n"
    assert [p.pointer for p in parse_source(text, "f.yaml").problems] == ["/a", "/m/k"]
    judged = parse_source(text, "f.yaml", judged_elsewhere=("/m",))
    assert [(p.code, p.pointer, p.path) for p in judged.problems] == [("SRM002", "/a", "f.yaml")]
    assert judged.documents[0].duplicates[1].key == "k"  # still recorded for its judge


# --- repeated keys ---------------------------------------------------------------------------


def doc_with_repeats() -> list[Document]:
    first = Document(0, {})
    first.duplicates.append(DuplicateKey("", "a/b", Span(1, 1, 1, 4), Span(3, 1, 3, 4), 2, Span(3, 6, 3, 7)))
    second = Document(1, {})
    second.duplicates.append(DuplicateKey("/m", "k", Span(2, 3, 2, 4), Span(4, 3, 4, 4), 1, Span(4, 6, 4, 7)))
    return [first, second]


def test_duplicate_problems_name_the_first_line_and_the_repeat() -> None:
    problems = duplicate_problems(doc_with_repeats())
    assert [(p.code, p.span, p.pointer, p.document) for p in problems] == [
        ("SRM002", Span(3, 1, 3, 4), "/a~1b", 0),
        ("SRM002", Span(4, 3, 4, 4), "/m/k", 1),
    ]
    assert problems[0].message == "duplicate key 'a/b' (first at line 1); the first value is used"


def test_duplicate_problems_skip_mappings_judged_elsewhere() -> None:
    assert [p.pointer for p in duplicate_problems(doc_with_repeats(), judged_elsewhere=("/m",))] == ["/a~1b"]
    assert duplicate_problems(doc_with_repeats(), judged_elsewhere=("", "/m")) == []


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "baseline.yaml"
    os.mkfifo(fifo)
    data, problem = read_bytes(fifo)  # would block forever if it were opened for reading
    assert data is None and problem is not None
    assert (problem.code, problem.message) == (
        "SRM013",
        "cannot read file: it is a FIFO (named pipe), not a regular file; it was not read",
    )


def test_a_device_is_refused_not_read_until_memory_runs_out() -> None:
    data, problem = read_bytes(Path("/dev/zero"))
    assert data is None and problem is not None
    assert (
        problem.message == "cannot read file: it is a character device, not a regular file; it was not read"
    )


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, b"a: 1\n")
    real_fstat = os.fstat

    def stale_size(fd: int) -> os.stat_result:  # the size seen before the file grew
        info = real_fstat(fd)
        path.write_bytes(b"a: 1\n" * 10)
        return info

    monkeypatch.setattr(os, "fstat", stale_size)
    data, problem = read_bytes(path, max_bytes=20)
    assert data is None and problem is not None
    assert (problem.code, problem.message) == ("SRM006", "file over the 20-byte limit; it was not read")


def test_a_file_is_read_in_one_read_when_it_ends_before_what_was_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A regular file reads short only at its end: no second read just to see the end; a file
    larger than one read is still read whole."""
    real_read = os.read
    reads: list[int] = []

    def counting(fd: int, size: int) -> bytes:
        reads.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", counting)
    assert read_bytes(write(tmp_path, b"a: 1\n")) == (b"a: 1\n", None)
    assert len(reads) == 1
    large = b"a: " + b"x" * 200_000 + b"\n"
    assert read_bytes(write(tmp_path, large)) == (large, None)


def test_a_tab_in_the_indentation_is_named() -> None:
    """libyaml says only "found character that cannot start any token"; the message says why."""
    from srm_check.source.reader import parse_text
    from srm_check.source.yaml_errors import TAB_HINT

    for text in ("assignments:\n\tuse-hub: community\n", "a:\n  b: 1\n \tc: 2\n"):
        _, problems = parse_text(text)
        assert problems and problems[-1].message.endswith(TAB_HINT)
    _, problems = parse_text("a: [1, 2\n")  # a syntax error without a tab gets no such hint
    assert problems and TAB_HINT not in problems[-1].message
