"""core/digest.py: the caches' blake2b, without hashlib, is hashlib's."""

from __future__ import annotations

import hashlib

from srm_check.core.digest import blake2b


def test_blake2b_gives_hashlibs_digests() -> None:
    for data, size in ((b"", 16), (b"agreement: a\n", 20), (bytes(range(256)) * 40, 32), (b"x", 2)):
        expected = hashlib.blake2b(data, digest_size=size).hexdigest()
        assert blake2b(data, digest_size=size).hexdigest() == expected
