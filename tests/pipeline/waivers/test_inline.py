"""pipeline/waivers/inline.py: `# srm-check: waive ...` comments read from an agreement's text."""

from __future__ import annotations

from datetime import date

import pytest

from srm_check.core.codes import INLINE_WAIVER_FORBIDDEN, INLINE_WAIVER_INVALID
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.pipeline.waivers.inline import MAX_INLINE_WAIVERS, InlineWaivers, parse_inline
from srm_check.pipeline.waivers.model import Waiver
from srm_check.source.document import text_spans
from srm_check.source.reader import parse_text

RULES = InlineWaivers({"SRM201": "SRM201", "deviation-cost-note": "SRM201", "SRM101": "SRM101"}, frozenset())
FIELDS = 'owner=ana@example.org expires=2026-06-30 reason="pays for storage"'
PATH = "agreements/pilot.yaml"


def test_a_trailing_comment_waives_its_own_line() -> None:
    line = f"  manage-data: community  # srm-check: waive SRM201 {FIELDS} ticket=FIN-7"
    text = f"assignments:\n{line}\n  use-hub: community\n"
    (waiver,), problems = parse_inline(text, PATH, RULES)
    assert problems == []
    assert (waiver.rule, waiver.owner, waiver.expires, waiver.reason, waiver.ticket) == (
        "SRM201",
        "ana@example.org",
        date(2026, 6, 30),
        "pays for storage",
        "FIN-7",
    )
    assert (waiver.path, waiver.agreement) == (PATH, PATH)
    assert (waiver.responsibility, waiver.pointer) == (None, None)
    column = line.index("#") + 1
    assert waiver.span == Span(2, column, 2, len(line) + 1)
    assert waiver.target_line == 2


def test_a_comment_on_its_own_line_waives_the_next_line_that_is_not_a_comment() -> None:
    text = (
        "assignments:\n"
        f"  # srm-check: waive deviation-cost-note {FIELDS}\n"  # line 2, by the rule's name
        "  manage-data: community\n"
        f"  # srm-check: waive SRM101 {FIELDS}\n"  # line 4: a blank and a comment line follow
        "\n"
        "  # a note\n"
        "  use-hub: 2i2c\n"
    )
    first, second = parse_inline(text, PATH, RULES)[0]
    assert (first.rule, first.span.line, first.target_line) == ("SRM201", 2, 3)
    assert (second.rule, second.span.line, second.target_line) == ("SRM101", 4, 7)


def test_a_comment_with_nothing_after_it_is_about_its_own_line() -> None:
    (waiver,), _ = parse_inline(f"a: 1\n# srm-check: waive SRM201 {FIELDS}\n\n", PATH, RULES)
    assert waiver.target_line == 2


def test_text_without_the_marker_or_with_it_outside_a_comment_waives_nothing() -> None:
    assert parse_inline("a: 1  # a comment\n", PATH, RULES) == ([], [])
    assert parse_inline("description: 'srm-check: waive SRM201'\n", PATH, RULES) == ([], [])


def _problem(text: str, settings: InlineWaivers = RULES) -> tuple[str, str, Span]:
    waivers, (problem,) = parse_inline(text, PATH, settings)
    assert waivers == []
    assert problem.severity is Severity.error and problem.path == PATH
    return problem.rule_id, problem.message, problem.span


def test_malformed_waivers_are_srm024_at_the_comment() -> None:
    assert _problem('a: 1\nb: 2   # srm-check: waive SRM201 reason="open\n') == (
        INLINE_WAIVER_INVALID,
        "inline waiver: No closing quotation",
        Span(2, 8, 2, 9),
    )
    assert _problem("# srm-check: ignore SRM201\n") == (
        INLINE_WAIVER_INVALID,
        "inline waiver: expected `# srm-check: waive RULE owner=... expires=... reason=...`",
        Span(1, 1, 1, 2),
    )
    assert _problem("# srm-check: waive\n")[1].startswith("inline waiver: expected ")


def test_every_mistake_of_a_waiver_is_named_in_one_finding() -> None:
    code, message, span = _problem("x: 1 # srm-check: waive SRM999 colour=red loose owner=ana\n")
    assert (code, span) == (INLINE_WAIVER_INVALID, Span(1, 6, 1, 7))
    assert message == (
        "inline waiver: unknown rule 'SRM999'; unknown field(s) colour, loose; "
        "missing expires, reason; it waives nothing"
    )
    bad_date = _problem('# srm-check: waive SRM201 owner=a expires=2026-02-30 reason="r r"\n')[1]
    assert bad_date == (
        "inline waiver: 'expires' '2026-02-30' is not a real date written YYYY-MM-DD; it waives nothing"
    )
    blank = _problem('# srm-check: waive SRM201 owner=" " expires=2026-01-01 reason=x\n')[1]
    assert blank == "inline waiver: missing owner; it waives nothing"


def test_forbidden_rules_are_srm025_and_star_forbids_every_rule() -> None:
    text = f"a: 1\n  b: 2  # srm-check: waive deviation-cost-note {FIELDS}\n"
    forbidden = InlineWaivers(RULES.rules, frozenset({"SRM201"}))
    assert _problem(text, forbidden) == (
        INLINE_WAIVER_FORBIDDEN,
        "inline waivers are not allowed for SRM201 (forbid-inline-waivers); waive it in the waivers file",
        Span(2, 9, 2, 10),
    )
    other = InlineWaivers(RULES.rules, frozenset({"SRM101"}))
    assert len(parse_inline(text, PATH, other)[0]) == 1
    every = InlineWaivers(RULES.rules, frozenset({"*"}))
    assert _problem(text, every)[0] == INLINE_WAIVER_FORBIDDEN
    # A malformed waiver is malformed first, forbidden or not.
    assert _problem("# srm-check: waive SRM201 owner=a\n", every)[0] == INLINE_WAIVER_INVALID


def test_waivers_and_problems_come_in_line_order() -> None:
    text = (
        f"a: 1  # srm-check: waive SRM101 {FIELDS}\n"
        "b: 2  # srm-check: nonsense\n"
        f"c: 3  # srm-check: waive SRM201 {FIELDS}\n"
        "d: 4  # srm-check: waive\n"
    )
    waivers, problems = parse_inline(text, PATH, RULES)
    assert [w.span.line for w in waivers] == [1, 3]
    assert [p.span.line for p in problems] == [2, 4]


def _parsed(text: str) -> tuple[list[Waiver], list[Finding]]:
    """parse_inline as check_source calls it: with the spans of text scalars holding a '#'."""
    docs, problems = parse_text(text)
    spans = [span for doc in docs for span in text_spans(doc, "#")]
    stopped = [p.span.line for p in problems if p.document >= len(docs)]
    return parse_inline(text, PATH, RULES, text_spans=spans, until_line=min(stopped, default=None))


@pytest.mark.parametrize(
    "text",
    [
        f"description: \"write '# srm-check: waive SRM201 {FIELDS.replace(chr(34), '')}' in the doc\"\n",
        f"description: '# srm-check: waive SRM201 {FIELDS.replace(chr(34), '')}'\n",
        f"description: |\n  # srm-check: waive SRM201 {FIELDS}\n  more text\n",
        f"key#srm-check: waive SRM201 {FIELDS}\n",  # no space before '#': part of the scalar
        '"# srm-check: waive SRM201 a=b": value\n',  # a key
        # after a syntax error (line 2), text cannot be told from comments
        'a: [\n}\nc: "# srm-check: waive SRM201 owner=a expires=2026-06-30 reason=x"\n',
    ],
    ids=["double-quoted", "single-quoted", "block", "plain", "key", "after-error"],
)
def test_the_marker_inside_text_is_neither_a_waiver_nor_srm024(text: str) -> None:
    assert _parsed(text) == ([], [])


def test_a_real_comment_after_text_that_mentions_the_marker_is_read() -> None:
    text = f"description: \"see '# srm-check: waive'\"  # srm-check: waive SRM201 {FIELDS}\n"
    (waiver,), problems = _parsed(text)
    assert problems == [] and waiver.span.column == text.index("  #") + 3


def test_a_comment_inside_a_multi_line_flow_value_is_read() -> None:
    text = f"parties: [\n  a,  # srm-check: waive SRM201 {FIELDS}\n  b]\n"
    (waiver,), problems = _parsed(text)
    assert problems == [] and waiver.target_line == 2


def test_each_comment_finds_its_line_in_one_pass() -> None:
    """Many comments on their own lines each waive the next content line (computed once)."""
    comment = f"# srm-check: waive SRM201 {FIELDS}\n"
    text = "assignments:\n" + comment * 3 + "  a: x\n" + comment + "\n  b: y\n" + comment
    waivers, problems = parse_inline(text, PATH, RULES)
    assert problems == []
    assert [w.target_line for w in waivers] == [5, 5, 5, 8, 9]


def test_past_the_limit_one_finding_says_the_rest_waive_nothing() -> None:
    comment = f"# srm-check: waive SRM201 {FIELDS}\n"
    waivers, problems = parse_inline("a: 1\n" + comment * (MAX_INLINE_WAIVERS + 5), PATH, RULES)
    assert len(waivers) == MAX_INLINE_WAIVERS
    assert [(p.rule_id, p.span.line) for p in problems] == [(INLINE_WAIVER_INVALID, MAX_INLINE_WAIVERS + 2)]
    assert problems[0].message == (
        f"more than {MAX_INLINE_WAIVERS} inline waivers in this file; this one and the ones after it "
        "waive nothing (move them to the waivers file)"
    )
