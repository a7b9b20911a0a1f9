"""Limits on what a run reads, here rather than in the reader, so that the cache and the
workers can name them without loading the YAML parser (a run served by the cache parses nothing)."""

MAX_FILE_BYTES = 5 * 1024 * 1024
