"""Fixtures for the practice profile: a writer of ``practice.toml`` files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

#: A complete, valid profile; tests change a line or two of it.
PROFILE = """\
name = "Riverside Physical Therapy"
phone = "(312) 555-0100"
timezone = "America/Chicago"
email = "desk@riverside.example"
address = ["12 River Road", "Springfield, IL 62701"]
hours = ["Monday to Friday, 8 am to 6 pm"]
privacy_url = "https://riverside.example/privacy"
callback = "within one working day"
insurance = ["medicare", "private"]

[therapies.bfr]
session_minutes = 45
how_often = "2 or 3 times a week"
typical_sessions = "8 to 12"
self_pay_price = 95

[es]
callback = "dentro de un día hábil"
hours = ["De lunes a viernes, de 8 a. m. a 6 p. m."]

[es.therapies.bfr]
how_often = "2 o 3 veces por semana"
typical_sessions = "8 a 12"
"""


@pytest.fixture
def write_profile(tmp_path: Path) -> Callable[[str], Path]:
    """Return a writer: ``write_profile(text)`` → the path of a ``practice.toml`` holding it."""

    def write(text: str = PROFILE) -> Path:
        path = tmp_path / "practice.toml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
