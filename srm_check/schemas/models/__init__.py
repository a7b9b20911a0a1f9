"""Pydantic models of every file srm-check reads: the single definition of each format.

The JSON Schemas in `srm_check/schemas/` are generated from them (`python -m
srm_check.authoring.schemas`); at check time those schemas are applied by `schemas/validator.py`,
so that checking does not pay pydantic's import and model-building cost on every commit.
`srm-check validate-policy` and the tests validate with the models themselves.
"""
