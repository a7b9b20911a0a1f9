"""The file formats: their pydantic models, the JSON Schemas generated from them, the validator.

Shipping the generated files (`*.schema.json` here) keeps `srm-check schema` and checking instant;
a test fails when a model changes and the files were not regenerated
(`python -m srm_check.authoring.schemas`: generation lives there because the rule file's
format takes its vocabulary from `rules/`, a later stage).
"""

from __future__ import annotations

KINDS = ("agreement", "catalogue", "rules", "policytest", "config", "waivers")


def schema_text(kind: str) -> str:
    """The shipped schema of `kind`, as JSON text."""
    from importlib import resources  # imports tempfile and random: only for who reads a schema

    return resources.files(__name__).joinpath(f"{kind}.schema.json").read_text(encoding="utf-8")
