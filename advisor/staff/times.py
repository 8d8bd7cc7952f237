"""Times on the staff pages and in the export: stored as naive UTC, shown in the practice's zone.

Every table stores naive UTC (``advisor.storage.models.utcnow``). A coordinator
reads and types times in the practice's own zone (``timezone`` in ``practice.toml``),
so every time a staff page shows goes through ``local_time`` (the Jinja filter
``local_time``), labelled with its zone: "26 Nov 2026, 9:05 am CST". With no
profile set, times stay UTC and say so.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from advisor.practice import current_practice
from advisor.storage.models import utcnow

__all__ = ["UTC", "init_app", "local_time", "practice_zone", "to_local", "waiting", "zone_label"]

UTC = ZoneInfo("UTC")


def practice_zone() -> ZoneInfo:
    """Return the practice's time zone, or UTC when no profile is set."""
    practice = current_practice()
    return practice.timezone if practice else UTC


def to_local(value: datetime.datetime, zone: ZoneInfo | None = None) -> datetime.datetime:
    """Return a stored time (naive UTC, or aware) in ``zone`` (the practice's by default)."""
    aware = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    return aware.astimezone(zone or practice_zone())


def zone_label(moment: datetime.datetime) -> str:
    """Return the zone's short name at that moment ("CST", "CDT"), or its IANA name.

    Zones without a letter abbreviation give "+03"; the IANA name says more than that.
    """
    short = moment.tzname() or ""
    if short and short[0] not in "+-":
        return short
    return getattr(moment.tzinfo, "key", "") or short


def local_time(value: datetime.datetime | None, zone: ZoneInfo | None = None) -> str:
    """Return a stored time as staff read it: "26 Nov 2026, 9:05 am CST" ("" for None)."""
    if value is None:
        return ""
    moment = to_local(value, zone)
    hour = moment.hour % 12 or 12
    half = "am" if moment.hour < 12 else "pm"
    return f"{moment.day} {moment:%b %Y}, {hour}:{moment.minute:02d} {half} {zone_label(moment)}"


def waiting(since: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """Return how long someone has waited since ``since`` (naive UTC): "2 days 3 hours".

    The two largest units are enough to order a day's calls.
    """
    minutes = max(0, int(((now or utcnow()) - since).total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    while parts and parts[0][0] == 0:
        parts.pop(0)
    if not parts:
        return "under a minute"
    shown = [p for p in parts[:2] if p[0]]
    return " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in shown)


def init_app(app: Flask) -> None:
    """Give every template the ``local_time`` and ``waiting`` filters."""
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(waiting, "waiting")
