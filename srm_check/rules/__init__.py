"""Rules: reading an agreement into facts, the check vocabulary, and the engine that runs rules.

Knows nothing of where a policy came from (that is `policy/`) nor of files and runs
(`pipeline/`): it evaluates loaded rules over one agreement document at a time.
"""
