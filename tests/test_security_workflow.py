"""The publishing workflow (issue 8): pull requests are checked, tested and built but can
never deploy; pushes to main deploy with the official Pages actions and least privilege.
There is no GitHub here, so this reads the workflow as GitHub would and checks the rules
that matter for safety: a regression (a deploy on pull requests, write access for the
whole run, an unofficial action) fails here first."""
from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "site.yml"


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> list[str]:
    return [s["run"] for s in steps(job) if "run" in s]


def test_it_runs_on_pushes_to_main_and_on_pull_requests():
    on = workflow()["on"]
    assert on["push"]["branches"] == ["main"] and "pull_request" in on


def test_the_build_job_checks_tests_and_builds_with_read_only_rights():
    data = workflow()
    assert data["permissions"] == {"contents": "read"}
    build = data["jobs"]["build"]
    assert "permissions" not in build
    commands = "\n".join(runs(build))
    order = [commands.index(c) for c in ("pip install -e '.[test]'", "build.py check --format github",
                                         "python -m pytest", "build.py build")]
    assert order == sorted(order)


def test_pull_requests_upload_the_site_and_never_deploy():
    data = workflow()
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    preview = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert preview["if"] == "github.event_name == 'pull_request'" and preview["with"]["path"] == "site"
    pages = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    for gated in (pages["if"], deploy["if"]):
        assert "github.event_name != 'pull_request'" in gated and "refs/heads/main" in gated


def test_only_the_deploy_job_may_write_pages_with_the_official_action():
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [s["uses"].split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]


def test_every_action_used_is_an_official_one_pinned_to_a_major_version():
    for job in workflow()["jobs"].values():
        for step in steps(job):
            if "uses" in step:
                name, _, version = step["uses"].partition("@")
                assert name.startswith("actions/") and version.startswith("v"), step["uses"]
