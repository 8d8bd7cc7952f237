"""/healthz tells the public that a rule edit was refused; only staff see its problems and paths."""

from __future__ import annotations

import os
import shutil
import time

from tests.conftest import RULES_DIR
from tests.staff.conftest import StaffActions


def test_a_refused_rule_edit_shows_its_problems_to_signed_in_staff_only(
    another_server, accounts, tmp_path
):
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    app = another_server(RULES_DIR=str(rules), RULES_CHECK_INTERVAL=0.0)
    broken = rules / "bfr.toml"
    broken.write_text("[[rule]\n")
    a_while_ago = time.time_ns() - 10_000_000_000
    os.utime(broken, ns=(a_while_ago, a_while_ago))
    client = app.test_client()

    public = client.get("/healthz")
    StaffActions(client).as_role("intake")
    signed_in = client.get("/healthz").get_json()["ruleset"]["refused_edit"]

    assert set(public.get_json()["ruleset"]["refused_edit"]) == {"at"}
    assert str(tmp_path) not in public.get_data(as_text=True)
    assert "set-cookie" not in public.headers
    assert signed_in["problems"][0]["code"] == "toml-syntax"
    assert signed_in["problems"][0]["file"].endswith("bfr.toml")
