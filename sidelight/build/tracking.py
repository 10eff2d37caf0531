"""What a rendered page read from the model, and digests that tell whether that changed.

A page is rendered from its context, the `Site` and the template globals, and nothing
else; its context is built by a page builder from the `Site` alone. The builder too is
given a watched view of the site (`SiteView`), so a group of pages whose builder's reads
did not change need not even be built (see incremental's `PageReuse`); its contexts then
hold the builder's views, which are digested as what they wrap (`KeyedPickler`) and
which a template reads through views of its own (`watch`). An incremental build may keep
a page if its context, the site and the globals are unchanged; rather than declaring by
hand which parts of them a template shows (a list that silently rots as templates
change), the template is given *watched* views of its context and of the site (`watch`):
each field it reads of a model record (a claim, source, outlet, topic, page, passage or
term) and each collection of the `Site` it reaches is noted, by a stable key.
Invariants that make "incremental equals clean" hold:
- everything in a context but the records' contents is digested (`ModelDigests.of_context`);
  records appear there by key, and what a template learns of a record it learns through
  a view, which notes the field it reads;
- a record's field is returned as it is: its digest (`repr`) covers everything inside it;
  except a field holding keyed records (`NESTING_FIELDS`): returned watched, digested with
  those records by key, each noted when reached (a part compared, hashed or printed notes
  every record it holds: `PartView._whole`);
- a collection of the site is noted by the keys it holds, and its records are watched;
  `site.settings` and `site.vocabulary` are small and digested whole;
- a method of the site, reached through a view, runs on the view: what it reads is noted;
- nothing is patched: the model's classes are never changed, views wrap values instead.

Records are named by stable keys (`claim:x`, `term:stances:reports`) so the reads of
one build can be compared with the model of the next.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
import types
from collections.abc import Callable, Iterator
from itertools import repeat
from operator import itemgetter

from markupsafe import Markup

from sidelight.model.records import Claim, Claimant, Outlet, Page, Passage, Person, Site, Source, Term, Topic

KEYED = (Claim, Source, Outlet, Claimant, Person, Topic, Page, Passage, Term)
# Small records read as a whole: what a page shows of a passage or a term is nearly all of
# it, and one key instead of one a field keeps the reads to remember a third shorter.
WHOLE = (Passage, Term)
WHOLE_SITE_FIELDS = frozenset({"settings", "vocabulary"})  # small, read by every page: digested whole
# Properties every list of claims reads, and the fields they are computed from: reading one
# notes those fields, not the whole record (which would re-render each list on any edit).
PROPERTY_FIELDS = {(Claim, "rated"): ("kind",), (Claim, "claimant_ids"): ("claimant", "speaker")}
# Fields holding keyed records (a claim's coverage and drift hold passages): returned
# watched, so a reader reaching a passage through them notes it (`passage:x`), and digested
# with those records by key (`field_text`). A sentence added to an article changes the
# `suffix` of a passage ending near it, and so the claims quoting it: the pages that read
# their coverage for its outlets, fidelities and stances (the matrix, every outlet page,
# the home page) are kept, those that show the passage are not.
NESTING_FIELDS = frozenset({(Claim, "coverage"), (Claim, "drift")})
SHORT = 64  # a shape longer than this is replaced by its digest
_SCALARS = frozenset({int, float, bool, type(None)})
_AS_IS = frozenset({str, Markup, *_SCALARS})  # shown as they are (see `wrapper_for`)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_WRAPPERS: dict[type, Callable | None] = {}  # see `watch`
_read_keys: dict[int, tuple[object, dict[str, str]]] = {}  # see `read_keys`
_PREFIXES = {kind: f"{kind.__name__.lower()}:" for kind in KEYED}
FIELD = "@"  # `claim:x@summary`: one field of a record; ids never hold it (see schema/)


def record_of(key: str) -> str:
    """The record a read key belongs to: `claim:x` for `claim:x@summary`."""
    return key.partition(FIELD)[0]


def key_of(record) -> str:
    """`claim:x`, `term:stances:reports`: stable across builds, unique within one."""
    kind = type(record)
    if kind is Term:
        return f"term:{record.kind}:{record.id}"
    return _PREFIXES[kind] + record.id


def is_keyed(value) -> bool:
    return isinstance(value, KEYED)


def watch(value, reads: set[str]):
    """`value` as a template may see it, noting in `reads` what it reads of the model:
    records, the site, and the containers and context parts that hold them are wrapped;
    anything else (text, numbers, markup) needs no watching and is returned as it is.
    Which wrapper a type gets is worked out once per type (a build watches millions of
    values, of a few dozen types)."""
    kind = type(value)
    try:
        wrap = _WRAPPERS[kind]
    except KeyError:
        wrap = _WRAPPERS[kind] = wrapper_for(kind)
    return value if wrap is None else wrap(value, reads)


def wrapper_for(kind: type) -> Callable | None:
    """The view a value of type `kind` is watched through; None: it is shown as it is."""
    if kind is str or kind in _SCALARS:
        return None
    if kind in _VIEW_TYPES:  # made by a page builder, which read through views of its own
        return rewatched
    if kind is Passage:
        return passage_view()
    if issubclass(kind, WHOLE):
        return read_whole
    if issubclass(kind, KEYED):
        return view_class(RecordView, kind)
    if kind is Site:
        return SiteView
    if issubclass(kind, (tuple, list)):
        return SequenceView
    if issubclass(kind, dict):
        return MappingView
    if dataclasses.is_dataclass(kind):
        return view_class(PartView, kind)
    return None


def read_whole(record, reads: set[str]):
    """A small record (`WHOLE`) is noted as read once it is reached, and shown as it is:
    what a page shows of a passage or a term is nearly all of it, and a page that reaches
    one without reading it (rare) is only made again when it need not have been."""
    reads.add(key_of(record))
    return record


def passage_view() -> type:
    """The view of a passage: read whole (any field notes `passage:x`), but for its id
    (named by its key) and its claim (`passage:x@claim`), which is all a list of claims
    citing an article or a link to a passage reads: a sentence added to an article changes
    the `suffix` of a passage ending near it, and those pages stay as they are. It passes
    for a `Passage` (`isinstance`, `dataclasses.replace`, which builds a plain one of the
    fields it reads), as a page builder may take it for one."""
    posing = {"__class__": property(lambda _: Passage), "__dataclass_fields__": Passage.__dataclass_fields__}
    return view_class(RecordView, Passage, posing)


def view_class(base: type[RecordView] | type[PartView], kind: type, extra: dict | None = None) -> type:
    """`base` (RecordView or PartView) for values of one dataclass `kind`, each field a
    property (`base._field`): a property is found at once, where `__getattr__` is called
    only after Python has looked for the name everywhere else, several times slower on
    the hottest path of rendering. Anything else (a method, a property of `kind`) still
    goes through `base.__getattr__`. `extra`: more of the view's class namespace."""
    fields = {name: base._field(name, kind) for name in field_names(kind) if not hasattr(base, name)}
    view = type(f"{kind.__name__}{base.__name__}", (base,), {"__slots__": (), **fields, **(extra or {})})
    _VIEW_TYPES.add(view)
    if base is RecordView:
        _RECORD_VIEWS.add(view)
    return view


def rewatched(view: View, reads: set[str]) -> View:
    """A builder's view, seen by a template: the same view if it notes into `reads`."""
    return view if view._reads is reads else view._rewatched(reads)


def unwatched(value):
    """The value a view wraps (or `value` itself)."""
    return value._value if isinstance(value, View) else value


class View:
    """A watched value: compares, hashes and prints as the value it wraps."""

    __slots__ = ("_value", "_reads")

    def __init__(self, value, reads: set[str]):
        self._value, self._reads = value, reads

    def _rewatched(self, reads: set[str]) -> View:
        """The same value, noting into `reads`."""
        return type(self)(self._value, reads)

    def _whole(self) -> None:
        """Note that the whole value was used (compared, printed, hashed)."""

    def __eq__(self, other) -> bool:
        self._whole()
        if isinstance(other, View):
            other._whole()
        return self._value == unwatched(other)

    def __hash__(self) -> int:
        self._whole()
        return hash(self._value)

    def __str__(self) -> str:
        self._whole()
        return str(self._value)

    def __repr__(self) -> str:
        self._whole()
        return repr(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


class RecordView(View):
    """A model record: reading a field notes `claim:x@field` (`term:kind:id` for a record
    read whole); a method or property notes the whole record. What each field's read
    notes is worked out once per record and build (`read_keys`); a view of one record
    type has each field as a property (`view_class`)."""

    __slots__ = ("_keys",)

    def __init__(self, value, reads: set[str], keys: dict[str, str] | None = None):
        self._value, self._reads = value, reads
        if keys is None:
            known = _read_keys.get(id(value))
            keys = known[1] if known is not None and known[0] is value else read_keys(value)
        self._keys = keys

    def _rewatched(self, reads: set[str]) -> View:
        return type(self)(self._value, reads, self._keys)

    @staticmethod
    def _field(name: str, kind: type) -> property:
        if name == "id":  # a record's key names its id: reading it says nothing new
            return property(lambda view: view._value.id)
        if (kind, name) in NESTING_FIELDS:

            def nesting(view):
                view._reads.add(view._keys[name])
                return watch(getattr(view._value, name), view._reads)

            return property(nesting)

        def read(view):
            view._reads.add(view._keys[name])
            return getattr(view._value, name)

        return property(read)

    def _whole(self) -> None:
        self._reads.add(self._keys[""])

    def __getattr__(self, name: str):
        fields = PROPERTY_FIELDS.get((type(self._value), name))
        if fields is not None:  # a property of the model: note the fields it is computed from
            self._reads.update(self._keys[field] for field in fields)
        elif not name.startswith("__"):
            self._whole()
        return getattr(self._value, name)

    def __getitem__(self, key):
        return self._value[key]  # a record is not subscriptable: Jinja then reads the attribute


def read_keys(record) -> dict[str, str]:
    """What reading each field of `record` notes ("": the whole record), kept for this
    build with the record itself, so that its id is not reused while it is there."""
    key = key_of(record)
    whole = type(record) in WHOLE
    keys = {name: key if whole else f"{key}{FIELD}{name}" for name in field_names(type(record))}
    keys[""] = key
    if type(record) is Passage:  # see `passage_view`
        keys["claim"] = f"{key}{FIELD}claim"
    _read_keys[id(record)] = (record, keys)
    return keys


def forget_read_keys(kept: dict[str, object] | None = None) -> None:
    """Drop the last build's `read_keys` but those of the records in `kept` (a record the
    new model holds as the very same object reads as it did: its keys depend on its key)."""
    live = {id(record) for record in kept.values()} if kept else set()
    for ident in [ident for ident in _read_keys if ident not in live]:
        del _read_keys[ident]


class SiteView(View):
    """The site: reading a collection notes `site:claims` (the keys it holds) and watches
    its records; `settings` and `vocabulary` note themselves, digested whole. A method of
    the site runs on the view, so what it reads is noted as if the caller had read it."""

    __slots__ = ()

    def _whole(self) -> None:
        self._reads.update(f"site:{name}" for name in Site.__dataclass_fields__)

    def __getattr__(self, name: str):
        site = self._value
        if name in Site.__dataclass_fields__:
            self._reads.add(f"site:{name}")
            value = getattr(site, name)
            return value if name in WHOLE_SITE_FIELDS else watch(value, self._reads)
        method = getattr(Site, name, None)
        if isinstance(method, types.FunctionType):
            return lambda *args, **kwargs: watch(method(self, *args, **kwargs), self._reads)
        self._whole()
        value = getattr(site, name)
        return watched_call(value, self._reads) if callable(value) else watch(value, self._reads)


class PartView(View):
    """A part of a context (a column, a grid row): digested with the context, so reading
    it notes nothing; the records it holds are watched."""

    __slots__ = ()

    def _whole(self) -> None:
        """Compared, hashed or printed: every record it holds was read whole (a part of a
        context is digested with it, but a coverage entry reached through a record's field
        is digested with its passages by key only: see `NESTING_FIELDS`)."""
        self._reads.update(map(key_of, keyed_inside(self._value)))

    @staticmethod
    def _field(name: str, kind: type) -> property:
        def read(view):
            value = getattr(view._value, name)
            if type(value) in _AS_IS:  # most of what a template reads
                return value
            return watched_call(value, view._reads) if callable(value) else watch(value, view._reads)

        return property(read)

    def __getattr__(self, name: str):
        value = getattr(self._value, name)
        return watched_call(value, self._reads) if callable(value) else watch(value, self._reads)

    def __getitem__(self, key):
        return self._value[key]


class SequenceView(View):
    """A tuple or list whose items are watched; compared, hashed or printed, it notes
    every record it holds."""

    __slots__ = ()

    def _whole(self) -> None:
        self._reads.update(map(key_of, keyed_inside(self._value)))

    def __iter__(self) -> Iterator:
        items = self._value
        return map(watch, items, repeat(self._reads, len(items)))

    def __reversed__(self) -> Iterator:
        items = self._value
        return map(watch, reversed(items), repeat(self._reads, len(items)))

    def __len__(self) -> int:
        return len(self._value)

    def __contains__(self, item) -> bool:
        return unwatched(item) in self._value

    def __getitem__(self, index):
        return watch(self._value[index], self._reads)

    def __getattr__(self, name: str):
        return watched_call(getattr(self._value, name), self._reads)


class MappingView(View):
    """A dict whose values are watched (its keys are text)."""

    __slots__ = ()

    def __iter__(self) -> Iterator:
        return iter(self._value)

    def __len__(self) -> int:
        return len(self._value)

    def __contains__(self, key) -> bool:
        return unwatched(key) in self._value

    def __getitem__(self, key):
        return watch(self._value[unwatched(key)], self._reads)

    def get(self, key, default=None):
        key = unwatched(key)
        return watch(self._value[key], self._reads) if key in self._value else default

    def values(self):
        return SequenceView(list(self._value.values()), self._reads)

    def items(self):
        return SequenceView(list(self._value.items()), self._reads)

    def keys(self):
        return self._value.keys()


def keyed_inside(value) -> Iterator:
    """The keyed records `value` holds, not looking inside them (their key covers them):
    what comparing, hashing or printing it reads."""
    kind = type(value)
    if kind in _AS_IS:
        return
    if kind in _KEYED_TYPES:
        yield value
    elif isinstance(value, View):
        yield from keyed_inside(value._value)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from keyed_inside(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from keyed_inside(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for name in field_names(kind):
            yield from keyed_inside(getattr(value, name))


def watched_call(function: Callable, reads: set[str]) -> Callable:
    """A method reached through a view: its arguments unwrapped, its result watched."""

    def call(*args, **kwargs):
        result = function(*map(unwatched, args), **{k: unwatched(v) for k, v in kwargs.items()})
        return watch(result, reads)

    return call


def field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, looked up once per class (`dataclasses.fields` is slow)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def shape(value, deep) -> str:
    """A canonical text of a value. Keyed records appear as `deep(record)`: their key
    alone (what a context or collection holds) or key plus digest (a value digested whole)."""
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
            return "Site"  # what is read of it is noted, see `SiteView`
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
            return (
                f"fn:{value.__module__}.{value.__qualname__}:{code_digest(value.__code__)}"
                f"({self(value.__defaults__)};{self(cells)})"
            )
        if isinstance(value, types.BuiltinFunctionType):
            return f"builtin:{value.__module__}.{value.__qualname__}"
        return None


def keys_digest(collection) -> str | None:
    """The digest of a collection of the site that maps ids to records or to tuples of
    records, by its ids and the records' keys in order (what `Shaper(key_of)` tells of
    it, made without shaping each entry: a save digests every collection again); None
    for another shape."""
    if not isinstance(collection, dict):
        return None
    parts = []
    for name, value in collection.items():
        kind = type(value)
        if kind in _KEYED_TYPES:
            parts.append(f"{name}\0{key_of(value)}")
        elif kind is tuple and all(type(item) in _KEYED_TYPES for item in value):
            parts.append(f"{name}\0(" + "\1".join(map(key_of, value)))
        else:
            return None
    return digest("\2".join(parts))


def code_digest(code: types.CodeType) -> str:
    """A function's code, stable across runs (nested code objects are digested, not repr'd)."""
    consts = [code_digest(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts]
    return digest(code.co_code.hex() + repr(consts) + repr(code.co_names))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def forget_keys(memo: dict[str, str | None], name: str, record) -> None:
    """Drop the digests of record `name` (of `record`'s type), whole and field by field."""
    memo.pop(name, None)
    for field in field_names(type(record)):
        memo.pop(f"{name}{FIELD}{field}", None)


def changed_keys(name: str, old, new) -> set[str]:
    """The read keys of record `name` whose value differs between two builds' records
    (`old`, `new`; None: not in that build): the whole record's key, and each field's
    whose value does (as `field_text` tells); every key if it is new or gone."""
    keys = {name}
    if old is None or new is None or type(old) is not type(new):
        for record in (old, new):
            if record is not None:
                keys.update(f"{name}{FIELD}{field}" for field in field_names(type(record)))
        return keys
    keys.update(
        f"{name}{FIELD}{field}" for field in field_names(type(new)) if field_text(old, field) != field_text(new, field)
    )
    return keys


def field_text(record, name: str) -> str:
    """What one field of a record digests as: its `repr`, or for a field holding keyed
    records (`NESTING_FIELDS`) its `shape` with those records by key (each is read, and
    digested, on its own)."""
    value = getattr(record, name)
    return shape(value, key_of) if (type(record), name) in NESTING_FIELDS else repr(value)


@dataclasses.dataclass(frozen=True)
class Carried:
    """A build's records by key, the digests it computed of them (`ModelDigests.carried`)
    and its digest of each record and collection (`ModelChanges.now`)."""

    records: dict[str, object]
    memo: dict[str, str | None]
    records_digests: dict[str, str | None]


class ModelDigests:
    """Digests of one build's model, computed on demand and remembered. `earlier`: the
    last build's, whose digests of a record (whole, or one field) are carried over when
    this model holds that very record object (`assemble.RecordReuse`): records are frozen
    and hold only frozen values, so the same object digests the same."""

    def __init__(self, site: Site, earlier: Carried | None = None):
        self.site = site
        self.memo: dict[str, str | None] = {}
        self.records = {key_of(r): r for r in self._all_records()}
        forget_read_keys(self.records)
        self.deep_shapes, self.contexts = Shaper(self.deep), Shaper(key_of)
        if earlier is not None:
            self.carry(earlier)

    def carry(self, earlier: Carried) -> None:
        """The earlier digests of every record this model holds as the same object: all of
        them, less those of records made again, gone or new (a key of a record that did
        not exist digested to None)."""
        old, now = earlier.records, self.records
        memo = self.memo = dict(earlier.memo)
        for name, record in old.items():
            if now.get(name) is not record:
                forget_keys(memo, name, record)
        for name in now.keys() - old.keys():
            forget_keys(memo, name, now[name])

    def carried(self, records_digests: dict[str, str | None]) -> Carried:
        """What the next build's digests carry from these (records and their digests only)."""
        return Carried(self.records, {k: v for k, v in self.memo.items() if not k.startswith("site:")}, records_digests)

    def _all_records(self):
        s = self.site
        yield from (*s.claims.values(), *s.sources.values(), *s.outlets.values(), *s.topics.values(), *s.pages.values())
        yield from s.claimants.values()
        yield from s.people.values()
        yield from (p for ps in s.by_source.values() for p in ps)
        yield from (r.passage for c in s.claims.values() for d in c.drift for r in d.renderings)
        v = s.vocabulary
        yield from (*v.ratings, *v.stances, *v.fidelities, *v.drift_kinds, *v.frames, *v.devices)

    def of_key(self, key: str) -> str | None:
        """The digest of whatever `key` names in this build; None if it no longer exists."""
        if key not in self.memo:
            if key.startswith("site:"):
                name = key[5:]
                value = getattr(self.site, name, None)
                if name in WHOLE_SITE_FIELDS:
                    self.memo[key] = digest(self.deep_shapes(value))
                else:
                    self.memo[key] = keys_digest(value) or digest(self.contexts(value))
            else:
                self.memo[key] = self.of_record(key)
        return self.memo[key]

    def all_records(self) -> dict[str, str | None]:
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
        return digest(field_text(record, attribute) if attribute else repr(record))

    def deep(self, record) -> str:
        return f"{key_of(record)}#{self.of_key(key_of(record))}"

    def of_value(self, value) -> str:
        """A value digested whole, the records it holds included (the template globals)."""
        return digest(self.deep_shapes(value))

    def of_context(self, context) -> str:
        """A page's context, the records it holds by key: what a template reads of them is
        noted apart (see `watch`). Pickled, which is faithful (equal bytes, equal contexts)
        and fast; without its memo, so equal contexts give equal bytes however they share
        their parts."""
        buffer = io.BytesIO()
        pickler = KeyedPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True
        pickler.dump(context)
        return hashlib.sha256(buffer.getvalue()).hexdigest()[:32]

    def of_reads(self, keys: list[str]) -> str:
        """The digest of what `keys` (sorted) name now. Only their digests are joined: the
        same list of keys is digested again at the next build, so the keys add nothing."""
        if not keys:
            return digest("")
        memo, pick = self.memo, itemgetter(*keys)
        try:
            found = pick(memo)
        except KeyError:  # a key not digested yet in this build
            for key in keys:
                self.of_key(key)
            found = pick(memo)
        return digest(";".join(map(str, found if len(keys) > 1 else (found,))))


class KeyedPickler(pickle.Pickler):
    """Pickles model records as their keys, and a view (a page builder's, see `watch`) as
    what it wraps."""

    def persistent_id(self, obj):
        kind = type(obj)
        if kind in _KEYED_TYPES:
            return key_of(obj)
        if kind in _RECORD_VIEWS:
            return key_of(obj._value)
        return ("view", obj._value) if kind in _VIEW_TYPES else None


_KEYED_TYPES = frozenset(KEYED)
_VIEW_TYPES: set[type] = {RecordView, SiteView, PartView, SequenceView, MappingView}  # and `view_class`'s
_RECORD_VIEWS: set[type] = {RecordView}
