"""A rule's message: its `{field}` placeholders filled in from a finding's values. Apart from
the engine, so that findings on facts judged across the run, and the policy, need no more."""

import re
from typing import Any

# A `{field}` in a rule's message template.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str, values: dict[str, Any]) -> str:
    """Fill {field} placeholders; values print as text, null as 'none'."""

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return "none" if value is None else str(value)

    return PLACEHOLDER.sub(one, template)
