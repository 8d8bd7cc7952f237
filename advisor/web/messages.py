"""Every error message a patient can see on a questionnaire page, keyed by question id.

The wording follows the GOV.UK Design System's error messages (and the eQ
runner's ``error_messages.py``): short, specific, no full stop, "Enter …" for
typed answers and "Select …" for choices. The API words the same problems for
developers in ``advisor.answers``; these are for people.

A question added to ``rules/questions.toml`` without wording here still gets a
plain generic message, and ``tests/web/test_messages.py`` asks for its own.

Each message is in the page's language: the tables hold ``lazy_gettext`` strings, read
when a page is made, and the functions return them as text in that language.

``CONTACT_DETAILS`` words a phone number and an email address alike wherever
they are asked for: the patient's contact form and the staff's patient form.
"""

from __future__ import annotations

from flask_babel import gettext, lazy_gettext

from advisor.language import formatted_number
from advisor.questionnaire import Question

__all__ = [
    "CONTACT_DETAILS",
    "NONE_WITH_OTHERS",
    "NOT_WHOLE_NUMBER",
    "NUMBER_NAMES",
    "OUT_OF_RANGE",
    "REQUIRED",
    "SHOWN_AGAIN",
    "name_of",
    "none_with_others",
    "not_an_option",
    "not_whole_number",
    "out_of_range",
    "required",
]

#: What to say about a phone number and an email address, keyed by what went wrong.
CONTACT_DETAILS: dict[str, str] = {
    "phone_or_email": lazy_gettext("Enter a phone number or an email address"),
    "phone_format": lazy_gettext("Enter a phone number, like 555 123 4567"),
    "email_format": lazy_gettext(
        "Enter an email address in the correct format, like name@example.com"
    ),
}

#: What to say when a question is not answered.
REQUIRED: dict[str, str] = {
    "age": lazy_gettext("Enter your age"),
    "red_flags": lazy_gettext("Select if you have any of these symptoms"),
    "bfr_risks": lazy_gettext("Select if any of these health problems apply to you"),
    "bleeding_risk": lazy_gettext("Select if you take blood thinners or have a bleeding problem"),
    "nmt_risks": lazy_gettext("Select if any of these bone, joint or skin problems apply to you"),
    "acute_illness": lazy_gettext("Select if you are unwell today"),
    "dizziness": lazy_gettext("Select if you have lost your balance or fainted in the last year"),
    "supervised_exercise_only": lazy_gettext(
        "Select if a doctor has told you to exercise only with a health professional watching"
    ),
    "blood_pressure": lazy_gettext("Select if you have high blood pressure"),
    "lifting_ban": lazy_gettext(
        "Select if a doctor has told you not to lift heavy things or strain"
    ),
    "past_cancer": lazy_gettext("Select if you have had treatment for cancer in the last 5 years"),
    "bone_and_immune_risks": lazy_gettext("Select if any of these apply to you"),
    "recent_fall": lazy_gettext("Select if you have had a fall in the last 4 weeks"),
    "joint_replacement": lazy_gettext("Select if that surgery was a hip or knee replacement"),
    "body_areas": lazy_gettext("Select where your pain or weakness is"),
    "walking_leg_pain": lazy_gettext("Select if your legs cramp or ache when you walk"),
    "muscle_weakness": lazy_gettext("Select if your muscles have become weak or smaller"),
    "heavy_load_difficulty": lazy_gettext(
        "Select if it is hard or unsafe for you to lift heavy things"
    ),
    "conditions": lazy_gettext("Select if a doctor has told you that you have any of these"),
    "inactivity": lazy_gettext("Select if you have had a long time when you could not be active"),
    "surgery": lazy_gettext("Select when you last had surgery"),
    "surgery_site": lazy_gettext("Select where you had surgery"),
    "pain_duration": lazy_gettext("Select how long you have had your pain"),
    "pain_cause": lazy_gettext("Select what you think caused your pain"),
    "pain_intensity": lazy_gettext("Enter a number from 0 to 10 for your worst pain"),
    "pain_sources": lazy_gettext("Select if any of these describe your pain"),
    "insurance": lazy_gettext("Select how you expect to pay for care"),
}

#: How a number question is named at the start of a sentence ("Age cannot be sent as a file").
NUMBER_NAMES: dict[str, str] = {
    "age": lazy_gettext("Age"),
    "pain_intensity": lazy_gettext("Your pain score"),
}

#: What to say when a number question is answered with something else; ``%(example)s`` is
#: a number in range. Whole sentences, one for each question, so a language can word each.
NOT_WHOLE_NUMBER: dict[str, str] = {
    "age": lazy_gettext("Age must be a whole number, like %(example)s"),
    "pain_intensity": lazy_gettext("Your pain score must be a whole number, like %(example)s"),
}

#: What to say when a number is too small or too large.
OUT_OF_RANGE: dict[str, str] = {
    "age": lazy_gettext("Age must be between %(minimum)s and %(maximum)s"),
    "pain_intensity": lazy_gettext("Your pain score must be between %(minimum)s and %(maximum)s"),
}

#: What to say when "None of these" is ticked together with another answer.
NONE_WITH_OTHERS: dict[str, str] = {
    "red_flags": lazy_gettext("Select the symptoms you have, or select ‘None of these’ on its own"),
    "bfr_risks": lazy_gettext(
        "Select the health problems you have, or select ‘None of these’ on its own"
    ),
    "nmt_risks": lazy_gettext("Select what applies to you, or select ‘None of these’ on its own"),
    "conditions": lazy_gettext(
        "Select the conditions you have, or select ‘None of these’ on its own"
    ),
    "pain_sources": lazy_gettext(
        "Select what describes your pain, or select ‘None of these’ on its own"
    ),
    "bone_and_immune_risks": lazy_gettext(
        "Select what applies to you, or select ‘None of these’ on its own"
    ),
    "body_areas": lazy_gettext(
        "Select where your pain or weakness is, or select ‘None of these’ on its own"
    ),
}

#: What a questionnaire page says at the top when its form came back with a refused token
#: (``advisor.web.timed_out``), keyed by why; ``%(kept_for)s`` is "2 hours".
SHOWN_AGAIN: dict[str, str] = {
    "timed_out": lazy_gettext(
        "This page timed out because it was open for more than %(kept_for)s. "
        "We have kept the answers you gave on it: check your answers and press Continue again."
    ),
    "session_ended": lazy_gettext(
        "This page timed out. To keep your answers private, we delete them when "
        "nothing happens for %(kept_for)s, so your answers to the earlier questions are gone. "
        "We have kept the answers you gave on this page: check them and press Continue, "
        "then answer the earlier questions again."
    ),
    "lost": lazy_gettext(
        "This page timed out. To keep your answers private, we delete them when nothing "
        "happens for %(kept_for)s, so your answers are gone. Please start again."
    ),
    # Given the time like the others, it has no use for it.
    "refused": lazy_gettext(
        "We could not take this page as it was sent, perhaps because you started again "
        "in another window. We have kept the answers you gave on it: check your answers and "
        "press Continue again."
    ),
}


def required(question: Question) -> str:
    """Return the message for a question left unanswered."""
    if question.id in REQUIRED:
        return str(REQUIRED[question.id])
    return gettext("Enter a number") if question.type == "integer" else gettext("Select an answer")


def name_of(question: Question) -> str:
    """Return how a message names a question's answer at the start of a sentence."""
    return str(NUMBER_NAMES.get(question.id, lazy_gettext("Your answer")))


def not_whole_number(question: Question) -> str:
    """Return the message for a number question answered with something else."""
    example = (question.minimum or 0) + ((question.maximum or 0) - (question.minimum or 0)) // 3
    message = NOT_WHOLE_NUMBER.get(
        question.id, lazy_gettext("Your answer must be a whole number, like %(example)s")
    )
    return message % {"example": formatted_number(example)}


def out_of_range(question: Question) -> str:
    """Return the message for a number that is too small or too large."""
    message = OUT_OF_RANGE.get(
        question.id, lazy_gettext("Your answer must be between %(minimum)s and %(maximum)s")
    )
    return message % {
        "minimum": formatted_number(question.minimum),
        "maximum": formatted_number(question.maximum),
    }


def none_with_others(question: Question) -> str:
    """Return the message for "None of these" ticked with another answer."""
    if question.id in NONE_WITH_OTHERS:
        return str(NONE_WITH_OTHERS[question.id])
    return gettext("Select your answers, or select ‘None of these’ on its own")


def not_an_option(question: Question) -> str:
    """Return the message for a value that is not one of the question's options."""
    return gettext("Select an answer from the list")
