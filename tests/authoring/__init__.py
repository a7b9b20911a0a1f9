"""Unit tests of srm_check.authoring (a package: test module names may repeat across folders)."""
