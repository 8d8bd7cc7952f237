"""A wheel that installs: built, installed into a fresh venv, and run from a folder that is not a checkout.

The README's editable install cannot show a broken wheel: the checkout's
``templates/`` and ``rules/`` sit beside the package there. So this builds the
wheel from a copy of the source, installs it with its dependencies into a new
venv (a real install, so a dependency the wheel forgets to declare fails here),
and runs the program from an empty folder, as a practice would.

``ADVISOR_SMOKE_VENV=/path/to/venv`` runs the same checks against a venv that is
already installed (``.ci/run`` uses it for ``pip install .`` from the checkout).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SOURCE = Path(__file__).resolve().parents[1]

# Built, cached or local things that are not the project's source.
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    "instance",
    "test-artifacts",
)

# Run as a script in the installed venv: the app factory's test client fetches the start
# page, follows its Start link to the first questionnaire page, and asks for the staff
# sign-in page and the style sheet.
PAGES = r"""
import json, re
import advisor

client = advisor.create_app().test_client()
start = client.get("/")
first = re.search(r'href="(/questions/[^"]+)"', start.get_data(as_text=True)).group(1)
fetched = {path: client.get(path) for path in (first, "/staff/login", "/static/advisor.css")}
fetched["/"] = start
print(json.dumps({
    "package": advisor.__file__,
    "pages": {path: [r.status_code, r.get_data(as_text=True)] for path, r in fetched.items()},
}))
"""


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a venv with advisor installed from a freshly built wheel (or $ADVISOR_SMOKE_VENV)."""
    given = os.environ.get("ADVISOR_SMOKE_VENV")
    if given:
        return Path(given).resolve()
    work = tmp_path_factory.mktemp("wheel")
    # A copy, so the build neither writes build/ into the checkout nor picks up a stale one.
    source = work / "source"
    shutil.copytree(SOURCE, source, ignore=NOT_SOURCE)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "wheel", "--no-deps", "--quiet", "--wheel-dir", str(work / "dist"), str(source)])
    (wheel,) = (work / "dist").glob("advisor-*.whl")
    _run([sys.executable, "-m", "venv", str(work / "venv")])
    _run([str(work / "venv" / "bin" / "pip"), "install", "--quiet", str(wheel)])
    return work / "venv"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """Return an empty folder to run in, far from any checkout."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def advisor(
    venv: Path, cwd: Path, *args: str, stdin: str = "", **environment: str
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``advisor`` command in ``cwd`` with a clean environment."""
    return subprocess.run(
        [str(venv / "bin" / "advisor"), *args],
        cwd=cwd,
        env=_clean_environment(cwd, **environment),
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_wheel_holds_the_package_not_the_checkout(venv, elsewhere):
    """advisor is imported from the venv, with the shipped templates and rules inside it."""
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import advisor.shipped as s; print(s.IN_PACKAGE)"],
        cwd=elsewhere,
        env=_clean_environment(elsewhere),
        capture_output=True,
        text=True,
        check=True,
    )
    inside = Path(done.stdout.strip())

    assert inside.is_relative_to(venv)
    assert (inside / "templates" / "base.html").is_file()
    assert (inside / "rules" / "ruleset.toml").is_file()
    assert (inside / "rules" / "questions.toml").is_file()
    assert sorted(p.name for p in (inside / "rules" / "cases").glob("*.toml")) == sorted(
        p.name for p in (SOURCE / "rules" / "cases").glob("*.toml")
    )


def test_assess_from_standard_input_gives_a_recommendation(venv, elsewhere):
    """`advisor assess -` answers with the default rules."""
    answers = (SOURCE / "examples" / "bfr-candidate.json").read_text()

    done = advisor(venv, elsewhere, "assess", "-", stdin=answers)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["recommendation"]["primary"] == "bfr"


def test_the_shipped_rules_check_clean_and_pass_their_cases(venv, elsewhere):
    """`advisor rules check` and `advisor rules test` work on the packaged defaults."""
    check = advisor(venv, elsewhere, "rules", "check")
    cases = advisor(venv, elsewhere, "rules", "test", "--quiet")

    assert check.returncode == 0, check.stdout + check.stderr
    assert "The rule set is valid." in check.stdout
    assert cases.returncode == 0, cases.stdout + cases.stderr
    assert " 0 failed." in cases.stdout


def test_rules_init_starts_a_practice_folder_that_advisor_rules_dir_selects(venv, elsewhere):
    """The copy checks clean, is used through ADVISOR_RULES_DIR, and is never overwritten."""
    init = advisor(venv, elsewhere, "rules", "init", "clinic-rules")
    manifest = elsewhere / "clinic-rules" / "ruleset.toml"
    manifest.write_text(
        re.sub(r'(?m)^version = ".*"$', 'version = "clinic-1"', manifest.read_text())
    )
    check = advisor(venv, elsewhere, "rules", "check", ADVISOR_RULES_DIR="clinic-rules")
    again = advisor(venv, elsewhere, "rules", "init", "clinic-rules")

    assert init.returncode == 0, init.stderr
    assert check.returncode == 0, check.stdout + check.stderr
    assert "version clinic-1," in check.stdout
    assert again.returncode == 1
    assert again.stderr.startswith("Error: clinic-rules is not empty;")
    assert "Traceback" not in again.stderr


def test_the_start_page_and_a_questionnaire_page_render(venv, elsewhere):
    """The app factory finds its templates and static files inside the installed package."""
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", PAGES],
        cwd=elsewhere,
        env=_clean_environment(elsewhere),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    pages = found["pages"]
    first = next(path for path in pages if path.startswith("/questions/"))

    assert Path(found["package"]).is_relative_to(venv)
    assert {path: status for path, (status, _) in pages.items()} == {
        "/": 200,
        first: 200,
        "/staff/login": 200,
        "/static/advisor.css": 200,
    }
    assert "Check which therapy could help you" in pages["/"][1]
    assert "<form" in pages[first][1]
    assert "Sign in" in pages["/staff/login"][1]


def _clean_environment(cwd: Path, **environment: str) -> dict[str, str]:
    """Return this environment without advisor's settings or Python paths, plus ``environment``.

    The instance folder (database, generated secret) goes in ``cwd``, not the venv, so
    a venv shared by the checks stays as it was installed.
    """
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ADVISOR_", "FLASK_", "PYTHON", "VIRTUAL_ENV"))
        and name not in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL")
    }
    return {**kept, "ADVISOR_INSTANCE_PATH": str(cwd / "instance"), **environment}


def _run(command: list[str]) -> None:
    """Run a build or install step; on failure, show its output."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
