"""The staff pages' forms, their words for statuses and outcomes, and every message they show.

Messages follow the GOV.UK pattern of the patient pages (``advisor.web.messages``):
short, specific, no full stop. The patient's date of birth uses the contact form's
GOV.UK date input (``advisor.web.contact.DateOfBirth``), so both ask for it alike.
Every form is a ``TextForm``, which words the one message not here: a field sent as a file.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import StopValidation, ValidationError

from advisor.language import DEFAULT_LANGUAGE, LANGUAGE_NAMES
from advisor.staff.language import INTERPRETER_LABELS, language_in_words
from advisor.storage.models import STATUSES
from advisor.storage.screenings import Communication, Filters, Patient
from advisor.web.contact import DateOfBirth, DetailsForm
from advisor.web.messages import CONTACT_DETAILS
from advisor.web.textform import TextForm

__all__ = [
    "CONSENT_LABEL",
    "MESSAGES",
    "NOTE_MAX",
    "OUTCOME_LABELS",
    "STATUS_LABELS",
    "FiltersForm",
    "LoginForm",
    "NoteForm",
    "PatientForm",
    "SaveForm",
    "StatusForm",
]

#: Each follow-up status in words.
STATUS_LABELS: dict[str, str] = {
    "new": "New",
    "contacted": "Contacted",
    "booked": "Booked",
    "not_suitable": "Not suitable",
    "closed": "Closed",
}

#: Each outcome (the response's ``primary``) in words.
OUTCOME_LABELS: dict[str, str] = {
    "bfr": "BFR",
    "nmt": "NMT",
    "consult": "Consult",
    "urgent_care": "Urgent care",
}

CONSENT_LABEL = "The patient agrees that we keep these details"

NOTE_MAX = 5000

MESSAGES: dict[str, str] = {
    "email_required": "Enter your email address",
    "password_required": "Enter your password",
    "sign_in_failed": "The email address or password is not correct",
    "too_many_attempts": "Too many failed attempts to sign in. Wait {wait}, then try again",
    "date_not_real": "{name} must be a real date, like 2026-01-31",
    "dates_reversed": "The end date must be the same as or after the start date",
    "not_a_status": "Select a status",
    "not_an_outcome": "Select an outcome from the list",
    "note_required": "Enter a note",
    "note_too_long": f"A note must be {NOTE_MAX:,} characters or fewer",
    "name_required": "Enter the patient’s name",
    "name_too_long": "The patient’s name must be 200 characters or fewer",
    **CONTACT_DETAILS,
    "consent_for_details": "Tick the box if the patient agrees that we keep these details, or clear the details",
    "not_a_language": "Select the patient’s language",
    "interpreter_not_a_choice": "Select yes if the patient would like an interpreter, or no if not",
}


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class LoginForm(TextForm):
    """Sign in: email and password."""

    email = EmailField(
        "Email address", render_kw={"autocomplete": "username", "spellcheck": "false"}
    )
    password = PasswordField("Password", render_kw={"autocomplete": "current-password"})

    def validate_email(self, field: Field) -> None:
        if not (field.data or "").strip():
            raise StopValidation(MESSAGES["email_required"])

    def validate_password(self, field: Field) -> None:
        if not field.data:
            raise StopValidation(MESSAGES["password_required"])


class _IsoDate(DateField):
    """A date typed as 2026-01-31 (a browser's date picker sends that form)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        self.raw_data = [text]
        if text:
            try:
                self.data = datetime.date.fromisoformat(text)
            except ValueError:
                self.process_errors.append(MESSAGES["date_not_real"].format(name=self.label.text))


class FiltersForm(TextForm):
    """Narrow the screening list (sent with GET, so no CSRF token)."""

    class Meta:
        csrf = False

    status = SelectField(
        "Status", choices=_choices({"": "Any status", **STATUS_LABELS}), validate_choice=False
    )
    primary = SelectField(
        "Outcome", choices=_choices({"": "Any outcome", **OUTCOME_LABELS}), validate_choice=False
    )
    date_from = _IsoDate("From")
    date_to = _IsoDate("To")
    name = StringField("Patient’s name", render_kw={"spellcheck": "false"})

    def validate_status(self, field: Field) -> None:
        if field.data and field.data not in STATUS_LABELS:
            raise ValidationError(MESSAGES["not_a_status"])

    def validate_primary(self, field: Field) -> None:
        if field.data and field.data not in OUTCOME_LABELS:
            raise ValidationError(MESSAGES["not_an_outcome"])

    def validate_date_to(self, field: Field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(MESSAGES["dates_reversed"])

    def filters(self, zone: ZoneInfo | None = None) -> Filters:
        """Return the filters of a valid form (fields in error count as "any").

        :param zone: where the dates are days (the practice's time zone); None for UTC.
        """
        return Filters(
            status=self.status.data if not self.status.errors else None,
            primary=self.primary.data if not self.primary.errors else None,
            date_from=self.date_from.data if not self.date_from.errors else None,
            date_to=self.date_to.data if not self.date_to.errors else None,
            name=(self.name.data or "").strip()[:200] or None,
            zone=zone,
        )

    def fields_in_order(self) -> list[Field]:
        return [self.status, self.primary, self.date_from, self.date_to, self.name]


class StatusForm(TextForm):
    """Change a screening's follow-up status."""

    status = RadioField("Status", choices=_choices(STATUS_LABELS), validate_choice=False)

    def validate_status(self, field: Field) -> None:
        if field.data not in STATUSES:
            raise StopValidation(MESSAGES["not_a_status"])


class NoteForm(TextForm):
    """Add a note to a screening."""

    text = TextAreaField("Add a note")
    names: ClassVar[Mapping[str, str]] = {"text": "A note"}

    def validate_text(self, field: Field) -> None:
        text = (field.data or "").strip()
        if not text:
            raise StopValidation(MESSAGES["note_required"])
        if len(text) > NOTE_MAX:
            raise StopValidation(MESSAGES["note_too_long"])


class SaveForm(TextForm):
    """Save the screening a member of staff ran, once: the run's one-time token."""

    token = HiddenField()


class PatientForm(DetailsForm):
    """The patient's language, interpreter answer and details for a screening run by staff.

    Details need consent; a screening without details is kept with its reference only.
    The language and the interpreter answer (optional) name nobody: they are kept either way.
    """

    language = RadioField(
        "Patient’s language",
        choices=[SelectChoice(code, language_in_words(code)) for code in LANGUAGE_NAMES],
        default=DEFAULT_LANGUAGE,
        validate_choice=False,  # validate_language says what is wrong, in our words
    )
    interpreter = RadioField(
        "Would the patient like an interpreter? (optional)",
        choices=_choices(INTERPRETER_LABELS),
        validate_choice=False,
    )
    name = StringField("Full name", render_kw={"autocomplete": "off", "spellcheck": "false"})
    phone = TelField("Phone number", render_kw={"autocomplete": "off"})
    email = EmailField("Email address", render_kw={"autocomplete": "off", "spellcheck": "false"})
    dob = DateOfBirth("Date of birth (optional)")
    consent = BooleanField(CONSENT_LABEL)
    messages = MESSAGES
    names: ClassVar[Mapping[str, str]] = {
        "consent": "The patient’s agreement",
        "interpreter": "The answer about an interpreter",
    }

    def has_details(self) -> bool:
        """Say whether anything was typed into a detail (date of birth included)."""
        typed = [self.name.data, self.phone.data, self.email.data, *self.dob.parts.values()]
        return any((value or "").strip() for value in typed)

    def validate_consent(self, field: Field) -> None:
        if not field.data and self.has_details():
            raise StopValidation(MESSAGES["consent_for_details"])

    def validate_language(self, field: Field) -> None:
        if field.data not in LANGUAGE_NAMES:
            raise StopValidation(MESSAGES["not_a_language"])

    def details_required(self) -> bool:
        return bool(self.consent.data)

    def patient(self) -> Patient:
        """Return the details of a valid form (none without consent)."""
        if not self.consent.data:
            return Patient()
        return self.typed_patient(consent=True)

    def communication(self) -> Communication:
        """Return the language and interpreter answer of a valid form."""
        return Communication(self.language.data, self.interpreter_answer())

    def fields_in_order(self) -> list[Field]:
        return [
            self.language,
            self.interpreter,
            self.name,
            self.phone,
            self.email,
            self.dob,
            self.consent,
        ]
