"""The engine a compiled rule set runs on: one reusable evaluator per thread and rule set.

The lifecycle follows experta's own: the engine *class* holds the rules
(built once per rule set, in ``ruleset.compile``); an *instance* holds the
Rete network and working memory (built once per thread, because instances
are not thread-safe, by ``RuleSet.evaluator``); each assessment only resets,
declares and runs. How the engine differs from stock experta, and why it
fires the same rules, is told in ``engine._experta``.
"""

from __future__ import annotations

from collections.abc import Iterable

from advisor.engine._experta import AdvisorEngine, Fact

__all__ = ["Evaluator"]


class Evaluator:
    """One engine instance, reused for assessment after assessment in one thread."""

    def __init__(self, engine_class: type[AdvisorEngine]) -> None:
        self.engine = engine_class()

    def run(self, facts: Iterable[Fact]) -> list[int]:
        """Reset working memory, declare ``facts``, fire what matched; return the rules' indices."""
        return self.engine.evaluate(facts)
