"""Text from data, written into Markdown so that it reads as itself: one function for every
Markdown that srm-check writes (the job summary of `check`, the Markdown report).

GitHub renders Markdown with cmark-gfm: tables, strikethrough (`~~`), math (`$`), raw HTML,
entities (`&amp;`) and "extended autolinks" that turn bare `https://...` and `www.` into
links. Text from agreements must become none of these, so `markdown_text` escapes every
character that could start one and breaks the autolink patterns; `markdown_code` writes a
code span that holds any text, backticks included. Both are safe inside a table cell and
show control characters visibly (core.text.visible). E-mail addresses are the one pattern
cmark-gfm still links (as `mailto:`), whatever the escaping; they run nothing.
"""

from __future__ import annotations

import functools
import re

from srm_check.core.text import visible

# Characters that start inline Markdown or HTML wherever they stand (`|` ends a table cell,
# `$` starts math on GitHub), escaped with a backslash; `!` needs the `[` that follows it,
# which is escaped. `#` matters only where it could open or close a heading: first, or in a
# run at the end after a space.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_HEADING = re.compile(r"^#(?=[#\s])|(?<=\s)#(?=#*\s*$)")
# What GFM turns into a link without any markup: a scheme's `:` before `//` (https://...),
# the schemes it links without `//`, and `www.`. Escaping the `:` or `.` breaks the pattern.
_AUTOLINK = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*)(:)(?=//)|\b(mailto|xmpp)(:)|\b(www)(\.)")
_BREAKS = re.compile(r"[ \t]*\n[ \t]*")
_RUN = re.compile(r"`+")


def _unlink(match: re.Match[str]) -> str:
    head = match.group(1) or match.group(3) or match.group(5)
    mark = match.group(2) or match.group(4) or match.group(6)
    return f"{head}\\{mark}"


@functools.lru_cache(maxsize=8192)
def markdown_text(text: str) -> str:
    """Text as it reads, in Markdown prose or a table cell: one line, nothing rendered.

    A line feed becomes a space, as Markdown would render it inside a paragraph; other
    control characters are shown escaped. Cached: names and ids repeat in every row.
    """
    flat = _SPECIAL.sub(r"\\\1", visible(_BREAKS.sub(" ", text)))
    return _AUTOLINK.sub(_unlink, _HEADING.sub(r"\\#", flat))


def markdown_code(text: str) -> str:
    """An inline code span holding `text` exactly (backticks too), safe in a table cell.

    The fence is one backtick longer than the longest run inside; a space pads content that
    starts or ends with a backtick. In a table, `|` is written `\\|`, which GFM reads as `|`
    even inside code.
    """
    flat = visible(_BREAKS.sub(" ", text)).replace("|", "\\|")
    if not flat:
        return ""
    longest = max((len(run) for run in _RUN.findall(flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith(("`", " ")) or flat.endswith(("`", " ")) else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
