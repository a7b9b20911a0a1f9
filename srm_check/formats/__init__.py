"""Output formats: each is one module with a `Writer` and `render(result, options) -> str`,
listed in FORMATS.

A writer is made at the start of a run (from what is known then: the rules, --fail-on,
the repository root), is given each file's result as the file is checked (`file`), and
writes the rest once the run is over (`finish`), so that a run of 100,000 files is written
as it goes rather than held in memory; `render` is the same writer over a whole result.
Every format takes the same FormatOptions, so a command passes its flags to all of them
alike and never special-cases one. Formats are imported only when used, so that adding
one costs nothing at start-up: a new format is one module and one line in FORMATS.
"""

import importlib
from typing import TYPE_CHECKING, Any, Protocol

from srm_check.core.tuples import NamedTuple

if TYPE_CHECKING:
    from srm_check.pipeline.results import FileResult, RunResult


# The SARIF category of a run unless --sarif-category names another (automationDetails.id "srm-check/").
SARIF_CATEGORY = "srm-check"


class FormatOptions(NamedTuple):
    """What the command line can say about an output; each format reads the fields it knows."""

    color: bool = False  # ANSI colours (text only, and only on a terminal)
    junit_file_attribute: bool = False  # JUnit: a `file` attribute on each test case, for GitLab
    quiet: bool = False  # text: the findings only, no summary (-q)
    sarif_category: str = SARIF_CATEGORY  # SARIF: the analysis' category (automationDetails.id)


DEFAULT_OPTIONS = FormatOptions()


class Formatter(Protocol):
    def __call__(self, result: "RunResult", options: FormatOptions = ..., /) -> str: ...


class Sink(Protocol):
    """Where a writer's text goes: a file being written, standard output, or a string."""

    def write(self, text: str, /) -> object: ...


class Writer(Protocol):
    """One output of a run, written as the run goes."""

    def file(self, result: "FileResult", /) -> None:
        """A file's final result, in order (the waivers file's last)."""

    def finish(self, run: "RunResult", /) -> None:
        """The run is over: write what depends on all of it."""


class WriterClass(Protocol):
    def __call__(self, head: "RunResult", options: FormatOptions, out: Sink, /) -> Writer: ...


def rendered(writer: WriterClass, result: "RunResult", options: FormatOptions) -> str:
    """A whole result through a format's writer, as text (what each format's `render` returns)."""
    import io

    out = io.StringIO()
    made = writer(result, options, out)
    for file in result.files:
        made.file(file)
    made.finish(result)
    return out.getvalue()


# name -> module holding its `render`; imported on first use.
FORMATS: dict[str, str] = {
    "text": "srm_check.formats.text",
    "json": "srm_check.formats.json_format",
    "sarif": "srm_check.formats.sarif",
    "junit": "srm_check.formats.junit",
    "github": "srm_check.formats.github",
    "summary": "srm_check.formats.summary",
}

# Formats that are files for another program, never mixed into a terminal's output.
FILE_ONLY: frozenset[str] = frozenset({"junit"})
# Formats that record policy problems (a run that checked nothing) as a valid document.
RECORDS_PROBLEMS: frozenset[str] = frozenset({"sarif", "junit", "github", "summary"})


def _module(name: str) -> Any:
    if name not in FORMATS:
        from srm_check.core.problem import SrmError

        raise SrmError("usage", f"unknown format {name!r} (choose from: {', '.join(FORMATS)})")
    return importlib.import_module(FORMATS[name])


def get_formatter(name: str) -> Formatter:
    """The `render` function of format `name`; an unknown name is a usage error."""
    render: Formatter = _module(name).render
    return render


def get_writer(name: str) -> WriterClass:
    """The `Writer` of format `name`; an unknown name is a usage error."""
    writer: WriterClass = _module(name).Writer
    return writer
