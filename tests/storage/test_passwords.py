"""The password rules: too short, too repetitive, like the email, or common, each with its reason."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from advisor.exceptions import UserError
from advisor.storage.passwords import (
    COMMON,
    COMMON_PASSWORDS,
    LIKE_EMAIL,
    TOO_FEW_CHARACTERS,
    TOO_SHORT,
    check_password_rules,
    common_passwords,
)

EMAIL = "ann.lee@clinic.example"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short one", TOO_SHORT),
        ("aaaaaaaaaaaa", TOO_FEW_CHARACTERS),
        ("AaAaAaAaAaAa", TOO_FEW_CHARACTERS),
        ("121212121212", TOO_FEW_CHARACTERS),
        ("ann.lee@clinic.example", LIKE_EMAIL),
        ("Ann.Lee@Clinic.Example", LIKE_EMAIL),
        ("  ANN.LEE@CLINIC.EXAMPLE  ", LIKE_EMAIL),
        ("ann.lee@clinic.example1!", LIKE_EMAIL),
        ("AnnLee-2026-!!", LIKE_EMAIL),
        ("1990 ann_lee 1990", LIKE_EMAIL),
        ("qwerty123456", COMMON),
        ("password1234", COMMON),
        ("Password2026!", COMMON),
        ("  iloveyou 12345  ", COMMON),
        ("!!Football!!2024", COMMON),
        ("monkeymonkeymonkey", COMMON),
        ("123456789123", COMMON),
    ],
)
def test_a_password_the_rules_refuse_is_refused_with_its_reason(password, message):
    """Each broken rule gives its own message, which names the password and never shows it."""
    with pytest.raises(UserError) as refused:
        check_password_rules(password, EMAIL)

    assert str(refused.value) == message
    assert "password" in message
    assert password.strip() not in message


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "a brand new password",
        "a long browser-test password",
        "a long bench password",
        "ann-lee is not my password",
        "Tr0ub4dor&3-clinic",
        "password manager made this: 7hG#2kLq9",
    ],
)
def test_a_good_password_is_accepted(password):
    """Passphrases, and passwords that only mention a common word or the name, pass."""
    check_password_rules(password, EMAIL)


def test_the_list_holds_the_most_common_passwords_lower_cased():
    """About 5,000 entries, the most common ones among them, none a comment, all lower-cased."""
    listed = common_passwords()

    assert 5000 <= len(listed) <= 6000
    assert {"123456", "password", "qwerty", "iloveyou", "qwerty123456"} <= listed
    assert all(entry == entry.casefold() for entry in listed if entry.isascii())
    assert not any(entry.startswith("#") for entry in listed)


def test_the_list_ships_with_the_package():
    """The list sits beside its module and is named as package data, so an install has it."""
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())

    assert COMMON_PASSWORDS.is_file()
    assert (
        COMMON_PASSWORDS.name in pyproject["tool"]["setuptools"]["package-data"]["advisor.storage"]
    )
