"""Unit tests of srm_check.policy (a package: test module names may repeat across folders)."""
