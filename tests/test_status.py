"""`sidelight status`: the desk's unfinished work per author, exactly as printed."""

from __future__ import annotations

from edits import replace_in
from test_drafts import CLAIM, DRAFT_ID, add_draft

UNREVIEWED = (
    "  no second reviewer: content/claims/attack-not-inevitable.yaml: Officials said they do not consider an attack"
    " inevitable.",
    "  no second reviewer: content/claims/better-plans.yaml: The alliance is strengthened with better and better plans.",
    "  no second reviewer: content/claims/plan-secret.yaml: The plan is secret.",
)


def test_the_shipped_sample_lists_only_the_claims_without_a_second_reviewer(sample_content, run_cli):
    run = run_cli("--content", "content", "status")
    assert run.code == 0, run.output
    assert run.stdout.splitlines() == [
        "content/: 0 drafts, 0 in review, 0 warnings, 3 claims without a second reviewer",
        "",
        "Alex Sample (alex-sample)",
        *UNREVIEWED,
    ]


def test_drafts_reviews_and_warnings_are_grouped_per_author(sample_content, run_cli):
    add_draft(sample_content, CLAIM.replace("rating: accurate\n", "").replace("alex-sample", "robin-example"))
    replace_in(sample_content / "claims" / "better-plans.yaml", "claim: ", "status: review\nclaim: ")
    replace_in(sample_content / "claims" / "fund-size.yaml", "    note: Gives the figure in *dollars*.",
               "    note: Gives the figure in dollars, see #3.")
    run = run_cli("--content", "content", "status")
    assert run.code == 0, run.output
    assert run.stdout.splitlines() == [
        "content/: 2 drafts, 1 in review, 1 warning, 3 claims without a second reviewer",
        "",
        "Alex Sample (alex-sample)",
        "  in review: content/claims/better-plans.yaml: The alliance is strengthened with better and better plans.",
        *UNREVIEWED,
        "  warning: content/claims/fund-size.yaml:18:44: warning: `note` ends before this `#`: YAML reads ` #` and"
        " the rest of the line as a comment, so the value is only “Gives the figure in dollars, see” — if the #"
        ' belongs to the text, put the whole value in quotes: note: "Gives the figure in dollars, see #3."; if it'
        " is a comment, put two spaces before the #",
        "",
        "Robin Example (robin-example)",
        f"  draft: content/claims/{DRAFT_ID}.yaml: Ministers painted a zebra crossing on the harbour quay. (1 warning"
        " to clear)",
        "",
        "no author",
        "  draft: content/sources/quayside-gazette-draft.txt: Quayside gazette: the striped quay (no warning left)",
    ]


def test_status_on_content_that_does_not_load_says_why(tmp_path, run_cli):
    run = run_cli("--content", "nowhere", "status")
    assert run.code == 1
    assert run.stdout.splitlines() == [
        "nowhere:1:1: error: content folder not found — run from the project folder or pass --content"
    ]
