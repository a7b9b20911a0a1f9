"""Unit tests of srm_check.source (a package: test module names may repeat across folders)."""
