"""The contact request at the end of a self-screening: its form, its one-time token, storing it.

Nothing is stored unless the person fills in the form, ticks consent and sends it;
then ``advisor.storage.screenings.store`` keeps one screening, exactly once. The
journey's store (``advisor.runner.store``) holds only the token and, once stored,
the reference.

The token is made when the form is first shown and comes back in a hidden field.
It is the screening's idempotency key, so a double click or a retried request
stores one screening. A token that is not this session's is refused, so nobody
can look up another person's reference by sending their key. Personal details
never go into the session cookie: a form shown again (with errors, or when the
database is down) is filled from the request that was just sent.

Every message a patient can see here is in ``MESSAGES`` and ``DOB_MISSING_PARTS``, in
the GOV.UK voice of ``advisor.web.messages`` and in the page's language, but the one for
a field sent as a file, which ``TextForm`` words for every form (``names`` says how it
names the consent box and the date).

The screening is stored with the language the page was in when the form was sent
(``advisor.language.current_language``) and the answer to the optional "Would you
like an interpreter?", so that staff know how to speak with the person.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from sqlalchemy.exc import OperationalError
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    TelField,
)
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

from advisor.exceptions import DatabaseUnavailable
from advisor.extensions import current_ruleset
from advisor.language import current_language
from advisor.response import Assessment
from advisor.runner.store import JourneyStore
from advisor.storage import lock_wait, screenings, unavailable
from advisor.storage.screenings import INTERPRETER_ANSWERS, Communication, Patient
from advisor.web.messages import CONTACT_DETAILS
from advisor.web.textform import TextForm

__all__ = [
    "CONSENT_LABEL",
    "DOB_MISSING_PARTS",
    "MESSAGES",
    "PATIENT_LOCK_WAIT",
    "ContactForm",
    "DateOfBirth",
    "DetailsForm",
    "is_email",
    "is_phone",
    "parse_date_of_birth",
    "send",
]

log = logging.getLogger(__name__)

#: Seconds a contact request waits for another writer's lock before the patient gets the 503
#: page (their answers kept); staff pages wait the default.
PATIENT_LOCK_WAIT = 2.0

CONSENT_LABEL = lazy_gettext(
    "I agree that the clinic keeps my answers and these details to contact me"
)

#: Every message of the contact form, keyed by what went wrong; ``%(kept_for)s`` is "2 hours".
MESSAGES: dict[str, str] = {
    "name_required": lazy_gettext("Enter your name"),
    "name_too_long": lazy_gettext("Your name must be 200 characters or fewer"),
    **CONTACT_DETAILS,
    "dob_not_real": lazy_gettext("Date of birth must be a real date"),
    "dob_future": lazy_gettext("Date of birth must be in the past"),
    "consent_required": lazy_gettext(
        "Tick the box if you agree that we keep your answers and these details"
    ),
    "interpreter_not_a_choice": lazy_gettext(
        "Select yes if you would like an interpreter, or no if not"
    ),
    "token_stale": lazy_gettext("Please check your details and send the form again"),
    "timed_out": lazy_gettext(
        "This page timed out because it was open for more than %(kept_for)s. "
        "Nothing has been sent yet: check your details and press "
        "‘Ask the clinic to contact me’ again."
    ),
    "session_ended": lazy_gettext(
        "This page timed out. To keep your answers private, we delete them when "
        "nothing happens for %(kept_for)s, so your answers and your result are gone, and "
        "nothing was sent to the clinic. Start again to get your result."
    ),
    "unavailable": lazy_gettext(
        "We could not save your request just now. Your answers are still here; "
        "please try again in a few minutes, or call us."
    ),
}

#: What to say when a date of birth lacks some of its parts, keyed by the parts missing
#: (in day, month, year order): whole sentences, so that a language can word each.
DOB_MISSING_PARTS: dict[tuple[str, ...], str] = {
    ("day",): lazy_gettext("Date of birth must include a day"),
    ("month",): lazy_gettext("Date of birth must include a month"),
    ("year",): lazy_gettext("Date of birth must include a year"),
    ("day", "month"): lazy_gettext("Date of birth must include a day and month"),
    ("day", "year"): lazy_gettext("Date of birth must include a day and year"),
    ("month", "year"): lazy_gettext("Date of birth must include a month and year"),
}

_PHONE_CHARACTERS = re.compile(r"^[0-9 +().\-]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_NAME = 200
_MAX_EMAIL = 254

#: How many digits each box of a date of birth may hold: (fewest, most).
_DIGITS = {"day": (1, 2), "month": (1, 2), "year": (4, 4)}


def is_phone(text: str) -> bool:
    """Say whether ``text`` looks like a phone number: 7 to 15 digits, spaces and ``+().-``."""
    digits = sum(c.isdigit() for c in text)
    return bool(_PHONE_CHARACTERS.match(text)) and 7 <= digits <= 15 and len(text) <= 40


def is_email(text: str) -> bool:
    """Say whether ``text`` looks like an email address (one @, a dot after it, no spaces)."""
    return len(text) <= _MAX_EMAIL and bool(_EMAIL.match(text))


class DateOfBirth(Field):
    """A GOV.UK date input: month, day and year in three boxes (``dob-month``, ``dob-day``, …).

    ``parts`` keeps what was typed, to show again; ``data`` is the date, or None
    when nothing was typed. ``problem`` holds the message for a bad date.
    """

    PARTS = ("month", "day", "year")

    @property
    def input_names(self) -> tuple[str, ...]:
        """Return the names its three boxes are sent under."""
        return tuple(f"{self.name}-{part}" for part in self.PARTS)

    def process(
        self,
        formdata: Any,
        data: Any = unset_value,
        extra_filters: Any = None,
    ) -> None:
        self.process_errors: list[str] = []
        self.data: datetime.date | None = None
        self.problem: str | None = None
        self.parts = {part: "" for part in self.PARTS}
        if formdata is None:
            return
        for part in self.PARTS:
            self.parts[part] = str(formdata.get(f"{self.name}-{part}", ""))[:10].strip()
        self.raw_data = list(self.parts.values())
        self.data, self.problem = parse_date_of_birth(self.parts)

    def pre_validate(self, form: FlaskForm) -> None:
        if self.problem:
            raise StopValidation(self.problem)


def parse_date_of_birth(parts: Mapping[str, str]) -> tuple[datetime.date | None, str | None]:
    """Return (date, None), (None, None) when left empty, or (None, the message for a bad date)."""
    given = {k: v for k, v in parts.items() if v}
    if not given:
        return None, None
    missing = tuple(p for p in ("day", "month", "year") if p not in given)
    if missing:
        return None, str(DOB_MISSING_PARTS[missing])
    year, month, day_of_month = (_number(parts[p], *_DIGITS[p]) for p in ("year", "month", "day"))
    if year is None or month is None or day_of_month is None:
        return None, str(MESSAGES["dob_not_real"])
    try:
        day = datetime.date(year, month, day_of_month)
    except ValueError:
        return None, str(MESSAGES["dob_not_real"])
    if day.year < 1900:
        return None, str(MESSAGES["dob_not_real"])
    if day >= datetime.date.today():
        return None, str(MESSAGES["dob_future"])
    return day, None


def _number(text: str, fewest: int, most: int) -> int | None:
    """Return ``text`` as a number if it is ``fewest`` to ``most`` digits, else None.

    Digits of any script count; signs, underscores and spaces do not, though ``int``
    takes them. Bounding the digits keeps ``datetime.date`` from overflowing (a 500)
    on a number it should simply refuse.
    """
    return int(text) if text.isdecimal() and fewest <= len(text) <= most else None


class DetailsForm(TextForm):
    """The checks of a patient's name, phone, email and interpreter answer, wherever they are typed.

    Subclasses declare the fields ``name``, ``phone``, ``email``, ``dob`` and
    ``interpreter`` (their labels differ) and the ``messages`` to say; ``details_required`` says whether a
    name and a phone or email must be given.
    """

    messages: Mapping[str, str] = MESSAGES

    def details_required(self) -> bool:
        return True

    def validate_name(self, field: Field) -> None:
        if not self.details_required():
            return
        text = (field.data or "").strip()
        if not text:
            raise StopValidation(str(self.messages["name_required"]))
        if len(text) > _MAX_NAME:
            raise StopValidation(str(self.messages["name_too_long"]))

    def validate_phone(self, field: Field) -> None:
        text = (field.data or "").strip()
        if not text:
            if self.details_required() and not (self.email.data or "").strip():  # type: ignore[attr-defined]
                raise StopValidation(str(self.messages["phone_or_email"]))
            return
        if not is_phone(text):
            raise ValidationError(str(self.messages["phone_format"]))

    def validate_email(self, field: Field) -> None:
        text = (field.data or "").strip()
        if text and not is_email(text):
            raise ValidationError(str(self.messages["email_format"]))

    def validate_interpreter(self, field: Field) -> None:
        # Optional: nothing ticked is an answer too ("not answered"). Only a value no
        # radio has (a hand-made request) is a mistake.
        if field.data not in (None, "", *INTERPRETER_ANSWERS):
            raise StopValidation(self.messages["interpreter_not_a_choice"])

    def interpreter_answer(self) -> str | None:
        """Return the interpreter answer of a valid form: "yes", "no", or None if not answered."""
        fields: Any = self
        return fields.interpreter.data or None

    def typed_patient(self, consent: bool) -> Patient:
        """Return the details as typed, with ``consent``."""
        fields: Any = self
        return Patient(
            name=fields.name.data.strip(),
            phone=(fields.phone.data or "").strip() or None,
            email=(fields.email.data or "").strip() or None,
            dob=fields.dob.data,
            consent=consent,
        )


class ContactForm(DetailsForm):
    """Ask the clinic to contact me: name, phone or email, date of birth (optional), consent."""

    name = StringField(
        lazy_gettext("Your name"), render_kw={"autocomplete": "name", "spellcheck": "false"}
    )
    phone = TelField(lazy_gettext("Phone number"), render_kw={"autocomplete": "tel"})
    email = EmailField(
        lazy_gettext("Email address"), render_kw={"autocomplete": "email", "spellcheck": "false"}
    )
    dob = DateOfBirth(lazy_gettext("Date of birth (optional)"))
    interpreter = RadioField(
        lazy_gettext("Would you like an interpreter? (optional)"),
        choices=[SelectChoice("yes", lazy_gettext("Yes")), SelectChoice("no", lazy_gettext("No"))],
        validate_choice=False,  # validate_interpreter says what is wrong, in our words
    )
    consent = BooleanField(CONSENT_LABEL)
    token = HiddenField()
    # The date's own name: its label's "(optional)" is in the page's language.
    names: ClassVar[Mapping[str, str]] = {
        "consent": lazy_gettext("Your agreement"),
        "dob": lazy_gettext("Date of birth"),
        "interpreter": lazy_gettext("Your answer about an interpreter"),
    }

    def validate_consent(self, field: Field) -> None:
        if not field.data:
            raise StopValidation(str(MESSAGES["consent_required"]))

    def patient(self) -> Patient:
        """Return the details of a valid form, with the consent it was given with."""
        return self.typed_patient(consent=bool(self.consent.data))

    def communication(self) -> Communication:
        """Return the language of the page being answered and the interpreter answer of a valid form."""
        return Communication(current_language(), self.interpreter_answer())

    def fields_in_order(self) -> list[Field]:
        """Return the fields a person fills in, in page order (for the error summary)."""
        return [self.name, self.phone, self.email, self.dob, self.interpreter, self.consent]


def send(
    journey: JourneyStore, form: ContactForm, assessment: Assessment, address: str | None
) -> str:
    """Store the screening with the person's details, once per token; return its reference.

    A token this session already sent returns the first reference without asking
    the database; any other repeat is caught by ``store``'s idempotency key.

    :raises DatabaseUnavailable: if the database cannot be reached; nothing was stored.
    """
    key = form.token.data
    reference = journey.sent_reference()
    if reference is not None:
        return reference
    try:
        with lock_wait(PATIENT_LOCK_WAIT):
            screening = screenings.store(
                assessment,
                journey.path(current_ruleset().questionnaire).complete(),
                patient=form.patient(),
                communication=form.communication(),
                key=key,
                address=address,
            )
        reference = screening.reference
    except DatabaseUnavailable:
        # Not logged with the exception: SQLAlchemy's message carries the row's values,
        # and those are a patient's details.
        log.warning("a contact request was not stored: the database cannot be reached")
        raise
    except OperationalError as exc:
        log.warning("a contact request was not stored: %s", type(exc.orig).__name__)
        raise unavailable(exc, "nothing was stored") from exc
    journey.contact_sent(key, reference)
    return reference
