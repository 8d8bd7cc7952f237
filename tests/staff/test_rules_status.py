"""The staff page of the rule set in use: therapists and admins see a refused change and why."""

from __future__ import annotations

import os
import time

import pytest
import tomli_w

from tests.personas import BASE_ANSWERS
from tests.staff.conftest import StaffActions

FAILING_CASE = tomli_w.dumps(
    {
        "case": [
            {
                "name": "a-healthy-adult-gets-bfr",
                "answers": BASE_ANSWERS,
                "expect": {"primary": "bfr", "suggestions": ["bfr"]},
            }
        ]
    }
)


def saved_a_while_ago(path) -> None:
    then = time.time_ns() - 10_000_000_000
    os.utime(path, ns=(then, then))


@pytest.fixture
def server(another_server, accounts, rules):
    """An app on a copy of the rules that looks at the files on every request."""
    return another_server(RULES_DIR=str(rules), RULES_CHECK_INTERVAL=0.0)


@pytest.mark.parametrize("role", ["therapist", "admin"])
def test_the_page_shows_the_rule_set_in_use(server, role):
    """Version, digest and when it went live; nothing refused."""
    staff = StaffActions(server.test_client())
    staff.as_role(role)
    ruleset = server.extensions["advisor.rules"].current()

    page = staff.client.get("/staff/rules/status").get_data(as_text=True)

    assert '<h1 class="heading-l">Rule set status</h1>' in page
    assert f"<td>{ruleset.info.version}</td>" in page
    assert ruleset.info.digest in page
    assert "None: the last saved change is in use." in page


def test_a_refused_change_is_listed_with_its_gate_and_every_reason(server, rules):
    """A failing example case: the gate, the case file and line, and what differed."""
    case_file = rules / "cases" / "mine.toml"
    case_file.write_text(FAILING_CASE)
    saved_a_while_ago(case_file)
    staff = StaffActions(server.test_client())
    staff.as_role("therapist")

    page = staff.client.get("/staff/rules/status").get_data(as_text=True)

    assert "was refused at" in page
    assert "by the example cases." in page
    assert f"<code>{case_file}:1</code>" in page
    assert "example case &#39;a-healthy-adult-gets-bfr&#39; does not get what it expects" in page
    assert "[case-failed]" in page


def test_a_change_under_the_same_version_shows_a_warning(server, rules):
    """The change goes live; the page says its version was not raised, on ruleset.toml."""
    bfr = rules / "bfr.toml"
    bfr.write_text(bfr.read_text() + "\n# reviewed\n")
    saved_a_while_ago(bfr)
    staff = StaffActions(server.test_client())
    staff.as_role("admin")

    page = staff.client.get("/staff/rules/status").get_data(as_text=True)

    assert "None: the last saved change is in use." in page
    lines = (rules / "ruleset.toml").read_text().splitlines()
    version_line = next(n for n, line in enumerate(lines, 1) if line.startswith("version"))
    assert f"<code>{rules / 'ruleset.toml'}:{version_line}</code>" in page
    assert "[version-not-raised]" in page


def test_intake_staff_may_not_read_it_and_the_public_health_check_says_only_when(server, rules):
    """Intake staff get 403; /healthz tells anyone that a change was refused, not why."""
    case_file = rules / "cases" / "mine.toml"
    case_file.write_text(FAILING_CASE)
    saved_a_while_ago(case_file)
    public = server.test_client().get("/healthz").get_json()["ruleset"]
    staff = StaffActions(server.test_client())
    staff.as_role("intake")

    assert staff.client.get("/staff/rules/status").status_code == 403
    assert set(public["refused_edit"]) == {"at"}
    assert "warnings" not in public
