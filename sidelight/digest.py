"""SHA-256 as hex: the digest of content and of what stages compute from it (cache keys of
documents and claims, page outputs, the search index's key), so equal inputs always give
equal keys. The caches' own bookkeeping (`build/tracking`, `build/cachefile`) hashes
streams with hashlib directly."""

from __future__ import annotations

import hashlib


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
