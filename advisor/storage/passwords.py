"""What a staff password must be, checked wherever one is set (``advisor users add``, ``set-password``).

A password is refused, with the reason, when it is:

- shorter than ``MIN_PASSWORD_LENGTH`` (12) characters;
- made of fewer than ``MIN_DIFFERENT_CHARACTERS`` (4) different characters
  (``aaaaaaaaaaaa``, ``xo-xo-xo-xo-xo``);
- the account's email address, or the name before its ``@``, with only capitals,
  numbers or symbols changed (``ANN@EXAMPLE.COM!``, ``Ann.Lee-1990``);
- a common password (``common-passwords.txt``, about 5,000 of them, from the list
  Django ships), ignoring capitals and spaces at the ends, with numbers or symbols
  added before or after it (``Password2026!``), or repeated (``monkeymonkey``).

Checks go in that order and the first that fails is reported. The password itself
never appears in a message.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path

from advisor.exceptions import UserError

__all__ = [
    "COMMON",
    "COMMON_PASSWORDS",
    "LIKE_EMAIL",
    "MIN_DIFFERENT_CHARACTERS",
    "MIN_PASSWORD_LENGTH",
    "TOO_FEW_CHARACTERS",
    "TOO_SHORT",
    "check_password_rules",
    "common_passwords",
]

MIN_PASSWORD_LENGTH = 12
MIN_DIFFERENT_CHARACTERS = 4

COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")

TOO_SHORT = f"the password needs at least {MIN_PASSWORD_LENGTH} characters."
TOO_FEW_CHARACTERS = (
    f"the password needs at least {MIN_DIFFERENT_CHARACTERS} different characters, "
    "not one or a few repeated."
)
LIKE_EMAIL = (
    "the password must not be the email address, or the name before its @, "
    "with only capitals, numbers or symbols changed."
)
COMMON = (
    "the password is a common one, or a common one with numbers or symbols added; "
    "these are guessed first, so choose another."
)

# What may be added around a common password or an email's name without making it new.
_PADDING = string.digits + string.punctuation + string.whitespace


def check_password_rules(password: str, email: str) -> None:
    """Refuse a password that is too short, too repetitive, like the email, or common.

    :param email: the address of the account the password is for.
    :raises UserError: saying which rule the password breaks.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(TOO_SHORT)
    if len(set(password.casefold())) < MIN_DIFFERENT_CHARACTERS:
        raise UserError(TOO_FEW_CHARACTERS)
    if _like_email(password, email):
        raise UserError(LIKE_EMAIL)
    if _forms(password) & common_passwords():
        raise UserError(COMMON)


@functools.cache
def common_passwords() -> frozenset[str]:
    """Return the common passwords, lower-cased (read once from ``common-passwords.txt``)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _forms(password: str) -> set[str]:
    """Return the password as a list of common ones would hold it: lower-cased, with and
    without numbers and symbols at its ends, and the part it repeats, if it repeats one."""
    whole = password.strip().casefold()
    forms = {whole, whole.strip(_PADDING)}
    forms |= {_repeated(form) for form in forms}
    return forms - {""}


def _repeated(text: str) -> str:
    """Return the shortest part that ``text`` is made of, repeated (``text`` itself if none)."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return text


def _like_email(password: str, email: str) -> bool:
    """Say whether the password is the email, or its name, with only capitals, numbers or
    symbols changed."""
    letters = _letters_and_digits(password)
    address = _letters_and_digits(email)
    name = _letters_and_digits(email.rpartition("@")[0])
    return bool(address and address in letters) or bool(
        name and letters.strip(string.digits) == name.strip(string.digits)
    )


def _letters_and_digits(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())
