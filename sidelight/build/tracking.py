"""What a rendered page read from the model, and digests that tell whether that changed.

An incremental build may skip rendering a page only if everything the page could have
looked at is unchanged. Rather than declaring each page's dependencies by hand (a list
that silently rots as templates change), we record them: while one page renders, every
attribute read on a model record (a claim, source, outlet, topic, page, passage or term)
and on the `Site` itself is noted. Rendering is a pure function of the page's context
and of those reads, so equal digests mean equal output.

Records are named by stable keys (`claim:x`, `term:stances:reports`) so the reads of
one build can be compared with the model of the next.
"""
from __future__ import annotations

import dataclasses
import hashlib
import types
from contextlib import contextmanager

from sidelight.model.records import Claim, Outlet, Page, Passage, Site, Source, Term, Topic

_KEYED = (Claim, Source, Outlet, Topic, Page, Passage)
# Small records read as a whole: what a page shows of a passage or a term is nearly all of
# it, and one key instead of one a field cuts the reads to keep by about a third.
WHOLE = (Passage, Term)
SHORT = 64  # a shape longer than this is replaced by its digest
_SCALARS = frozenset({int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_reads: set | None = None
_read_keys: dict[int, tuple[object, dict[str, str]]] = {}
FIELD = "@"  # `claim:x@summary`: one field of a record; ids never hold it (see schema/)


def record_of(key: str) -> str:
    """The record a read key belongs to: `claim:x` for `claim:x@summary`."""
    return key.partition(FIELD)[0]


def key_of(record) -> str:
    """`claim:x`, `term:stances:reports`: stable across builds, unique within one."""
    ident = object.__getattribute__(record, "id")
    if type(record) is Term:  # isinstance would read __class__ through the hook
        return f"term:{object.__getattribute__(record, 'kind')}:{ident}"
    return f"{type(record).__name__.lower()}:{ident}"


def _record_read(self, name):
    """Note `claim:x@summary` for a field, so a page that only sorts claims by date is not
    made again when a summary changes; any other attribute (a method, a property) counts
    as reading the whole record; Python's own (`__class__`) as reading nothing."""
    if _reads is not None and name != "id":  # a record's key names its id: reading it says nothing new
        known = _read_keys.get(id(self))
        keys = known[1] if known is not None and known[0] is self else read_keys(self)
        key = keys.get(name)
        if key is None and not name.startswith("__"):
            key = keys[""]
        if key is not None:
            _reads.add(key)
    return object.__getattribute__(self, name)


def read_keys(record) -> dict[str, str]:
    """What reading each field of `record` notes, "" for the whole record; worked out once
    per record and build (a read is the hottest path of rendering), keeping the record
    alive so that its id is not reused."""
    key = key_of(record)
    whole = type(record) in WHOLE
    keys = {name: key if whole else f"{key}{FIELD}{name}" for name in type(record).__dataclass_fields__}
    keys[""] = key
    _read_keys[id(record)] = (record, keys)
    return keys


def _site_read(self, name):
    if _reads is not None and name in Site.__dataclass_fields__:
        _reads.add(f"site:{name}")
    return object.__getattribute__(self, name)


@contextmanager
def recording():
    """Note every model read made inside the block; yields the set of keys read."""
    global _reads
    if _reads is not None:
        raise RuntimeError("recording() does not nest")
    _reads = reads = set()
    for cls in _KEYED + (Term,):
        cls.__getattribute__ = _record_read
    Site.__getattribute__ = _site_read
    try:
        yield reads
    finally:
        for cls in _KEYED + (Term, Site):
            del cls.__getattribute__
        _reads = None


def field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, looked up once per class (`dataclasses.fields` is slow)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def is_keyed(value) -> bool:
    return isinstance(value, _KEYED + (Term,))


def shape(value, deep) -> str:
    """A canonical text of a value. Keyed records appear as `deep(record)`: their key
    alone (what a collection holds) or key plus digest (what a context shows)."""
    return Shaper(deep)(value)


class Shaper:
    """`shape`, remembering what it has shaped: pages' contexts share much (the template
    globals, the claims an index lists), and each is walked once per build."""

    def __init__(self, deep):
        self.deep, self.seen = deep, {}

    def __call__(self, value) -> str:
        kind = type(value)
        if kind is str:
            return f"s{len(value)}:{value}"
        if kind in _SCALARS:
            return f"{kind.__name__}:{value!r}"
        hit = self.seen.get(id(value))
        if hit is None or hit[0] is not value:
            shaped = self.compute(value)
            if len(shaped) > SHORT:  # a container's text is copied into each one holding it: pass its digest
                shaped = "#" + digest(shaped)
            hit = self.seen[id(value)] = (value, shaped)  # the value is kept, so its id is not reused
        return hit[1]

    def compute(self, value) -> str:
        if is_keyed(value):
            return self.deep(value)
        if isinstance(value, Site):
            return "Site"  # what is read of it is recorded, see `recording`
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            inner = ",".join(f"{name}={self(getattr(value, name))}" for name in field_names(type(value)))
            return f"{type(value).__name__}({inner})"
        if isinstance(value, dict):
            return "{" + ",".join(f"{self(k)}:{self(v)}" for k, v in value.items()) + "}"
        if isinstance(value, (tuple, list)):
            return type(value).__name__ + "[" + ",".join(self(v) for v in value) + "]"
        if isinstance(value, (set, frozenset)):  # iteration order varies between runs
            return "set[" + ",".join(sorted(self(v) for v in value)) + "]"
        return self.code(value) or f"{type(value).__name__}:{value!r}"

    def code(self, value) -> str | None:
        """Functions handed to templates (filters, globals) by what they compute from: their
        code, defaults and captured values."""
        if isinstance(value, type):
            return f"type:{value.__module__}.{value.__qualname__}"
        if isinstance(value, types.MethodType):
            return f"method:{value.__func__.__qualname__}<{self(value.__self__)}>"
        if isinstance(value, types.FunctionType):
            cells = tuple(c.cell_contents for c in value.__closure__ or () if c.cell_contents is not value)
            return (f"fn:{value.__module__}.{value.__qualname__}:{code_digest(value.__code__)}"
                    f"({self(value.__defaults__)};{self(cells)})")
        if isinstance(value, types.BuiltinFunctionType):
            return f"builtin:{value.__module__}.{value.__qualname__}"
        return None


def code_digest(code: types.CodeType) -> str:
    """A function's code, stable across runs (nested code objects are digested, not repr'd)."""
    consts = [code_digest(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts]
    return digest(code.co_code.hex() + repr(consts) + repr(code.co_names))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class ModelDigests:
    """Digests of one build's model, computed on demand and remembered."""

    def __init__(self, site: Site):
        _read_keys.clear()  # a new build's model: the last one's records may be gone
        self.site, self.memo = site, {}
        self.records = {key_of(r): r for r in self._all_records()}
        self.contexts, self.collections = Shaper(self.deep), Shaper(key_of)

    def _all_records(self):
        s = self.site
        yield from (*s.claims.values(), *s.sources.values(), *s.outlets.values(), *s.topics.values(), *s.pages.values())
        yield from (p for ps in s.by_source.values() for p in ps)
        v = s.vocabulary
        yield from (*v.ratings, *v.stances, *v.frames, *v.devices)

    def of_key(self, key: str) -> str | None:
        """The digest of whatever `key` names in this build; None if it no longer exists."""
        if key not in self.memo:
            if key.startswith("site:"):
                self.memo[key] = digest(self.collections(getattr(self.site, key[5:], None)))
            else:
                self.memo[key] = self.of_record(key)
        return self.memo[key]

    def all_records(self) -> dict[str, str]:
        """The digest of every record and of every collection of the site, by name: what
        changed since the last build is told apart from what did not in one pass, so only
        the entries that read something changed have their reads digested again."""
        names = [*self.records, *(f"site:{name}" for name in Site.__dataclass_fields__)]
        return {name: self.of_key(name) for name in names}

    def of_record(self, key: str) -> str | None:
        """A whole record's digest, or one field's (`claim:x@summary`)."""
        name, _, attribute = key.partition(FIELD)
        record = self.records.get(name)
        if record is None or (attribute and attribute not in type(record).__dataclass_fields__):
            return None
        return digest(repr(object.__getattribute__(record, attribute) if attribute else record))

    def deep(self, record) -> str:
        return f"{key_of(record)}#{self.of_key(key_of(record))}"

    def of_context(self, context) -> str:
        """A page's context, with the records it holds digested in full."""
        return digest(self.contexts(context))

    def of_reads(self, keys: list[str]) -> str:
        """The digest of what `keys` (sorted) name now. Only their digests are joined: the
        same list of keys is digested again at the next build, so the keys add nothing."""
        memo = self.memo
        return digest(";".join(str(memo[k] if k in memo else self.of_key(k)) for k in keys))
