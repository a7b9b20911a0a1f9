"""`same_as`: a responsibility's field is the same as another responsibility's (null passes)."""

from __future__ import annotations

from srm_check.rules.functions.relation import OPTIONS, PEER_OPTION, check_options, comparison, requirement
from srm_check.rules.functions.spec import CheckFunction

FUNCTION = CheckFunction(
    name="same_as",
    run=comparison(same=True),
    description="Equals the same field (or `field`) of another responsibility, `responsibility`.",
    requirement=requirement("the same as"),
    options=OPTIONS,
    extras=("other", "other_value"),
    needs_context=True,
    check_options=check_options,
    peer_option=PEER_OPTION,
    reads_fact=False,
)
