"""`srm-check fix`: safe edits of agreement files, each described in the rule it answers.

What to fix comes from the same per-document check as `check` (findings of the rules whose
data carries a `fix` description); each edit replaces only the lines of the entry it
fixes, rendered by ruamel.yaml's round-trip mode, so every other line stays byte for byte.
"""
