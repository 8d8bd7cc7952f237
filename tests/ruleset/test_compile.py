"""Rule specs become one experta engine class per rule set, one engine per thread, reused."""

from __future__ import annotations

import textwrap
import threading

from advisor.assessment import assess
from advisor.engine._experta import KnowledgeEngine
from advisor.engine.facts import FACT_PER_ANSWER
from advisor.ruleset import load_ruleset
from tests.conftest import RULES_DIR
from tests.personas import BASE_ANSWERS


def test_rule_set_compiles_to_one_engine_class_with_one_rule_per_spec(default_ruleset):
    """The class is built at load; it is a KnowledgeEngine with every rule."""
    engine_class = default_ruleset.engine_class

    assert issubclass(engine_class, KnowledgeEngine)
    assert len(engine_class().get_rules()) == len(default_ruleset.specs)


def test_engine_is_built_once_per_thread_and_reused(default_ruleset):
    """Repeated assessments in one thread reuse one engine instance."""
    first = default_ruleset.evaluator()
    assess(BASE_ANSWERS, default_ruleset)
    assess({**BASE_ANSWERS, "age": 70}, default_ruleset)

    assert default_ruleset.evaluator() is first


def test_each_thread_gets_its_own_engine(default_ruleset):
    """experta engines are not thread-safe, so threads do not share one."""
    evaluators = []
    thread = threading.Thread(target=lambda: evaluators.append(default_ruleset.evaluator()))
    thread.start()
    thread.join()

    assert evaluators[0] is not default_ruleset.evaluator()


def test_threads_assessing_at_once_get_the_same_answers(default_ruleset, answers):
    """Concurrent assessments on one rule set give the same responses as one at a time."""
    raws = [
        answers(
            age=70,
            muscle_weakness="limits_activity",
            heavy_load_difficulty="yes",
            conditions=["osteoarthritis"],
        ),
        answers(
            pain_duration="over_12_weeks",
            pain_cause="ongoing_strain",
            pain_sources=["trigger_points"],
            pain_intensity=5,
        ),
        answers(red_flags=["chest_pain"]),
    ] * 20
    expected = [assess(raw, default_ruleset).to_dict() for raw in raws]
    results: dict[int, list[dict]] = {}

    def work(n: int) -> None:
        results[n] = [assess(raw, default_ruleset).to_dict() for raw in raws]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(results[n] == expected for n in range(4))


def test_priority_becomes_salience(default_ruleset):
    """A rule's priority is its experta salience."""
    saliences = sorted(r.salience for r in default_ruleset.engine_class().get_rules())

    assert saliences == sorted(spec.priority for spec in default_ruleset.specs)


def test_both_fact_encodings_give_the_same_responses(default_ruleset, answers):
    """The encoding is an engine detail: swapping it changes speed, never results."""
    other = load_ruleset(RULES_DIR, encoding=FACT_PER_ANSWER)
    raws = [
        answers(
            age=70,
            muscle_weakness="limits_activity",
            heavy_load_difficulty="yes",
            conditions=["osteoarthritis"],
            pain_sources=["trigger_points"],
            pain_cause="ongoing_strain",
            pain_duration="over_12_weeks",
        ),
        answers(bfr_risks=["clot_history"], bleeding_risk="unsure"),
        answers(),
    ]

    for raw in raws:
        assert assess(raw, other).to_dict() == assess(raw, default_ruleset).to_dict()


def test_digest_changes_with_any_rule_file_and_not_with_cases(write_rules):
    """The digest identifies the rule files exactly; case files are not rules."""
    text = textwrap.dedent(
        """\
            [[rule]]
            id = "bfr-x"
            title = "T"
            because = "B"
            when.age.at_least = 65
            suggest = "bfr"
            """
    )
    directory = write_rules(bfr=text)
    before = load_ruleset(directory).info.digest
    (directory / "cases").mkdir()
    (directory / "cases" / "x.toml").write_text("# cases\n")
    with_cases = load_ruleset(directory).info.digest
    (directory / "bfr.toml").write_text(text + "# a comment\n")

    assert with_cases == before
    assert load_ruleset(directory).info.digest != before
    assert load_ruleset(directory).info.version == "test"
