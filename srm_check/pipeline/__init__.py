"""The pipeline: from settings and files to a run's result, the same for every command.

`document.check_source` checks one file (each document through `check_document`);
`workers` runs it over many files; `run` resolves settings, policy, rule selection,
waivers and baselines around it. Knows nothing of the command line or output formats.
"""
