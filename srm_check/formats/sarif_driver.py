"""The `tool.driver` of a SARIF log: srm-check itself, its rules and its notification kinds.

Also GitHub code scanning's limits, which shape what is listed, and the context that the
parts of one log share (repository root, rule indices, notifications found on the way).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from srm_check.core.rule import RuleInfo
from srm_check.core.severity import Severity
from srm_check.core.text import sentence
from srm_check.pipeline.fingerprints import SourceRoot
from srm_check.pipeline.results import RunResult

INFORMATION_URI = "https://github.com/srm-check/srm-check"

_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
# An absolute URI of RFC 3986 characters only; anything else stays out of helpUri.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


@dataclass(frozen=True, slots=True)
class Limits:
    """GitHub code scanning's hard limits on an uploaded SARIF file."""

    results: int = 25_000  # results per run
    tags: int = 20  # tags per rule
    locations: int = 1_000  # locations per result (related locations counted alike)
    gzip_bytes: int = 10 * 1024 * 1024  # the upload, gzip-compressed


GITHUB_LIMITS = Limits()


class NotificationKind(NamedTuple):
    """A notification descriptor (tool.driver.notifications): everything GitHub asks of one."""

    id: str
    name: str  # a friendly name, distinct from the id (SARIF1001), Pascal case (SARIF2012)
    level: str
    short: str
    full: str


# Notification descriptors, referenced by index.
NOTIFICATIONS: tuple[NotificationKind, ...] = (
    NotificationKind(
        "policy-error",
        "PolicyError",
        "error",
        "A policy file has a problem; nothing was checked.",
        "A catalogue or rule file of the policy could not be used, so no agreement was checked. "
        "The notification's location names the file; `srm-check validate-policy` lists every problem.",
    ),
    NotificationKind(
        "file-unreadable",
        "FileUnreadable",
        "error",
        "An agreement file could not be read as YAML; its rules did not run.",
        "The file is not valid YAML, not UTF-8, binary, empty, too large or too deep, so the rules "
        "did not run on it (or on the part after the problem). The result of the same rule id says "
        "where and why; fix the file and run srm-check again.",
    ),
    NotificationKind(
        "output-limit",
        "OutputLimit",
        "warning",
        "A limit of GitHub code scanning was reached; the output was cut.",
        "GitHub code scanning accepts a limited number of results, related locations and tags, and a "
        "limited file size. srm-check cut the output to fit, the lowest severities first; run it with "
        "--format text or json to see every finding.",
    ),
)
_NOTIFICATION_INDEX = {kind.id: i for i, kind in enumerate(NOTIFICATIONS)}


@dataclass(slots=True)
class Context:
    """What the parts of one log share; `notifications` collects what was cut on the way."""

    root: SourceRoot
    limits: Limits
    rule_index: dict[str, int]
    notifications: list[dict[str, Any]] = field(default_factory=list)


def notification(kind: str, level: str, text: str, **extra: Any) -> dict[str, Any]:
    """A toolExecutionNotification of one of the NOTIFICATIONS kinds."""
    return {
        "level": level,
        "message": {"text": sentence(text)},
        **extra,
        "descriptor": {"id": kind, "index": _NOTIFICATION_INDEX[kind]},
    }


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _help(rule: RuleInfo, description: str) -> dict[str, str]:
    """The rule's help as text and Markdown; the link only where the URI is a clean one."""
    rid, name, title, help_uri = rule["id"], rule["name"], rule["title"], rule["help_uri"]
    text = f"{title}\n\n{description}"
    markdown = f"**{title}**\n\n{description}"
    if help_uri:
        text += f"\n\nMore: {help_uri}"
        markdown += f"\n\n[{rid} {name}]({help_uri})" if _URI.match(help_uri) else f"\n\nMore: {help_uri}"
    return {"text": text, "markdown": markdown}


def _tags(rule: RuleInfo, ctx: Context) -> list[str]:
    """The rule's tags, cut to GitHub's limit (with a notification saying so)."""
    tags = _unique(list(rule["tags"]))
    if len(tags) > ctx.limits.tags:
        ctx.notifications.append(
            notification(
                "output-limit",
                "warning",
                f"rule {rule['id']} has {len(tags)} tags; GitHub accepts {ctx.limits.tags}, "
                f"so only the first {ctx.limits.tags} are listed",
            )
        )
        tags = tags[: ctx.limits.tags]
    return tags


def rule_descriptor(rule: RuleInfo, ctx: Context) -> dict[str, Any]:
    """A reportingDescriptor with everything GitHub shows for a rule."""
    description = rule["description"] or rule["title"]
    out: dict[str, Any] = {"id": rule["id"]}
    if rule["name"] and rule["name"] != rule["id"]:  # a name equal to the id is SARIF1001
        out["name"] = rule["name"]
    out["shortDescription"] = {"text": rule["title"]}
    out["fullDescription"] = {"text": description}
    out["help"] = _help(rule, description)
    if _URI.match(rule["help_uri"]):
        out["helpUri"] = rule["help_uri"]
    out["defaultConfiguration"] = {"level": rule["severity"]}
    out["properties"] = {"tags": _tags(rule, ctx)}
    return out


def rules(result: RunResult) -> list[RuleInfo]:
    """The evaluated rules, plus a plain entry for any rule id a finding names but no rule lists."""
    out = list(result.rules)
    known = {r["id"] for r in out}
    for rid in sorted({f.rule_id for f in result.findings} - known):
        out.append(
            {
                "id": rid,
                "name": "",
                "severity": Severity.error,
                "title": f"Rule {rid}, which the policy does not describe",
                "message": "",
                "description": "",
                "help_uri": "",
                "tags": [],
            }
        )
    return out


def driver(result: RunResult, listed: list[RuleInfo], ctx: Context) -> dict[str, Any]:
    """The tool.driver: name, version, the rules `listed` and the notification kinds."""
    out: dict[str, Any] = {"name": "srm-check"}
    if result.tool_version:
        out["version"] = result.tool_version
        if _SEMVER.match(result.tool_version):
            out["semanticVersion"] = result.tool_version
    out["informationUri"] = INFORMATION_URI
    out["rules"] = [rule_descriptor(r, ctx) for r in listed]
    out["notifications"] = [
        {
            "id": kind.id,
            "name": kind.name,
            "shortDescription": {"text": kind.short},
            "fullDescription": {"text": kind.full},
            "help": {"text": kind.full, "markdown": kind.full},
            "defaultConfiguration": {"level": kind.level},
        }
        for kind in NOTIFICATIONS
    ]
    return out
