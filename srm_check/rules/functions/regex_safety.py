"""How much work a regular expression of a rule can cause: refuse the shapes that backtrack
catastrophically, and tell which patterns need their input bounded.

Python's `re` backtracks. `^([A-Za-z]+\\s?)+$` takes longer than a minute on 47 characters
(exponential), and `.*a.*a.*b` takes a minute on a few thousand (a polynomial of degree 4,
counting the search's own loop over start positions). A policy is data anyone may write,
so its patterns are checked statically when the policy is loaded, as `validate-policy`
does (no timeout, so the verdict is the same on every machine):

- a repetition whose body can match the same text in more than one way (a nested
  quantifier without a separator, an alternation whose branches can start alike) is refused;
- `degree` counts the unbounded repetitions that can trade the same characters one after
  another (and the search's own loop, unless the pattern is anchored with `^` or `\\A`):
  degree 2 or more (cubic time or worse) is refused; degree 1 (quadratic) is allowed on
  text of bounded length (see pattern.py).

The character sets are compared on a sample of characters: all of ASCII, the characters the
pattern names, and a few of each Unicode class. The check errs on the side of refusing: a
pattern it refuses can always be rewritten (an atomic group, a separator, an anchor).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

try:  # Python 3.11+
    from re import _constants as sre  # type: ignore[attr-defined,unused-ignore]
    from re import _parser as sre_parse  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef,unused-ignore]
    import sre_parse  # type: ignore[no-redef,unused-ignore]

# Representatives of character classes beyond ASCII: space, letters, digits, symbols.
_SAMPLES = (0xA0, 0xE9, 0x3A9, 0x663, 0x2003, 0x2028, 0x20AC, 0x4E00, 0x1F600)
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_ATOMIC = getattr(sre, "ATOMIC_GROUP", None)
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_LINEBREAK": r"\n",
    "CATEGORY_NOT_LINEBREAK": r"[^\n]",
}


class Verdict(NamedTuple):
    """What the check found: why the pattern is refused (None: accepted), and its degree."""

    refused: str | None
    degree: int


def _unbounded(maximum: int) -> bool:
    return bool(maximum >= sre.MAXREPEAT)


class _Chars:
    """Character sets as frozensets of sample code points, for one pattern."""

    def __init__(self, parsed: Any) -> None:
        self.state = parsed.state
        self.flags: int = parsed.state.flags
        points = set(range(128)) | set(_SAMPLES)
        for value in _literals(parsed):
            points.update(_case_variants(value))
        self.universe = frozenset(points)
        self._categories: dict[str, frozenset[int]] = {}

    def category(self, name: str) -> frozenset[int]:
        if name not in self._categories:
            regex = re.compile(_CATEGORIES.get(name, "."), self.flags & (re.ASCII | re.UNICODE))
            self._categories[name] = frozenset(p for p in self.universe if regex.fullmatch(chr(p)))
        return self._categories[name]

    def literal(self, value: int) -> frozenset[int]:
        if self.flags & re.IGNORECASE:
            return frozenset(_case_variants(value)) & self.universe
        return frozenset({value})

    def of_set(self, items: list[tuple[Any, Any]]) -> frozenset[int]:
        """The characters an `IN` set matches."""
        chosen: set[int] = set()
        negate = False
        for op, av in items:
            if op is sre.NEGATE:
                negate = True
            elif op is sre.LITERAL:
                chosen |= self.literal(av)
            elif op is sre.CATEGORY:
                chosen |= self.category(str(av))
            elif op in (sre.RANGE, getattr(sre, "RANGE_UNI_IGNORE", sre.RANGE)):
                low, high = av
                chosen |= {p for p in self.universe if any(low <= v <= high for v in _case_variants(p))}
        return self.universe - chosen if negate else frozenset(chosen)

    def of(self, items: Iterable[tuple[Any, Any]]) -> frozenset[int]:
        """Every character a sequence of nodes can consume."""
        out: set[int] = set()
        for op, av in items:
            if op is sre.LITERAL:
                out |= self.literal(av)
            elif op is sre.NOT_LITERAL:
                out |= self.universe - self.literal(av)
            elif op is sre.ANY or op is sre.GROUPREF:
                return self.universe
            elif op is sre.IN:
                out |= self.of_set(av)
            else:
                for sub in _children(op, av):
                    out |= self.of(sub)
        return frozenset(out)

    def first(self, items: list[tuple[Any, Any]]) -> frozenset[int]:
        """The characters a sequence can start with (parts that may match nothing are passed)."""
        out: set[int] = set()
        for op, av in items:
            if op in _REPEATS:
                out |= self.first(av[2])
            elif op is sre.SUBPATTERN or op is sre.BRANCH or (_ATOMIC is not None and op is _ATOMIC):
                for sub in _children(op, av):
                    out |= self.first(sub)
            elif op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
                out |= self.of([(op, av)])
            if _width(self, [(op, av)])[0] > 0:
                break
        return frozenset(out)


def _case_variants(value: int) -> set[int]:
    char = chr(value)
    return {ord(c) for c in (char, char.lower(), char.upper()) if len(c) == 1}


def _children(op: Any, av: Any) -> list[list[tuple[Any, Any]]]:
    """The sub-sequences of a node."""
    if op in _REPEATS:
        return [av[2]]
    if op is sre.SUBPATTERN:
        return [av[-1]]
    if op is sre.BRANCH:
        return list(av[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    if _ATOMIC is not None and op is _ATOMIC:
        return [av]
    return []


def _literals(items: Iterable[tuple[Any, Any]]) -> Iterable[int]:
    for op, av in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            yield av
        elif op is sre.IN:
            for inner_op, inner in av:
                if inner_op is sre.LITERAL:
                    yield inner
                elif inner_op is not sre.CATEGORY and isinstance(inner, tuple):
                    yield from (inner[0], inner[1], (inner[0] + inner[1]) // 2)
        for sub in _children(op, av):
            yield from _literals(sub)


def _width(chars: _Chars, items: list[tuple[Any, Any]]) -> tuple[int, int]:
    """The shortest and longest text a sequence matches (the longest capped at MAXREPEAT)."""
    low, high = sre_parse.SubPattern(chars.state, items).getwidth()
    return int(low), int(high)


def _flatten(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A sequence with its plain groups opened (their nodes are part of the sequence)."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op is sre.SUBPATTERN:
            out.extend(_flatten(av[-1]))
        else:
            out.append((op, av))
    return out


def _ambiguous_body(chars: _Chars, body: list[tuple[Any, Any]]) -> bool:
    """Whether a repeated body can match the same text in several ways: it may match nothing,
    or it holds a part of variable length that can take a character of every other part it
    must match (so that part can swallow a whole repetition, or give one up)."""
    nodes = [(node, _width(chars, [node])) for node in _flatten(body)]
    if _width(chars, body)[0] == 0:
        return True
    for index, (node, (low, high)) in enumerate(nodes):
        if low == high or _deterministic(node):
            continue
        taken = chars.of([node])
        others = [other for i, (other, (other_low, _)) in enumerate(nodes) if i != index and other_low > 0]
        if all(taken & chars.of([other]) for other in others):
            return True
    return False


def _deterministic(node: tuple[Any, Any]) -> bool:
    """Atomic groups and possessive repetitions never give back what they matched."""
    op = node[0]
    return (_ATOMIC is not None and op is _ATOMIC) or op is getattr(sre, "POSSESSIVE_REPEAT", None)


def _overlapping_branch(chars: _Chars, items: list[tuple[Any, Any]]) -> bool:
    """Whether an alternation inside a repetition has two branches that can start alike."""
    for op, av in items:
        if op is sre.BRANCH:
            firsts = [chars.first(branch) for branch in av[1]]
            for i, one in enumerate(firsts):
                if any(one & other for other in firsts[i + 1 :]):
                    return True
        if op not in _REPEATS and any(_overlapping_branch(chars, sub) for sub in _children(op, av)):
            return True
    return False


def _exponential(chars: _Chars, items: list[tuple[Any, Any]]) -> str | None:
    """The first repetition that can backtrack exponentially, described; None if there is none."""
    for op, av in items:
        if op in _REPEATS and av[1] > 1 and not _deterministic((op, av)):
            body = av[2]
            if _ambiguous_body(chars, body):
                return "a repeated group can match the same text in several ways (a nested quantifier)"
            if _overlapping_branch(chars, body):
                return "a repeated alternation has branches that can start with the same character"
        for sub in _children(op, av):
            found = _exponential(chars, sub)
            if found is not None:
                return found
    return None


# A repetition with a larger maximum trades characters as an unbounded one does.
_SMALL_REPEAT = 16
# A repetition of a group holding long repetitions is unrolled up to this many times.
_UNROLL = 3


def _long(maximum: int) -> bool:
    return _unbounded(maximum) or maximum > _SMALL_REPEAT


def _has_long(items: list[tuple[Any, Any]]) -> bool:
    """Whether a sequence holds a long repetition (or a backreference) anywhere."""
    for op, av in items:
        if op is sre.GROUPREF or (op in _REPEATS and _long(av[1])):
            return True
        if any(_has_long(sub) for sub in _children(op, av)):
            return True
    return False


class _Runs:
    """Long repetitions still open at a point of a sequence: for each, the characters it takes
    (it is closed by a part that must match and that it cannot take), and the degree of the
    chain it ends. `search`: where the search's own loop can restart (the
    pattern's first characters, None when it is anchored); it is never narrowed."""

    def __init__(self, runs: list[tuple[frozenset[int], int]], search: frozenset[int] | None) -> None:
        self.runs = runs
        self.search = search
        self.degree = max((level for _, level in self.runs), default=0)

    def copy(self) -> _Runs:
        copied = _Runs(list(self.runs), self.search)
        copied.degree = self.degree
        return copied

    def repeat(self, taken: frozenset[int], *, mandatory: bool) -> None:
        """A long repetition: it trades characters with each open run it shares some with (and
        with the search's loop), and if it must match at least once, earlier runs can only
        trade across it what it takes."""
        levels = [lvl for shared, lvl in self.runs if shared & taken]
        if self.search is not None and self.search & taken:
            levels.append(0)
        level = 1 + max(levels, default=-1)
        if mandatory:
            self.through(taken)
        self.runs.append((taken, level))
        self.degree = max(self.degree, level)

    def through(self, taken: frozenset[int]) -> None:
        """A part that must be matched: a run can trade across it only if it could also take
        what that part takes (the text traded may be several characters: a run keeps its set)."""
        self.runs = [(shared, level) for shared, level in self.runs if shared & taken]


def _degree(chars: _Chars, items: list[tuple[Any, Any]], runs: _Runs) -> _Runs:
    for node in items:
        op, av = node
        if _deterministic(node):
            runs = _atomic(chars, node, runs)
        elif op is sre.SUBPATTERN:
            runs = _degree(chars, av[-1], runs)
        elif op is sre.BRANCH or op is sre.GROUPREF_EXISTS:
            runs = _branches(chars, _children(op, av), runs)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            inner = _degree(chars, av[1], runs.copy())
            runs.degree = max(runs.degree, inner.degree)
        elif op in _REPEATS:
            runs = _repeat(chars, node, runs)
        elif op is sre.GROUPREF:
            runs.repeat(chars.universe, mandatory=False)
        elif op is not sre.AT and _width(chars, [node])[0] > 0:
            runs.through(chars.of([node]))
    return runs


def _atomic(chars: _Chars, node: tuple[Any, Any], runs: _Runs) -> _Runs:
    """An atomic group or possessive repetition: what opens inside it is never given back, so
    only what came before can trade with it."""
    op, av = node
    inner = _repeat(chars, node, runs.copy()) if op in _REPEATS else _degree(chars, av, runs.copy())
    after = runs.copy()
    if _width(chars, [node])[0] > 0:
        after.through(chars.of([node]))
    after.degree = max(after.degree, inner.degree)
    return after


def _branches(chars: _Chars, branches: list[list[tuple[Any, Any]]], runs: _Runs) -> _Runs:
    """After an alternation: the runs open after any branch, and the worst degree of them."""
    ends = [_degree(chars, branch, runs.copy()) for branch in branches]
    merged = _Runs([run for end in ends for run in end.runs], runs.search)
    merged.degree = max([runs.degree, *(end.degree for end in ends)])
    return merged


def _repeat(chars: _Chars, node: tuple[Any, Any], runs: _Runs) -> _Runs:
    """A repetition: of short parts, it is one part (long: a run); of a group holding long
    repetitions, it is unrolled (twice at most when long: one repetition's runs meeting the
    next's is what costs)."""
    low, high, body = node[1]
    if not _has_long(body):
        if _long(high):
            runs.repeat(chars.of([node]), mandatory=low > 0)
        elif low > 0:
            runs.through(chars.of([node]))
        return runs
    if not _long(high) and high <= _UNROLL:
        for _ in range(low):
            runs = _degree(chars, body, runs)
        for _ in range(high - low):
            runs = _branches(chars, [body, []], runs)
        return runs
    # Long: the repetition as a whole is a run against what came before (its level is taken
    # before its own repetitions are followed, which are inside it), and twice its body.
    whole = runs.copy()
    whole.repeat(chars.of([node]), mandatory=low > 0)
    for index in range(2):
        runs = _degree(chars, body, runs) if index < low else _branches(chars, [body, []], runs)
    runs.runs.append(whole.runs[-1])
    runs.degree = max(runs.degree, whole.degree)
    return runs


def _anchored(items: list[tuple[Any, Any]], flags: int) -> bool:
    if not items:
        return False
    op, av = items[0]
    if op is sre.AT:
        return av is sre.AT_BEGINNING_STRING or (av is sre.AT_BEGINNING and not flags & re.MULTILINE)
    if op is sre.SUBPATTERN:
        return _anchored(av[-1], flags)
    return False


def judge(pattern: str) -> Verdict:
    """Whether `pattern` (valid for `re`) is refused, and its degree (see the module docstring)."""
    parsed = sre_parse.parse(pattern)
    chars = _Chars(parsed)
    items = list(parsed)
    exponential = _exponential(chars, items)
    if exponential is not None:
        return Verdict(f"{exponential}: it can take exponential time", 0)
    search = None if _anchored(items, chars.flags) else chars.first(items)
    degree = _degree(chars, items, _Runs([], search)).degree
    if degree >= 2:
        return Verdict(
            f"{degree + 1} repetitions (counting the search's own loop unless the pattern starts "
            f"with ^) can trade the same characters one after another: it can take time growing "
            f"as the text's length to the power {degree + 1}",
            degree,
        )
    return Verdict(None, degree)
