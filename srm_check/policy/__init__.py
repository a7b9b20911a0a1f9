"""Policies: loading and combining catalogues and rule files from policy folders.

Every problem in a policy file is reported with that file's path and line, and stops
the run (exit code 2): checking agreements against a broken policy would give answers
nobody should trust.
"""
