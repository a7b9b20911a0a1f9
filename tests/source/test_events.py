"""source/events.py: documents built from parser events, with a span for every node, duplicate
keys in both places, and the depth and node limits of hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_check.core.problem import Problem
from srm_check.core.span import Span
from srm_check.source.document import Document
from srm_check.source.events import LimitExceeded, build_documents, event_source
from srm_check.source.reader import MAX_DEPTH, MAX_DOCUMENTS, MAX_NODES, parse_text


def one(text: str) -> Document:
    docs, problems = parse_text(text)
    assert problems == []
    (doc,) = docs
    return doc


def one_after_key_problem(text: str) -> object:
    """The value of the one document of `text`, whose only problem is a collection key."""
    docs, problems = parse_text(text)
    assert [p.code for p in problems] == ["SRM001"]
    return docs[0].value


def located(problems: list[Problem]) -> list[tuple[str, int, int, int]]:
    return [(p.code, p.document, p.span.line, p.span.column) for p in problems]


# --- values ----------------------------------------------------------------------------------


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


def test_quoted_values_stay_text_in_sequences_and_at_the_top() -> None:
    assert one("['1', \"null\", 1, null]\n").value == ["1", "null", 1, None]
    assert one("--- '5'\n").value == "5"
    assert one("--- 5\n").value == 5


def test_non_text_keys_become_text() -> None:
    assert one("1: a\ntrue: b\nnull: c\n").value == {"1": "a", "true": "b", "null": "c"}


def test_alias_values_are_copied_in() -> None:
    assert one("a: &x {k: v}\nb: *x\n").value == {"a": {"k": "v"}, "b": {"k": "v"}}


def test_anchored_and_tagged_scalars_are_values_like_any_other() -> None:
    # Scalars with an anchor or a tag take the slower path of the builder: same results.
    doc = one("- &i 1\n- *i\n- !!int '7'\n- !!str 8\n")
    assert doc.value == [1, 1, 7, "8"]
    assert [doc.spans[f"/{i}"] for i in range(4)] == [
        Span(1, 3, 1, 7),
        Span(2, 3, 2, 5),
        Span(3, 3, 3, 12),
        Span(4, 3, 4, 10),
    ]


def test_anchors_belong_to_their_document() -> None:
    docs, problems = parse_text("a: &x 1\n---\nb: *x\n")
    assert docs == []
    assert [(p.code, p.document, p.message) for p in problems] == [("SRM001", 1, "unknown alias *x")]


# --- spans -----------------------------------------------------------------------------------


def test_every_node_has_a_one_based_span_with_exclusive_end() -> None:
    doc = one("name: Riverbend\nlist:\n  - one\n  - [two, three]\n")
    assert doc.spans["/name"] == Span(1, 7, 1, 16)
    assert doc.key_spans["/name"] == Span(1, 1, 1, 5)
    assert doc.spans["/list/0"] == Span(3, 5, 3, 8)
    assert doc.spans["/list/1/1"] == Span(4, 11, 4, 16)
    assert doc.spans["/list"].line == 3 and doc.key_spans["/list"] == Span(2, 1, 2, 5)
    assert doc.spans[""].line == 1


def test_a_collection_spans_to_its_last_node_and_an_empty_one_to_its_end() -> None:
    doc = one("a: {b: [1, 2]}\nc: []\nd: {}\n")
    assert doc.spans["/a"] == Span(1, 4, 1, 13)  # up to the end of `2`, not the brackets
    assert doc.spans["/a/b"] == Span(1, 8, 1, 13)
    assert doc.spans["/c"] == Span(2, 4, 2, 6)
    assert doc.spans["/d"] == Span(3, 4, 3, 6)
    assert doc.spans[""] == Span(1, 1, 3, 6)


def test_keys_are_escaped_in_pointers() -> None:
    doc = one("a/b: 1\nc~d: 2\n")
    assert doc.value == {"a/b": 1, "c~d": 2}
    assert doc.spans["/a~1b"] == Span(1, 6, 1, 7)
    assert doc.spans["/c~0d"] == Span(2, 6, 2, 7)


def test_nested_keys_are_escaped_in_pointers() -> None:
    doc = one("a/b:\n  c~d: [x]\n")
    assert doc.spans["/a~1b/c~0d/0"] == Span(2, 9, 2, 10)
    assert doc.key_spans["/a~1b/c~0d"] == Span(2, 3, 2, 6)


# --- duplicate keys --------------------------------------------------------------------------


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


def test_duplicate_in_a_nested_mapping_names_that_mapping() -> None:
    doc = one("a: 1\nb: {c: 1, c: 2}\n")
    (dup,) = doc.duplicates
    assert (dup.mapping_pointer, dup.key, dup.first, dup.duplicate) == (
        "/b",
        "c",
        Span(2, 5, 2, 6),
        Span(2, 11, 2, 12),
    )


def test_an_alias_as_key_repeats_its_anchors_key() -> None:
    doc = one("&k key: 1\n? *k\n: 2\n")
    assert doc.value == {"key": 1}
    (dup,) = doc.duplicates
    assert (dup.key, dup.first, dup.duplicate, dup.value) == ("key", Span(1, 1, 1, 7), Span(2, 3, 2, 5), 2)


# --- documents -------------------------------------------------------------------------------


def test_documents_are_numbered_and_located_in_the_file() -> None:
    docs, problems = parse_text("a: 1\n---\nb: 2\nb: 3\n")
    assert [d.index for d in docs] == [0, 1]
    assert docs[1].spans["/b"] == Span(3, 4, 3, 5)
    assert problems == []


def test_a_stream_of_comments_has_no_document() -> None:
    assert parse_text("# nothing here\n") == ([], [])


def test_complete_documents_reach_the_callers_list_before_an_error() -> None:
    docs: list[Document] = []
    with pytest.raises(LimitExceeded) as raised:
        build_documents(event_source("a: 1\n---\nb: *nowhere\n"), [], MAX_DEPTH, MAX_NODES, docs)
    assert [d.value for d in docs] == [{"a": 1}]
    assert (raised.value.problem.code, raised.value.problem.document) == ("SRM001", 1)


# --- limits ----------------------------------------------------------------------------------


def test_nesting_at_the_depth_limit_is_read_and_one_deeper_is_not() -> None:
    docs, problems = parse_text("[[[]]]", max_depth=3)
    assert problems == [] and docs[0].value == [[[]]]
    docs, problems = parse_text("[[[[]]]]", max_depth=3)
    assert docs == [] and located(problems) == [("SRM007", 0, 1, 4)]


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


def test_an_alias_of_nested_collections_counts_every_node_inside() -> None:
    text = "a: &a {b: [1, 2]}\nc: *a\n"
    # 8 nodes up to `c`, then the mapping, `b`, the list and its two items: 13.
    assert parse_text(text, max_nodes=13)[1] == []
    docs, problems = parse_text(text, max_nodes=12)
    assert docs == []
    assert [(p.code, p.span) for p in problems] == [("SRM008", Span(2, 4, 2, 6))]
    assert "billion laughs" in problems[0].message


def test_problems_found_before_a_limit_come_first() -> None:
    docs, problems = parse_text("[!odd a, b]", max_nodes=1)
    assert docs == [] and [p.code for p in problems] == ["SRM009", "SRM008"]


def test_unknown_alias_is_a_syntax_problem() -> None:
    docs, problems = parse_text("a: *nowhere\n")
    assert docs == [] and [(p.code, p.message) for p in problems] == [("SRM001", "unknown alias *nowhere")]


# --- keys that are collections ---------------------------------------------------------------


def test_collection_as_key_is_skipped_with_its_value() -> None:
    docs, problems = parse_text("? [a, b]\n: {c: d}\nkept: 1\n")
    assert docs[0].value == {"kept": 1}
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("SRM001", 1, 3)]


def test_nothing_inside_a_collection_key_is_read() -> None:
    # Neither the tag nor the unknown alias inside the key is reported: only the key itself.
    docs, problems = parse_text("? [a, {b: *nowhere}, !odd [c]]\n: v\nkept: 1\n")
    assert docs[0].value == {"kept": 1}
    assert located(problems) == [("SRM001", 0, 1, 3)]


def test_the_value_of_a_collection_key_is_still_checked_but_not_kept() -> None:
    docs, problems = parse_text("? [a]\n: !odd x\nk: 1\n")
    assert docs[0].value == {"k": 1}
    assert located(problems) == [("SRM001", 0, 1, 3), ("SRM009", 0, 2, 3)]
    # Its anchors hold, and its nodes count against the limit (the key's own do not).
    assert one_after_key_problem("? [a]\n: &v x\nk: *v\n") == {"k": "x"}
    assert parse_text("? [a, b, c]\n: [1, 2]\n", max_nodes=4)[0] != []
    docs, problems = parse_text("? [a, b, c]\n: [1, 2]\n", max_nodes=3)
    assert docs == [] and located(problems) == [("SRM001", 0, 1, 3), ("SRM008", 0, 2, 7)]


# --- tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "line"),
    [("!!python/object:os.system", 1), ("!custom", 1), ("!!set", 1)],
)
def test_application_tags_are_warnings_and_the_value_is_data(tag: str, line: int) -> None:
    docs, problems = parse_text(f"key: {tag} value\n")
    assert docs[0].value == {"key": "value"}
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("SRM009", line, 6)]


def test_a_tagged_collection_is_a_warning_and_plain_data() -> None:
    docs, problems = parse_text("a: !odd {b: 1}\nc: !odd [2]\n")
    assert docs[0].value == {"a": {"b": 1}, "c": [2]}
    assert located(problems) == [("SRM009", 0, 1, 4), ("SRM009", 0, 2, 4)]


def test_core_tags_are_silent_and_give_their_type() -> None:
    # Regression: an explicit !!int, !!float, !!bool or !!null used to give text.
    text = (
        'a: !!str 1\nb: !!int 2\nc: !!map {}\nd: !!seq []\ne: ! x\nf: !!float "1.5"\n'
        'g: !!bool true\nh: !!null ""\n'
    )
    docs, problems = parse_text(text)
    assert problems == []
    assert docs[0].value == {"a": "1", "b": 2, "c": {}, "d": [], "e": "x", "f": 1.5, "g": True, "h": None}


# --- the pure-Python parser ------------------------------------------------------------------

TRICKY = [
    "a: 1\nb: 2\na: [3]\n",
    "- &i 1\n- *i\n- !!int '7'\n- !odd {k: v}\n",
    "? [a, {b: c}]\n: {d: e}\nkept: 'x'\n",
    "a: &m {x: [1, ~, true, .inf]}\nb: *m\n---\n- 0x1F\n- 0o17\n- '012'\n",
    "a/b: {c~d: null}\n1: one\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_pure_python_events_build_the_same_documents_and_problems(text: str) -> None:
    """The fallback where libyaml is missing (PyPy): same values, spans, duplicates and problems."""
    from ruamel.yaml import YAML

    events = iter(YAML(typ="safe", pure=True).parse(text))
    pure_problems: list[Problem] = []
    pure = build_documents(lambda: next(events), pure_problems, MAX_DEPTH, MAX_NODES)
    fast_problems: list[Problem] = []
    fast = build_documents(event_source(text), fast_problems, MAX_DEPTH, MAX_NODES)
    assert pure_problems == fast_problems
    assert [(d.value, d.spans, d.key_spans, d.duplicates) for d in pure] == [
        (d.value, d.spans, d.key_spans, d.duplicates) for d in fast
    ]


def test_a_file_of_many_documents_is_not_read() -> None:
    docs, problems = parse_text("---\n" * (MAX_DOCUMENTS + 1))
    assert docs == []
    assert [(p.code, p.message, p.span.line) for p in problems] == [
        ("SRM008", f"more than {MAX_DOCUMENTS} documents in one file; it was not read", MAX_DOCUMENTS + 1)
    ]
    docs, problems = parse_text("--- 1\n" * MAX_DOCUMENTS)
    assert (len(docs), problems) == (MAX_DOCUMENTS, [])


def test_keys_are_kept_as_written_so_that_messages_quote_them() -> None:
    """`0x1f`, `1e3` and `007` would resolve to 31, 1000.0 and 7; a key names something, as written."""
    from srm_check.source.reader import parse_text

    (doc,), problems = parse_text("a: {0x1f: x, 1e3: y, 007: z, ~: n, true: t, 'q': 1}\n")
    assert not problems
    assert list(doc.value["a"]) == ["0x1f", "1e3", "007", "~", "true", "q"]
    assert doc.value["a"]["007"] == "z" and "/a/0x1f" in doc.spans


def test_a_null_written_as_nothing_has_the_key_s_extent() -> None:
    from srm_check.core.span import Span
    from srm_check.source.reader import parse_text

    (doc,), _ = parse_text("assignments:\n  guide-2i2c:\n  use-hub: ~\n")
    assert doc.spans["/assignments/guide-2i2c"] == Span(2, 3, 2, 13)  # the key: no zero-width region
    assert doc.spans["/assignments/use-hub"] == Span(3, 12, 3, 13)  # a written null keeps its own


def test_unknown_responsibility_messages_quote_keys_as_written(tmp_path: Path) -> None:
    from conftest import FIXTURES, run_cli

    good = (FIXTURES / "precommit" / "good.yaml").read_text("utf-8")
    path = tmp_path / "a.yaml"
    path.write_text(good + "  0x1f: community\n  1e3: community\n  007: community\n", "utf-8")
    out = run_cli(["check", str(path)]).stdout
    for key in ("0x1f", "1e3", "007"):
        assert f"[SRM105] '{key}' is not a responsibility" in out
    assert "'31'" not in out and "'1000.0'" not in out and "'7'" not in out


def test_keys_that_mean_the_same_value_are_duplicates_whatever_their_spelling() -> None:
    """Keys keep the text the user wrote, but YAML reads `1`, `01` and `0x1` as one key."""
    docs, _ = parse_text("m:\n  1: a\n  01: b\n  0x1: c\n  '1': d\n  two: e\n")
    (doc,) = docs
    assert doc.value == {"m": {"1": "a", "two": "e"}}
    assert [(d.key, d.first.line, d.duplicate.line) for d in doc.duplicates] == [
        ("01", 2, 3),
        ("0x1", 2, 4),
        ("1", 2, 5),  # a quoted '1' is text, written 1: one key as JSON and srm-check see keys
    ]
