"""The publishing workflow (issue 8): pull requests are checked, tested and built but can
never deploy; pushes to main deploy with the official Pages actions and least privilege.
There is no GitHub here, so this reads the workflow as GitHub would and checks the rules
that matter for safety: a regression (a deploy on pull requests, write access for the
whole run, an unofficial action) fails here first.

The supply chain (issue 18, item 13): every action is pinned to a commit, and the workflow
and .ci/run install exactly the packages of requirements/lock.txt, each checked by hash."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
CI_RUN = REPO / ".ci" / "run"
LOCK = REPO / "requirements" / "lock.txt"
INSTALL = ("pip install --require-hashes -r requirements/pip.txt",
           "pip install --require-hashes -r requirements/lock.txt",
           "pip install --no-deps --no-build-isolation -e .")


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
    order = [commands.index(c) for c in (*INSTALL, "rm -rf .sidelight-cache", "build.py check --format github",
                                         "python -m pytest", "rm -rf .sidelight-cache && python build.py build")]
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


def test_every_action_used_is_an_official_one_pinned_to_a_release_commit():
    """A tag can be moved to other code; a full commit id cannot. The release it is, as a
    comment on the same line, for the reader and for updating."""
    uses = [line for line in WORKFLOW.read_text().splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert len(uses) == sum("uses" in step for job in workflow()["jobs"].values() for step in steps(job))
    for line in uses:
        assert re.fullmatch(r"\s*(- )?uses: actions/[a-z-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


def locked() -> dict[str, str]:
    """{package name: version} of requirements/lock.txt; every entry is `name==version`
    followed by at least one sha256 hash."""
    entries = re.split(r"\n(?=[^\s#])", LOCK.read_text())
    pins = {}
    for entry in entries:
        if entry.startswith("#") or not entry.strip():
            continue
        match = re.match(r"([A-Za-z0-9._-]+)==(\S+) \\\n", entry)
        assert match and re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry[:200]
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def test_the_lock_pins_every_dependency_of_pyproject_with_a_version_it_allows():
    """The runtime and test dependencies and the build backend: the lock decides every
    version, and none contradicts pyproject.toml (pip checks the hashes and that nothing
    unlisted is pulled in: --require-hashes refuses any package not in the lock)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    wanted = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
              *project["build-system"]["requires"]]
    pins = locked()
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements/lock.txt: run pip-compile again"
        assert requirement.specifier.contains(pins[name], prereleases=True), (text, pins[name])


def test_ci_and_the_workflow_install_the_lock_and_forget_any_committed_cache():
    script = CI_RUN.read_text()
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    installs = [line for line in commands if "pip install" in line]
    assert [line.removeprefix(".venv/bin/").replace(" -q", "") for line in installs] == list(INSTALL)
    forget, tests = commands.index("rm -rf .sidelight-cache"), commands.index(".venv/bin/python -m pytest")
    assert commands.index(installs[-1]) < forget < tests
    build = workflow()["jobs"]["build"]
    installs = [line for run in runs(build) for line in run.splitlines() if "pip install" in line]
    assert installs == list(INSTALL)
    assert workflow()["jobs"]["build"]["steps"][1]["with"]["cache-dependency-path"] == "requirements/lock.txt"
