"""`agreement` facts: one per agreement document, its metadata."""

from __future__ import annotations

from srm_check.rules.agreement import AgreementData
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.facts.fact import Fact

KIND = "agreement"
WORDS = "each agreement"
FIELDS: dict[str, str] = {
    "id": "the agreement's id",
    "community": "the community's name",
    "catalogue": "the catalogue reference as written (id@version)",
    "catalogue_known": "whether that catalogue is in the policy",
    "catalogues": "the catalogues the policy holds, as text",
    "effective": "the effective date as written",
    "end": "the end date as written, or null",
}
# Field -> the top-level key a finding about it points at.
_KEYS = {
    "id": "agreement",
    "catalogue": "catalogue",
    "catalogue_known": "catalogue",
    "effective": "effective",
    "end": "end",
    "community": "community",
}


def agreement_fact(data: AgreementData, catalogues: Catalogues) -> Fact:
    doc = data.document
    catalogue = catalogues.find(data.catalogue) if data.catalogue else None
    values = {
        "id": data.id,
        "community": data.community,
        "catalogue": data.catalogue,
        "catalogue_known": catalogue is not None,
        "catalogues": ", ".join(sorted(catalogues)) or "none",
        "effective": data.effective,
        "end": data.end,
    }
    fields = {name: (f"/{key}", doc.span(f"/{key}")) for name, key in _KEYS.items()}
    return Fact(KIND, values, "", doc.span(""), fields)
