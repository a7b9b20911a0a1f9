"""The one located-problem type, and the one error type that carries problems to the user.

A problem is something wrong with an input file (a policy, a configuration, a waivers
file, a YAML document), located by path, span and JSON pointer. Loaders return problems;
when an input cannot be used at all they raise `SrmError`, which commands turn into
located messages and exit code 2.
"""

from collections.abc import Sequence
from typing import Literal

from srm_check.core.span import FILE_START, Span
from srm_check.core.tuples import NamedTuple

# The path of a problem that comes from the command line (or the lack of one), not from a file.
COMMAND_LINE = "command line"

# What could not be used: decides how a command reports it (see commands/common.py).
ErrorKind = Literal["policy", "config", "waivers", "paths", "baseline", "usage"]


class Problem(NamedTuple):
    """Something wrong with an input, located; `code` is a finding code (SRM0xx) when it has one."""

    message: str
    span: Span = FILE_START
    path: str = ""
    code: str = ""
    pointer: str = ""
    document: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.span.line}:{self.span.column}: {self.message}"

    def said(self) -> str:
        """`message [SRMxxx]`: the message with its stable id, as every output shows a problem
        that stops a run (the id only when it has one)."""
        return f"{self.message} [{self.code}]" if self.code else self.message

    def located(self) -> str:
        """`path:line:column: message [SRMxxx]`: the one form of such a problem on a terminal."""
        return f"{self.path}:{self.span.line}:{self.span.column}: {self.said()}"

    def at(self, path: str) -> "Problem":
        """The same problem, in file `path`."""
        return self._replace(path=path)


class SrmError(Exception):
    """An input cannot be used; `summary` says so in one line, `problems` say where."""

    def __init__(self, kind: ErrorKind, summary: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__("\n".join(str(p) for p in problems) or summary)
        self.kind: ErrorKind = kind
        self.summary = summary
        self.problems = list(problems)
