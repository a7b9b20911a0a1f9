"""Generate the shipped JSON Schemas from the models: `python -m srm_check.authoring.schemas`.

This sits above `rules/` because the rule file's model is built from the rule vocabulary
(check functions and their options, `where` operators, fact kinds), which `rules/`
defines; `schemas/models/rules.py` takes that vocabulary as arguments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from srm_check.core.output import write_text
from srm_check.rules.conditions import OPERATORS
from srm_check.rules.facts import KINDS as FACT_KINDS
from srm_check.rules.functions import FUNCTIONS
from srm_check.schemas import KINDS
from srm_check.schemas.models.agreement import Agreement
from srm_check.schemas.models.catalogue import Catalogue
from srm_check.schemas.models.config import Config, WaiverFile
from srm_check.schemas.models.policytest import PolicyTestFile
from srm_check.schemas.models.rules import RuleModels, build_rule_models

RULE_MODELS: RuleModels = build_rule_models(FUNCTIONS.values(), OPERATORS.values(), FACT_KINDS)
RuleFile = RULE_MODELS.file
"""The rule file's model, in the vocabulary of `rules/`: what `validate-policy` validates with."""

MODELS: dict[str, type[BaseModel]] = {
    "agreement": Agreement,
    "catalogue": Catalogue,
    "rules": RuleFile,
    "policytest": PolicyTestFile,
    "config": Config,
    "waivers": WaiverFile,
}


def generate(kind: str) -> dict[str, Any]:
    """Build the schema of `kind` from its model."""
    schema = MODELS[kind].model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render(kind: str) -> str:
    """The schema of `kind` as the text we ship: sorted keys, two-space indent."""
    return json.dumps(generate(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(directory: Path) -> list[Path]:
    """Write every shipped schema into `directory`; returns the files written."""
    written = []
    for kind in KINDS:
        path = directory / f"{kind}.schema.json"
        write_text(render(kind), path)
        written.append(path)
    return written


def main() -> None:
    import srm_check.schemas

    for path in write_all(Path(srm_check.schemas.__file__).parent):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
