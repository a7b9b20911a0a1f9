"""Unit tests of srm_check.authoring.policy_tests (a package: test module names may repeat across folders)."""
