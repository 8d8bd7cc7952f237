"""The app reads the practice profile when it starts: patients see the practice, or a neutral header."""

from __future__ import annotations

import pytest
from flask import Flask

from advisor import create_app
from advisor.exceptions import ConfigurationError, PracticeInvalid
from tests.practice.conftest import PROFILE

BASE = {"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test"}


@pytest.fixture(autouse=True)
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("ADVISOR_PRACTICE", raising=False)


def app_with(profile=None) -> Flask:
    return create_app({**BASE, **({"PRACTICE_PROFILE": str(profile)} if profile else {})})


def test_every_patient_page_shows_the_practice_name_and_a_phone_link(write_profile):
    client = app_with(write_profile()).test_client()

    html = client.get("/").get_data(as_text=True)

    assert "Riverside Physical Therapy" in html.split("</header>")[0]
    assert '<a class="header-phone-link" href="tel:3125550100">(312) 555-0100</a>' in html
    footer = html.split("<footer")[1]
    assert "12 River Road, Springfield, IL 62701" in footer
    assert 'href="https://riverside.example/privacy"' in footer
    assert "<title>" in html
    assert "– Riverside Physical Therapy</title>" in html


def test_without_a_profile_patients_see_a_neutral_header_and_no_number(tmp_path):
    client = app_with().test_client()

    html = client.get("/").get_data(as_text=True)

    assert "Therapy screening" in html.split("</header>")[0]
    assert "tel:" not in html
    assert "555" not in html


def test_a_profile_in_the_instance_folder_is_read_without_a_setting(tmp_path):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "practice.toml").write_text(PROFILE)

    html = create_app(BASE).test_client().get("/").get_data(as_text=True)

    assert "Riverside Physical Therapy" in html


def test_advisor_practice_names_the_profile(write_profile, monkeypatch):
    monkeypatch.setenv("ADVISOR_PRACTICE", str(write_profile()))

    html = create_app(BASE).test_client().get("/").get_data(as_text=True)

    assert "Riverside Physical Therapy" in html


def test_a_profile_with_an_error_stops_the_start_and_names_each_problem(write_profile):
    path = write_profile(PROFILE.replace('"America/Chicago"', '"Chicago"'))

    with pytest.raises(PracticeInvalid) as refused:
        app_with(path)

    assert [(p.code, p.at.line) for p in refused.value.problems] == [("practice-bad-timezone", 3)]


def test_advisor_practice_naming_a_missing_file_stops_the_start(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_PRACTICE", str(tmp_path / "nowhere.toml"))

    with pytest.raises(ConfigurationError, match=r"nowhere\.toml"):
        create_app(BASE)


def test_the_logo_is_served_from_beside_the_profile(write_profile, tmp_path):
    picture = b"\x89PNG\r\n\x1a\n" + b"\1" * 20
    (tmp_path / "logo.png").write_bytes(picture)
    client = app_with(write_profile('logo = "logo.png"\n' + PROFILE)).test_client()

    page = client.get("/").get_data(as_text=True)
    logo = client.get("/practice/logo")
    served = (logo.status_code, logo.mimetype, logo.data)
    logo.close()  # the file stays open until the response is closed, as a server would

    assert 'src="/practice/logo" alt=""' in page
    assert served == (200, "image/png", picture)


def test_no_logo_is_a_404_not_an_error(write_profile):
    assert app_with(write_profile()).test_client().get("/practice/logo").status_code == 404
    assert app_with().test_client().get("/practice/logo").status_code == 404


def test_a_privacy_notice_written_in_the_profile_has_its_own_page(write_profile):
    text = PROFILE.replace(
        'privacy_url = "https://riverside.example/privacy"',
        'privacy_text = """We keep what you send us to contact you.\n\nWe never sell it."""',
    )
    client = app_with(write_profile(text)).test_client()

    page = client.get("/privacy").get_data(as_text=True)
    footer = client.get("/").get_data(as_text=True).split("<footer")[1]

    assert "<p>We keep what you send us to contact you.</p>" in page
    assert "<p>We never sell it.</p>" in page
    assert 'href="/privacy"' in footer


def test_the_privacy_page_follows_a_profiles_url_or_is_absent(write_profile):
    linked = app_with(write_profile()).test_client().get("/privacy")

    assert (linked.status_code, linked.location) == (302, "https://riverside.example/privacy")
    assert app_with().test_client().get("/privacy").status_code == 404


def test_the_urgent_page_keeps_the_practices_number_out_of_the_header(write_profile):
    """Someone told to call 911 sees 911 first: the practice's number is only in the footer."""
    client = app_with(write_profile()).test_client()
    with client.session_transaction() as session:
        session["answers"] = {"age": 50, "red_flags": ["chest_pain"]}

    html = client.get("/urgent").get_data(as_text=True)

    header, rest = html.split("</header>", 1)
    assert "tel:" not in header
    assert "Riverside Physical Therapy" in header
    assert 'href="tel:3125550100"' in rest.split("<footer")[1]
