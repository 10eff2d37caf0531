"""Who stands behind the checks, as an editor and a reader meet it: a claim's `author` and
`reviewed_by` name people records (a name written instead is an error saying to create one);
claim pages credit the checker and the second reviewer, or say that no second review is
recorded; the team page lists each person with role, bio and claims; the about page shows the
desk's owner, funding, independence and contacts, or says "not yet established" where site.yaml
declares so, and `check --strict` fails on a field simply missing."""
from __future__ import annotations

from sitepages import build_site_from, built_sample, edit, page, sample_copy  # noqa: F401 (fixture)

FUND = "content/claims/fund-size.yaml"


def test_an_author_written_as_a_name_says_to_create_a_people_record(sample_content, run_check):
    edit(sample_content / "claims" / "fund-size.yaml", "author: alex-sample\n", "author: Sample Desk\n")
    run = run_check()
    assert run.code == 1
    assert run.problems() == [
        f"{FUND}:45:9: error: `author` is the id of a people record, not a name: `Sample Desk` — create "
        "content/people/sample-desk.yaml (name, role, bio) and write its id, `sample-desk`; where the editor is "
        "not named, use the desk's own record (`type: desk`)"]


def test_a_name_of_an_existing_record_points_to_its_id(sample_content, run_check):
    edit(sample_content / "claims" / "fund-size.yaml", "reviewed_by: robin-example\n", "reviewed_by: Robin Example\n")
    run = run_check()
    assert run.problems() == [
        f"{FUND}:46:14: error: `reviewed_by` is the id of a people record, not a name: `Robin Example` — "
        "write `robin-example`: content/people/robin-example.yaml is Robin Example"]


def test_an_unknown_person_gets_the_nearest_id(sample_content, run_check):
    edit(sample_content / "claims" / "fund-size.yaml", "reviewed_by: robin-example\n", "reviewed_by: robin-exmple\n")
    run = run_check()
    assert run.problems() == [f"{FUND}:46:14: error: unknown person `robin-exmple` — did you mean `robin-example`?"]


def test_the_second_reviewer_is_another_person(sample_content, run_check):
    edit(sample_content / "claims" / "fund-size.yaml", "reviewed_by: robin-example\n", "reviewed_by: alex-sample\n")
    run = run_check()
    assert run.code == 1
    assert run.problems()[0].startswith(
        f"{FUND}:46:14: error: the second reviewer is the author, `alex-sample`: a second review is by another person")


def byline(soup) -> str:
    return soup.select_one("footer.byline .checked-by").get_text(" ", strip=True)


def test_the_claim_page_credits_the_checker_and_the_second_reviewer(built_sample):
    fund = page(built_sample, "claims/fund-size/")
    assert byline(fund) == "Checked by Alex Sample · Reviewed by Robin Example"
    links = [a["href"] for a in fund.select("footer.byline .checked-by a")]
    assert links == ["../../team/#alex-sample", "../../team/#robin-example"]


def test_a_claim_without_a_second_reviewer_says_so_and_names_none(built_sample):
    plain = page(built_sample, "claims/plan-secret/")
    assert byline(plain) == "Checked by Alex Sample · Second review: not recorded"
    assert "Robin Example" not in plain.get_text()


def test_the_team_page_lists_each_person_with_role_bio_and_claims(built_sample):
    team = page(built_sample, "team/")
    members = {s["id"]: s for s in team.select("section.team-member")}
    assert list(members) == ["alex-sample", "robin-example"]
    alex, robin = members["alex-sample"], members["robin-example"]
    assert alex.h2.get_text() == "Alex Sample" and alex.select_one(".role").get_text(strip=True) == "Fact-checker"
    assert "A fictional fact-checker of the sample site" in alex.get_text()
    assert len(alex.select("li.claim-item")) == 4
    reviewed = [a["href"] for a in robin.select("li.claim-item a.claim-link")]
    assert reviewed == ["../claims/fund-size/"]


def facts(soup, heading: str) -> dict[str, str]:
    section = soup.find("h2", string=heading).parent
    return {d.dt.get_text(strip=True): d.dd.get_text(" ", strip=True) for d in section.select("dl > div")}


def test_the_about_page_says_who_owns_and_funds_the_desk_and_how_to_reach_it(built_sample):
    about = page(built_sample, "about/")
    desk = facts(about, "Who we are and who pays for it")
    assert desk["Owner"] == "Sample Desk Ltd, a fictional company of the test sample"
    assert desk["Funding"].startswith("Fictional reader donations")
    assert desk["Independence"].startswith("The sample desk decides its verdicts alone")
    contacts = facts(about, "How to reach us / ask for a correction")
    assert contacts == {"Contact": "desk@example.org",
                        "Ask for a correction": "https://forms.example.net/sample-desk/corrections"}
    assert about.find("a", string="desk@example.org")["href"] == "mailto:desk@example.org"


def test_a_fact_declared_not_established_is_said_so_and_strict_accepts_it(tmp_path, run_check):
    content = sample_copy(tmp_path)
    site_yaml = content / "site.yaml"
    edit(site_yaml, "contact: desk@example.org\n", "")
    edit(site_yaml, "  owner: Sample Desk Ltd, a fictional company of the test sample\n", "")
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "not_established: [contact, owner]\n",
                         encoding="utf-8")
    assert run_check("--strict").code == 0
    about = page(build_site_from(content, tmp_path / "site"), "about/")
    assert facts(about, "Who we are and who pays for it")["Owner"] == "Not yet established"
    assert facts(about, "How to reach us / ask for a correction")["Contact"] == "Not yet established"


def test_a_fact_simply_missing_fails_strict(sample_content, run_check):
    edit(sample_content / "site.yaml",
         "  funding: Fictional reader donations; the sample takes no money from anyone it checks.\n", "")
    plain = run_check()
    assert plain.code == 0
    assert plain.problems() == [
        "content/site.yaml:12:3: warning: site.yaml does not say who pays for it (`organisation.funding`) — give its "
        "sources of funding in `organisation.funding`; if it is not known yet, add `funding` to `not_established` "
        'and the about page says "not yet established" (never make one up)']
    assert run_check("--strict").code == 1


def test_the_shipped_desk_is_not_presented_as_named_people():
    """The shipped content names no editor: every claim is credited to the desk's own record."""
    from pathlib import Path

    import yaml
    content = Path(__file__).resolve().parent.parent / "content"
    people = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (content / "people").glob("*.yaml")}
    assert {i: p.get("type") for i, p in people.items()} == {"sidelight-desk": "desk"}
    site = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
    assert set(site["not_established"]) == {"contact", "corrections_contact", "owner", "funding"}
    assert not {"contact", "corrections_contact"} & set(site)
