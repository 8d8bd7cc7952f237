"""The patched engine fires exactly what stock experta fires, with the same compiled rules and facts.

``advisor.engine._experta`` replaces parts of experta 1.9.4 for speed (its
module docstring lists them). Here the same compiled rules also run on a stock
``KnowledgeEngine`` (experta's own ``ReteMatcher``, ``DepthStrategy``,
``declare`` and ``run``), and both must fire the same rules the same number of
times, for every generated answer set, in both fact encodings: with the default
rules, with the hostile rule set of the safety tests, and with generated rule
sets. This is what makes a change to a patch, or to the experta pin, safe.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.answers import parse_answers
from advisor.engine._experta import DepthStrategy, KnowledgeEngine, ReteMatcher, Rule
from advisor.engine.facts import FACT_PER_ANSWER, ONE_FACT
from advisor.ruleset import RuleSet, default_rules_dir, load_ruleset
from tests.conftest import BASE_ANSWERS
from tests.engine.test_safety import HOSTILE_RULES
from tests.rules_under_test import copy_questions
from tests.strategies import answer_sets, at_most, rule_sets

ENCODINGS = {encoding.name: encoding for encoding in (ONE_FACT, FACT_PER_ANSWER)}


class StockExperta:
    """The rule set's compiled rules on experta as released: nothing of advisor's engine."""

    def __init__(self, ruleset: RuleSet) -> None:
        rules = {
            name: rule
            for name, rule in vars(ruleset.engine_class).items()
            if isinstance(rule, Rule)
        }
        self.ruleset = ruleset
        self.engine = type("StockEngine", (KnowledgeEngine,), rules)()

    def fire(self, raw: dict[str, object]) -> Counter[str]:
        """Reset, declare and run as experta's README does; count each rule's firings by id."""
        ruleset, engine = self.ruleset, self.engine
        engine.firings = []  # what the compiled rules' actions append to
        engine.reset()
        answers = parse_answers(raw, ruleset.questionnaire)
        engine.declare(*ruleset.encoding.facts_for(answers, ruleset.fields))
        engine.run()
        return Counter(ruleset.specs[i].id for i in engine.firings)


def patched_fire(ruleset: RuleSet, raw: dict[str, object]) -> Counter[str]:
    """Run the rule set's own evaluator; count each rule's firings by id."""
    answers = parse_answers(raw, ruleset.questionnaire)
    fired = ruleset.evaluator().run(ruleset.encoding.facts_for(answers, ruleset.fields))
    return Counter(ruleset.specs[i].id for i in fired)


def write_rules(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    copy_questions(directory)  # the rules may read any question of the rules under test
    return directory


_LOADED: dict[tuple[str, str], tuple[RuleSet, StockExperta]] = {}


def fixed_rule_set(name: str, encoding: str) -> tuple[RuleSet, StockExperta]:
    """Load the default or the hostile rules in ``encoding``, with their stock engine, once."""
    if (name, encoding) not in _LOADED:
        if name == "default":
            directory = default_rules_dir()
        else:
            directory = write_rules(Path(tempfile.mkdtemp(prefix="hostile-rules-")), HOSTILE_RULES)
        ruleset = load_ruleset(directory, encoding=ENCODINGS[encoding])
        _LOADED[name, encoding] = ruleset, StockExperta(ruleset)
    return _LOADED[name, encoding]


def test_the_reference_is_experta_as_released():
    """The stock side runs experta's own matcher and strategy, so the comparison means something."""
    ruleset, stock = fixed_rule_set("default", ONE_FACT.name)

    assert type(stock.engine.matcher) is ReteMatcher
    assert type(stock.engine.strategy) is DepthStrategy
    assert type(ruleset.evaluator().engine.matcher) is not ReteMatcher


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@given(raw=answer_sets())
def test_the_default_rules_fire_what_stock_experta_fires(encoding, raw):
    """Same rules, same answers: the patched engine and stock experta fire the same rules alike."""
    ruleset, stock = fixed_rule_set("default", encoding)

    assert patched_fire(ruleset, raw) == stock.fire(raw)


# Three rules that fire on almost every answer set: fewer examples find what they can.
@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@settings(max_examples=at_most(500))
@given(raw=answer_sets())
def test_the_hostile_rules_fire_what_stock_experta_fires(encoding, raw):
    """The safety tests' hostile rules, which fire for everyone, fire alike on both engines."""
    ruleset, stock = fixed_rule_set("hostile", encoding)

    assert patched_fire(ruleset, raw) == stock.fire(raw)


# Each example loads and compiles a rule set and builds two Rete networks, so it checks
# up to eight answer sets, and fewer rule sets are drawn than answer sets above.
@settings(max_examples=at_most(150))
@given(
    rules=rule_sets(),
    encoding=st.sampled_from(sorted(ENCODINGS)),
    raws=st.lists(answer_sets(), min_size=1, max_size=8),
)
def test_random_rule_sets_fire_alike_on_both_engines(rules, encoding, raws):
    """Whatever rules a therapist writes, the patched engine and stock experta agree."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = write_rules(
            Path(tmp),
            {
                "ruleset.toml": 'version = "random"\n',
                "random.toml": tomli_w.dumps({"rule": rules}) if rules else "# no rules\n",
            },
        )
        ruleset = load_ruleset(directory, encoding=ENCODINGS[encoding])
        stock = StockExperta(ruleset)

        for raw in raws:
            assert patched_fire(ruleset, raw) == stock.fire(raw)


def test_an_evaluator_is_reused_without_carrying_facts_over(default_ruleset):
    """Two assessments in a row on one evaluator: the second sees only its own answers."""
    older = {
        **BASE_ANSWERS,
        "age": 70,
        "muscle_weakness": "limits_activity",
        "heavy_load_difficulty": "yes",
    }
    first = set(patched_fire(default_ruleset, older))
    second = set(patched_fire(default_ruleset, dict(BASE_ANSWERS)))

    assert first != second
    assert second == set(StockExperta(default_ruleset).fire(dict(BASE_ANSWERS)))
