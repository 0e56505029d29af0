"""Digests of the code behind cached results: a new release never serves what an older one cached."""
import hashlib
from collections.abc import Iterable
from pathlib import Path


def source_digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
