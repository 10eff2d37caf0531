"""The model a `build` made, kept in the cache folder for the next `build` in a fresh
process: what the resident preview keeps in memory between saves (`resident.Session`),
so that CI with a restored cache, or an editor without `serve`, gets the same reuse:

- the last load's documents with their files' stat (`files.Known`): a file whose stat is
  unchanged is not read again (one changed less than 2 s before that load always is);
- the last model's records with what each was made from (`assemble.RecordReuse`): a
  record whose inputs are the same is taken as it was;
- the digests computed of those records (`tracking.Carried`), carried for every record
  taken, so `ModelChanges` digests only the records made again.

Invariant, as for every cache: it never changes what is built. A record is taken only
where `RecordReuse` would take it in one process (its inputs equal the last ones), and a
digest is carried only for a record that is the very object it was computed of; the file
holds the three together in one pickle, so a record shared by them is one object again
after loading, as it was when saved.

Pickle, unlike the parse cache's marshal, because records are dataclasses: the file is
sealed with this machine's key like every cache file (`cachefile.read_sealed`), so only
what this code wrote here is ever unpickled. A file that is missing, damaged, sealed
elsewhere, of another format or of other code (`cachefile.stamp`) is ignored: the build
loads and assembles everything, as without it. `clean` reads nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from pathlib import Path

from sidelight.build.cachefile import folder, read_sealed, save_atomically
from sidelight.build.gcpause import long_lived
from sidelight.build.incremental import ModelChanges
from sidelight.build.tracking import Carried
from sidelight.content.files import Known
from sidelight.model.assemble import RecordReuse

FORMAT = 1


class ModelCache:
    """The `Known` and `RecordReuse` a `check` starts from, and the `Carried` digests the
    render's `ModelChanges` starts from; `save` keeps this build's for the next."""

    def __init__(self, path: Path | None, code: str):
        self.path, self.code = path, code
        self.known = Known()
        self.records = RecordReuse()
        self.carried: Carried | None = None
        self.loaded = False

    @classmethod
    def open(cls, content: Path, code: str, clean: bool = False) -> ModelCache:
        """The model cache of this content folder (empty when `clean` or unusable)."""
        root = content.resolve()
        path = folder(root) / f"model-{hashlib.sha256(str(root).encode()).hexdigest()[:16]}.pickle"
        cache = cls(path, code)
        if not clean:
            cache.load()
        return cache

    def load(self) -> None:
        assert self.path is not None, "opened"
        data = read_sealed(self.path)
        if not data:
            return
        try:
            with long_lived():  # what loads here lives as long as the build, as the model does
                stored = pickle.loads(data)
            if stored["format"] != FORMAT or stored["code"] != self.code:
                return
            docs, since, before, carried = stored["docs"], stored["since"], stored["records"], stored["carried"]
            if not (isinstance(docs, dict) and isinstance(since, int) and isinstance(before, dict)):
                return
            if carried is not None and not isinstance(carried, Carried):
                return
        except Exception:  # damaged, or of other code: whatever unpickling raises, load everything
            return
        self.known.docs, self.known.since = docs, since
        self.records.before = before
        self.carried = carried
        self.loaded = True

    def earlier(self, records_before: dict[str, str | None]) -> Carried | None:
        """The carried digests, given the render cache's digests of the last build's model:
        when they are those the carried digests were saved with, the very dict is handed
        on, so `ModelChanges` may check the changed keys directly (`ModelChanges.keys`)."""
        carried = self.carried
        if carried is None:
            return None
        if carried.records_digests is not records_before and carried.records_digests == records_before:
            return dataclasses.replace(carried, records_digests=records_before)
        return carried

    def save_after(self, model: ModelChanges | None) -> None:
        """Keep the model just rendered (its records' digests carried) for the next build."""
        self.save(model.digests.carried(model.now) if model is not None else None)

    def save(self, carried: Carried | None) -> None:
        """Keep this build's documents, records and digests for the next. Harmless if it fails."""
        if self.path is None:
            return
        stored = {
            "format": FORMAT,
            "code": self.code,
            "docs": self.known.docs,
            "since": self.known.since,
            "records": self.records.before,
            "carried": carried,
        }
        try:
            data = pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, RecursionError, TypeError, AttributeError):
            return
        save_atomically(self.path, data)
