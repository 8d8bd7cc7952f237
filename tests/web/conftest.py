"""Fixtures for the patient pages: apps with and without CSRF, clients, and a questionnaire walker."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from advisor import create_app
from advisor.questionnaire import Questionnaire
from advisor.web.forms import NONE_OF_THESE
from tests.rules_under_test import questionnaire_under_test


@pytest.fixture(autouse=True)
def instance(tmp_path, monkeypatch):
    """Every app here gets its own instance folder, away from the checkout."""
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))


@pytest.fixture
def app() -> Flask:
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_app() -> Flask:
    """An app with CSRF protection on, as in production."""
    return create_app({"TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture
def csrf_client(csrf_app: Flask) -> FlaskClient:
    return csrf_app.test_client()


def form_data(questionnaire: Questionnaire, page_id: str, answers: Mapping[str, object]) -> dict:
    """Return what a browser would post for a page, given answers in the contract's shape."""
    data: dict[str, Any] = {}
    for question in questionnaire.on_page(page_id):
        if question.id in answers:
            value = answers[question.id]
        elif not question.core:
            # An extra question the test does not name gets its neutral answer, as in the API.
            value = question.to_dict()["default"]
        else:
            continue
        if isinstance(value, list):
            data[question.id] = value or [NONE_OF_THESE]
        else:
            data[question.id] = str(value)
    return data


def page_of(url: str) -> str | None:
    """Return the page id of a questionnaire URL, or None."""
    found = re.match(r"^/questions/([a-z0-9-]+)", url)
    return found.group(1) if found else None


class QuestionnaireWalker:
    """Fill in the questionnaire through the test client, as flaskr's AuthActions logs in."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.questionnaire = questionnaire_under_test()
        self.visited: list[str] = []

    def answer(self, page_id: str, answers: Mapping[str, object], **query: str) -> TestResponse:
        """Send one page with the answers that belong on it."""
        url = f"/questions/{page_id}"
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return self.client.post(url, data=form_data(self.questionnaire, page_id, answers))

    def back_link(self, page_id: str, **query: str) -> str:
        """Return where a page's Back link goes (the link above its heading)."""
        url = f"/questions/{page_id}"
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        found = re.search(
            r'<a class="back-link" href="([^"]*)">Back</a>', self.client.get(url).text
        )
        assert found is not None, f"{url} has no Back link"
        return found.group(1).replace("&amp;", "&")

    def back(self, page_id: str, data: Mapping[str, object], **query: str) -> TestResponse:
        """Send a page with ``action=back``, as its Back button did before the Back link."""
        url = f"/questions/{page_id}"
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return self.client.post(url, data={**data, "action": "back"})

    def walk(self, answers: Mapping[str, object], start: str = "/questions/about-you") -> str:
        """Answer page after page from ``start`` until the questionnaire leaves its pages.

        :returns: the URL it ended on (check answers, or the urgent page).
        """
        url = start
        for _ in range(len(self.questionnaire.pages) + 1):
            page_id = page_of(url)
            if page_id is None:
                return url
            shown = self.client.get(url)
            assert shown.status_code == 200, url
            self.visited.append(page_id)
            sent = self.answer(page_id, answers)
            assert sent.status_code == 302, sent.get_data(as_text=True)
            url = sent.location
        raise AssertionError("the questionnaire did not end")

    def finish(self, answers: Mapping[str, object]) -> TestResponse:
        """Walk the whole questionnaire and open the result page."""
        assert self.walk(answers) == "/check-answers"
        return self.client.get("/result")


@pytest.fixture
def walker(client: FlaskClient) -> QuestionnaireWalker:
    return QuestionnaireWalker(client)


@pytest.fixture
def given(client: FlaskClient) -> Callable[..., None]:
    """Return a setter: ``given(age=45, red_flags=[])`` puts answers straight into the session."""

    def put(answers: Mapping[str, object] | None = None, **more: object) -> None:
        with client.session_transaction() as session:
            session["answers"] = {**(answers or {}), **more}

    return put
