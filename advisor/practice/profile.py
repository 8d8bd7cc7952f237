"""The practice profile as data: who the practice is, how to reach it, and what it charges.

Read from ``practice.toml`` by ``advisor.practice.reading``; the pages only ever see a
checked ``Practice``, or ``None`` when the practice has not written one yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from advisor.contract import Therapy

__all__ = ["INSURANCE_ROUTES", "Practice", "TherapyOffer"]

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
