"""Warnings about the wording of a reason (``because``): discouraged phrases, reading grade, therapy named.

Each test writes a rule inline and reads back only the wording warnings, so
provenance and coverage warnings about the tiny rule set stay out of the way.
"""

from __future__ import annotations

import textwrap
import tomllib

import pytest
import textstat

from advisor.cli import cli
from advisor.problems import Location
from advisor.ruleset import check_ruleset, default_rules_dir
from advisor.ruleset.model import Effect, RuleSpec
from advisor.ruleset.wording import PHRASES, check_reason, discouraged_phrases, reading_grade
from tests.rules_under_test import questionnaire_under_test

WORDING_CODES = {"discouraged-phrase", "hard-to-read", "names-no-therapy"}


def rule(because: str, effect: str = 'suggest = "bfr"', rule_id: str = "bfr-x") -> str:
    """Return a rule for adults with this reason and effect, its provenance filled in."""
    return textwrap.dedent(f"""\
        [[rule]]
        id = "{rule_id}"
        title = "T"
        because = "{because}"
        when.age.at_least = 18
        {effect}
        source = "S"
        owner = "O"
        review_by = 2099-01-01
        """)


def wording(
    write_rules, because: str, codes: set[str] = WORDING_CODES, **kwargs: str
) -> list[tuple[str, int, int, str]]:
    """Return the wording warnings (of ``codes``) for one rule as (code, line, column, message)."""
    result = check_ruleset(write_rules(rules=rule(because, **kwargs)))
    assert result.errors == ()
    return [(p.code, p.at.line, p.at.column, p.message) for p in result.problems if p.code in codes]


def phrases_found(text: str) -> list[str]:
    return [used for _, used in discouraged_phrases(text)]


@pytest.mark.parametrize(
    ("because", "message"),
    [
        (
            "BFR builds strength with light weights.",
            "rule 'bfr-x': the reason says 'builds strength', which promises a benefit. "
            "Say it 'may help build strength', or that it 'is used to build strength'.",
        ),
        (
            "You are suffering from muscle loss, and BFR may suit you.",
            "rule 'bfr-x': the reason says 'suffering from', which reads as a diagnosis of "
            "the patient. Say 'you have' or 'you told us about'.",
        ),
        (
            "BFR may suit a worn knee.",
            "rule 'bfr-x': the reason says 'worn', which is a fear-raising word about the "
            "body. Use neutral words, such as 'changes in the joint' or 'normal changes with age'.",
        ),
        (
            "The BFR cuff can trigger a sickle cell crisis.",
            "rule 'bfr-x': the reason says 'can trigger', which states a theoretical risk as "
            "certain. Say 'could' for a risk that may not happen (for example 'could cause').",
        ),
        (
            "BFR works best with a healthy diet.",
            "rule 'bfr-x': the reason says 'healthy diet', which is diet advice, outside what "
            "the practice offers. Leave it out of the reason.",
        ),
    ],
    ids=["promise", "diagnosis", "fear", "certainty", "scope"],
)
def test_discouraged_phrase__names_phrase_kind_and_better_wording(write_rules, because, message):
    """Each kind of phrase is reported at the reason's line, with what to say instead."""
    assert wording(write_rules, because) == [("discouraged-phrase", 4, 11, message)]


#: A reason using each catalogued phrase, and the words reported, as written.
PHRASE_EXAMPLES = [
    # promise of benefit
    ("BFR builds strength.", ["builds strength"]),
    ("BFR is a way of building up your muscles.", ["building up your muscles"]),
    ("BFR helps many people.", ["helps"]),
    ("BFR will help with daily tasks.", ["will help"]),
    ("We help you rebuild your life with BFR.", ["help you rebuild"]),
    ("NMT eases your pain.", ["eases your pain"]),
    ("NMT uses steady pressure to ease pain.", ["to ease pain"]),
    ("NMT relieves pain in tight muscles.", ["relieves pain"]),
    ("NMT reduces pain.", ["reduces pain"]),
    ("NMT will fix your back.", ["will fix"]),
    ("NMT cures back pain.", ["cures"]),
    ("BFR is guaranteed to work.", ["guaranteed"]),
    ("BFR may suit you, and it builds strength.", ["builds strength"]),
    ("BFR can feel odd but builds strength.", ["builds strength"]),
    # reads as a diagnosis
    ("You are suffering from muscle loss.", ["suffering from"]),
    ("Muscle loss makes daily life harder for you.", ["makes daily life harder for you"]),
    ("You have a trapped nerve.", ["You have a trapped nerve"]),
    ("You have a pinched nerve.", ["You have a pinched nerve", "pinched"]),
    ("Your pain is caused by tight muscles.", ["is caused by"]),
    # fear-raising words about the body
    ("Your knee is worn.", ["worn"]),
    ("Wear and tear is common.", ["Wear and tear"]),
    ("It is wear-and-tear.", ["wear-and-tear"]),
    ("Your spine is out of line.", ["out of line"]),
    ("NMT eases pinched spots.", ["pinched"]),
    ("Your muscles are starved of blood.", ["starved of blood"]),
    ("You have degenerative joints.", ["degenerative"]),
    ("Your bones are crumbling.", ["crumbling"]),
    ("Your knee is bone on bone.", ["bone on bone"]),
    ("You have a slipped disc.", ["slipped disc"]),
    # certainty about a theoretical risk
    ("The cuff can trigger a crisis.", ["can trigger"]),
    ("The cuff will cause bruising.", ["will cause"]),
    ("A cuff can damage a graft.", ["can damage"]),
    ("Firm pressure can harm thin skin.", ["can harm"]),
    ("Slow blood flow will lead to a clot.", ["will lead to"]),
    ("Pressing on muscles could move an old clot.", ["move an old clot"]),
    ("Pressure can move a clot.", ["move a clot"]),
    # outside the practice's scope
    ("Eat a healthy diet.", ["healthy diet"]),
    ("Ask us for a diet plan.", ["diet plan"]),
    ("We can tell you what to eat.", ["what to eat"]),
    ("Make healthy changes to what you eat.", ["healthy changes to what you eat"]),
    ("We recommend a diet low in sugar.", ["recommend a diet"]),
    ("Eat more protein.", ["Eat more"]),
    ("Take protein supplements.", ["protein supplements"]),
]


@pytest.mark.parametrize(("because", "found"), PHRASE_EXAMPLES)
def test_each_catalogued_phrase_is_found(because, found):
    """A reason using a catalogued phrase is flagged with the words as written."""
    assert phrases_found(because) == found


def test_every_catalogued_phrase_has_an_example():
    """Each entry of the catalogue is exercised by an example above."""
    used = {phrase for because, _ in PHRASE_EXAMPLES for phrase, _ in discouraged_phrases(because)}

    assert [p.pattern.pattern for p in PHRASES if p not in used] == []


@pytest.mark.parametrize(
    "because",
    [
        "BFR may help you build strength.",
        "BFR can help you rebuild strength with light weights.",
        "BFR could help.",
        "BFR is used in rehab after surgery to rebuild strength.",
        "Heavy training usually builds more strength than BFR.",
        "NMT may ease pain.",
        "NMT is used to ease pain.",
        "A clinician can help if that changes.",
        "A clinician can suggest what would help you most.",
        "Slowing blood flow could trigger a sickle cell crisis.",
        "The cuff could cause bruising.",
        "A cuff could damage a graft.",
        "Slower blood flow could lead to a clot.",
        "The cuff is worn on the upper arm.",
        "Stress and eating habits matter.",
        "A clinician should check your history of clots before NMT.",
        "Wait for the wound to heal.",
        "Keep the cuff secure.",
        "Nerve damage can hide the warning signs.",
    ],
)
def test_near_miss_is_not_flagged(because):
    """Hedged promises, 'could' for a risk, and look-alike words raise no warning."""
    assert phrases_found(because) == []


def test_same_phrase_twice_is_reported_once(write_rules):
    """A phrase repeated in one reason gives one warning."""
    found = wording(write_rules, "BFR builds strength. It builds strength fast.")

    assert [code for code, *_ in found] == ["discouraged-phrase"]


def test_hard_to_read__gives_grade_and_limit(write_rules):
    """A reason above grade 8 is flagged with its grade to one decimal and the limit."""
    because = (
        "BFR rehabilitation demonstrates considerable physiological effectiveness for "
        "musculoskeletal conditioning in individuals recovering from orthopaedic procedures."
    )

    assert wording(write_rules, because) == [
        (
            "hard-to-read",
            4,
            11,
            "rule 'bfr-x': the reason reads at US school grade 28.0 (Flesch-Kincaid); "
            "patients should be able to read it at grade 8 or below. "
            "Use shorter sentences and shorter words.",
        )
    ]


def test_plain_reason_is_not_hard_to_read(write_rules):
    """Short sentences of short words pass."""
    assert (
        wording(write_rules, "BFR uses a cuff and light weights. A therapist shows you how.") == []
    )


BFR_MISSING = (
    "rule '{id}': the reason does not name the therapy it is about; add 'BFR' "
    "(or 'blood flow restriction') so the patient knows which treatment it means."
)
NMT_MISSING = (
    "rule '{id}': the reason does not name the therapy it is about; add 'NMT' "
    "(or 'neuromuscular') so the patient knows which treatment it means."
)
BOTH_MISSING = (
    "rule '{id}': the reason does not name the therapies it is about; add 'BFR' "
    "(or 'blood flow restriction') and 'NMT' (or 'neuromuscular'), or say 'any treatment', "
    "so the patient knows which treatment it means."
)
ONLY_NMT_MISSING = (
    "rule '{id}': the reason does not name the therapies it is about; add 'NMT' "
    "(or 'neuromuscular'), or say 'any treatment', so the patient knows which treatment it means."
)


@pytest.mark.parametrize(
    ("effect", "because", "message"),
    [
        ('suggest = "bfr"', "Cuff training may suit you.", BFR_MISSING),
        ('suggest = "bfr"', "BFR may suit you.", None),
        ('suggest = "bfr"', "Blood flow restriction training may suit you.", None),
        ('suggest = "bfr"', "Blood-flow restriction training may suit you.", None),
        ('suggest = "bfr"', "NMT may suit you too.", BFR_MISSING),
        ('block = "nmt"', "Firm pressure could bruise thin skin.", NMT_MISSING),
        ('block = "nmt"', "NMT presses firmly.", None),
        ('consult = "nmt"', "Neuromuscular therapy needs a check first.", None),
        ('consult = "all"', "A clinician should see you first.", BOTH_MISSING),
        ('consult = "all"', "A clinician should check before BFR.", ONLY_NMT_MISSING),
        ('consult = "all"', "A clinician should check before BFR or NMT.", None),
        ('consult = "all"', "A clinician should check before any treatment.", None),
        ('consult = "all"', "Neither is needed, so either treatment can wait.", None),
        ('consult = "all"', "A clinician should check before any therapy.", None),
        ('consult = "all"', "You do not need both treatments now.", None),
        ('urgent_care = "soon"', "See a doctor in the next few days.", None),
    ],
)
def test_reason_names_the_therapy_it_is_about(write_rules, effect, because, message):
    """A BFR rule says BFR, an NMT rule says NMT, a consult for all says both or 'any treatment'."""
    rule_id = "red-flag-x" if effect.startswith("urgent_care") else "bfr-x"

    found = wording(
        write_rules, because, codes={"names-no-therapy"}, effect=effect, rule_id=rule_id
    )

    assert found == ([("names-no-therapy", 4, 11, message.format(id=rule_id))] if message else [])


def test_warning_points_at_the_rule_when_the_reason_has_no_location():
    """A rule built without a source map is located at the rule itself."""
    spec = RuleSpec(
        id="bfr-x",
        title="T",
        because="Cuff training may suit you.",
        clauses=(),
        effect=Effect("suggest", "bfr"),
        priority=10,
        at=Location("rules/bfr.toml", 7, 1),
        order=0,
    )

    [problem] = check_reason(spec)

    assert (problem.code, problem.at) == ("names-no-therapy", Location("rules/bfr.toml", 7, 1))


def test_wording_warnings_do_not_stop_loading(write_rules):
    """A rule set with every kind of wording warning loads, and keeps them as its warnings."""
    result = check_ruleset(write_rules(rules=rule("Cuff training cures all. " * 3)))

    assert result.ruleset is not None
    assert {"discouraged-phrase", "names-no-therapy"} <= {p.code for p in result.ruleset.warnings}


def test_rules_check_prints_wording_warnings(runner, write_rules):
    """`advisor rules check` prints each wording warning with file, line and column, and exits 0."""
    directory = write_rules(rules=rule("Cuff training builds strength."))

    result = runner.invoke(cli, ["rules", "check", str(directory)])

    assert result.exit_code == 0
    assert (
        ":4:11: warning [discouraged-phrase] rule 'bfr-x': the reason says 'builds strength'"
        in (result.stdout)
    )
    assert ":4:11: warning [names-no-therapy] rule 'bfr-x'" in result.stdout


def _texts() -> list[tuple[str, str]]:
    """Every reason of the shipped rules and every wording of the questionnaire, by an id."""
    found = [
        (rule["id"], rule["because"])
        for path in sorted(default_rules_dir().glob("*.toml"))
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rule", [])
    ]
    questionnaire = questionnaire_under_test()
    for page in questionnaire.pages:
        found += [(f"{page.id}.title", page.title), (f"{page.id}.intro", page.intro)]
    for question in questionnaire:
        found += [(question.id, question.text), (f"{question.id}.help", question.help)]
        for option in question.options:
            found += [
                (f"{question.id}.{option.value}", option.label),
                (f"{question.id}.{option.value}.hint", option.hint),
            ]
    edge_cases = [
        "",
        "...",
        "Don't stop. It's 'quoted' text!",
        "İstanbul naïve café—rocks",
        "Hi. Go on. A short one here.",
        "A doctor’s check before therapy.",
    ]
    return found + [(f"edge-{n}", text) for n, text in enumerate(edge_cases)]


@pytest.mark.usefixtures("offline_syllables")
@pytest.mark.parametrize(("text_id", "text"), _texts(), ids=[i for i, _ in _texts()])
def test_reading_grade_equals_textstat(text_id, text):
    """Our grade is textstat's Flesch-Kincaid grade with Pyphen syllables, to the last bit."""
    assert reading_grade(text) == textstat.flesch_kincaid_grade(text)
