"""Unit tests of srm_check.pipeline (a package, so that module names may repeat across folders)."""
