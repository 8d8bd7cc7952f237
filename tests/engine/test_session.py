"""A session fires exactly what stock experta fires, with the rules' own classes and facts.

``advisor.engine.session`` replaces parts of experta 1.9.4 for speed (its
module docstring lists them). Here the same compiled rules run on a stock
``KnowledgeEngine`` (experta's matcher, strategy, ``declare`` and ``run``), and
both must fire the same rules for every generated answer set, in both fact
encodings, with the default rules and with random rule sets.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import tomli_w
from experta import KnowledgeEngine, Rule
from hypothesis import given, settings

from advisor.answers import parse_answers
from advisor.engine.facts import FACT_PER_ANSWER, ONE_FACT
from advisor.ruleset import RuleSet, default_rules_dir, load_ruleset
from tests.conftest import BASE_ANSWERS
from tests.engine.test_safety import rule_sets
from tests.strategies import answer_sets, at_most

_STOCK: dict[int, KnowledgeEngine] = {}


def stock_engine(ruleset: RuleSet) -> KnowledgeEngine:
    """Return a stock experta engine holding the rule set's rules, built once per rule set."""
    if id(ruleset) not in _STOCK:
        rules = {
            name: rule
            for name, rule in vars(ruleset.engine_class).items()
            if isinstance(rule, Rule)
        }
        _STOCK[id(ruleset)] = type("StockEngine", (KnowledgeEngine,), rules)()
    return _STOCK[id(ruleset)]


def stock_firings(ruleset: RuleSet, raw: dict[str, object]) -> set[int]:
    """Run the rule set's rules on experta as released, and return the rules that fired."""
    engine = stock_engine(ruleset)
    engine.firings = []
    engine.reset()
    answers = parse_answers(raw, ruleset.questionnaire)
    engine.declare(*ruleset.encoding.facts_for(answers, ruleset.fields))
    engine.run()
    return set(engine.firings)


def session_firings(ruleset: RuleSet, raw: dict[str, object]) -> set[int]:
    answers = parse_answers(raw, ruleset.questionnaire)
    return set(ruleset.session().run(ruleset.encoding.facts_for(answers, ruleset.fields)))


RULESETS = {
    encoding.name: load_ruleset(default_rules_dir(), encoding=encoding)
    for encoding in (ONE_FACT, FACT_PER_ANSWER)
}


@pytest.mark.parametrize("encoding", sorted(RULESETS))
@settings(max_examples=at_most(300))
@given(raw=answer_sets())
def test_a_session_fires_what_stock_experta_fires(encoding, raw):
    """Same rules, same answers: the tuned session and stock experta fire the same rules."""
    ruleset = RULESETS[encoding]

    assert session_firings(ruleset, raw) == stock_firings(ruleset, raw)


@settings(max_examples=at_most(50))
@given(rules=rule_sets(), raws=answer_sets().map(lambda raw: [raw]))
def test_random_rule_sets_fire_alike_on_both_engines(rules, raws):
    """Whatever rules a therapist writes, the session and stock experta agree."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        (directory / "ruleset.toml").write_text('version = "random"\n')
        (directory / "random.toml").write_text(
            tomli_w.dumps({"rule": rules}) if rules else "# no rules\n"
        )
        ruleset = load_ruleset(directory)

        for raw in raws:
            assert session_firings(ruleset, raw) == stock_firings(ruleset, raw)
        _STOCK.pop(id(ruleset), None)


def test_a_session_is_reused_without_carrying_facts_over(default_ruleset):
    """Two assessments in a row on one session: the second sees only its own answers."""
    older = {
        **BASE_ANSWERS,
        "age": 70,
        "muscle_weakness": "limits_activity",
        "heavy_load_difficulty": "yes",
    }
    first = session_firings(default_ruleset, older)
    second = session_firings(default_ruleset, dict(BASE_ANSWERS))

    assert first != second
    assert second == stock_firings(default_ruleset, dict(BASE_ANSWERS))
