"""`new claim|claimant|source|outlet|topic <id>`: the file it writes has the schema line and every
field with its explanation; as written, `check` names each field still to fill in; once
filled in, it passes `check`. Bad ids and existing files are refused."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sidelight.content.schemas import SCHEMA_DIR

FILLED = {
    "claim": [("claim", "The fund has €1 billion."), ("claimant", "the-ministry"), ("kind", "statement"),
              ("topic", "meeting"), ("date", '"2021-10-22"'), ("rating", "accurate"), ("verdict", "It has."),
              ("summary", "It has."),
              ("source", "wire-story"), ("fidelity", "faithful"), ("stance", "neutral"),
              ("quote", "The fund will have €1 billion to invest"),
              ("title", "Statement"), ("publisher", "The Ministry"), ("url", "https://ministry.example.org/s"),
              ("author", "alex-sample"), ("reviewed", '"2026-11-29"')],
    "outlet": [("name", "The Morning Example"), ("country", "Nowhere"), ("language", "English"),
               ("kind", "daily newspaper"), ("description", "A fictional daily.")],
    "topic": [("title", "A meeting"), ("summary", "Ministers met."), ("date", '"2021-10-21"')],
    "source": [("title", "Ministers meet"), ("outlet", "daily"), ("language", "en")],
    "claimant": [("name", "Ana Koval"), ("type", "person"), ("role", "Mayor of the capital")],
}
FILE = {"claim": "claims/{}.yaml", "outlet": "outlets/{}.yaml", "topic": "topics/{}.yaml", "source": "sources/{}.txt",
        "claimant": "claimants/{}.yaml"}
KINDS = ["claim", "claimant", "source", "outlet", "topic"]
# Optional in the schema, but written out: `check` requires a statement's kind, claimant and
# rating, and a person's role; a coverage entry is most often a source, not an omission.
LIVE = {("claim", "status"), ("claim", "evidence"), ("claim", "kind"), ("claim", "claimant"), ("claim", "rating"), ("claim", "verdict"),
        ("claimant", "role")}


def fill(path: Path, values: list[tuple[str, str]], body: str = "") -> None:
    """Type each value after its empty `key:` line, top to bottom, as an editor would."""
    text = path.read_text(encoding="utf-8")
    for key, value in values:
        text, n = re.subn(rf"(?m)^(\s*(?:- )?{key}:)$", rf"\g<1> {value}", text, count=1)
        assert n == 1, f"no empty `{key}:` line left in {path}"
    path.write_text(text + body, encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_every_field_of_the_schema_with_its_explanation(kind, sample_content, run_cli):
    run = run_cli("--content", "content", "new", kind, "fresh-one")
    assert run.code == 0, run.output
    path = sample_content / FILE[kind].format("fresh-one")
    assert f"wrote content/{FILE[kind].format('fresh-one')}" in run.stdout
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    schema_line = next(line for line in lines[:2] if line.startswith("# yaml-language-server: $schema="))
    relative = schema_line.split("=", 1)[1]
    assert not relative.startswith("/") and (path.parent / relative).resolve() == SCHEMA_DIR / f"{kind}.schema.json"
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    for name, prop in schema["properties"].items():
        at = next(i for i, line in enumerate(lines) if re.match(rf"(# )?{name}:", line))
        above = lines[at - 1].strip()
        assert above.startswith("#") and not re.match(r"#\s*(- )?[a-z_]+:", above), f"{name} has no comment above it"
        first_words = " ".join(prop["description"].split()[:4])
        assert first_words in " ".join(l.strip("# ") for l in lines[max(0, at - 6):at]), name
        required = name in schema.get("required", ()) or (kind, name) in LIVE
        assert lines[at].lstrip().startswith("#") != required, f"{name}: required fields are live, others commented"


def test_reference_fields_list_the_ids_that_exist(sample_content, run_cli):
    run_cli("--content", "content", "new", "claim", "fresh-one")
    text = (sample_content / "claims" / "fresh-one.yaml").read_text(encoding="utf-8")
    assert "Existing: meeting." in text
    assert "Existing: daily-report, wire-story." in text
    assert "accurate, inaccurate, missing-context" in text
    assert "Existing: daily, officials, secretary-general, the-ministry." in text  # claimant and speaker
    assert "Existing: distorted, faithful, hardened, loosened." in text
    assert "Existing: disputes, endorses, neutral, questions." in text


def test_a_new_claim_writes_a_source_entry_live_and_an_omission_commented_out(sample_content, run_cli):
    run_cli("--content", "content", "new", "claim", "fresh-one")
    lines = (sample_content / "claims" / "fresh-one.yaml").read_text(encoding="utf-8").splitlines()
    live = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert ["- source:", "fidelity:", "stance:", "passages:", "- quote:"] == live[live.index("coverage:") + 1:][:5]
    assert "# omission:" in [line.strip() for line in lines] and "# why:" in [line.strip() for line in lines]
    assert "# speaker:" in [line.strip() for line in lines] and "# attributed_by: []" in [line.strip() for line in lines]


def test_a_new_claims_empty_kind_is_named_with_its_choices(sample_content, run_cli):
    run_cli("--content", "content", "new", "claim", "fresh-one")
    check = run_cli("--content", "content", "check")
    lines = (sample_content / "claims" / "fresh-one.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i + 1 for i, t in enumerate(lines) if t == "kind:")
    assert (f"content/claims/fresh-one.yaml:{line}:6: warning: `kind` is empty (in a draft: fix it before `status:"
            " published`) — use one of `attribution`, `opinion`, `statement`") in check.problems("warning")


@pytest.mark.parametrize("kind", KINDS)
def test_a_skeleton_left_as_it_is_names_each_field_to_fill_in(kind, sample_content, run_cli):
    run_cli("--content", "content", "new", kind, "fresh-one")
    check = run_cli("--content", "content", "check")
    severity = "warning" if kind == "claim" else "error"  # a new claim is a draft: its problems are warnings
    assert check.code == (0 if kind == "claim" else 1)
    shown = f"content/{FILE[kind].format('fresh-one')}"
    mine = [p for p in check.problems(severity) if p.startswith(shown + ":")]
    text = (sample_content / FILE[kind].format("fresh-one")).read_text(encoding="utf-8").splitlines()
    for key, _ in FILLED[kind]:
        line = next(i + 1 for i, t in enumerate(text) if re.match(rf"\s*(- )?{key}:$", t))
        assert any(re.match(rf"{re.escape(shown)}:{line}:\d+: {severity}: `[\w\[\].]*{key}` is empty", p) for p in mine), \
            (key, mine)


@pytest.mark.parametrize("kind", KINDS)
def test_a_skeleton_once_filled_in_passes_check(kind, sample_content, run_cli):
    run_cli("--content", "content", "new", kind, "fresh-one")
    body = "Ministers met on Thursday.\n" if kind == "source" else ""
    fill(sample_content / FILE[kind].format("fresh-one"), FILLED[kind], body)
    check = run_cli("--content", "content", "check")
    assert check.code == 0, check.output
    assert not [p for p in check.problems("error")]


def test_new_refuses_to_overwrite(sample_content, run_cli):
    existing = sample_content / "claims" / "fund-size.yaml"
    before = existing.read_bytes()
    run = run_cli("--content", "content", "new", "claim", "fund-size")
    assert run.code == 1
    assert "content/claims/fund-size.yaml already exists" in run.stderr
    assert existing.read_bytes() == before


@pytest.mark.parametrize("bad, suggestion", [("Fund Size", "fund-size"), ("fund_size", "fund-size"),
                                             ("fund-", "fund"), ("Café Story", "cafe-story")])
def test_new_refuses_an_invalid_id_and_suggests_one(bad, suggestion, sample_content, run_cli):
    run = run_cli("--content", "content", "new", "topic", bad)
    assert run.code == 1
    assert f"`{bad}` is not a valid id" in run.stderr and f"`{suggestion}`" in run.stderr
    assert sorted(p.name for p in (sample_content / "topics").iterdir()) == ["meeting.yaml"]


def test_from_html_is_only_for_sources(sample_content, run_cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    run = run_cli("--content", "content", "new", "claim", "fresh-one", "--from-html", "page.html")
    assert run.code == 1 and "--from-html makes a source" in run.stderr
    assert not (sample_content / "claims" / "fresh-one.yaml").exists()
