"""Content hashes for the caches (blake2b), without importing hashlib: hashlib loads OpenSSL's
libcrypto when imported (about 1.5% of a check served by the result cache), and blake2b is
built into CPython. Hashes that outputs show (sha256) still come from hashlib, where used."""

try:
    from _blake2 import blake2b
except ImportError:  # a Python without the built-in module
    from hashlib import blake2b

__all__ = ["blake2b"]
