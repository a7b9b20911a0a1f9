"""Unit tests of srm_check.authoring.validate (a package: test module names may repeat across folders)."""
