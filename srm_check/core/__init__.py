"""The core types every stage shares: spans, severities, exit codes, problems and findings.

Nothing here imports another part of srm-check, so that every stage can build on it.
"""
