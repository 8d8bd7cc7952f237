"""The practice profile as data: who the practice is, how to reach it, and what it charges.

Read from ``practice.toml`` by ``advisor.practice.reading``; the pages only ever see a
checked ``Practice``, or ``None`` when the practice has not written one yet.

A few of the practice's texts are sentences in its own words (when it calls back, its
hours, its privacy notice, how often and how many sessions). The profile may give them
in each other language the pages speak (``Translation``); ``Practice.in_language``
makes the practice as a page in that language shows it, with each text it lacks
in English, marked ``Untranslated``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from advisor.contract import Therapy
from advisor.language_codes import DEFAULT_LANGUAGE
from advisor.untranslated import Untranslated

__all__ = ["INSURANCE_ROUTES", "OfferTranslation", "Practice", "TherapyOffer", "Translation"]

#: The ways of paying a practice can accept: the contract's ``insurance`` values that name one.
INSURANCE_ROUTES: tuple[str, ...] = ("medicare", "private", "workers_comp", "personal_injury")


@dataclass(frozen=True, slots=True)
class TherapyOffer:
    """What one therapy is like at this practice; every part is optional."""

    session_minutes: int | None = None
    #: How often, in the practice's words ("2 or 3 times a week").
    how_often: str = ""
    #: How many sessions a course usually takes ("8 to 12").
    typical_sessions: str = ""
    #: The self-pay price of one session, in dollars.
    self_pay_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class OfferTranslation:
    """One therapy's texts in another language; empty where the practice wrote none."""

    how_often: str = ""
    typical_sessions: str = ""


@dataclass(frozen=True, slots=True)
class Translation:
    """The practice's own texts in one other language (a ``[es]`` table); empty where missing."""

    callback: str = ""
    hours: tuple[str, ...] = ()
    privacy_text: str = ""
    therapies: Mapping[Therapy, OfferTranslation] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Practice:
    """One practice's details, as the practice wrote them in its profile."""

    name: str
    phone: str
    timezone: ZoneInfo
    email: str = ""
    address: tuple[str, ...] = ()
    hours: tuple[str, ...] = ()
    privacy_url: str = ""
    privacy_text: str = ""
    #: When the practice calls back, to end "We will contact you ..." ("within one working day").
    callback: str = ""
    #: The contract's insurance values the practice accepts (``INSURANCE_ROUTES``).
    insurance: tuple[str, ...] = ()
    therapies: dict[Therapy, TherapyOffer] = field(default_factory=dict)
    #: An image file to show in the header, if the practice has one.
    logo: Path | None = None
    #: The file this came from, to show staff where to change it.
    source: str = ""
    #: The language of the texts above: English as written, another in a copy from ``in_language``.
    language: str = DEFAULT_LANGUAGE
    #: The texts the profile gives in other languages, by language code.
    translations: Mapping[str, Translation] = field(default_factory=dict)
    #: The profile as written, kept by a copy in another language so it can give any language.
    english: Practice | None = field(default=None, repr=False, compare=False)

    def in_language(self, language: str) -> Practice:
        """Return the practice as a page in ``language`` shows it.

        Each text the profile gives in that language replaces the English one; each it
        lacks stays English, as ``Untranslated``, so the page can mark it. The default
        language gives the profile as written.
        """
        english = self.english or self
        if language == english.language:
            return english
        if language == self.language:
            return self
        theirs = english.translations.get(language, Translation())
        return replace(
            english,
            language=language,
            english=english,
            callback=_either(theirs.callback, english.callback),
            hours=theirs.hours or tuple(Untranslated(line) for line in english.hours),
            privacy_text=_either(theirs.privacy_text, english.privacy_text),
            therapies={
                therapy: _offer_in(offer, theirs.therapies.get(therapy, OfferTranslation()))
                for therapy, offer in english.therapies.items()
            },
        )

    @property
    def phone_href(self) -> str:
        """Return the ``tel:`` link of the phone number (its digits, and a leading +)."""
        digits = re.sub(r"[^\d+]", "", self.phone)
        return "tel:" + digits[:1] + digits[1:].replace("+", "")

    @property
    def timezone_name(self) -> str:
        """Return the IANA name of the practice's time zone, such as ``America/Chicago``."""
        return self.timezone.key

    def offer(self, therapy: str) -> TherapyOffer:
        """Return what the practice says of ``therapy`` (empty if it says nothing)."""
        return self.therapies.get(therapy, TherapyOffer())  # type: ignore[call-overload]

    def accepts(self, insurance: str) -> bool:
        """Return whether the practice accepts this way of paying (an ``insurance`` value)."""
        return insurance in self.insurance


def _either(translated: str, english: str) -> str:
    """Return the translation, else the English marked untranslated (nothing stays nothing)."""
    return translated or (Untranslated(english) if english else "")


def _offer_in(offer: TherapyOffer, theirs: OfferTranslation) -> TherapyOffer:
    return replace(
        offer,
        how_often=_either(theirs.how_often, offer.how_often),
        typical_sessions=_either(theirs.typical_sessions, offer.typical_sessions),
    )
