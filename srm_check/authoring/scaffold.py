"""The text of a new agreement for `srm-check init`: every responsibility on its default party.

A responsibility without a default party is written as held by nobody (null), with a comment
that lists the parties to choose from: the agreement fails until someone chooses. A
responsibility shared by design lists the parties its roles require.

The text is written by hand rather than dumped, so that each responsibility can carry
its number and title as a comment (`new_agreement` checks it with the policy's own rules
before anyone sees it).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import date, datetime, timezone

from srm_check.core.dates import parse_date
from srm_check.core.problem import SrmError
from srm_check.rules.catalogue import CatalogueIndex, shared_roles
from srm_check.schemas.records import ResponsibilityRecord
from srm_check.source.scalars import resolve_plain

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._@()'&,/+-]*$")
# Words that YAML 1.1 tools read as booleans or null; quoted so every tool reads text.
_RESERVED = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}


def slugify(name: str) -> str:
    """An agreement id from a community name: ASCII lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100].rstrip("-")


def effective_date(given: str | None, environ: dict[str, str] | None = None) -> str:
    """--effective if given; else the day of SOURCE_DATE_EPOCH (reproducible builds); else today."""
    if given is not None:
        if parse_date(given) is None:
            raise SrmError("usage", f"--effective '{given}' is not a real date written YYYY-MM-DD")
        return given
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat()
        except (ValueError, OverflowError, OSError) as exc:
            raise SrmError("usage", f"SOURCE_DATE_EPOCH '{epoch}' is not a Unix time") from exc
    return date.today().isoformat()


def scalar(text: str) -> str:
    """A YAML scalar that every YAML tool reads back as exactly `text`."""
    plain = (
        _PLAIN.match(text) is not None
        and resolve_plain(text) == text
        and text.lower() not in _RESERVED
        and not text.endswith(" ")
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def render_agreement(
    catalogue: CatalogueIndex,
    *,
    agreement_id: str,
    community: str,
    effective: str,
    schema_ref: str | None,
) -> str:
    """The new agreement's text: metadata, then each responsibility on its default party."""
    model = catalogue.model
    lines = []
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines += [
        f"# The agreement of {_comment(community)}, under {_comment(model['title'])} ({catalogue.ref}).",
        "# Written by `srm-check init` with every responsibility on its default party. To move one,",
        "# change its party and add a cost_note that says what the move does to the cost (SRM201).",
        *(
            ["# Responsibilities without a default party are held by nobody (null) until you name one."]
            if unassigned(catalogue)
            else []
        ),
        f"agreement: {scalar(agreement_id)}",
        f"community: {scalar(community)}",
        f"catalogue: {scalar(catalogue.ref)}",
        f"effective: {scalar(effective)}",
        "assignments:",
    ]
    boundary = model["boundary"]
    begins_at = boundary["begins_at"] if boundary else None
    for resp in model["responsibilities"]:
        if boundary and resp["number"] == begins_at:
            lines.append(f"  # Boundary: {_comment(boundary['statement'])}")
        lines += entry_lines(resp, catalogue)
    return "\n".join(lines) + "\n"


def entry_lines(resp: ResponsibilityRecord, catalogue: CatalogueIndex, indent: str = "  ") -> list[str]:
    """A responsibility on its default party, under a comment with its number and title (also
    what `srm-check fix` adds for a responsibility left out)."""
    lines = [f"{indent}# {resp['number']}. {_comment(resp['title'])}"]
    if resp["default_party"] is None:
        parties = ", ".join(catalogue.party_rank)
        lines.append(f"{indent}# No default party: name the one accountable party ({parties}).")
    lines.append(f"{indent}{scalar(resp['id'])}: {default_value(resp)}")
    return lines


def default_value(resp: ResponsibilityRecord) -> str:
    """The default holder; with the roles a shared responsibility requires, the RACI long form."""
    default, shared = resp["default_party"], resp["shared"]
    holder = "null" if default is None else scalar(default)
    if shared is None:
        return holder
    roles = [
        f"{role}: [{', '.join(scalar(p) for p in listed if p != default)}]"
        for role, listed in shared_roles(shared)
        if [p for p in listed if p != default]
    ]
    return "{" + ", ".join([f"accountable: {holder}", *roles]) + "}"


def unassigned(catalogue: CatalogueIndex) -> int:
    """How many responsibilities a new agreement leaves for its authors to assign (no default)."""
    return sum(1 for resp in catalogue.model["responsibilities"] if resp["default_party"] is None)


# The agreement schema of a release, where every clone of a repository can reach it: the
# installed srm-check's own files lie in each person's environment, at a different path.
SCHEMA_URL = (
    "https://raw.githubusercontent.com/srm-check/srm-check/v{version}/srm_check/schemas/{kind}.schema.json"
)


def schema_reference(version: str, kind: str = "agreement") -> str:
    """The `$schema` that `init` writes: the schema of this release of srm-check, by URL
    (docs/agreements.md says why, and how to use a copy kept in the repository instead)."""
    return SCHEMA_URL.format(version=version, kind=kind)
