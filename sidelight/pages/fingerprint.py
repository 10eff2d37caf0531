"""An outlet's framing fingerprint: how often it takes each stance and uses each frame and
device, next to the average of the other outlets. Counts come from coverage entries only,
so the numbers say what our claims recorded, not what an outlet publishes in general."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sidelight.model.records import Site
from sidelight.pages.contexts import Bar

KINDS = ("stances", "frames", "devices")


@dataclass
class Tally:
    """One outlet's coverage entries: all of them (stances), and those quoting an article
    (frames and devices are only recorded there)."""

    entries: int = 0
    quoted: int = 0
    counts: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})

    def base(self, kind: str) -> int:
        return self.entries if kind == "stances" else self.quoted

    def share(self, kind: str, term_id: str) -> float:
        return self.counts[kind][term_id] / self.base(kind) if self.base(kind) else 0.0


def tallies(site: Site) -> dict[str, Tally]:
    out = {outlet_id: Tally() for outlet_id in site.outlets}
    for claim in site.claims.values():
        for cov in claim.coverage:
            t = out[cov.outlet]
            t.entries += 1
            t.quoted += bool(cov.source)
            t.counts["stances"][cov.stance] += 1
            t.counts["frames"].update(cov.frames)
            t.counts["devices"].update(cov.devices)
    return out


def bars(site: Site, counts: dict[str, Tally], outlet_id: str, kind: str) -> tuple[Bar, ...]:
    """A bar per term: every stance; frames and devices only where some outlet used them."""
    mine = counts[outlet_id]
    if not mine.base(kind):
        return ()  # nothing recorded: a row of 0% bars would say something false
    others = [t for o, t in counts.items() if o != outlet_id and t.base(kind)]
    out = []
    for term in getattr(site.vocabulary, kind):
        average = sum(t.share(kind, term.id) for t in others) / len(others) if others else None
        if kind != "stances" and not mine.counts[kind][term.id] and not average:
            continue
        out.append(Bar(term=term, share=mine.share(kind, term.id), count=mine.counts[kind][term.id], others=average))
    return tuple(out)


def compared_with(counts: dict[str, Tally], outlet_id: str) -> int:
    """How many other outlets the averages are taken over."""
    return sum(1 for o, t in counts.items() if o != outlet_id and t.entries)
