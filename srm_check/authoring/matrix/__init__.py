"""Responsibility matrices in spreadsheets: `srm-check import` and `srm-check export`.

A spreadsheet (CSV or XLSX) is read into sheets of plain text cells, each with where it
stands (`file:line:column` or `file:Sheet!B4`), within numbered limits; a table in it is
matched to a catalogue and turned into agreements; agreements are written back as a matrix.
"""
