"""Where something is in a file: a 1-based span, and JSON pointers to the node it holds."""

from srm_check.core.tuples import NamedTuple


class Span(NamedTuple):
    """A 1-based source region; end_column is exclusive, as SARIF expects."""

    line: int
    column: int
    end_line: int
    end_column: int


FILE_START = Span(1, 1, 1, 1)


def escape_pointer_token(token: str) -> str:
    """Escape a JSON pointer reference token (RFC 6901); most keys need nothing, and are
    returned as they are without a copy (this runs for every key of every file)."""
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


_ESCAPED_LIMIT = 4096


class _Escaped(dict[str, str]):
    """Keys and their escaped tokens: files repeat the same keys (each responsibility id), and a
    repeat is a look-up in C (`ESCAPED[key]`), not a Python call. Keys up to 64 characters are
    kept, at most `_ESCAPED_LIMIT` (then it starts afresh)."""

    def __missing__(self, token: str) -> str:
        escaped = escape_pointer_token(token)
        if len(token) <= 64:
            if len(self) >= _ESCAPED_LIMIT:
                self.clear()
            self[token] = escaped
        return escaped


ESCAPED = _Escaped()


def unescape_pointer_token(token: str) -> str:
    """Undo `escape_pointer_token`."""
    return token.replace("~1", "/").replace("~0", "~")
