"""The experta engine a compiled rule set runs on, and one reusable session per thread.

The lifecycle follows experta's own: the engine *class* holds the rules
(built once per rule set, in ``ruleset.compile``); an *instance* holds the
Rete network and working memory (built once per thread, because instances
are not thread-safe); each assessment only resets, declares and runs.

Two of experta 1.9.4's defaults are replaced here, because they make every
assessment pay for the size of the whole rule set:

- ``ReteMatcher.changes`` asks every conflict-set node (one per rule) for new
  activations before each rule fires, even when no fact changed. Our rule
  actions only record that they fired and never change working memory, so a
  call with no fact changes returns at once, and otherwise only the nodes a
  token reached are asked.
- ``ReteMatcher.reset`` walks every node of the network, though only the
  join and conflict-set nodes hold memory; here only the join nodes and the
  conflict-set nodes a token reached since the last reset are wiped.
- ``ReteMatcher._get_conflict_set_nodes`` is memoised with a *class-wide*
  ``lru_cache(maxsize=1)``, so two engines in two threads evict each other and
  walk their whole networks again; here the list is kept per instance.
- ``DepthStrategy.get_key`` is memoised with a class-wide ``lru_cache`` keyed
  by activation; a hit compares whole facts field by field, which cost more
  than computing the key. Here the key is computed directly.
- Every node entry copies the token (``OneInputNode.activate``). Feature
  tests that pass without binding a variable, and conflict-set nodes, change
  nothing in the token, so the network is rewired once, when it is built, to
  enter them without that copy (``_test``, ``_noting``), and to run plain
  field tests without experta's per-call logging (``_direct``).
- ``KnowledgeEngine.reset`` scans every attribute of the engine with
  ``inspect.getmembers`` and inspects signatures on each call; compiled rule
  sets have no deffacts but InitialFact, so ``AdvisorEngine.reset`` declares
  that directly.
- ``KnowledgeEngine.run`` keeps an agenda ordered by the strategy and, before
  each rule fires, asks the matcher again for changes. Our actions only record
  that they fired and never change working memory, so every activation the
  declared facts create fires exactly once whatever the order: ``Session.run``
  takes the activations from the matcher and fires each, without the agenda.
- ``KnowledgeEngine.declare`` checks and hashes every field of every fact; the
  facts of ``engine.facts`` cannot fail those checks (``_declare``).
- A pattern's fact binding (``FactCapture``) copies the token twice and checks
  a binding that cannot clash (``_capture``); predicate and literal field
  tests call the predicate directly (``_direct``).

``tests/engine/test_session.py`` shows that a session fires exactly the rules
that stock experta (its own matcher, strategy, ``declare`` and ``run``) fires.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from experta import Fact, InitialFact, KnowledgeEngine
from experta.agenda import Agenda
from experta.factlist import FactList
from experta.fieldconstraint import L, P
from experta.matchers import ReteMatcher
from experta.matchers.rete.check import FactCapture, FeatureCheck, TypeCheck
from experta.matchers.rete.mixins import ChildNode, NoMemory
from experta.matchers.rete.nodes import ConflictSetNode, FeatureTesterNode
from experta.matchers.rete.token import Token
from experta.strategies import DepthStrategy


class ChangeDrivenMatcher(ReteMatcher):
    """A Rete matcher that only looks for new activations when facts changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._conflict_set_nodes: tuple[Any, ...] | None = None
        self._touched: dict[int, Any] = {}  # conflict-set nodes with news since the last look
        self._holding: dict[int, Any] = {}  # conflict-set nodes with memory since the last reset
        super().__init__(*args, **kwargs)
        conflict_sets = self._get_conflict_set_nodes()
        self._join_nodes = tuple(
            n for n in _nodes_with_memory(self.root_node) if n not in conflict_sets
        )
        self._rewire(self.root_node, set())

    def _rewire(self, node: Any, seen: set[int]) -> None:
        """Point each edge at a lean entry of the child node (see the module docstring)."""
        if id(node) in seen:
            return
        seen.add(id(node))
        for index, child in enumerate(node.children):
            kind = type(child.node)
            if kind is FeatureTesterNode and type(child.node.matcher) is FactCapture:
                lean = partial(_capture, child.node, child.node.matcher.bind)
                node.children[index] = ChildNode(child.node, lean)
            elif kind is FeatureTesterNode:
                lean = partial(_test, child.node, _direct(child.node.matcher))
                node.children[index] = ChildNode(child.node, lean)
            elif kind is ConflictSetNode:
                node.children[index] = ChildNode(child.node, self._noting(child.node))
            self._rewire(child.node, seen)

    def _noting(self, node: Any) -> Any:
        """Enter a conflict-set node, noting that it has news and holds memory."""
        touched, holding, activate = self._touched, self._holding, node._activate

        def noted(token: Any) -> Any:
            touched[id(node)] = holding[id(node)] = node
            return activate(token)

        return noted

    def reset(self) -> None:
        for node in self._join_nodes:
            node._reset()
        for node in self._holding.values():
            node._reset()
        self._holding.clear()

    def _get_conflict_set_nodes(self) -> tuple[Any, ...]:
        if self._conflict_set_nodes is None:
            self._conflict_set_nodes = ReteMatcher._get_conflict_set_nodes.__wrapped__(self)
        return self._conflict_set_nodes

    def changes(self, adding: Any = None, deleting: Any = None) -> tuple[list[Any], list[Any]]:
        if not adding and not deleting:
            return [], []
        for fact in deleting or ():
            self.root_node.remove(fact)
        for fact in adding or ():
            self.root_node.add(fact)
        added: list[Any] = []
        removed: list[Any] = []
        for node in self._touched.values():
            new, gone = node.get_activations()
            added.extend(new)
            removed.extend(gone)
        self._touched.clear()
        return added, removed


class SalienceStrategy(DepthStrategy):
    """experta's depth strategy (salience first, then newest facts), without its shared cache."""

    def get_key(self, activation: Any) -> tuple[int, list[int]]:
        facts = sorted((f["__factid__"] for f in activation.facts), reverse=True)
        return (activation.rule.salience, facts)


def _direct(check: Any) -> Any:
    """Return a plain function doing what ``check`` does, minus its per-call logging.

    experta's checks split the field name on ``__`` (nested access) and log every
    result on each call; for a type check, or a check on a plain field name, this
    is the same test without that work. Anything else keeps experta's check.
    """
    if isinstance(check, TypeCheck):
        fact_type = check.fact_type
        return lambda fact: type(fact) == fact_type  # noqa: E721  (experta's exact test)
    if isinstance(check, FeatureCheck) and isinstance(check.what, str) and "__" not in check.what:
        what, test, expected = check.what, check.check, check.expected
        if type(expected) is P and expected.__bind__ is None:
            # The predicate itself, without experta's wrapper around it.
            predicate = expected.match

            def predicate_test(fact: Any) -> bool:
                try:
                    value = fact[what]
                except (IndexError, KeyError, TypeError):
                    return False
                return bool(predicate(value))

            return predicate_test
        if type(expected) is L and expected.__bind__ is None:
            literal = expected.value

            def literal_test(fact: Any) -> bool:
                try:
                    return bool(fact[what] == literal)
                except (IndexError, KeyError, TypeError):
                    return False

            return literal_test

        def direct(fact: Any) -> Any:
            try:
                value = fact[what]
            except (IndexError, KeyError, TypeError):
                return False
            return test(value, expected)

        return direct
    return check


def _test(node: Any, matches: Any, token: Any) -> None:
    """Run a feature test without copying the token, unless the test binds a variable.

    experta copies the token on entry to every node, so that a node that adds
    a binding to it cannot change what its siblings see. A test that passes
    with a plain True adds nothing, and every child copies the token on its
    own entry anyway, so the copy here is skipped; a test that binds takes
    experta's own path.
    """
    match = matches(next(iter(token.data)))
    if match is True:
        for child in node.children:
            child.callback(token)
    elif match:
        node.activate(token)


def _declare(fact_list: FactList, facts: Iterable[Fact]) -> None:
    """Add facts to working memory as ``FactList.declare`` does, without its checks.

    experta checks each declared fact for field constraints and nested keys,
    validates it, and hashes all its fields to refuse a duplicate; the facts
    of ``engine.facts`` are built by advisor, plain and distinct, so those
    checks cannot fail and cost as much as matching them.
    """
    for fact in facts:
        fact.__factid__ = fact_list.last_index
        fact_list[fact_list.last_index] = fact
        fact_list.last_index += 1
        fact_list.added.append(fact)


def _capture(node: Any, bind: str, token: Any) -> None:
    """Bind the fact to the pattern's name, as experta's FactCapture does, in one new token.

    experta copies the token, then checks the binding against the context and
    copies it again for each child; the pattern names are unique, so the check
    can never fail, and one copy (with its data set copied) is enough.
    """
    fact = next(iter(token.data))
    captured = tuple.__new__(Token, (token.tag, set(token.data), {**token.context, bind: fact}))
    for child in node.children:
        child.callback(captured)


def _nodes_with_memory(root: Any) -> tuple[Any, ...]:
    found: dict[int, Any] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in found:
            continue
        found[id(node)] = node
        stack.extend(child.node for child in node.children)
    return tuple(n for n in found.values() if not isinstance(n, NoMemory))


class AdvisorEngine(KnowledgeEngine):
    """Base of every compiled rule set: records which rules fired, by index."""

    __matcher__ = ChangeDrivenMatcher
    __strategy__ = SalienceStrategy

    def __init__(self) -> None:
        self.firings: list[int] = []
        super().__init__()

    def reset(self) -> None:
        """Do what ``KnowledgeEngine.reset`` does for an engine whose one deffact is InitialFact.

        experta's own reset looks up every deffact with ``inspect.getmembers`` and
        ``inspect.signature`` each time; compiled rule sets declare no deffacts.
        """
        self.agenda = Agenda()
        self.facts = FactList()
        self.matcher.reset()
        # The public declare() would warn that the (just emptied) fact list is empty.
        self._KnowledgeEngine__declare(InitialFact())  # type: ignore[attr-defined]
        self.running = False


class Session:
    """One engine instance, reused for assessment after assessment in one thread."""

    def __init__(self, engine_class: type[AdvisorEngine]) -> None:
        self.engine = engine_class()

    def run(self, facts: Iterable[Fact]) -> list[int]:
        """Reset working memory, declare ``facts``, fire what matched; return the rules' indices."""
        engine = self.engine
        engine.firings = []
        engine.reset()
        # While "running", declare leaves the agenda alone; the activations are fired here.
        engine.running = True
        try:
            _declare(engine.facts, facts)
            added, _ = engine.get_activations()
            for activation in added:
                activation.rule(engine)
        finally:
            engine.running = False
        return engine.firings
