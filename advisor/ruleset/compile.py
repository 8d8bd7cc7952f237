"""Compile checked rules into an experta ``KnowledgeEngine`` subclass. Runs once per rule set.

Each rule becomes an experta ``Rule`` whose pattern comes from the fact
encoding and whose salience is the rule's priority; its action only records
the rule's index, so deciding stays in ``engine.arbitration``. A disabled rule
(``enabled = false``) gets no experta rule, but keeps its index, so the indices
still name positions in the full list of specs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from advisor.engine._experta import AdvisorEngine, Rule
from advisor.engine.facts import DEFAULT_ENCODING, Encoding
from advisor.ruleset.model import RuleSpec

__all__ = ["compile_engine"]


def compile_engine(
    specs: Sequence[RuleSpec], encoding: Encoding = DEFAULT_ENCODING
) -> type[AdvisorEngine]:
    """Return a new engine class holding one experta rule per enabled spec."""
    namespace: dict[str, object] = {
        f"rule_{index}": Rule(encoding.pattern_for(spec.clauses), salience=spec.priority)(
            _recorder(index)
        )
        for index, spec in enumerate(specs)
        if spec.enabled
    }
    return type("CompiledRuleSet", (AdvisorEngine,), namespace)


def _recorder(index: int) -> Callable[[AdvisorEngine], None]:
    def fired(engine: AdvisorEngine) -> None:
        engine.firings.append(index)

    return fired
