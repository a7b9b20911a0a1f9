"""Waivers: accept a known finding for a stated reason, by a named owner, until a date.

Written in the waivers file (`file`) or as comments in agreements (`inline`); applied
to a run's findings, with findings about the waivers themselves (`apply`).
"""
