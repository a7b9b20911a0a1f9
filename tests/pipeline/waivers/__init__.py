"""Unit tests of srm_check.pipeline.waivers (a package: test module names may repeat across folders)."""
