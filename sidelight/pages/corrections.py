"""The corrections log (`corrections/`): every correction of every claim, newest first,
each linking to its claim and saying what changed. The Atom feed carries the same list
(output/feeds.py), one entry per correction under the same stable id."""

from __future__ import annotations

from collections import Counter

from sidelight.model.records import Site
from sidelight.pages.contexts import CorrectionsPage, LoggedCorrection
from sidelight.pages.messages import _, ngettext
from sidelight.pages.urls import absolute, corrections_path


def logged_corrections(site: Site) -> tuple[LoggedCorrection, ...]:
    """Every correction, newest first (then by claim id and order). A correction's id is
    `<claim>-<date>`, with `-2`, `-3` … for a claim's further corrections of the same day,
    so it stays the same when other corrections are added or a note is reworded."""
    out = []
    for claim in site.claims.values():
        seen: Counter[str] = Counter()
        for c in claim.corrections:
            seen[c.date] += 1
            suffix = f"-{seen[c.date]}" if seen[c.date] > 1 else ""
            out.append(LoggedCorrection(id=f"correction-{claim.id}-{c.date}{suffix}", claim=claim, correction=c))
    return tuple(sorted(out, key=lambda k: (k.correction.date, k.id), reverse=True))


def corrections_page(site: Site) -> CorrectionsPage:
    path, log = corrections_path(), logged_corrections(site)
    return CorrectionsPage(
        template="corrections.html",
        path=path,
        title=_("Corrections"),
        description=ngettext(
            "Every correction to our fact-checks, newest first: %(num)s so far, each with its date and what changed.",
            "Every correction to our fact-checks, newest first: %(num)s so far, each with its date and what changed.",
            len(log),
        ),
        canonical=absolute(site.settings.base_url, path),
        corrections=log,
    )
