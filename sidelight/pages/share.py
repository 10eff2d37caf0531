"""What a claim's share image shows: the claim, its rating and one-sentence verdict, the
rating's place on the scale, and each outlet that covered it with its fidelity. Plain
values only (strings, numbers, tuples), so the card is the whole input of the drawing
(`output/shareimage.py`): two builds that make the same card draw the same bytes, and a
build may keep last build's image while the card is the same."""

from __future__ import annotations

from dataclasses import dataclass

from sidelight.model.records import Claim, Site, Term
from sidelight.pages.claim import scale
from sidelight.pages.messages import N_, _, current
from sidelight.pages.urls import share_image_path


@dataclass(frozen=True)
class ShareOutlet:
    name: str
    symbol: str  # the fidelity's symbol ("=" faithful, "≠" distorted…), "" if it has none
    fidelity: str  # the fidelity's label


@dataclass(frozen=True)
class ShareCard:
    """One claim's share image, as values. `position`: the rating's place on `scale`
    (0 = least true), -1 for a rating off the scale or an opinion; `tone`: the badge's
    colour class as the pages use it (`render.rating_tone`: "0"…"4", or "off")."""

    file: str  # where it is written under site/
    site: str  # the site's title, as a byline
    claim: str
    rating: str  # the rating's label; "Opinion · not rated" for an opinion
    tone: str
    verdict: str  # the one-sentence verdict (an opinion: why it is not rated)
    scale: tuple[str, ...]  # the labels of the rated scale, least true first
    position: int
    outlets: tuple[ShareOutlet, ...]  # one per outlet and fidelity, in the claim's order
    reported_by: str = "Reported by"  # the outlets' heading, in the site's language


OPINION = N_("Opinion · not rated")
OPINION_VERDICT = N_("A view or a motive, not a statement of fact, so we do not rate it: the page gives the context.")


def share_card(site: Site, claim: Claim, ratings: tuple[Term, ...] | None = None) -> ShareCard:
    """`ratings`: `claim.scale(site)`, if the caller has it (it is the same for every claim)."""
    ratings = scale(site) if ratings is None else ratings
    term = site.vocabulary.term("ratings", claim.rating) if claim.rated else None
    return ShareCard(
        file=share_image_path(claim.id),
        site=site.settings.title,
        claim=claim.claim,
        rating=term.label if term else _(OPINION),
        tone=tone(term, *site.vocabulary.scale),
        verdict=claim.verdict if term else _(OPINION_VERDICT),
        scale=tuple(t.label for t in ratings),
        position=next((i for i, t in enumerate(ratings) if term and t.id == term.id), -1),
        outlets=(found := outlets(site, claim)),
        reported_by=_("Reported by") if len(found) == 1 else _("Reported by:"),
    )


def tone(term: Term | None, best: int, worst: int) -> str:
    """A rating's place on the scale as one of five tones (0 least true … 4 truest), or
    `off` for a rating without a number (or none): the badges' colours and the share
    image's follow any vocabulary's scale (`output.render.rating_tone`)."""
    if term is None or term.value is None:
        return "off"
    return str(round((term.value - worst) / (best - worst) * 4)) if best != worst else "4"


def outlets(site: Site, claim: Claim) -> tuple[ShareOutlet, ...]:
    """Each covering outlet with its fidelity, once per outlet and fidelity."""
    seen: dict[tuple[str, str], ShareOutlet] = {}
    for cov in claim.coverage:
        term = site.vocabulary.term("fidelities", cov.fidelity)
        seen.setdefault((cov.outlet, cov.fidelity), ShareOutlet(site.outlets[cov.outlet].name, term.symbol, term.label))
    return tuple(seen.values())


def share_cards(site: Site) -> list[ShareCard]:
    """Every claim's card, in the site's order. A card is a function of its claim and of
    what `card_inputs` names, so a claim that is the very object of the last call's site
    (the resident preview reuses unchanged records: `model.assemble.RecordReuse`) keeps
    its card while those are equal: a save does not make 10,000 cards again."""
    global _last
    ratings = scale(site)
    inputs = card_inputs(site, ratings)
    last_inputs, last = _last
    if inputs != last_inputs:
        last = {}
    cards: dict[str, tuple[Claim, ShareCard]] = {}
    for claim in site.claims.values():
        old = last.get(claim.id)
        cards[claim.id] = old if old is not None and old[0] is claim else (claim, share_card(site, claim, ratings))
    _last = (inputs, cards)
    return [card for _claim, card in cards.values()]


def card_inputs(site: Site, ratings: tuple[Term, ...]) -> tuple:
    """What a card holds besides its claim's fields: the site's title, the vocabulary and
    its scale, the outlets' names, the language's messages, where the images go."""
    messages = current()
    return (
        site.settings.title,
        site.vocabulary,
        ratings,
        tuple(site.outlets.values()),
        messages.language,
        messages.translations,
        share_image_path(""),
    )


_last: tuple[tuple, dict[str, tuple[Claim, ShareCard]]] = ((), {})  # the last call's inputs and cards
