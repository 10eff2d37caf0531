"""The one digest of the build: SHA-256, as hex. Cache keys, content digests and the
no-change record all use it, so equal inputs always give equal keys."""

from __future__ import annotations

import hashlib


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
