"""Fixtures for the API: an app on the default rules and its test client."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advisor import create_app


@pytest.fixture
def app(tmp_path) -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
