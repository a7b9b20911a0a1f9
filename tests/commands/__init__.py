"""Unit tests of srm_check.pipeline (a package: test module names may repeat across folders)."""
