"""`different_from`: a responsibility's field is different from another responsibility's (null passes)."""

from __future__ import annotations

from srm_check.rules.functions.relation import OPTIONS, PEER_OPTION, check_options, comparison, requirement
from srm_check.rules.functions.spec import CheckFunction

FUNCTION = CheckFunction(
    name="different_from",
    run=comparison(same=False),
    description="Differs from the same field (or `field`) of another responsibility, `responsibility`.",
    requirement=requirement("different from"),
    options=OPTIONS,
    extras=("other", "other_value"),
    needs_context=True,
    check_options=check_options,
    peer_option=PEER_OPTION,
    reads_fact=False,
)
