"""The router (advisor.runner.router): one set of pages, two modes, and where they differ."""

from __future__ import annotations

import pytest
from flask import Flask

from advisor.runner import router
from advisor.runner.path import CHECK_ANSWERS, RED_FLAG, START
from advisor.runner.router import Router, mode_named
from advisor.staff.run import STAFF_RUN
from advisor.web.questionnaire import PATIENT
from tests.rules_under_test import questionnaire_under_test

SURGERY = questionnaire_under_test().pages[7]


@pytest.mark.parametrize(
    ("mode", "red_flag"), [(PATIENT, "/urgent"), (STAFF_RUN, "/check-answers")]
)
def test_a_red_flag_leads_where_the_mode_says(app: Flask, mode, red_flag) -> None:
    with app.test_request_context():
        assert Router(mode).url(RED_FLAG) == red_flag


@pytest.mark.parametrize("mode", [PATIENT, STAFF_RUN])
def test_both_modes_share_the_pages_check_answers_and_the_start(app: Flask, mode) -> None:
    with app.test_request_context():
        routes = Router(mode)
        assert routes.url(SURGERY) == "/questions/surgery"
        assert routes.url(SURGERY, changing=True) == "/questions/surgery?change=1"
        assert routes.url(CHECK_ANSWERS) == "/check-answers"
        assert routes.url(START) == "/"


def test_each_package_registers_its_own_mode_with_the_app(app: Flask) -> None:
    with app.app_context():
        assert mode_named(router.PATIENT) is PATIENT
        assert mode_named(router.STAFF_RUN) is STAFF_RUN


def test_only_the_staff_run_stops_at_check_answers_after_a_red_flag() -> None:
    assert STAFF_RUN.stops_at_check_answers
    assert not PATIENT.stops_at_check_answers
