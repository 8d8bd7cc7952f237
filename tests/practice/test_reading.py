"""``practice.toml`` is checked like a rule file: every problem with its line and what to write."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.practice import read_practice
from tests.practice.conftest import PROFILE


def test_a_complete_profile_gives_the_practice(write_profile):
    checked = read_practice(write_profile())

    practice = checked.practice
    assert checked.problems == []
    assert practice is not None
    assert (practice.name, practice.phone, practice.timezone_name) == (
        "Riverside Physical Therapy",
        "(312) 555-0100",
        "America/Chicago",
    )
    assert practice.phone_href == "tel:3125550100"
    assert practice.address == ("12 River Road", "Springfield, IL 62701")
    assert practice.accepts("medicare")
    assert not practice.accepts("workers_comp")
    assert practice.offer("bfr").self_pay_price == Decimal("95.00")
    assert practice.offer("bfr").session_minutes == 45
    assert practice.offer("nmt").self_pay_price is None  # not given: never made up


def test_only_name_phone_and_timezone_are_required(write_profile):
    checked = read_practice(
        write_profile('name = "Riverside"\nphone = "+1 312 555 0100"\ntimezone = "UTC"\n')
    )

    assert checked.problems == []
    assert checked.practice is not None
    assert checked.practice.phone_href == "tel:+13125550100"


@pytest.mark.parametrize(
    ("change", "code", "line"),
    [
        (('name = "Riverside Physical Therapy"\n', ""), "practice-missing-key", 1),
        (('phone = "(312) 555-0100"\n', ""), "practice-missing-key", 1),
        (('timezone = "America/Chicago"\n', ""), "practice-missing-key", 1),
        (('"(312) 555-0100"', '"call us"'), "practice-bad-phone", 2),
        (('"America/Chicago"', '"Central Time"'), "practice-bad-timezone", 3),
        (('"America/Chicago"', '"CST"'), "practice-bad-timezone", 3),
        (('"desk@riverside.example"', '"desk"'), "practice-bad-email", 4),
        (
            ('"https://riverside.example/privacy"', '"riverside.example/privacy"'),
            "practice-bad-url",
            7,
        ),
        (('"https://riverside.example/privacy"', '"javascript:alert(1)"'), "practice-bad-url", 7),
        (('"private"]', '"privte"]'), "practice-unknown-insurance", 9),
        (("self_pay_price = 95", "self_pay_price = -1"), "practice-negative-price", 15),
        (("self_pay_price = 95", 'self_pay_price = "95"'), "practice-wrong-type", 15),
        (("session_minutes = 45", "session_minutes = 0"), "practice-wrong-type", 12),
        (("how_often", "how_oftn"), "practice-unknown-key", 13),
        (("[therapies.bfr]", "[therapies.massage]"), "practice-unknown-key", 11),
        (("callback", "call_back"), "practice-unknown-key", 8),
        (('name = "Riverside Physical Therapy"', 'name = "  "'), "practice-empty", 1),
        (('timezone = "America/Chicago"', "timezone = 6"), "practice-wrong-type", 3),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_mistake_is_refused_with_its_line(write_profile, change, code, line):
    old, new = change
    assert old in PROFILE

    checked = read_practice(write_profile(PROFILE.replace(old, new, 1)))

    assert checked.practice is None
    found = [(p.code, p.at.line) for p in checked.errors]
    assert (code, line) in found, found


def test_every_problem_is_reported_at_once_in_line_order(write_profile):
    checked = read_practice(
        write_profile(
            'name = ""\nphone = "x"\ntimezone = "Mars/Base"\n[therapies.bfr]\nself_pay_price = -5\n'
        )
    )

    assert [(p.code, p.at.line) for p in checked.problems] == [
        ("practice-empty", 1),
        ("practice-bad-phone", 2),
        ("practice-bad-timezone", 3),
        ("practice-negative-price", 5),
    ]
    assert all(p.at.file.endswith("practice.toml") for p in checked.problems)


def test_a_misspelt_key_gets_a_suggestion(write_profile):
    checked = read_practice(write_profile(PROFILE.replace("callback", "calback")))

    assert "Did you mean 'callback'?" in checked.errors[0].message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('name = "Riverside\n', "toml-syntax"),
        ("", "practice-missing-key"),
    ],
    ids=["broken TOML", "empty file"],
)
def test_a_file_that_cannot_be_read_says_why(write_profile, text, code):
    checked = read_practice(write_profile(text))

    assert checked.practice is None
    assert checked.errors[0].code == code


def test_a_logo_must_be_a_small_picture_beside_the_profile(write_profile, tmp_path):
    (tmp_path / "huge.png").write_bytes(b"\0" * (300 * 1024))

    missing = read_practice(write_profile('logo = "gone.png"\n' + PROFILE))
    huge = read_practice(write_profile('logo = "huge.png"\n' + PROFILE))
    not_a_picture = read_practice(write_profile('logo = "practice.toml"\n' + PROFILE))

    assert [p.code for p in missing.errors] == ["practice-bad-logo"]
    assert "under 200 KB" in huge.errors[0].message
    assert "picture file" in not_a_picture.errors[0].message


def test_a_logo_beside_the_profile_is_used(write_profile, tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    checked = read_practice(write_profile('logo = "logo.png"\n' + PROFILE))

    assert checked.practice is not None
    assert checked.practice.logo == tmp_path / "logo.png"
