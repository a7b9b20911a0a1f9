"""Unit tests of srm_check.authoring (a package, so that module names may repeat across folders)."""
