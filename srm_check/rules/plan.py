"""Rules compiled for the engine: per catalogue, per fact kind, the fields to read and the tests.

A rule reads a few fields of its facts: those its `where` and `then` name (and, for a
function that reads the whole fact, every field). A kind's plan reads only the fields its
rules read, and decides each fact with one call (`KindPlan.outcomes`). Facts that read the
same values get the same verdicts, so verdicts are remembered by those values (a bounded
memo: agreements repeat the same entries over and over); a rule that compares with other
responsibilities of the agreement (`of`, `same_as`) is decided for each fact afresh. A
finding's message, place and related places are built only for the facts that fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from srm_check.rules.blocks import Blocks, Key, Replay, block_key
from srm_check.rules.compiled import run_fields_named
from srm_check.rules.conditions import OF, Test, condition_test
from srm_check.rules.facts import FIELDS, GETTERS, RUN_FIELDS, RUN_INPUTS, SUBJECTS
from srm_check.rules.functions import FUNCTIONS, CheckFunction, Context
from srm_check.rules.messages import PLACEHOLDER
from srm_check.rules.scope import ASSIGNMENT_KINDS
from srm_check.schemas.records import RuleRecord

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData

Peers = dict[str, dict[str, Any]]
"""The responsibility facts of one agreement, by responsibility id."""
Failures = list[tuple["Compiled", dict[str, Any]]]
"""The rules that failed on one fact, each with its function's outcome."""

# Verdicts remembered per kind before the memo starts afresh (memory stays bounded).
MEMO_LIMIT = 4096


def across(rule: RuleRecord) -> bool:
    """Whether a rule is judged across the run: it compares files, or names fields of the run."""
    return FUNCTIONS[rule["then"]["function"]].cross_file or bool(run_fields_named(rule))


def split(rules: Iterable[RuleRecord]) -> tuple[list[RuleRecord], list[RuleRecord]]:
    """The rules judged one agreement at a time, and those judged across the run (they compare
    agreements, or name fields of the run: a file's own result never depends on the day)."""
    selected = list(rules)
    return [r for r in selected if not across(r)], [r for r in selected if across(r)]


def _file_fields(given: str, names: Iterable[str]) -> tuple[str, ...]:
    """The fields of the file that `names` read: a field of the run stands for those it is
    computed from (`RUN_INPUTS`); a name that is no field is left out."""
    fields, run, inputs = FIELDS[given], RUN_FIELDS[given], RUN_INPUTS[given]
    out: list[str] = []
    for name in names:
        if name in run:
            out += inputs.get(name, ())
        elif name in fields:
            out.append(name)
    return tuple(dict.fromkeys(out))


def _conjunction(tests: list[Test]) -> Test | None:
    """One test for all of `where` (None: no condition), without a generator per fact."""
    if not tests:
        return None
    combined = tests[0]
    for test in tests[1:]:
        combined = (lambda first, then: lambda values: first(values) and then(values))(combined, test)
    return combined


def _named_fields(function: CheckFunction, options: dict[str, Any]) -> list[str]:
    """The fact fields a rule's options name (`after`'s `field`)."""
    return [options[o.name] for o in function.options.fields if o.fact_field and options.get(o.name)]


class Compiled:
    """A rule ready to run: its function and options, its `where` tests on the fact's own fields
    (`accept`; those on fields of the run apart, in `accept_run`) and on other responsibilities'
    fields (`peer_tests`), and the fields it reads."""

    __slots__ = (
        "accept",
        "accept_run",
        "carried",
        "conditional",
        "field",
        "function",
        "needs_context",
        "options",
        "peer_tests",
        "reads",
        "rule",
        "run",
        "run_fields",
        "shown",
        "tested",
    )

    def __init__(self, rule: RuleRecord) -> None:
        self.rule = rule
        self.field: str = rule["then"]["field"]
        self.function: CheckFunction = FUNCTIONS[rule["then"]["function"]]
        self.run = self.function.run
        self.needs_context = self.function.needs_context
        self.options: dict[str, Any] = rule["then"].get("options") or {}
        self.run_fields = run_fields_named(rule)
        own = [c for c in rule["where"] if not c.get(OF)]
        self.accept = _conjunction([condition_test(c) for c in own if c["field"] not in self.run_fields])
        self.accept_run = _conjunction([condition_test(c) for c in own if c["field"] in self.run_fields])
        # The fields `accept` tests (a fact across the run carries more only when they hold).
        self.tested: tuple[str, ...] = tuple(
            dict.fromkeys(c["field"] for c in own if c["field"] not in self.run_fields)
        )
        self.peer_tests: list[tuple[str, Test]] = [
            (c[OF], condition_test(c)) for c in rule["where"] if c.get(OF)
        ]
        # Whether `applies` can say no (else a fact across the run skips it, and what it tests).
        self.conditional = any((self.accept, self.peer_tests))
        fields = FIELDS[rule["given"]]
        if self.function.needs_context and self.function.reads_fact:
            reads = list(fields)
        else:
            reads = [c["field"] for c in own] + [self.field] + _named_fields(self.function, self.options)
        self.reads: tuple[str, ...] = _file_fields(rule["given"], reads)
        # What a pending fact carries to the judgement across the run: what the rule reads, and
        # the fields its message names (for fields of the run, those they are computed from).
        named = _file_fields(rule["given"], PLACEHOLDER.findall(rule["message"]))
        self.carried: tuple[str, ...] = tuple(dict.fromkeys([*self.reads, *named]))
        # What a finding shows of the fact: its field's value and the fields its message names.
        self.shown = tuple(dict.fromkeys([self.field, *PLACEHOLDER.findall(rule["message"])]))

    @property
    def needs_peers(self) -> bool:
        return bool(self.peer_tests) or self.function.peer_option is not None

    def applies(self, values: dict[str, Any], peers: Peers) -> bool:
        """Whether every `where` condition holds."""
        if self.accept is not None and not self.accept(values):
            return False
        return not self.peer_tests or self.peers_hold(peers)

    def peers_hold(self, peers: Peers) -> bool:
        """Whether the conditions on other responsibilities hold; one the catalogue lacks does not."""
        for other, test in self.peer_tests:
            peer = peers.get(other)
            if peer is None or not test(peer):
                return False
        return True

    def verdict(self, values: dict[str, Any], peers: Peers) -> dict[str, Any] | None:
        """The function's outcome on a fact (None: it passes, or `where` leaves it out)."""
        if not self.applies(values, peers):
            return None
        name = self.field
        context = Context(values, peers=peers, field=name) if self.needs_context else None
        return self.run(values.get(name), self.options, context)


def _reader(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """One call that reads some fields of a subject, as a tuple (in C, for any number)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda subject: (one(subject),)
    return lambda subject: ()


_NUMBERS = (bool, int, float)


@cache
def mixed_numbers(subject: type, name: str) -> bool:
    """Whether field `name` may hold numbers of more than one type, going by its annotation.

    1, 1.0 and True are equal (and hash alike), so the memo keys such a field by its type too;
    a field without a usable annotation counts as mixed."""
    import typing

    attribute = getattr(subject, name, None)
    try:
        if isinstance(attribute, property) and attribute.fget is not None:
            hint = typing.get_type_hints(attribute.fget).get("return")
        else:
            hint = typing.get_type_hints(subject).get(name)
    except Exception:  # an annotation that does not resolve: take no chances
        return True
    if hint is None:
        return True
    args = typing.get_args(hint) or (hint,)
    if any(arg is typing.Any or arg is object for arg in args):
        return True
    return sum(1 for kind in _NUMBERS if kind in args) > 1


def _keyer(positions: tuple[int, ...]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]] | None:
    """The memo key of a read: the values, and the types of those at `positions` (None: the
    values alone)."""
    if not positions:
        return None
    if len(positions) == 1:
        (at,) = positions
        return lambda read: (read, type(read[at]))
    return lambda read: (read, *[type(read[at]) for at in positions])


class KindPlan:
    """The rules of one fact kind on agreements of one catalogue, and how to read their facts."""

    __slots__ = (
        "batch",
        "cross",
        "getters",
        "key",
        "local",
        "looked",
        "memo",
        "names",
        "peer_rules",
        "read",
        "remembered",
        "remembering",
        "since",
    )

    def __init__(self, kind: str, local: list[Compiled], cross: list[Compiled]) -> None:
        self.getters = GETTERS[kind]
        self.local = local
        self.cross = cross
        self.remembered = [c for c in local if not c.needs_peers]
        self.peer_rules = [c for c in local if c.needs_peers]
        self.names: tuple[str, ...] = tuple(dict.fromkeys(name for c in local for name in c.reads))
        self.read = _reader(self.names)
        subject = SUBJECTS[kind]
        self.key = _keyer(tuple(i for i, name in enumerate(self.names) if mixed_numbers(subject, name)))
        self.memo: dict[tuple[Any, ...], Failures] = {}
        # Facts looked up (counted a call at a time), at the memo's last fresh start, in this call;
        # and whether verdicts are still remembered (see `_refill`).
        self.looked = self.since = self.batch = 0
        self.remembering = True

    def values(self, subject: Any) -> dict[str, Any]:
        """Every field of a fact, in its kind's order (for messages)."""
        return {name: get(subject) for name, get in self.getters.items()}

    def view(self, subject: Any, names: Iterable[str]) -> dict[str, Any]:
        """Some fields of a fact."""
        getters = self.getters
        return {name: getters[name](subject) for name in names}

    def failures(self, subjects: list[Any], peers: Peers) -> Iterator[tuple[Any, Failures]]:
        """Each subject on which a per-agreement rule of this kind fails, with those rules (in
        rule order). The loop every fact goes through: a read and a memo look-up, mostly."""
        read_of, keyer, remembered = self.read, self.key, self.memo.get
        slow = bool(self.peer_rules)
        self.batch = len(subjects)
        self.looked += self.batch
        for subject in subjects:
            read = read_of(subject)
            # Equal values of other types (1, 1.0, True) must not share a verdict: see `key`.
            key = read if keyer is None else keyer(read)
            try:
                failed = remembered(key)
            except TypeError:  # an unhashable value: decided without the memo
                failed = self.decide(read, peers, None)
            else:
                if failed is None:
                    failed = self.decide(read, peers, key)
            if slow:
                failed = self.with_peers(failed, read, peers)
            if failed:
                yield subject, failed

    def decide(self, read: tuple[Any, ...], peers: Peers, key: tuple[Any, ...] | None) -> Failures:
        """The verdicts of the rules that do not look at other responsibilities; remembered."""
        view = dict(zip(self.names, read, strict=True))
        failed = [(c, out) for c in self.remembered if (out := c.verdict(view, peers)) is not None]
        if key is not None and self.remembering:
            if len(self.memo) >= MEMO_LIMIT:
                self._refill()
            if self.remembering:
                self.memo[key] = failed
        return failed

    def _refill(self) -> None:
        """Start the full memo afresh; or stop remembering, when it filled without a single hit
        (facts that are each unique, such as an agreement's own id and dates, would only cost
        a key each). Every lookup since the last start that added no key was a hit."""
        hits = (self.looked - self.since - self.batch) - len(self.memo)  # at least this many
        self.remembering = hits > 0
        self.memo.clear()
        self.since = self.looked

    def with_peers(self, failed: Failures, read: tuple[Any, ...], peers: Peers) -> Failures:
        """Add the verdicts of the rules that compare with other responsibilities (never remembered)."""
        view = dict(zip(self.names, read, strict=True))
        extra = [(c, out) for c in self.peer_rules if (out := c.verdict(view, peers)) is not None]
        return [*failed, *extra] if extra else failed


class Plan:
    """The rules that run on agreements of one catalogue, at their severity there, by fact kind."""

    __slots__ = ("blocks", "by_kind", "cross_kinds", "kinds", "needs_peers", "other_kinds", "remembers")

    def __init__(self, rules: list[RuleRecord]) -> None:
        local, cross = split(rules)
        grouped: dict[str, tuple[list[Compiled], list[Compiled]]] = {}
        for rule in local:
            grouped.setdefault(rule["given"], ([], []))[0].append(Compiled(rule))
        for rule in cross:
            grouped.setdefault(rule["given"], ([], []))[1].append(Compiled(rule))
        self.by_kind = {kind: KindPlan(kind, *found) for kind, found in grouped.items()}
        every = [c for plan in self.by_kind.values() for c in (*plan.local, *plan.cross)]
        self.needs_peers = any(c.needs_peers for c in every)
        peers = {"responsibility"} if self.needs_peers else set()
        self.kinds = frozenset({*self.by_kind, *peers})
        crossing = {kind for kind, plan in self.by_kind.items() if plan.cross}
        self.cross_kinds: frozenset[str] = frozenset({*crossing, *peers}) if crossing else frozenset()
        # Assignment blocks known to pass (rules/blocks.py); none when a rule on another kind
        # compares with responsibilities (it would need them built) or none is on their kinds.
        self.other_kinds = self.kinds - ASSIGNMENT_KINDS
        elsewhere = [c for c in every if c.rule["given"] not in ASSIGNMENT_KINDS]
        self.remembers = self.other_kinds != self.kinds and not any(c.needs_peers for c in elsewhere)
        self.blocks = Blocks()

    def kinds_for(
        self, data: AgreementData, *, known: bool, cross_only: bool
    ) -> tuple[frozenset[str], Key | None, Replay]:
        """The kinds of fact to build for an agreement, the key of its assignment block to
        remember (None: not to remember), and the findings of a block known before, to replay
        (rules/blocks.py): a known block is not built again."""
        if cross_only:
            return self.cross_kinds, None, ()
        if not (self.remembers and known and data.assignments_usable):
            return self.kinds, None, ()
        block = block_key(data)
        if block is None:
            return self.kinds, None, ()
        replay = self.blocks.get(block)
        if replay is not None:
            return self.other_kinds, None, replay  # known: only its findings are built again
        return self.kinds, block, ()

    def peers(self, subjects: list[Any]) -> Peers:
        """Every responsibility's values by id, for rules that compare with another one."""
        getters = GETTERS["responsibility"]
        out: Peers = {}
        for subject in subjects:
            values = {name: get(subject) for name, get in getters.items()}
            out[values["id"]] = values
        return out
