"""Read a YAML file as data: size limit, decoding, parsing, with every problem located.

Never raises for bad content: whatever cannot be read becomes a `Problem` with a finding
code (SRM001-SRM009, SRM013) and a span. Knows nothing about what the documents mean.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from srm_check.core.codes import (
    BINARY_FILE,
    DUPLICATE_KEY,
    EMPTY_FILE,
    ENCODING,
    TOO_DEEP,
    TOO_LARGE,
)
from srm_check.core.limits import MAX_FILE_BYTES as MAX_FILE_BYTES
from srm_check.core.problem import Problem
from srm_check.core.span import Span, escape_pointer_token
from srm_check.source.document import Document, SourceFile
from srm_check.source.events import LimitExceeded, build_documents, event_source
from srm_check.source.files import read_bytes as read_bytes  # where callers have always found it

MAX_DEPTH = 100
MAX_NODES = 200_000
# Agreements per file: a file of many tiny documents costs time per document, not per node.
MAX_DOCUMENTS = 1_000


_UTF8_BOM = b"\xef\xbb\xbf"


def decode_text(data: bytes) -> tuple[str | None, Problem | None]:
    """Decode as UTF-8 (or UTF-16/32 with a BOM, as YAML allows) with a located error."""
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), None
            except UnicodeDecodeError as exc:
                return None, Problem(f"not valid {codec.upper()}: {exc.reason}", code=ENCODING)
    if b"\x00" in data[:8192]:
        return None, Problem("binary file (contains NUL bytes); not YAML", code=BINARY_FILE)
    try:
        # As the "utf-8-sig" codec does, without its Python-level decoder (a third of this).
        return (data[3:] if data.startswith(_UTF8_BOM) else data).decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, utf8_problem(data, exc)


def utf8_problem(data: bytes, exc: UnicodeDecodeError) -> Problem:
    """Where the first byte that is not UTF-8 stands, in lines and characters."""
    skipped = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    start = skipped + exc.start  # exc.start does not count a byte-order mark
    before = data[skipped:start]
    line = before.count(b"\n") + 1
    # Columns count characters, as the YAML parser's do; `before` is valid UTF-8.
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
    byte = data[start : start + 1].hex()
    span = Span(line, column, line, column + 1)
    return Problem(f"not valid UTF-8: byte 0x{byte} at offset {start}", span, code=ENCODING)


def parse_text(
    text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
) -> tuple[list[Document], list[Problem]]:
    """Parse YAML text into documents; problems say what could not be read, with where."""
    problems: list[Problem] = []
    docs: list[Document] = []  # the documents complete before a syntax error are kept
    try:
        build_documents(event_source(text), problems, max_depth, max_nodes, docs, MAX_DOCUMENTS)
    except LimitExceeded as exc:  # hostile input: nothing of the file is used
        return [], [*problems, exc.problem]
    except RecursionError:
        return [], [Problem("nesting too deep to read", code=TOO_DEEP, document=len(docs))]
    except Exception as exc:  # ruamel raises several unrelated error classes
        from srm_check.source.yaml_errors import syntax_problem  # only for a file that fails

        return docs, [*problems, syntax_problem(exc, len(docs), text)]
    return docs, problems


def duplicate_problems(docs: list[Document], judged_elsewhere: Collection[str] = ()) -> list[Problem]:
    """A problem for each repeated key, except in mappings whose repeats the caller judges.

    `judged_elsewhere` holds the pointers of mappings where a repeated key means something
    to a later stage, which reports it in its own words.
    """
    return [
        Problem(
            f"duplicate key {dup.key!r} (first at line {dup.first.line}); the first value is used",
            dup.duplicate,
            code=DUPLICATE_KEY,
            pointer=f"{dup.mapping_pointer}/{escape_pointer_token(dup.key)}",
            document=doc.index,
        )
        for doc in docs
        for dup in doc.duplicates
        if dup.mapping_pointer not in judged_elsewhere
    ]


def parse_source(
    text: str, display: str, *, judged_elsewhere: Collection[str] = (), data: bytes = b""
) -> SourceFile:
    """YAML text as a file named `display`: its documents, and its problems located there."""
    docs, problems = parse_text(text)
    if not problems and not docs:
        problems.append(Problem("file is empty: it holds no YAML document", code=EMPTY_FILE))
    problems += duplicate_problems(docs, judged_elsewhere)
    return SourceFile(display, docs, [p.at(display) for p in problems], data, text)


def load_file(
    path: Path,
    display: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    keep_bytes: bool = False,
    judged_elsewhere: Collection[str] = (),
) -> SourceFile:
    """Read one YAML file; never raises for bad content, only reports problems (in `display`)."""
    data, problem = read_bytes(path, max_bytes)
    if data is None:
        return SourceFile(display, [], [problem.at(display)] if problem else [])
    return load_data(data, display, keep_bytes=keep_bytes, judged_elsewhere=judged_elsewhere)


def load_data(
    data: bytes,
    display: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    keep_bytes: bool = False,
    judged_elsewhere: Collection[str] = (),
) -> SourceFile:
    """A file's bytes read already (standard input, for `check -`) as `load_file` reads a file."""
    if len(data) > max_bytes:
        message = f"input is over the {max_bytes}-byte limit; it was not read"
        return SourceFile(display, [], [Problem(message, code=TOO_LARGE).at(display)])
    text, problem = decode_text(data)
    kept = data if keep_bytes else b""
    if problem is not None or text is None:
        return SourceFile(display, [], [problem.at(display)] if problem else [], kept)
    return parse_source(text, display, judged_elsewhere=judged_elsewhere, data=kept)
