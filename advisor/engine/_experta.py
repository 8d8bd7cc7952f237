"""What advisor changes in experta, and how we know it is safe; the only module importing experta.

experta 1.9.4 is the last release, and advisor leans on it in two ways that a
new release could silently break. Both are fenced here, behind a check that
the installed experta is exactly the release every patch was written for
(``REQUIRED_VERSION``); any other version stops the import with a message
saying what to do. Every other module takes experta's names (``Fact``,
``Rule``, ``P``, ``AND``, ``KnowledgeEngine``) from here, so the check always
runs first.

1. Making experta importable on Python 3.10+ (``_import_experta``)
------------------------------------------------------------------

- experta pins ``frozendict==1.2``, whose module body runs
  ``class frozendict(collections.Mapping)``; ``collections.Mapping`` was
  removed in Python 3.10. pip cannot override the pin, so instead of patching
  the install we lend ``collections`` the old alias only while frozendict
  loads and take it back at once, so that no other library ever sees a
  patched ``collections``. With a newer frozendict installed this is a no-op.
- experta calls ``logging.basicConfig()`` at import time, which would attach a
  root handler behind the application's back; that call is fenced off, so
  logging is configured only by the CLI and the app (``advisor.logs``).
- experta's watcher loggers write whole facts (a patient's answers) at INFO,
  so the ``experta`` logger is held at WARNING whatever level the app logs at.

2. Making an assessment cost what it matches, not the size of the rule set
--------------------------------------------------------------------------

The engine lifecycle stays experta's own (see ``engine.evaluator``), but
these defaults of experta 1.9.4 are replaced, because they make every
assessment pay for every rule:

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
  walk their whole networks again; here the list is kept per instance (the
  undecorated function is reached through ``__wrapped__``).
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
  that directly (through the name-mangled ``_KnowledgeEngine__declare``).
- ``KnowledgeEngine.run`` keeps an agenda ordered by the strategy and, before
  each rule fires, asks the matcher again for changes. Our actions only record
  that they fired and never change working memory, so every activation the
  declared facts create fires exactly once whatever the order:
  ``AdvisorEngine.evaluate`` takes the activations from the matcher and fires
  each, without the agenda.
- ``KnowledgeEngine.declare`` checks and hashes every field of every fact; the
  facts of ``engine.facts`` cannot fail those checks (``_declare``).
- A pattern's fact binding (``FactCapture``) copies the token twice and checks
  a binding that cannot clash (``_capture``); predicate and literal field
  tests call the predicate directly (``_direct``).

These reach into experta's private parts: the matcher's node classes and
their ``children``/``_activate``/``_reset``, ``ChildNode``, ``Token``'s tuple
layout, the check classes' attributes (``FeatureCheck.what``/``check``/
``expected``, ``TypeCheck.fact_type``, ``FactCapture.bind``, ``P.match``,
``L.value``, ``__bind__``), ``FactList.last_index``/``added``, and the
engine's ``running`` flag. None of it is promised by experta.

How we know it is safe
----------------------

- ``tests/engine/test_experta_equivalence.py`` runs the default rules, the
  hostile rule set and generated rule sets, in both fact encodings, on
  thousands of generated answer sets through this engine and through stock
  experta (its own ``ReteMatcher``, ``DepthStrategy``, ``declare`` and
  ``run``), and asserts that the same rules fire, as often.
- ``tests/test_compat.py`` imports the engine under ``-W error``, checks that
  ``collections`` and logging are left as they were, and that another experta
  version is refused with the message of ``ExpertaVersionMismatch``.

To move to another experta release: re-check every patch above against it,
run the equivalence test, and only then change ``REQUIRED_VERSION`` and the
pin in ``pyproject.toml`` together.
"""

from __future__ import annotations

import collections
import collections.abc
import importlib.metadata
import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

#: The one experta release every patch in this module was written and tested against.
REQUIRED_VERSION = "1.9.4"


class ExpertaVersionMismatch(ImportError):
    """The installed experta is not the release advisor's patches were written for."""

    def __init__(self, found: str | None) -> None:
        self.found = found
        self.required = REQUIRED_VERSION
        installed = "experta is not installed" if found is None else f"experta {found} is installed"
        super().__init__(
            f"advisor needs experta {REQUIRED_VERSION} exactly, but {installed}. "
            "advisor patches experta's private internals (advisor/engine/_experta.py), "
            f"which are known to hold only for {REQUIRED_VERSION}. "
            f"Install the pinned release (pip install 'experta=={REQUIRED_VERSION}', as "
            "pyproject.toml pins it); or, to move to another release, re-check every patch "
            "in advisor/engine/_experta.py against it and run "
            "tests/engine/test_experta_equivalence.py before changing the pin."
        )


def check_version(found: str | None) -> None:
    """Refuse any experta but ``REQUIRED_VERSION``.

    :param found: the installed version, or None if experta is not installed.
    :raises ExpertaVersionMismatch: saying what was found, what is needed, and what to do.
    """
    if found != REQUIRED_VERSION:
        raise ExpertaVersionMismatch(found)


def _installed_version() -> str | None:
    try:
        return importlib.metadata.version("experta")
    except importlib.metadata.PackageNotFoundError:
        return None


def _import_experta() -> None:
    """Import experta without its import-time side effects (part 1 of the module docstring)."""
    lent = not hasattr(collections, "Mapping")
    if lent:
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    basic_config = logging.basicConfig
    logging.basicConfig = lambda *args, **kwargs: None
    try:
        import experta  # noqa: F401
        import frozendict  # noqa: F401  (loaded here, while the alias exists)
        from experta import KnowledgeEngine  # noqa: F401  (experta hides ImportErrors)
    finally:
        logging.basicConfig = basic_config
        if lent:
            del collections.Mapping  # type: ignore[attr-defined]
    logging.getLogger("experta").setLevel(logging.WARNING)


# Before anything of experta's is imported: with another release, the patches
# below may fail in confusing ways, or worse, quietly fire other rules.
check_version(_installed_version())
_import_experta()

# The imports wait for the check and the shim above, hence E402.
from experta import AND, Fact, InitialFact, KnowledgeEngine, P, Rule  # noqa: E402
from experta.agenda import Agenda  # noqa: E402
from experta.factlist import FactList  # noqa: E402
from experta.fieldconstraint import L  # noqa: E402
from experta.matchers import ReteMatcher  # noqa: E402
from experta.matchers.rete.check import FactCapture, FeatureCheck, TypeCheck  # noqa: E402
from experta.matchers.rete.mixins import ChildNode, NoMemory  # noqa: E402
from experta.matchers.rete.nodes import ConflictSetNode, FeatureTesterNode  # noqa: E402
from experta.matchers.rete.token import Token  # noqa: E402
from experta.strategies import DepthStrategy  # noqa: E402

# experta's public names go out from here, so that the version check runs before any use;
# ReteMatcher and DepthStrategy are what the equivalence test runs stock experta with.
__all__ = [
    "AND",
    "REQUIRED_VERSION",
    "AdvisorEngine",
    "DepthStrategy",
    "ExpertaVersionMismatch",
    "Fact",
    "KnowledgeEngine",
    "P",
    "ReteMatcher",
    "Rule",
    "check_version",
]


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

    def evaluate(self, facts: Iterable[Fact]) -> list[int]:
        """Reset working memory, declare ``facts``, fire what matched; return the rules' indices.

        What ``reset``, ``declare`` and ``run`` do together, without the agenda
        (see the module docstring).
        """
        self.firings = []
        self.reset()
        # While "running", declare leaves the agenda alone; the activations are fired here.
        self.running = True
        try:
            _declare(self.facts, facts)
            added, _ = self.get_activations()
            for activation in added:
                activation.rule(self)
        finally:
            self.running = False
        return self.firings
