"""Read and check ``practice.toml``: every problem with its file, line and column.

The profile is the practice's own file, like the rule files, so it gets the same kind
of messages: where, what was found, what was expected. ``read_practice`` returns the
profile with every problem found (warnings too); a profile with an error is refused
whole, and the app does not start on it.

The texts in the practice's own words may be given again in each other language the
pages are offered in, in a table named by its code (``[es]``, ``[es.therapies.bfr]``).
A text with no such version is a warning, not an error: its pages show it in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError, localedata

from advisor.contract import THERAPIES
from advisor.language_codes import DEFAULT_LANGUAGE, LANGUAGES
from advisor.practice.profile import (
    INSURANCE_ROUTES,
    OfferTranslation,
    Practice,
    TherapyOffer,
    Translation,
)
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
#: The texts in the practice's own words, which a language table may give again.
_TRANSLATABLE = ("callback", "hours", "privacy_text", "therapies")
_OFFER_TRANSLATABLE = ("how_often", "typical_sessions")
_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")
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


def read_practice(path: Path, languages: Sequence[str] = LANGUAGES) -> Checked:
    """Read the profile at ``path`` and check every key of it.

    :param languages: the languages the pages are offered in; the profile may give its
        texts in each one but the default, and is warned of each text it does not.
    """
    source = read_toml(path, limit=64 * 1024)
    if isinstance(source, Problem):
        return Checked(None, [source])
    check = _Check(source, tuple(code for code in languages if code != DEFAULT_LANGUAGE))
    practice = check.practice()
    found = [*source.warnings, *sorted(check.problems, key=lambda p: (p.at.line, p.at.column))]
    errors = any(p.severity == "error" for p in found)
    return Checked(None if errors else practice, found)


class _Check:
    """The checks of one parsed profile; each adds its problems to ``problems``."""

    def __init__(self, source: SourceFile, offered: tuple[str, ...]) -> None:
        self.source = source
        self.data = source.data
        #: The languages other than English that a table may give the texts in.
        self.offered = offered
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
        self._unknown_keys(self.data, (), (*_KEYS, *self.offered))
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
        translations = {
            code: self._translation(code)
            for code in self.offered
            if code in self.data
            and self._typed(
                (code,),
                self.data[code],
                f"a table [{code}] of the practice's texts in {_name(code)}",
                lambda v: isinstance(v, dict),
            )
        }
        self._untranslated(translations)
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
            translations=translations,
        )

    def _unknown_keys(
        self,
        table: dict[str, Any],
        path: tuple[str, ...],
        allowed: tuple[str, ...],
        untranslated: tuple[str, ...] = (),
    ) -> None:
        """Refuse each key of ``table`` not in ``allowed``.

        :param untranslated: keys the English beside this table has, which are the same
            in every language (a language table names them to say why they cannot be here).
        """
        for key in table:
            if key in allowed:
                continue
            if not path and isinstance(table[key], dict) and _is_language(key):
                self._unknown_language(key)
                continue
            where = f"in [{'.'.join(path)}]" if path else "at the top of the profile"
            if key in untranslated:
                why = (
                    f"'{key}' is not translated: it is the same on the pages of every language, "
                    f"so it is written once, in English, not {where}."
                )
            else:
                why = f"'{key}' is not a key of the practice profile {where}." + did_you_mean(
                    key, allowed
                )
            self.problem(
                "unknown-key",
                (*path, key),
                f"{why} Expected one of {quoted(allowed)}",
                found=key,
                expected=quoted(allowed),
                at_key=True,
            )

    def _unknown_language(self, key: str) -> None:
        """Refuse a table for a language the pages are not offered in (or for English)."""
        offered = " and ".join(f"{_name(code)} ([{code}])" for code in self.offered)
        if key.lower() == DEFAULT_LANGUAGE:
            found = "English is the language of the profile's own keys, written at its top"
        else:
            found = (
                f"it gives the practice's texts in {_name(key)}, which the pages are not offered in"
            )
        fix = (
            f"The pages are offered in English and {offered}: give the texts of a language in "
            f"its table, or remove [{key}]"
            if self.offered
            else f"The pages are offered only in English: remove [{key}]"
        )
        self.problem(
            "unknown-language",
            (key,),
            f"[{key}] is not a language table: {found}. {fix}",
            found=key,
            expected=quoted(self.offered) if self.offered else "no language table",
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
        return self._text_in(self.data, (key,), f"the practice's {_WHAT.get(key, key)}")

    def _text_in(self, table: dict[str, Any], path: tuple[str, ...], what: str) -> str | None:
        """Return the text at the end of ``path`` in ``table``: a non-empty string, or None."""
        value = table.get(path[-1])
        if value is None:
            return None
        if not self._typed(path, value, "text in quotes", lambda v: isinstance(v, str)):
            return None
        text = str(value).strip()
        if not text:
            self.problem(
                "empty", path, f"'{'.'.join(path)}' is empty: write {what} or remove the line"
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
        return self._lines_in(self.data, (key,))

    def _lines_in(self, table: dict[str, Any], path: tuple[str, ...]) -> tuple[str, ...]:
        value = table.get(path[-1])
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        expected = 'a list of lines in quotes, such as ["100 Main Street", "Springfield"]'
        ok = self._typed(
            path,
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
        for key in _OFFER_TRANSLATABLE:
            texts[key] = self._offer_text(offer, (*path, key))
        return TherapyOffer(
            minutes,
            texts["how_often"],
            texts["typical_sessions"],
            self._price(path, offer.get("self_pay_price")),
        )

    def _offer_text(self, offer: dict[str, Any], path: tuple[str, ...]) -> str:
        """Return a therapy's text (how often, how many): text in quotes, or empty."""
        value = offer.get(path[-1], "")
        return (
            value.strip()
            if self._typed(path, value, "text in quotes", lambda v: isinstance(v, str))
            else ""
        )

    def _translation(self, code: str) -> Translation:
        """Check one language's table (``[es]``): only translatable texts, each of a set English."""
        table: dict[str, Any] = self.data[code]
        path = (code,)
        self._unknown_keys(table, path, _TRANSLATABLE, untranslated=_KEYS)
        in_language = f"in {_name(code)}"
        callback = self._text_in(table, (code, "callback"), f"the call-back time {in_language}")
        privacy = self._text_in(table, (code, "privacy_text"), f"the privacy notice {in_language}")
        hours = self._lines_in(table, (code, "hours"))
        for key, given in (("callback", callback), ("privacy_text", privacy), ("hours", hours)):
            if given:
                self._translates((key,), code)
        return Translation(
            callback=callback or "",
            hours=hours,
            privacy_text=privacy or "",
            therapies=self._offer_translations(code, table.get("therapies")),
        )

    def _offer_translations(self, code: str, table: object) -> dict[Any, OfferTranslation]:
        path = (code, "therapies")
        if table is None or not self._typed(
            path, table, f"tables such as [{code}.therapies.bfr]", lambda v: isinstance(v, dict)
        ):
            return {}
        self._unknown_keys(table, path, THERAPIES)  # type: ignore[arg-type]
        offers = {}
        for therapy in THERAPIES:
            offer = table.get(therapy)  # type: ignore[attr-defined]
            if isinstance(offer, dict):
                offers[therapy] = self._offer_translation(code, therapy, offer)
            elif offer is not None:
                self._typed(
                    (*path, therapy),
                    offer,
                    f"a table [{code}.therapies.{therapy}]",
                    lambda v: False,
                )
        return offers

    def _offer_translation(
        self, code: str, therapy: str, offer: dict[str, Any]
    ) -> OfferTranslation:
        path = (code, "therapies", therapy)
        self._unknown_keys(offer, path, _OFFER_TRANSLATABLE, untranslated=_OFFER_KEYS)
        texts = {key: self._offer_text(offer, (*path, key)) for key in _OFFER_TRANSLATABLE}
        for key, given in texts.items():
            if given:
                self._translates(("therapies", therapy, key), code)
        return OfferTranslation(**texts)

    def _translates(self, english: tuple[str, ...], code: str) -> None:
        """Refuse a translated text whose English the profile does not give."""
        if self._english_given(english):
            return
        key, translated = ".".join(english), ".".join((code, *english))
        self.problem(
            "nothing-to-translate",
            (code, *english),
            f"'{translated}' translates '{key}', which is not set: write the English "
            f"'{key}' too, or remove '{translated}'",
            found=translated,
            expected=f"'{key}' in English",
            at_key=True,
        )

    def _untranslated(self, translations: dict[str, Translation]) -> None:
        """Warn of each English text that has no version in a language the pages are offered in."""
        for code in self.offered:
            theirs = translations.get(code, Translation())
            wanted: list[tuple[tuple[str, ...], object, str]] = [
                (("callback",), theirs.callback, '"…"'),
                (("hours",), theirs.hours, '["…"]'),
                (("privacy_text",), theirs.privacy_text, '"""…"""'),
            ]
            for therapy in THERAPIES:
                offer = theirs.therapies.get(therapy, OfferTranslation())
                wanted += [
                    (("therapies", therapy, "how_often"), offer.how_often, '"…"'),
                    (("therapies", therapy, "typical_sessions"), offer.typical_sessions, '"…"'),
                ]
            for english, translated, example in wanted:
                if translated or not self._english_given(english):
                    continue
                key, table = ".".join(english), ".".join((code, *english[:-1]))
                self.problem(
                    "translation-missing",
                    english,
                    f"'{key}' has no {_name(code)} ({code}) version: {_name(code)} pages show it "
                    f"in English. Add {english[-1]} = {example} under [{table}]",
                    expected=f"'{code}.{key}'",
                    severity="warning",
                    at_key=True,
                )

    def _english_given(self, path: tuple[str, ...]) -> bool:
        """Return whether the profile writes an English value at ``path`` (blank is none)."""
        value: Any = self.data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str):
            return bool(value.strip())
        if isinstance(value, list):
            return any(not isinstance(x, str) or x.strip() for x in value)
        return value is not None

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


def _is_language(key: str) -> bool:
    """Return whether a key names a language (``fr``, ``es-MX``), as a table for its texts would."""
    return bool(_LANGUAGE_CODE.match(key)) and localedata.exists(_language_part(key))


def _language_part(key: str) -> str:
    return re.split(r"[_-]", key)[0].lower()


def _name(code: str) -> str:
    """Return a language's English name ("Spanish"), or its code if Babel does not know it."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code
