"""Read and check ``practice.toml``: every problem with its file, line and column.

The profile is the practice's own file, like the rule files, so it gets the same kind
of messages: where, what was found, what was expected. ``read_practice`` returns the
profile with every problem found (warnings too); a profile with an error is refused
whole, and the app does not start on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from advisor.contract import THERAPIES
from advisor.practice.profile import INSURANCE_ROUTES, Practice, TherapyOffer
from advisor.problems import Location, Problem, Severity, did_you_mean, display_path, quoted
from advisor.tomlfile import SourceFile, read_toml

__all__ = ["LOGO_TYPES", "MAX_LOGO_BYTES", "Checked", "read_practice"]

#: The image files a logo may be, by suffix, with the type they are served as.
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}

#: A logo is a small picture in the header; a bigger file would slow every page.
MAX_LOGO_BYTES = 200 * 1024

_REQUIRED = ("name", "phone", "timezone")
_TEXTS = ("name", "phone", "email", "privacy_url", "privacy_text", "callback", "logo")
_LISTS = ("address", "hours", "insurance")
_KEYS = (*_TEXTS, "timezone", *_LISTS, "therapies")
_OFFER_KEYS = ("session_minutes", "how_often", "typical_sessions", "self_pay_price")
_PHONE = re.compile(r"^\+?[\d\s().-]{3,30}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(slots=True)
class Checked:
    """What reading a profile gave: the practice if it has no error, and every problem."""

    practice: Practice | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that stop the profile being used."""
        return [p for p in self.problems if p.severity == "error"]


def read_practice(path: Path) -> Checked:
    """Read the profile at ``path`` and check every key of it."""
    source = read_toml(path, limit=64 * 1024)
    if isinstance(source, Problem):
        return Checked(None, [source])
    check = _Check(source)
    practice = check.practice()
    found = [*source.warnings, *sorted(check.problems, key=lambda p: (p.at.line, p.at.column))]
    errors = any(p.severity == "error" for p in found)
    return Checked(None if errors else practice, found)


class _Check:
    """The checks of one parsed profile; each adds its problems to ``problems``."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.data = source.data
        self.problems: list[Problem] = []

    def problem(
        self,
        code: str,
        path: tuple[str, ...],
        message: str,
        *,
        found: object = None,
        expected: str | None = None,
        severity: Severity = "error",
        at_key: bool = False,
    ) -> None:
        at = self.source.key_at(*path) if at_key else self.source.value_at(*path)
        self.problems.append(
            Problem(
                f"practice-{code}", severity, at, message, None, ".".join(path), found, expected
            )
        )

    def practice(self) -> Practice:
        self._unknown_keys(self.data, (), _KEYS)
        for key in _REQUIRED:
            if key not in self.data:
                self.problems.append(
                    Problem(
                        "practice-missing-key",
                        "error",
                        Location(self.source.display),
                        f"'{key}' is missing: the profile must give the practice's "
                        f"{_WHAT[key]}, for example {key} = {_EXAMPLE[key]}",
                        key=key,
                        expected=_WHAT[key],
                    )
                )
        texts = {key: self._text(key) for key in _TEXTS}
        self._formats(texts)
        return Practice(
            name=texts["name"] or "",
            phone=texts["phone"] or "",
            timezone=self._timezone(),
            email=texts["email"] or "",
            address=self._lines("address"),
            hours=self._lines("hours"),
            privacy_url=texts["privacy_url"] or "",
            privacy_text=texts["privacy_text"] or "",
            callback=texts["callback"] or "",
            insurance=self._insurance(),
            therapies=self._therapies(),
            logo=self._logo(texts["logo"]),
            source=display_path(self.source.path),
        )

    def _unknown_keys(
        self, table: dict[str, Any], path: tuple[str, ...], allowed: tuple[str, ...]
    ) -> None:
        for key in table:
            if key not in allowed:
                where = f"in [{'.'.join(path)}]" if path else "at the top of the profile"
                self.problem(
                    "unknown-key",
                    (*path, key),
                    f"'{key}' is not a key of the practice profile {where}.{did_you_mean(key, allowed)} "
                    f"Expected one of {quoted(allowed)}",
                    found=key,
                    expected=quoted(allowed),
                    at_key=True,
                )

    def _typed(
        self, path: tuple[str, ...], value: object, expected: str, ok: Callable[[object], bool]
    ) -> bool:
        if ok(value):
            return True
        self.problem(
            "wrong-type",
            path,
            f"'{'.'.join(path)}' should be {expected}, not {value!r}",
            found=value,
            expected=expected,
        )
        return False

    def _text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not self._typed((key,), value, "text in quotes", lambda v: isinstance(v, str)):
            return None
        text = str(value).strip()
        if not text:
            self.problem(
                "empty",
                (key,),
                f"'{key}' is empty: write the practice's {_WHAT.get(key, key)} or remove the line",
            )
            return None
        return text

    def _formats(self, texts: dict[str, str | None]) -> None:
        phone, email, url = texts["phone"], texts["email"], texts["privacy_url"]
        if phone and not (_PHONE.match(phone) and sum(c.isdigit() for c in phone) >= 3):
            self.problem(
                "bad-phone",
                ("phone",),
                f"'phone' should be a phone number such as \"(312) 555-0100\", not {phone!r}",
                found=phone,
                expected="digits, spaces, + ( ) - .",
            )
        if email and not _EMAIL.match(email):
            self.problem(
                "bad-email",
                ("email",),
                f"'email' should be an email address such as \"desk@example.org\", not {email!r}",
                found=email,
                expected="an email address",
            )
        if url is not None:
            parts = urlsplit(url)
            if parts.scheme not in ("https", "http") or not parts.netloc or " " in url:
                self.problem(
                    "bad-url",
                    ("privacy_url",),
                    f"'privacy_url' should be a web address starting with https://, not {url!r}",
                    found=url,
                    expected="a URL starting with https://",
                )
        if texts["privacy_url"] and texts["privacy_text"]:
            self.problem(
                "two-privacy-notices",
                ("privacy_text",),
                "give the privacy notice once: 'privacy_url' or 'privacy_text', not both",
            )

    def _timezone(self) -> ZoneInfo:
        name = self.data.get("timezone")
        if name is None:
            return ZoneInfo("UTC")
        if not self._typed(
            ("timezone",), name, "a time zone name in quotes", lambda v: isinstance(v, str)
        ):
            return ZoneInfo("UTC")
        try:
            if "/" not in name and name != "UTC":
                raise ValueError(name)  # "CST" or "EST5EDT" are not what a practice means
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem(
                "bad-timezone",
                ("timezone",),
                f"'timezone' should be a time zone name such as \"America/Chicago\" or "
                f'"America/New_York", not {name!r}',
                found=name,
                expected="an IANA time zone name",
            )
            return ZoneInfo("UTC")

    def _lines(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        expected = 'a list of lines in quotes, such as ["100 Main Street", "Springfield"]'
        ok = self._typed(
            (key,),
            value,
            expected,
            lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        )
        return tuple(line.strip() for line in value if line.strip()) if ok else ()

    def _insurance(self) -> tuple[str, ...]:
        routes = self._lines("insurance")
        for index, route in enumerate(routes):
            if route not in INSURANCE_ROUTES:
                self.problem(
                    "unknown-insurance",
                    ("insurance",),
                    f"insurance {index + 1} is {route!r}, which is not a way of paying the "
                    f"questionnaire knows.{did_you_mean(route, INSURANCE_ROUTES)} "
                    f"Expected any of {quoted(INSURANCE_ROUTES)}",
                    found=route,
                    expected=quoted(INSURANCE_ROUTES),
                )
        return tuple(r for r in routes if r in INSURANCE_ROUTES)

    def _therapies(self) -> dict[Any, TherapyOffer]:
        table = self.data.get("therapies")
        if table is None:
            return {}
        if not self._typed(
            ("therapies",), table, "tables such as [therapies.bfr]", lambda v: isinstance(v, dict)
        ):
            return {}
        self._unknown_keys(table, ("therapies",), THERAPIES)
        offers = {}
        for therapy in THERAPIES:
            offer = table.get(therapy)
            if isinstance(offer, dict):
                offers[therapy] = self._offer(therapy, offer)
            elif offer is not None:
                self._typed(
                    ("therapies", therapy), offer, f"a table [therapies.{therapy}]", lambda v: False
                )
        return offers

    def _offer(self, therapy: str, offer: dict[str, Any]) -> TherapyOffer:
        path = ("therapies", therapy)
        self._unknown_keys(offer, path, _OFFER_KEYS)
        minutes = offer.get("session_minutes")
        if minutes is not None and not self._typed(
            (*path, "session_minutes"),
            minutes,
            "a whole number of minutes from 5 to 240",
            lambda v: isinstance(v, int) and not isinstance(v, bool) and 5 <= v <= 240,
        ):
            minutes = None
        texts = {}
        for key in ("how_often", "typical_sessions"):
            value = offer.get(key, "")
            texts[key] = (
                value.strip()
                if self._typed((*path, key), value, "text in quotes", lambda v: isinstance(v, str))
                else ""
            )
        return TherapyOffer(
            minutes,
            texts["how_often"],
            texts["typical_sessions"],
            self._price(path, offer.get("self_pay_price")),
        )

    def _price(self, path: tuple[str, ...], price: object) -> Decimal | None:
        if price is None:
            return None
        key = (*path, "self_pay_price")
        if not self._typed(
            key,
            price,
            "a price in dollars, such as 95 or 95.50",
            lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        ):
            return None
        if price < 0:  # type: ignore[operator]
            self.problem(
                "negative-price",
                key,
                f"'{'.'.join(key)}' is {price}: a price cannot be below 0",
                found=price,
                expected="0 or more",
            )
            return None
        return Decimal(str(price)).quantize(Decimal("0.01"))

    def _logo(self, name: str | None) -> Path | None:
        if name is None:
            return None
        path = (self.source.path.parent / name).resolve()
        if path.suffix.lower() not in LOGO_TYPES:
            self.problem(
                "bad-logo",
                ("logo",),
                f"'logo' should name a picture file ({quoted(LOGO_TYPES)}), not {name!r}",
                found=name,
                expected=quoted(LOGO_TYPES),
            )
        elif not path.is_file():
            self.problem(
                "bad-logo",
                ("logo",),
                f"'logo' names {name!r}, but there is no such file beside the profile ({path})",
                found=name,
                expected="a file beside practice.toml",
            )
        elif path.stat().st_size > MAX_LOGO_BYTES:
            self.problem(
                "bad-logo",
                ("logo",),
                f"'logo' {name!r} is {path.stat().st_size // 1024} KB; keep it under "
                f"{MAX_LOGO_BYTES // 1024} KB so pages stay quick on a phone",
                found=name,
                expected=f"under {MAX_LOGO_BYTES // 1024} KB",
            )
        else:
            return path
        return None


_WHAT = {
    "name": "name",
    "phone": "phone number",
    "timezone": "time zone",
    "email": "email address",
    "privacy_url": "privacy notice's web address",
    "privacy_text": "privacy notice",
    "callback": "call-back time",
    "logo": "logo file",
}
_EXAMPLE = {
    "name": '"Riverside Physical Therapy"',
    "phone": '"(312) 555-0100"',
    "timezone": '"America/Chicago"',
}
