"""What a session is like, and what it costs this person: the middle of the result page.

The words come from the practice's BFR and NMT notes (``shared/seeds``) and the
clinical reference (section 2: a cuff at the top of the arm or thigh, light
weights, soreness or tingling that passes), written again in plain words. They
say what the therapist does and how it may feel; they promise no result.

What depends on the practice (how long a session takes, how often, how many, the
price, the insurance it accepts) comes from its profile (``advisor.practice``).
Where the profile says nothing, the page says to ask: never a made-up number.

Every sentence is in the page's language (``lazy_gettext`` for the tables, read when a
page is made); what the profile itself says (how often, how many) is shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext, lazy_gettext, ngettext

from advisor.contract import Therapy
from advisor.language import formatted_number, in_a_list
from advisor.practice import Practice, TherapyOffer

__all__ = [
    "CONSULT_HEADING",
    "INSURANCE_NOTES",
    "SESSION_HEADINGS",
    "SessionNotes",
    "cost_notes",
    "dollars",
    "session_notes",
]

#: The heading of each therapy's description, on the result page and on its own page.
SESSION_HEADINGS: dict[Therapy, str] = {
    "bfr": lazy_gettext("What a BFR session is like"),
    "nmt": lazy_gettext("What an NMT session is like"),
}

#: The heading of what a consult is, when no therapy comes first.
CONSULT_HEADING = lazy_gettext("What happens when you talk with a clinician")

#: What the person told us about paying, said back to them. Information only: it never
#: changes the result (invariant 5).
INSURANCE_NOTES: dict[str, str] = {
    "medicare": lazy_gettext("You told us you have Medicare."),
    "private": lazy_gettext("You told us you have private health insurance."),
    "workers_comp": lazy_gettext("You told us this is a workers’ compensation case."),
    "personal_injury": lazy_gettext("You told us this is a personal injury claim."),
    "self_pay": lazy_gettext("You told us you will pay for it yourself."),
    "unsure": lazy_gettext("You are not sure how you will pay."),
}

#: A way of paying the practice takes, in a sentence ("We accept ...").
_ACCEPTED: dict[str, str] = {
    "medicare": lazy_gettext("We accept Medicare."),
    "private": lazy_gettext(
        "We accept private health insurance. Your insurer can tell you what your plan pays for."
    ),
    "workers_comp": lazy_gettext("We accept workers’ compensation cases."),
    "personal_injury": lazy_gettext("We accept personal injury cases."),
}

#: The same ways of paying as words in a list ("Medicare, private health insurance ...").
_ROUTE_NAMES: dict[str, str] = {
    "medicare": lazy_gettext("Medicare"),
    "private": lazy_gettext("private health insurance"),
    "workers_comp": lazy_gettext("workers’ compensation"),
    "personal_injury": lazy_gettext("personal injury cases"),
}

#: A way of paying the practice does not take, in a sentence (whole, for a language's word order).
_NOT_TAKEN: dict[str, str] = {
    "medicare": lazy_gettext("We do not take Medicare."),
    "private": lazy_gettext("We do not take private health insurance."),
    "workers_comp": lazy_gettext("We do not take workers’ compensation."),
    "personal_injury": lazy_gettext("We do not take personal injury cases."),
}

_NEVER_CHANGES = lazy_gettext("How you pay never changes our suggestion.")


@dataclass(frozen=True, slots=True)
class SessionNotes:
    """What one therapy's session is like (or a talk with a clinician), in short sentences."""

    heading: str
    #: What happens, a sentence or two a paragraph.
    happens: tuple[str, ...]
    #: How long, how often and how many, from the practice's profile; or what to ask.
    timing: tuple[str, ...] = ()
    feels: str = ""
    wear: str = ""


_HAPPENS: dict[Therapy, tuple[str, ...]] = {
    "bfr": (
        lazy_gettext(
            "You sit or lie on a treatment table. The therapist puts a cuff, like a blood "
            "pressure cuff, around the top of your arm or thigh. A small pump fills it, to slow "
            "the blood flow in that limb while you do strength exercises with light weights. "
            "The therapist chooses the cuff pressure and the exercises for you."
        ),
    ),
    "nmt": (
        lazy_gettext(
            "The therapist feels for tender spots in your muscles. They press on each spot with "
            "firm, steady pressure and hold it for a while. You may also do some stretches."
        ),
    ),
}

_FEELS: dict[Therapy, str] = {
    "bfr": lazy_gettext(
        "The cuff feels tight. Your arm or leg may feel warm, heavy or tingly, and your muscles "
        "tire fast. This goes soon after the cuff comes off. You may be sore for a day or two. "
        "Tell the therapist at once if you feel dizzy or the cuff hurts."
    ),
    "nmt": lazy_gettext(
        "The pressure may feel sore or achy. It often eases as the therapist holds it. Tell "
        "them if it hurts too much, and they will press more gently. You may be a little sore "
        "for a day or two."
    ),
}

_WEAR: dict[Therapy, str] = {
    "bfr": lazy_gettext(
        "Wear loose clothes you can exercise in, like shorts and a T-shirt, and shoes you can "
        "walk in."
    ),
    "nmt": lazy_gettext(
        "Wear loose, comfortable clothes. The therapist may ask you to uncover the part that "
        "hurts, like your neck or back. A towel keeps the rest of you covered."
    ),
}

_CONSULT: tuple[str, ...] = (
    lazy_gettext(
        "A clinician is a doctor or therapist. They ask about your health and your answers, "
        "and may check how you move. Then you decide together what to do next."
    ),
)

_CHILD = lazy_gettext("For a child under 12, this is a clinician who treats children.")


def session_notes(
    therapy: Therapy | None, practice: Practice | None, *, child: bool = False
) -> SessionNotes:
    """Return what a session of ``therapy`` is like here, or, for None, a talk with a clinician.

    :param child: the person is under 12: the clinician is one who treats children.
    """
    if therapy is None:
        happens = (*_CONSULT, _CHILD) if child else _CONSULT
        return SessionNotes(str(CONSULT_HEADING), tuple(str(p) for p in happens))
    offer = practice.offer(therapy) if practice is not None else TherapyOffer()
    return SessionNotes(
        str(SESSION_HEADINGS[therapy]),
        tuple(str(p) for p in _HAPPENS[therapy]),
        _timing(offer),
        str(_FEELS[therapy]),
        str(_WEAR[therapy]),
    )


def _timing(offer: TherapyOffer) -> tuple[str, ...]:
    said: list[str] = []
    ask: list[str] = []
    minutes = offer.session_minutes
    if minutes:
        said.append(
            ngettext(
                "A session takes about %(minutes)s minute.",
                "A session takes about %(minutes)s minutes.",
                minutes,
                minutes=formatted_number(minutes),
            )
        )
    else:
        ask.append(gettext("how long a session takes"))
    # How often and how many are the profile's own words, shown as the practice wrote them.
    if offer.how_often:
        said.append(gettext("Most people come %(how_often)s.", how_often=offer.how_often))
    else:
        ask.append(gettext("how often you would come"))
    if offer.typical_sessions:
        said.append(
            gettext(
                "Most people have %(sessions)s sessions in all.", sessions=offer.typical_sessions
            )
        )
    else:
        ask.append(gettext("how many sessions you may need"))
    if ask:
        said.append(gettext("Our team can tell you %(things)s.", things=in_a_list(ask)))
    return tuple(said)


def cost_notes(
    insurance: str, practice: Practice | None, therapy: Therapy | None
) -> tuple[str, ...]:
    """Return what the person's way of paying means here, in a few sentences.

    With no profile, nothing is said about what the practice accepts or charges (we do
    not know it); a price is only ever the profile's own, for one session of ``therapy``.
    """
    told = str(INSURANCE_NOTES.get(insurance, ""))
    price = _price(practice, therapy)
    if insurance in _ACCEPTED:
        if practice is None:
            said = [gettext("Ask our team if your plan pays for this.")]
        elif practice.accepts(insurance):
            said = [str(_ACCEPTED[insurance])]
        else:
            said = [str(_NOT_TAKEN[insurance])]
            said.append(price or gettext("Ask our team about other ways to pay."))
    elif insurance == "self_pay":
        said = [price or _ask_price(therapy)]
    else:
        said = [
            _accepted_list(practice),
            price,
            gettext("Our team can help you find out what is covered."),
        ]
    # Said only after what the person told us: a page read before any answer has no result.
    return tuple(s for s in (told, *said, str(_NEVER_CHANGES) if told else "") if s)


def _price(practice: Practice | None, therapy: Therapy | None) -> str:
    if practice is None or therapy is None:
        return ""
    amount = practice.offer(therapy).self_pay_price
    if amount is None:
        return ""
    return gettext("If you pay yourself, one session costs %(price)s.", price=dollars(amount))


def _ask_price(therapy: Therapy | None) -> str:
    if therapy is None:
        return gettext("Ask our team what a first visit costs before you book.")
    return gettext("Ask our team what a session costs before you book.")


def _accepted_list(practice: Practice | None) -> str:
    if practice is None or not practice.insurance:
        return ""
    names = [str(_ROUTE_NAMES[route]) for route in practice.insurance]
    return gettext("We accept %(ways_to_pay)s.", ways_to_pay=in_a_list(names))


def dollars(amount: Decimal) -> str:
    """Return a price as a person writes it: ``$95``, or ``$95.50`` when it has cents.

    The digits follow the page's language (``es_US`` writes them as in English).
    """
    whole = amount == amount.to_integral_value()
    return "$" + formatted_number(amount, format="#,##0" if whole else "#,##0.00")
