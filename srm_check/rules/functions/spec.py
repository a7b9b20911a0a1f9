"""What a check function is: its code, its options and the words that document it, as plain data.

Each function of the vocabulary is one module of this package holding all of that. The
schema (`schemas/models/rules.py`) and the docs are built from these specs; checking
uses them without importing pydantic.
"""

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from srm_check.core.span import Span

if TYPE_CHECKING:
    from srm_check.rules.context import RunContext

Outcome = dict[str, Any] | None
"""None when the check passes, else the extra values its message may use; a cross-file
function may add `_related` (the `Location` of the other fact, or None) and
`_related_message` (what that place is, default "first used here")."""

WAIT_KEY = "_wait"


def wait() -> dict[str, Any]:
    """The outcome of a cross-file function that cannot decide until more files are seen."""
    return {WAIT_KEY: True}


def waits(outcome: Outcome) -> bool:
    return outcome is not None and outcome.get(WAIT_KEY) is True


class _Required:
    """The default of an option that a rule must give."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


class Location(NamedTuple):
    """Where a fact judged across the run is: its file (as findings show it) and the span of
    the field tested, flat in one small immutable record. A cross-file function keeps this
    record itself (not a copy, nor a dict of it) for each value it remembers, so what a run
    keeps per agreement stays small; `span` and `line` are what a finding's related place
    (`_related`) and the `first_line` of messages need."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.end_line, self.end_column)

    @classmethod
    def at(cls, path: str, span: Span) -> "Location":
        """The record of a place (made without the NamedTuple's Python-level constructor: the
        engine makes one per fact field judged across the run)."""
        return tuple.__new__(cls, (path, *span))


class Context(NamedTuple):
    """What a function may see besides the value: the fact; for cross-file functions what
    they remember of the run so far (`seen`: what their `memory` made) and where this one
    is (`location`, the same record for every rule of the fact's field); for functions that
    compare with
    another responsibility, the agreement's responsibility facts by id (`peers`) and the
    name of the field tested (`field`); for functions judged across the run, the run's
    context (`run`: the day, git history, whether only some files are checked)."""

    fact: Mapping[str, Any]
    seen: Any = None
    location: Location | None = None
    peers: Mapping[str, dict[str, Any]] | None = None
    field: str | None = None
    run: "RunContext | None" = None


class Option(NamedTuple):
    """One option of a function, as its schema and its documentation need it.

    `annotation` is a type pydantic understands; `constraints` are pydantic `Field`
    keywords (`ge`, `min_length`); `fact_field` marks an option that names a field of
    the rule's facts (the schema gives it the form of a field name).
    """

    name: str
    annotation: Any
    default: Any = REQUIRED
    description: str | None = None
    constraints: Mapping[str, Any] = MappingProxyType({})
    fact_field: bool = False

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


class Options(NamedTuple):
    """The options of a function: the schema model's name (shared by functions with the same
    options) and description, and the options in order."""

    model: str
    fields: tuple[Option, ...] = ()
    doc: str | None = None


NO_OPTIONS = Options("NoOptions", doc="This function takes no options.")


class OptionProblem(NamedTuple):
    """Something wrong with an option that its schema cannot see: the message and the option's key."""

    message: str
    key: str


Run = Callable[[Any, dict[str, Any], Context | None], Outcome]
Settle = Callable[[Any, dict[str, Any], Context, bool], Outcome]
Memory = Callable[[Any], Any]  # given the run's `functions.memory.Store` (which imports this module)
Requirement = Callable[[dict[str, Any]], str]
CheckOptions = Callable[[dict[str, Any], str], list[OptionProblem]]


def no_problems(_options: dict[str, Any], _given: str) -> list[OptionProblem]:
    """For functions whose schema says all there is to say about their options."""
    return []


class CheckFunction(NamedTuple):
    """A check function of the vocabulary and everything said about it.

    `description` is one line for the vocabulary table and the schema; `requirement`
    puts what `then` demands into words ("be at least 3"), given the rule's options;
    `extras` are the message placeholders its failures fill; `check_options` reports
    what is wrong with a rule's options beyond their schema, given the fact kind;
    `peer_option` names the option that holds another responsibility's id, for functions
    that compare with one (the policy checks that its catalogues have it). A cross-file
    function whose `run` may answer `wait()` (it cannot decide before more files are seen)
    has `settle`: asked again after each later file (`final` false: None or `wait()`), and
    once every file is seen (`final` true: None or the failure); `memory` makes, once a run,
    what a cross-file function remembers across it (its `context.seen`), packed in the run's
    `Store` (functions/memory.py); without it, a dict. `reads_fact`
    says whether `run` reads fields of its context's fact beyond the value and the fields
    its `fact_field` options name: the engine then builds every field of the fact for it
    (the safe default); a function that looks only at what it names declares False.
    """

    name: str
    run: Run
    description: str
    requirement: Requirement
    options: Options = NO_OPTIONS
    extras: tuple[str, ...] = ()
    needs_context: bool = False
    cross_file: bool = False
    check_options: CheckOptions = no_problems
    peer_option: str | None = None
    settle: Settle | None = None
    reads_fact: bool = True
    memory: Memory | None = None


def is_number(value: Any) -> bool:
    """Numbers, but not booleans (which Python counts as integers)."""
    return isinstance(value, int | float) and not isinstance(value, bool)
