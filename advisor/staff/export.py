"""The CSV export of screenings: its columns, and one row per screening, read as a coordinator would.

Times are in the practice's time zone, named in the header ("received (America/Chicago)");
the status is in words; the patient's language is named in English ("Spanish") and the
interpreter answer is "yes", "no" or empty when not answered; every answer has a column of its own, headed by its question id,
in questionnaire order, in the words the person chose it by (a tick-any answer joined
with "; "); the notes follow, each with its time and author. Every cell passes through
``advisor.spreadsheet.neutralise``, so nothing a patient typed runs as a formula.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from zoneinfo import ZoneInfo

from advisor.questionnaire import Questionnaire
from advisor.spreadsheet import neutralise
from advisor.staff.forms import STATUS_LABELS
from advisor.staff.language import language_name
from advisor.staff.times import practice_zone, to_local
from advisor.storage import screenings
from advisor.storage.models import SELF_SCREENING, Note, Screening
from advisor.storage.screenings import Filters
from advisor.web.summary import words

__all__ = ["LEADING_COLUMNS", "export_rows", "header"]

#: The columns before the answers; "received" is followed by the time zone in the header.
LEADING_COLUMNS = (
    "reference",
    "received",
    "run_by",
    "status",
    "primary",
    "suggestions",
    "blocked",
    "urgency",
    "patient_name",
    "patient_phone",
    "patient_email",
    "patient_dob",
    "language",
    "interpreter",
    "ruleset_version",
    "ruleset_digest",
    "notes",
)

_TIME = "%Y-%m-%d %H:%M"


def header(questionnaire: Questionnaire, zone: ZoneInfo) -> list[str]:
    """Return the header row: the leading columns, then one column per question id."""
    leading = [f"received ({zone.key})" if c == "received" else c for c in LEADING_COLUMNS]
    return leading + list(questionnaire.ids)


def export_rows(
    filters: Filters, questionnaire: Questionnaire | None = None, zone: ZoneInfo | None = None
) -> Iterator[list[str]]:
    """Yield the header, then one neutralised row per screening, newest first, streaming.

    :param questionnaire: whose questions make the answer columns (the one in use by default).
    :param zone: the zone of the times (the practice's by default, else UTC).
    """
    if questionnaire is None:
        from advisor.staff.blueprint import english_questionnaire

        questionnaire = english_questionnaire()
    zone = zone or practice_zone()
    yield header(questionnaire, zone)
    users = screenings.emails()
    for screening in screenings.each(filters):
        row = _leading(screening, users, zone) + _answers(screening, questionnaire)
        yield [neutralise(value) for value in row]


def _leading(screening: Screening, users: Mapping[int, str], zone: ZoneInfo) -> list[object]:
    recommendation = screening.response.get("recommendation", {})
    return [
        screening.reference,
        to_local(screening.created_at, zone).strftime(_TIME),
        users.get(screening.created_by_id or 0, SELF_SCREENING),
        STATUS_LABELS.get(screening.status, screening.status),
        screening.primary,
        " ".join(recommendation.get("suggestions", [])),
        " ".join(b.get("therapy", "") for b in recommendation.get("blocked", [])),
        screening.urgency,
        screening.patient_name,
        screening.patient_phone,
        screening.patient_email,
        screening.patient_dob.isoformat() if screening.patient_dob else None,
        language_name(screening.language),
        screening.interpreter,
        screening.ruleset_version,
        screening.ruleset_digest,
        "\n".join(_note(note, users, zone) for note in screening.notes),
    ]


def _note(note: Note, users: Mapping[int, str], zone: ZoneInfo) -> str:
    when = to_local(note.created_at, zone).strftime(_TIME)
    return f"{when} {users.get(note.author_id, '')}: {note.text}"


def _answers(screening: Screening, questionnaire: Questionnaire) -> list[object]:
    """Return each question's answer in words, "" for one not asked or not kept."""
    answers = screening.answers
    return [
        "; ".join(words(question, answers[question.id])) if question.id in answers else ""
        for question in questionnaire
    ]
