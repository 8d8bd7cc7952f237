"""The practice's own words in other languages: ``[es]`` tables, checked with file:line like the rest.

A profile's free texts (when it calls back, its hours, its privacy notice, how often and
how many sessions) may be given again in each language the pages are offered in. Only
those texts may be; a missing one is a warning, and the pages show it in English.
"""

from __future__ import annotations

import pytest

from advisor.practice import Practice, read_practice
from advisor.untranslated import Untranslated
from tests.practice.conftest import PROFILE

#: The English texts of ``PROFILE`` without their Spanish: what the warnings are about.
ENGLISH_ONLY = PROFILE.split("\n[es]\n")[0]


def read(write_profile, text: str, **options) -> list[tuple[str, str, int]]:
    """Return each problem of a profile as (severity, code, line)."""
    checked = read_practice(write_profile(text), **options)
    return [(p.severity, p.code, p.at.line) for p in checked.problems]


def spanish(write_profile, text: str) -> Practice:
    """Return the practice of a valid profile as Spanish pages show it."""
    practice = read_practice(write_profile(text)).practice
    assert practice is not None
    return practice.in_language("es")


def test_the_spanish_texts_are_read_beside_the_english(write_profile):
    practice = spanish(write_profile, PROFILE)

    assert practice.callback == "dentro de un día hábil"
    assert practice.hours == ("De lunes a viernes, de 8 a. m. a 6 p. m.",)
    assert practice.offer("bfr").how_often == "2 o 3 veces por semana"
    assert practice.offer("bfr").typical_sessions == "8 a 12"
    assert not isinstance(practice.callback, Untranslated)


def test_what_is_the_same_in_every_language_is_kept(write_profile):
    """Name, phone, prices and the rest are written once and shown the same in Spanish."""
    english = read_practice(write_profile()).practice
    assert english is not None

    practice = english.in_language("es")

    assert (practice.name, practice.phone, practice.address, practice.insurance) == (
        english.name,
        english.phone,
        english.address,
        english.insurance,
    )
    assert practice.offer("bfr").self_pay_price == english.offer("bfr").self_pay_price
    assert practice.offer("bfr").session_minutes == 45


def test_a_text_with_no_spanish_is_the_english_marked_untranslated(write_profile):
    practice = spanish(write_profile, ENGLISH_ONLY)

    assert practice.callback == Untranslated("within one working day")
    assert isinstance(practice.callback, Untranslated)
    assert all(isinstance(line, Untranslated) for line in practice.hours)
    assert isinstance(practice.offer("bfr").how_often, Untranslated)
    assert isinstance(practice.offer("bfr").typical_sessions, Untranslated)


def test_a_text_the_profile_does_not_give_stays_empty_in_spanish(write_profile):
    """No English means nothing to show: never an empty ``Untranslated`` standing in for it."""
    practice = spanish(write_profile, ENGLISH_ONLY)

    assert practice.privacy_text == ""
    assert not isinstance(practice.privacy_text, Untranslated)
    assert practice.offer("nmt").how_often == ""


def test_english_gives_the_profile_as_written(write_profile):
    english = read_practice(write_profile()).practice
    assert english is not None

    assert english.in_language("en") is english
    assert english.in_language("es").in_language("en") is english
    assert english.in_language("es").language == "es"


@pytest.mark.parametrize(
    ("addition", "code", "line"),
    [
        ('[es]\ncalback = "hoy"\n', "practice-unknown-key", 2),
        ('[es]\nname = "Fisioterapia Riverside"\n', "practice-unknown-key", 2),
        ("[es.therapies.bfr]\nsession_minutes = 45\n", "practice-unknown-key", 2),
        ('[es.therapies.massage]\nhow_often = "a diario"\n', "practice-unknown-key", 1),
        ('[es]\ncallback = ""\n', "practice-empty", 2),
        ("[es]\ncallback = 1\n", "practice-wrong-type", 2),
        ("[es]\nhours = 8\n", "practice-wrong-type", 2),
        ("[es.therapies.bfr]\nhow_often = 2\n", "practice-wrong-type", 2),
        (
            '[es]\nprivacy_text = "Guardamos lo que nos envía."\n',
            "practice-nothing-to-translate",
            2,
        ),
        (
            '[es.therapies.nmt]\nhow_often = "una vez por semana"\n',
            "practice-nothing-to-translate",
            2,
        ),
        ('[fr]\ncallback = "dans la journée"\n', "practice-unknown-language", 1),
        ('[en]\ncallback = "today"\n', "practice-unknown-language", 1),
        ('[es-MX]\ncallback = "hoy"\n', "practice-unknown-language", 1),
    ],
    ids=[
        "misspelt key",
        "a key that is not translated",
        "a therapy's number",
        "unknown therapy",
        "empty text",
        "number for text",
        "number for lines",
        "number for a therapy's text",
        "no English privacy notice",
        "no English for the therapy",
        "a language not offered",
        "English as a table",
        "a regional variant",
    ],
)
def test_a_mistake_in_a_language_table_is_refused_with_its_line(
    write_profile, addition, code, line
):
    start = ENGLISH_ONLY.count("\n") + 1  # the line the addition starts on

    found = read(write_profile, ENGLISH_ONLY + addition)

    assert ("error", code, start + line - 1) in found, found
    assert read_practice(write_profile(ENGLISH_ONLY + addition)).practice is None


def test_a_language_given_as_text_not_a_table_is_refused(write_profile):
    checked = read_practice(write_profile('es = "dentro de un día hábil"\n' + ENGLISH_ONLY))

    assert [(p.code, p.at.line) for p in checked.errors] == [("practice-wrong-type", 1)]
    assert "'es' should be a table [es] of the practice's texts in Spanish" in (
        checked.errors[0].message
    )


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        (
            '[es]\ncalback = "hoy"\n',
            "'calback' is not a key of the practice profile in [es]. Did you mean 'callback'? "
            "Expected one of 'callback', 'hours', 'privacy_text', 'therapies'",
        ),
        (
            '[es]\nphone = "555"\n',
            "'phone' is not translated: it is the same on the pages of every language, so it "
            "is written once, in English, not in [es]. Expected one of 'callback', 'hours', "
            "'privacy_text', 'therapies'",
        ),
        (
            "[es.therapies.bfr]\nself_pay_price = 90\n",
            "'self_pay_price' is not translated: it is the same on the pages of every language, "
            "so it is written once, in English, not in [es.therapies.bfr]. Expected one of "
            "'how_often', 'typical_sessions'",
        ),
        (
            '[es]\nprivacy_text = "Guardamos lo que nos envía."\n',
            "'es.privacy_text' translates 'privacy_text', which is not set: write the English "
            "'privacy_text' too, or remove 'es.privacy_text'",
        ),
        (
            '[fr]\ncallback = "dans la journée"\n',
            "[fr] is not a language table: it gives the practice's texts in French, which the "
            "pages are not offered in. The pages are offered in English and Spanish ([es]): "
            "give the texts of a language in its table, or remove [fr]",
        ),
        (
            '[en]\ncallback = "today"\n',
            "[en] is not a language table: English is the language of the profile's own keys, "
            "written at its top. The pages are offered in English and Spanish ([es]): give the "
            "texts of a language in its table, or remove [en]",
        ),
    ],
    ids=["did you mean", "not translated", "not translated in a therapy", "no English", "fr", "en"],
)
def test_a_language_tables_mistake_says_what_to_write(write_profile, addition, message):
    checked = read_practice(write_profile(ENGLISH_ONLY + addition))

    assert [p.message for p in checked.errors] == [message]


def test_a_misspelt_top_level_table_is_still_a_misspelt_key(write_profile):
    """Only a table named like a language is taken for one: [therapy] is a misspelling."""
    checked = read_practice(write_profile(PROFILE + "[therapy.bfr]\nsession_minutes = 45\n"))

    assert [p.code for p in checked.errors] == ["practice-unknown-key"]
    assert "Did you mean 'therapies'?" in checked.errors[0].message


def test_each_english_text_without_spanish_is_a_warning_at_its_line(write_profile):
    checked = read_practice(write_profile(ENGLISH_ONLY))

    assert checked.practice is not None  # a warning does not refuse the profile
    assert [(p.severity, p.code, p.key, p.at.line) for p in checked.problems] == [
        ("warning", "practice-translation-missing", "hours", 6),
        ("warning", "practice-translation-missing", "callback", 8),
        ("warning", "practice-translation-missing", "therapies.bfr.how_often", 13),
        ("warning", "practice-translation-missing", "therapies.bfr.typical_sessions", 14),
    ]
    assert checked.problems[1].render() == (
        f"{checked.problems[1].at.file}:8:1: warning [practice-translation-missing] 'callback' "
        "has no Spanish (es) version: Spanish pages show it in English. "
        'Add callback = "…" under [es]'
    )
    assert checked.problems[2].message.endswith('Add how_often = "…" under [es.therapies.bfr]')


def test_a_partly_translated_profile_is_warned_only_of_what_is_missing(write_profile):
    checked = read_practice(write_profile(ENGLISH_ONLY + '\n[es]\ncallback = "hoy mismo"\n'))

    assert "callback" not in [p.key for p in checked.problems]
    assert len(checked.problems) == 3


def test_a_third_language_gets_its_own_table_and_warnings(write_profile):
    """Offered in Portuguese too, the profile may have [pt]; each missing text is warned of."""
    text = PROFILE + '[pt]\ncallback = "em um dia útil"\n'

    checked = read_practice(write_profile(text), languages=("en", "es", "pt"))

    assert checked.practice is not None
    assert checked.practice.in_language("pt").callback == "em um dia útil"
    assert {p.key for p in checked.problems} == {
        "hours",
        "therapies.bfr.how_often",
        "therapies.bfr.typical_sessions",
    }
    assert all("Portuguese (pt)" in p.message for p in checked.problems)


def test_offered_in_english_only_a_language_table_is_refused(write_profile):
    checked = read_practice(write_profile(), languages=("en",))

    assert [(p.code, p.at.line) for p in checked.errors] == [("practice-unknown-language", 17)]
    assert checked.errors[0].message.endswith("The pages are offered only in English: remove [es]")
