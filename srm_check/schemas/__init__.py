"""The file formats: their pydantic models, the JSON Schemas generated from them, the validator.

Shipping the generated files (`*.schema.json` here) keeps `srm-check schema` and checking instant;
a test fails when a model changes and the files were not regenerated
(`python -m srm_check.schemas`).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

KINDS = ("agreement", "catalogue", "rules", "policytest", "config", "waivers")


def schema_text(kind: str) -> str:
    """The shipped schema of `kind`, as JSON text."""
    return resources.files(__name__).joinpath(f"{kind}.schema.json").read_text(encoding="utf-8")


def generate(kind: str) -> dict[str, Any]:
    """Build the schema of `kind` from its model."""
    from pydantic import BaseModel

    from srm_check.schemas.models.agreement import Agreement
    from srm_check.schemas.models.catalogue import Catalogue
    from srm_check.schemas.models.config import Config, WaiverFile
    from srm_check.schemas.models.policytest import PolicyTestFile
    from srm_check.schemas.models.rules import RuleFile

    models: dict[str, type[BaseModel]] = {
        "agreement": Agreement,
        "catalogue": Catalogue,
        "rules": RuleFile,
        "policytest": PolicyTestFile,
        "config": Config,
        "waivers": WaiverFile,
    }
    model = models[kind]
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render(kind: str) -> str:
    """The schema of `kind` as the text we ship: sorted keys, two-space indent."""
    return json.dumps(generate(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
