"""source/yaml_errors.py: each kind of YAML error at its most useful mark, in libyaml and in pure Python."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import srm_check.source.flat_events as flat
from srm_check.core.span import FILE_START
from srm_check.source.reader import parse_text
from srm_check.source.yaml_errors import TAB_HINT, syntax_problem


@pytest.fixture(params=["libyaml", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Both parsers ruamel may use: libyaml (ruamel.yaml.clib), and its pure-Python one."""
    if request.param == "pure":
        monkeypatch.setattr(flat, "CParser", None)
    yield str(request.param)


def where(text: str) -> tuple[int, int, str]:
    """(line, column, message) of the last problem parsing `text`."""
    _, problems = parse_text(text)
    problem = problems[-1]
    return problem.span.line, problem.span.column, problem.message.removeprefix("invalid YAML: ")


# text -> (line, column, start of the message): a construct never closed, at its opener.
UNCLOSED = {
    "id: a\nholders: [community, provider\nnext: 1\n": (
        2,
        10,
        "the '[' here is not closed: expected ',' or ']' before line 3, column 5",
    ),
    "id: a\nholders: [community, provider\n": (
        2,
        10,
        "the '[' here is not closed: expected ',' or ']' before the end",
    ),
    "id: a\nholders: [community, provider": (
        2,
        10,
        "the '[' here is not closed: expected ',' or ']' before the end",
    ),
    "id: a\nholders: [a, [b, c]\nnext: 1\n": (2, 10, "the '[' here is not closed"),  # the outer one
    "a:\n  b: [x, y\n  c: 1\n": (2, 6, "the '[' here is not closed"),  # the next key, as indented
    "a:\n  b: [x, y\nc: 1\n": (2, 6, "the '[' here is not closed"),  # a key less indented
    "id: a\nh: {a: 1, b: 2\nnext: 1\n": (
        2,
        4,
        "the '{' here is not closed: expected ',' or '}' before line 3, column 5",
    ),
    # A flow node's error marks the item: the collection still open is found from the events.
    "id: a\nholders: [community,\n": (
        2,
        10,
        "the '[' here is not closed: expected a value or ']' before the end",
    ),
    "id: a\nholders: [community,\n# a comment\n\n": (2, 10, "the '[' here is not closed: expected a value"),
    "a: {b: 1,\n": (1, 4, "the '{' here is not closed: expected a value or '}' before the end of the file"),
    "a:\n  - [x,\n  - y\n": (
        2,
        5,
        "the '[' here is not closed: expected a value or ']' before line 3, column 3",
    ),
    'id: a\nholders: "community\nnext: 1\n': (
        2,
        10,
        'the quoted value here is not closed: expected a closing " before the end',
    ),
    "id: a\nholders: 'community\n": (
        2,
        10,
        "the quoted value here is not closed: expected a closing ' before the end",
    ),
    'a: "x\n---\nb: 1\n': (
        1,
        4,
        'the quoted value here is not closed: expected a closing " before line 2, column 1',
    ),
    "a: 1\nb\nc: 2\n": (2, 1, "the line here has no ':', so it and line 3 read as one key"),
    "a: 1\n---\nb: [2\n": (3, 4, "the '[' here is not closed"),  # in a later document
}


@pytest.mark.parametrize("text", UNCLOSED)
def test_a_construct_never_closed_is_reported_where_it_opens(parser: str, text: str) -> None:
    line, column, message = where(text)
    assert (line, column) == UNCLOSED[text][:2]
    assert message.startswith(UNCLOSED[text][2])


# text -> (line, column): the problem mark is the place (the character, or the line, at fault).
NOTICED = {
    "a: [b, c d: e: f]\n": (1, 14),  # on the opener's line: where the parser noticed is closer
    "a: {b: 1 c: 2}\n": (1, 11),
    "h: [\n  a,\n  b\n  c: d,\n]\n": (4, 4),  # a list spread over lines, indented inside it
    "a: [b, }\n": (1, 8),  # a flow node on the opener's line
    "id: a\nholders: ]\n": (2, 10),  # a stray ']'
    "id: a\nholders:\n\t- community\n": (3, 1),  # a tab
    "a: @x\n": (1, 4),  # a character that starts no token
    "id: a\n  holders: 1\n": (2, 10),
    "a:\n  - 1\n  b: 2\n": (3, 3),  # a block collection: its start may be far above
    "a: 'the community's hub'\nb: 1\n": (1, 19),
    "a: &\n": (1, 5),
    "a: |x\n  b\n": (1, 5),
    "%YAML 1.1\n%YAML 1.1\n--- a\n": (2, 1),
}


@pytest.mark.parametrize("text", NOTICED)
def test_otherwise_the_error_is_where_the_parser_noticed_it(parser: str, text: str) -> None:
    line, column, message = where(text)
    assert (line, column) == NOTICED[text]
    assert "not closed" not in message


# A ':' refused after plain text begun on an earlier line: text that starts its line lacks its ':'.
NO_COLON = {
    "m:\n  use-hub community\n  adv: x\n": (2, 3),
    "a:\n  b\n    c: 1\n": (2, 3),
}


@pytest.mark.parametrize("text", NO_COLON)
def test_a_line_without_its_colon_is_reported_on_that_line(parser: str, text: str) -> None:
    line, column, message = where(text)
    assert (line, column) == NO_COLON[text]
    assert message.startswith("the line here has no ':', so it and line 3 read as one key")


# ... text after a key or '-' runs on to a line meant as a key: that line is the place, with why.
RUNS_ON = {
    "id: a\n  holders: 1\n": (2, 10, "line 1, column 5"),
    "description: this is\n  long text: with colon\n": (2, 12, "line 1, column 14"),
    "- a\n  b: c\n": (2, 4, "line 1, column 3"),
}


@pytest.mark.parametrize("text", RUNS_ON)
def test_a_line_continuing_a_value_says_so(parser: str, text: str) -> None:
    line, column, message = where(text)
    assert (line, column) == RUNS_ON[text][:2]
    assert message.startswith("mapping values are not allowed")
    assert message.endswith(
        f": this line continues the text begun at {RUNS_ON[text][2]}, so it cannot hold a key: "
        "indent it less, or quote that text"
    )


def test_a_colon_on_the_line_of_a_value_keeps_the_parsers_words(parser: str) -> None:
    assert where("a: b: c\n")[:2] == (1, 5)
    assert where("a: b: c\n")[2] in (
        "mapping values are not allowed in this context",
        "mapping values are not allowed here",
    )


def test_an_escape_error_in_a_quoted_value_stays_at_the_escape(parser: str) -> None:
    line, column, message = where('a: "x\n  y \\q"\n')
    assert line == 2 and column in (5, 6)  # libyaml marks the backslash, ruamel the letter
    assert "unknown escape character" in message


def test_a_control_character_is_located_at_itself(parser: str) -> None:
    # libyaml counts the reader's offset in UTF-8 bytes, ruamel in characters: the character is found.
    assert where("a: 1\nb: é\x07y\n")[:2] == (2, 5)
    assert where("a: 1\nb: é\x07y\n")[2].startswith("unacceptable character #x0007")


def test_a_tab_in_the_indentation_keeps_its_hint(parser: str) -> None:
    assert where("assignments:\n\tuse-hub: community\n")[2].endswith(TAB_HINT)
    assert TAB_HINT not in where("a: [1, 2\n")[2]


def test_an_error_without_marks_is_still_an_srm001_problem() -> None:
    problem = syntax_problem(ValueError("something odd\nmore"), document=2, text="a: 1\n")
    assert (problem.code, problem.document, problem.message) == ("SRM001", 2, "invalid YAML: something odd")
    assert problem.span == FILE_START
