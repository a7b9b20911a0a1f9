"""Deep validation of policy folders, for `srm-check validate-policy` (it may be slow).

`load_policy` already checks what every run needs (schemas, repeated ids, undeclared
default parties, unknown fact fields and message placeholders). This adds what a run
cannot afford or does not need: validation with the pydantic models themselves (the
formats' definition, a second opinion on the compiled schemas: `models`), whether a
catalogue's boundary agrees with its default parties (`boundary`), `where` conditions
that name a responsibility or default party no catalogue has, so the rule never applies
(`conditions`), and the test files: their format, the rules they name, the fixture files
they need (`cases`). `policy` runs them all.
"""

from __future__ import annotations

from srm_check.authoring.validate.policy import PolicyReport, validate_policy

__all__ = ["PolicyReport", "validate_policy"]
