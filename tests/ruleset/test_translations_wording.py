"""The clinical review's wording checks, applied to a Spanish reason: phrases, reading ease, therapy.

A translated ``because`` is read by the patient as the English one is, so the
same warnings apply, in Spanish words and at the Spanish text's line; they never
stop the rule set from loading.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import pytest
import textstat

from advisor.ruleset import check_ruleset, load_ruleset
from advisor.ruleset.translations import english_fingerprint
from advisor.ruleset.wording import discouraged_phrases
from advisor.ruleset.wording_es import PHRASES_ES, reading_ease_es
from tests.ruleset.test_wording import rule
from tests.translating import SPANISH_BECAUSE, write_translation

WORDING_CODES = {"discouraged-phrase", "translation-hard-to-read", "names-no-therapy"}


def phrases_found(text: str) -> list[str]:
    return [used for _, used in discouraged_phrases(text, PHRASES_ES)]


@pytest.fixture
def spanish_wording(write_rules):
    """Return a checker: the wording warnings for one rule whose Spanish reason is given.

    Each warning is (code, line, column, message); the English reason has none of its own.
    """

    def check(because: str, effect: str = 'suggest = "bfr"', english: str = "BFR may suit you."):
        rule_id = "red-flag-x" if effect.startswith("urgent_care") else "bfr-x"
        directory = write_rules(rules=rule(english, effect=effect, rule_id=rule_id))
        write_translation(
            directory,
            textwrap.dedent(f"""\
                language = "es"

                [rule.{rule_id}]
                because = "{because}"
                english = {{ because = "{english_fingerprint(english)}" }}
                """),
        )
        result = check_ruleset(directory)
        assert result.errors == ()
        return [
            (p.code, p.at.line, p.at.column, p.message)
            for p in result.problems
            if p.code in WORDING_CODES and p.at.file.endswith("es.toml")
        ]

    return check


@pytest.mark.parametrize(
    ("because", "message"),
    [
        (
            "El BFR cura la debilidad.",
            "rule 'bfr-x': the Spanish reason says 'cura', which promises a benefit. "
            "Say what it 'puede ayudar' with, or what it 'se usa para'.",
        ),
        (
            "Usted padece artrosis, y el BFR puede ser adecuado.",
            "rule 'bfr-x': the Spanish reason says 'padece', which reads as a diagnosis of the "
            "patient. Say 'usted tiene' or 'usted nos dijo que'.",
        ),
        (
            "El BFR puede ser adecuado para una rodilla con desgaste.",
            "rule 'bfr-x': the Spanish reason says 'desgaste', which is a fear-raising word "
            "about the body. Use neutral words, such as 'cambios en la articulación' or "
            "'cambios normales con la edad'.",
        ),
        (
            "El manguito del BFR causará moretones.",
            "rule 'bfr-x': the Spanish reason says 'causará', which states a theoretical risk "
            "as certain. Say 'podría' for a risk that may not happen (for example 'podría "
            "causar').",
        ),
        (
            "El BFR funciona mejor con una dieta sana.",
            "rule 'bfr-x': the Spanish reason says 'dieta sana', which is diet advice, outside "
            "what the practice offers. Leave it out of the reason.",
        ),
    ],
    ids=["promise", "diagnosis", "fear", "certainty", "scope"],
)
def test_each_kind_of_phrase_is_reported_at_the_spanish_line(spanish_wording, because, message):
    """The warning is at the Spanish reason, with the words as written and what to say instead."""
    assert spanish_wording(because) == [("discouraged-phrase", 4, 11, message)]


#: A Spanish reason using each catalogued phrase, and the words reported, as written.
PHRASE_EXAMPLES = [
    # promise of benefit
    ("El BFR fortalece los músculos.", ["fortalece los músculos"]),
    ("El BFR aumenta la fuerza.", ["aumenta la fuerza"]),
    ("La NMT alivia el dolor.", ["alivia el dolor"]),
    ("La NMT reduce su dolor.", ["reduce su dolor"]),
    ("La NMT eliminará el dolor.", ["eliminará el dolor"]),
    ("La NMT acaba con el dolor.", ["acaba con el dolor"]),
    ("El BFR ayuda a muchas personas.", ["ayuda"]),
    ("El BFR le ayudará.", ["ayudará"]),
    ("La NMT arreglará su espalda.", ["arreglará"]),
    ("La NMT cura el dolor de espalda.", ["cura"]),
    ("El BFR garantiza resultados.", ["garantiza"]),
    ("Tiene garantía de éxito.", ["garantía"]),
    # reads as a diagnosis
    ("Usted sufre de pérdida muscular.", ["sufre"]),
    ("Usted tiene un nervio pinzado.", ["tiene un nervio pinzado", "pinzado"]),
    ("Su dolor es causado por músculos tensos.", ["es causado por"]),
    # fear-raising words about the body
    ("Su rodilla tiene desgaste.", ["desgaste"]),
    ("Tiene una enfermedad degenerativa.", ["degenerativa"]),
    ("Su cartílago está deteriorado.", ["deteriorado"]),
    ("Sus huesos se están desmoronando.", ["desmoronando"]),
    ("Su rodilla está hueso contra hueso.", ["hueso contra hueso"]),
    ("Su columna está desalineada.", ["desalineada"]),
    ("Sus músculos están privados de oxígeno.", ["privados de oxígeno"]),
    ("Tiene un disco desplazado.", ["disco desplazado"]),
    # certainty about a theoretical risk
    ("El manguito provocará una crisis.", ["provocará"]),
    ("La presión va a dañar el injerto.", ["va a dañar"]),
    ("La sangre lenta llevará a un coágulo.", ["llevará a"]),
    ("La presión podría mover un coágulo antiguo.", ["mover un coágulo"]),
    # outside the practice's scope
    ("Siga una alimentación saludable.", ["alimentación saludable"]),
    ("Pídanos un plan de dieta.", ["plan de dieta"]),
    ("Le diremos qué comer.", ["qué comer"]),
    ("Coma más proteína.", ["Coma más"]),
    ("Tome suplementos de proteína.", ["suplementos de proteína"]),
]


@pytest.mark.parametrize(("because", "found"), PHRASE_EXAMPLES)
def test_each_catalogued_spanish_phrase_is_found(because, found):
    """A reason using a catalogued phrase is flagged with the words as written."""
    assert phrases_found(because) == found


def test_every_catalogued_spanish_phrase_has_an_example():
    """Each entry of the Spanish catalogue is exercised by an example above."""
    used = {
        phrase
        for because, _ in PHRASE_EXAMPLES
        for phrase, _ in discouraged_phrases(because, PHRASES_ES)
    }

    assert [p.pattern.pattern for p in PHRASES_ES if p not in used] == []


@pytest.mark.parametrize(
    "because",
    [
        "El BFR puede ayudar a fortalecer los músculos.",
        "El BFR podría ayudarle a recuperar la fuerza.",
        "La NMT se usa para aliviar el dolor.",
        "La NMT puede aliviar el dolor.",
        "Un profesional clínico puede ayudarle si eso cambia.",
        "El manguito podría causar moretones.",
        "La presión podría dañar un injerto.",
        "El manguito se coloca en la parte superior del brazo.",
        "El estrés y los hábitos de comida importan.",
        "Espere a que la herida sane.",
        "Una curita no basta.",
        "El daño de los nervios puede ocultar las señales de alerta.",
    ],
)
def test_hedged_spanish_and_look_alike_words_are_not_flagged(because):
    """'Puede' and 'podría' hedge a promise or a risk; words that only look alike pass."""
    assert phrases_found(because) == []


def test_a_hard_to_read_spanish_reason_gives_its_score_and_the_limit(spanish_wording):
    """Below 60 on Fernández-Huerta's reading ease: the score to one decimal, and 60."""
    because = (
        "El BFR: rehabilitación musculoesquelética postoperatoria, independientemente de "
        "consideraciones fisiopatológicas extraordinariamente complicadas."
    )
    score = reading_ease_es(because)

    assert spanish_wording(because) == [
        (
            "translation-hard-to-read",
            4,
            11,
            f"rule 'bfr-x': the Spanish reason scores {score:.1f} on the Fernández-Huerta "
            "reading ease, where higher is easier; patients should be able to read it, so aim "
            "for 60 or above. Use shorter sentences and shorter words.",
        )
    ]
    assert score < 60


def test_a_plain_spanish_reason_passes_every_check(spanish_wording):
    """Short sentences of everyday words, the therapy named: nothing to report."""
    assert spanish_wording(SPANISH_BECAUSE) == []
    assert reading_ease_es(SPANISH_BECAUSE) >= 60


BFR_MISSING = (
    "rule '{id}': the Spanish reason does not name the therapy it is about; add 'BFR' "
    "(or 'restricción del flujo sanguíneo') so the patient knows which treatment it means."
)
NMT_MISSING = (
    "rule '{id}': the Spanish reason does not name the therapy it is about; add 'NMT' "
    "(or 'neuromuscular') so the patient knows which treatment it means."
)
BOTH_MISSING = (
    "rule '{id}': the Spanish reason does not name the therapies it is about; add 'BFR' "
    "(or 'restricción del flujo sanguíneo') and 'NMT' (or 'neuromuscular'), or say "
    "'cualquier tratamiento', so the patient knows which treatment it means."
)


@pytest.mark.parametrize(
    ("effect", "because", "message"),
    [
        ('suggest = "bfr"', "El entrenamiento con manguito puede ser adecuado.", BFR_MISSING),
        ('suggest = "bfr"', "El BFR puede ser adecuado para usted.", None),
        (
            'suggest = "bfr"',
            "El entrenamiento con restricción del flujo sanguíneo puede ser adecuado.",
            None,
        ),
        ('block = "nmt"', "La presión firme podría lastimar la piel delgada.", NMT_MISSING),
        ('block = "nmt"', "La terapia neuromuscular presiona con firmeza.", None),
        ('consult = "all"', "Un profesional clínico debe verle primero.", BOTH_MISSING),
        ('consult = "all"', "Un profesional clínico debe revisar antes del BFR o la NMT.", None),
        ('consult = "all"', "Consulte antes de cualquier tratamiento.", None),
        ('urgent_care = "soon"', "Vea a un médico en los próximos días.", None),
    ],
)
def test_spanish_reason_names_the_therapy_it_is_about(spanish_wording, effect, because, message):
    """BFR or "restricción del flujo sanguíneo", NMT or "neuromuscular", or "cualquier tratamiento"."""
    english = "A clinician should check before BFR or NMT." if "all" in effect else "BFR or NMT."
    rule_id = "red-flag-x" if effect.startswith("urgent_care") else "bfr-x"

    found = [w for w in spanish_wording(because, effect, english) if w[0] == "names-no-therapy"]

    assert found == ([("names-no-therapy", 4, 11, message.format(id=rule_id))] if message else [])


def test_spanish_wording_warnings_do_not_stop_loading(write_rules):
    """A Spanish reason with every kind of warning is still used."""
    directory = write_rules(rules=rule("BFR may suit you."))
    write_translation(
        directory,
        'language = "es"\n[rule.bfr-x]\nbecause = "El manguito cura todo. Garantizado."\n'
        f'english = {{ because = "{english_fingerprint("BFR may suit you.")}" }}\n',
    )

    assert (
        load_ruleset(directory).rule_text("es", "bfr-x")[1] == "El manguito cura todo. Garantizado."
    )


@pytest.fixture
def textstat_in_spanish() -> Iterator[None]:
    """Make textstat read Spanish for one test (its language is shared by the whole process)."""
    textstat.set_lang("es")
    yield
    textstat.set_lang("en_US")


#: Spanish texts as patients would read them, and a few edge cases.
SAMPLES = [
    SPANISH_BECAUSE,
    "Sobre usted",
    "¿Sus músculos se han vuelto débiles o más pequeños?",
    "Usted dijo que no tiene dolor, pero dio a su peor dolor un puntaje mayor que 0.",
    "La terapia neuromuscular (NMT) usa una presión firme y constante. Puede aliviar el dolor.",
    "El entrenamiento con restricción del flujo sanguíneo (BFR) usa un manguito. "
    "Consulte con un profesional clínico antes de empezar. Busque atención urgente si empeora.",
    "Rehabilitación musculoesquelética postoperatoria extraordinariamente complicada.",
    "Sí. No. Tal vez.",
    "¡Llame al 911 ahora!",
    "El paciente—según el médico—está bien; la rodilla, también.",
]


@pytest.mark.usefixtures("textstat_in_spanish")
@pytest.mark.parametrize("text", SAMPLES)
def test_reading_ease_matches_textstat_fernandez_huerta(text):
    """Our Fernández-Huerta score is textstat's (Pyphen's Spanish syllables), to a hair."""
    assert reading_ease_es(text) == pytest.approx(textstat.fernandez_huerta(text), abs=1e-9)


def test_shorter_sentences_read_easier():
    """The corrected formula: more words a sentence lowers the score (as legible.es prints it)."""
    one = "El BFR usa un manguito y pesas livianas y un terapeuta le muestra cómo usarlo."
    two = "El BFR usa un manguito y pesas livianas. Un terapeuta le muestra cómo usarlo."

    assert reading_ease_es(two) > reading_ease_es(one)
