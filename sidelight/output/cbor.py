"""The small part of CBOR (RFC 8949) that Pagefind's index files use: integers, byte and
text strings, arrays, maps, booleans and null, all definite-length and shortest-form.

`searchindex` needs it to put Pagefind's filter files into a stable order (Pagefind 1.5.2
writes them in hash-map order, so two builds of the same site differ). Encoding is the
shortest form, as Pagefind's own encoder (minicbor) writes, so an untouched value
round-trips to the same bytes; `decode` refuses anything outside this subset rather than
guessing, so a future Pagefind format change fails loudly instead of corrupting the index.
"""

from __future__ import annotations

_SIMPLE = {20: False, 21: True, 22: None}


class CBORError(ValueError):
    pass


def decode(data: bytes):
    """The one value `data` holds; trailing bytes are an error."""
    value, end = _item(data, 0)
    if end != len(data):
        raise CBORError(f"{len(data) - end} bytes after the value")
    return value


def encode(value) -> bytes:
    if value is None or isinstance(value, bool):
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise CBORError(f"cannot encode {type(value).__name__}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | extra]) + n.to_bytes(size, "big")
    raise CBORError(f"integer too large: {n}")


def _argument(data: bytes, pos: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head)."""
    if pos >= len(data):
        raise CBORError("truncated")
    major, info = data[pos] >> 5, data[pos] & 31
    if info < 24:
        return major, info, pos + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None or pos + 1 + size > len(data):
        raise CBORError(f"unsupported or truncated head at byte {pos}")
    return major, int.from_bytes(data[pos + 1 : pos + 1 + size], "big"), pos + 1 + size


def _item(data: bytes, pos: int):
    major, n, pos = _argument(data, pos)
    if major == 0:
        return n, pos
    if major == 1:
        return -1 - n, pos
    if major in (2, 3):
        raw = data[pos : pos + n]
        if len(raw) != n:
            raise CBORError("truncated string")
        return (raw if major == 2 else raw.decode("utf-8")), pos + n
    if major == 4:
        items = []
        for _ in range(n):
            item, pos = _item(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, pos = _item(data, pos)
            mapping[key], pos = _item(data, pos)
        return mapping, pos
    if major == 7 and n in _SIMPLE:
        return _SIMPLE[n], pos
    raise CBORError(f"unsupported CBOR item (major type {major}) at byte {pos}")
