"""What every rule says about itself, built-in or from a policy: the rule's documentation."""

from typing import TypedDict

from srm_check.core.severity import Severity


class RuleInfo(TypedDict):
    """A rule's id, name, severity and words, as reports, SARIF and the docs show them."""

    id: str
    name: str
    severity: Severity
    title: str
    message: str
    description: str
    help_uri: str
    tags: list[str]
