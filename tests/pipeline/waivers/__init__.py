"""Unit tests of srm_check.pipeline.waivers (a package, so that module names may repeat across folders)."""
