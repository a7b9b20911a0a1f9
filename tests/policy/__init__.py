"""Unit tests of srm_check.policy (a package, so that module names may repeat across folders)."""
