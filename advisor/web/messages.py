"""Every error message a patient can see on a questionnaire page, keyed by question id.

The wording follows the GOV.UK Design System's error messages (and the eQ
runner's ``error_messages.py``): short, specific, no full stop, "Enter …" for
typed answers and "Select …" for choices. The API words the same problems for
developers in ``advisor.answers``; these are for people.

A question added to ``rules/questions.toml`` without wording here still gets a
plain generic message, and ``tests/web/test_messages.py`` asks for its own.

``CONTACT_DETAILS`` words a phone number and an email address alike wherever
they are asked for: the patient's contact form and the staff's patient form.
"""

from __future__ import annotations

from advisor.questionnaire import Question

__all__ = [
    "CONTACT_DETAILS",
    "NONE_WITH_OTHERS",
    "NUMBER_NAMES",
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
    "phone_or_email": "Enter a phone number or an email address",
    "phone_format": "Enter a phone number, like 555 123 4567",
    "email_format": "Enter an email address in the correct format, like name@example.com",
}

#: What to say when a question is not answered.
REQUIRED: dict[str, str] = {
    "age": "Enter your age",
    "red_flags": "Select if you have any of these symptoms",
    "bfr_risks": "Select if any of these health problems apply to you",
    "bleeding_risk": "Select if you take blood thinners or have a bleeding problem",
    "nmt_risks": "Select if any of these bone, joint or skin problems apply to you",
    "acute_illness": "Select if you are unwell today",
    "dizziness": "Select if you have lost your balance or fainted in the last year",
    "supervised_exercise_only": "Select if a doctor has told you to exercise only with a health professional watching",
    "blood_pressure": "Select if you have high blood pressure",
    "lifting_ban": "Select if a doctor has told you not to lift heavy things or strain",
    "past_cancer": "Select if you have had treatment for cancer in the last 5 years",
    "bone_and_immune_risks": "Select if any of these apply to you",
    "recent_fall": "Select if you have had a fall in the last 4 weeks",
    "joint_replacement": "Select if that surgery was a hip or knee replacement",
    "body_areas": "Select where your pain or weakness is",
    "walking_leg_pain": "Select if your legs cramp or ache when you walk",
    "muscle_weakness": "Select if your muscles have become weak or smaller",
    "heavy_load_difficulty": "Select if it is hard or unsafe for you to lift heavy things",
    "conditions": "Select if a doctor has told you that you have any of these",
    "inactivity": "Select if you have had a long time when you could not be active",
    "surgery": "Select when you last had surgery",
    "surgery_site": "Select where you had surgery",
    "pain_duration": "Select how long you have had your pain",
    "pain_cause": "Select what you think caused your pain",
    "pain_intensity": "Enter a number from 0 to 10 for your worst pain",
    "pain_sources": "Select if any of these describe your pain",
    "insurance": "Select how you expect to pay for care",
}

#: How a number question is named at the start of a sentence ("Age must be …").
NUMBER_NAMES: dict[str, str] = {
    "age": "Age",
    "pain_intensity": "Your pain score",
}

#: What to say when "None of these" is ticked together with another answer.
NONE_WITH_OTHERS: dict[str, str] = {
    "red_flags": "Select the symptoms you have, or select ‘None of these’ on its own",
    "bfr_risks": "Select the health problems you have, or select ‘None of these’ on its own",
    "nmt_risks": "Select what applies to you, or select ‘None of these’ on its own",
    "conditions": "Select the conditions you have, or select ‘None of these’ on its own",
    "pain_sources": "Select what describes your pain, or select ‘None of these’ on its own",
    "bone_and_immune_risks": "Select what applies to you, or select ‘None of these’ on its own",
    "body_areas": "Select where your pain or weakness is, or select ‘None of these’ on its own",
}

#: What a questionnaire page says at the top when its form came back with a refused token
#: (``advisor.web.timed_out``), keyed by why; ``{kept_for}`` is "2 hours".
SHOWN_AGAIN: dict[str, str] = {
    "timed_out": "This page timed out because it was open for more than {kept_for}. "
    "We have kept the answers you gave on it: check your answers and press Continue again.",
    "session_ended": "This page timed out. To keep your answers private, we delete them when "
    "nothing happens for {kept_for}, so your answers to the earlier questions are gone. "
    "We have kept the answers you gave on this page: check them and press Continue, "
    "then answer the earlier questions again.",
    "lost": "This page timed out. To keep your answers private, we delete them when nothing "
    "happens for {kept_for}, so your answers are gone. Please start again.",
    "refused": "We could not take this page as it was sent, perhaps because you started again "
    "in another window. We have kept the answers you gave on it: check your answers and "
    "press Continue again.",
}


def required(question: Question) -> str:
    """Return the message for a question left unanswered."""
    if question.id in REQUIRED:
        return REQUIRED[question.id]
    return "Enter a number" if question.type == "integer" else "Select an answer"


def name_of(question: Question) -> str:
    """Return how a message names a question's answer at the start of a sentence."""
    return NUMBER_NAMES.get(question.id, "Your answer")


def not_whole_number(question: Question) -> str:
    """Return the message for a number question answered with something else."""
    name = name_of(question)
    example = (question.minimum or 0) + ((question.maximum or 0) - (question.minimum or 0)) // 3
    return f"{name} must be a whole number, like {example}"


def out_of_range(question: Question) -> str:
    """Return the message for a number that is too small or too large."""
    name = name_of(question)
    return f"{name} must be between {question.minimum} and {question.maximum}"


def none_with_others(question: Question) -> str:
    """Return the message for "None of these" ticked with another answer."""
    return NONE_WITH_OTHERS.get(
        question.id, "Select your answers, or select ‘None of these’ on its own"
    )


def not_an_option(question: Question) -> str:
    """Return the message for a value that is not one of the question's options."""
    return "Select an answer from the list"
