"""Unit tests of srm_check.formats (a package: test module names may repeat across folders)."""
