"""Who stands behind the checks, as readers see it: the team page (each person with role,
bio and the claims they checked or reviewed) and the about page's facts about the desk
(owner, funding, independence, how to reach it). A fact site.yaml lists as not established
is shown as "not yet established"; nothing is filled in."""

from __future__ import annotations

from sidelight.model.records import Person, Settings, Site
from sidelight.pages.contexts import DeskFact, TeamMember, TeamPage
from sidelight.pages.messages import N_, _
from sidelight.pages.urls import absolute, team_path

NOT_ESTABLISHED = N_("not yet established")
NOT_STATED = N_("not stated")


def team_page(site: Site) -> TeamPage:
    path = team_path()
    return TeamPage(
        template="team.html",
        path=path,
        title=_("Who checks the claims"),
        description=_("The people who check and review the claims on this site, their roles and their checks."),
        canonical=absolute(site.settings.base_url, path),
        members=tuple(member(site, p) for p in site.people.values()),
    )


def member(site: Site, person: Person) -> TeamMember:
    claims = site.claims.values()
    return TeamMember(
        person=person,
        checked=tuple(c for c in claims if c.author == person.id),
        reviewed=tuple(c for c in claims if c.reviewed_by == person.id),
    )


def desk_facts(settings: Settings) -> tuple[DeskFact, ...]:
    """Owner, funding and independence: "Who we are and who pays for it"."""
    o = settings.organisation
    return (
        fact(settings, _("Owner"), "owner", o.owner),
        fact(settings, _("Funding"), "funding", o.funding, markdown=True),
        fact(settings, _("Independence"), "independence", o.independence, markdown=True),
    )


def contact_facts(settings: Settings) -> tuple[DeskFact, ...]:
    """How to reach the desk, and where to ask for a correction."""
    return (
        fact(settings, _("Contact"), "contact", settings.contact, href=address(settings.contact)),
        fact(
            settings,
            _("Ask for a correction"),
            "corrections_contact",
            settings.corrections_contact,
            href=address(settings.corrections_contact),
        ),
    )


def fact(settings: Settings, label: str, name: str, value: str, href: str = "", markdown: bool = False) -> DeskFact:
    if value:
        return DeskFact(label=label, value=value, href=href, markdown=markdown)
    missing = NOT_ESTABLISHED if name in settings.not_established else NOT_STATED
    return DeskFact(label=label, value="", missing=_(missing))


def address(contact: str) -> str:
    """A contact as a link: an e-mail address as `mailto:`, a form's address as it is."""
    if not contact or contact.startswith(("http://", "https://")):
        return contact
    return "mailto:" + contact
