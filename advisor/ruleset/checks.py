"""Turn parsed rule files into ``RuleSpec`` values, collecting every problem on the way.

Nothing here raises for a therapist's mistake: each check returns problems,
all of them, so one run of ``advisor rules check`` shows everything to fix.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any

from advisor import problems
from advisor.conditions import parse_clauses
from advisor.problems import Location, Problem
from advisor.questionnaire import Questionnaire
from advisor.ruleset.model import DEFAULT_PRIORITY, EFFECT_KINDS, EFFECT_TARGETS, Effect, RuleSpec
from advisor.tomlfile import SourceFile

RULE_KEYS = (
    "id",
    "title",
    "because",
    "when",
    "unless",
    "suggest",
    "block",
    "consult",
    "urgent_care",
    "priority",
    "source",
    "owner",
    "review_by",
    "notes",
)
FILE_KEYS = ("rule",)
MANIFEST_KEYS = ("version", "title", "description", "owner")
RESERVED_PREFIX = "safety."
PRIORITY_RANGE = (-1000, 1000)

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check_manifest(source: SourceFile) -> tuple[str, list[Problem]]:
    """Read ``ruleset.toml``: the rule set's version."""
    found = source.unknown_keys((), source.data, MANIFEST_KEYS, "in ruleset.toml")
    version = source.data.get("version")
    if version is None:
        found.append(
            problems.missing_field(
                source.key_at(), None, "version", 'a line like version = "2026.1"'
            )
        )
    elif not isinstance(version, str) or not version.strip():
        found.append(
            problems.wrong_type(
                source.value_at("version"), None, "version", version, "text in quotes"
            )
        )
    return (version if isinstance(version, str) else ""), found


def check_rule_file(
    source: SourceFile, questionnaire: Questionnaire, first_order: int = 0
) -> tuple[list[RuleSpec], list[Problem]]:
    """Check one rule file and return its rules and its problems.

    :param first_order: the load order of this file's first rule, for stable tie-breaks.
    """
    found = source.unknown_keys((), source.data, FILE_KEYS, "at the top of a rule file")
    rules = source.data.get("rule", [])
    if isinstance(rules, dict):
        found.append(
            problems.wrong_type(
                source.key_at("rule"),
                None,
                "rule",
                rules,
                "a list of rules: start each rule with [[rule]] (double brackets)",
            )
        )
        return [], found
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        found.append(
            problems.wrong_type(
                source.key_at("rule"), None, "rule", rules, "rules, each starting with [[rule]]"
            )
        )
        return [], found
    specs = []
    for index, raw in enumerate(rules):
        spec, trouble = _rule(source, index, raw, questionnaire, first_order + index)
        found.extend(trouble)
        if spec is not None:
            specs.append(spec)
    return specs, found


def declared_ids(source: SourceFile) -> list[tuple[str, Location]]:
    """Return each rule id a file declares, with where, even for rules with other problems."""
    rules = source.data.get("rule")
    if not isinstance(rules, list):
        return []
    return [
        (raw["id"], source.key_at("rule", index))
        for index, raw in enumerate(rules)
        if isinstance(raw, dict) and isinstance(raw.get("id"), str)
    ]


def check_unique_ids(declared: Sequence[tuple[str, Location]]) -> list[Problem]:
    """Return a ``duplicate-id`` problem for each rule whose id an earlier rule has."""
    first: dict[str, Location] = {}
    found = []
    for rule_id, at in declared:
        if rule_id in first:
            found.append(problems.duplicate_id(at, rule_id, first[rule_id]))
        else:
            first[rule_id] = at
    return found


def _rule(
    source: SourceFile, index: int, raw: dict[str, Any], questionnaire: Questionnaire, order: int
) -> tuple[RuleSpec | None, list[Problem]]:
    path = ("rule", index)
    at = source.key_at(*path)
    found: list[Problem] = []
    rule_id = raw.get("id")
    name = rule_id if isinstance(rule_id, str) else None
    if rule_id is None:
        found.append(problems.missing_field(at, None, "id", "an id like 'bfr-knee-oa-weakness'"))
    elif not isinstance(rule_id, str):
        found.append(problems.wrong_type(source.value_at(*path, "id"), None, "id", rule_id, "text"))
    elif rule_id.startswith(RESERVED_PREFIX):
        found.append(problems.reserved_id(source.value_at(*path, "id"), rule_id))
    elif not _KEBAB.match(rule_id):
        found.append(problems.bad_id(source.value_at(*path, "id"), rule_id))

    found.extend(source.unknown_keys(path, raw, RULE_KEYS, "of a rule", name))
    texts = {}
    for key, required in (
        ("title", True),
        ("because", True),
        ("source", False),
        ("owner", False),
        ("notes", False),
    ):
        value = raw.get(key)
        if value is None:
            if required:
                what = "a short title" if key == "title" else "a plain-words reason for the patient"
                found.append(problems.missing_field(at, name, key, what))
        elif not isinstance(value, str) or (required and not value.strip()):
            found.append(
                problems.wrong_type(source.value_at(*path, key), name, key, value, "text in quotes")
            )
        else:
            texts[key] = value.strip()

    clauses, trouble = parse_clauses(
        raw.get("when", {}), questionnaire.by_id, source, (*path, "when"), name
    )
    found.extend(trouble)
    if "unless" in raw:
        negated, trouble = parse_clauses(
            raw["unless"], questionnaire.by_id, source, (*path, "unless"), name, negated=True
        )
        clauses.extend(negated)
        found.extend(trouble)

    effect = _effect(source, path, raw, name, found)
    priority = _priority(source, path, raw, name, effect, found)
    review_by = _date(source, path, raw, name, found)
    if found or name is None or effect is None:
        return None, found
    return (
        RuleSpec(
            id=name,
            title=texts["title"],
            because=texts["because"],
            clauses=tuple(clauses),
            effect=effect,
            priority=priority,
            at=at,
            order=order,
            source=texts.get("source"),
            owner=texts.get("owner"),
            review_by=review_by,
            notes=texts.get("notes"),
            because_at=source.value_at(*path, "because"),
        ),
        found,
    )


def _effect(
    source: SourceFile,
    path: tuple[str | int, ...],
    raw: dict[str, Any],
    name: str | None,
    found: list[Problem],
) -> Effect | None:
    kinds = [k for k in EFFECT_KINDS if k in raw]
    if not kinds:
        found.append(problems.no_effect(source.key_at(*path), name or "?"))
        return None
    if len(kinds) > 1:
        found.append(problems.several_effects(source.key_at(*path, kinds[1]), name or "?", kinds))
        return None
    kind = kinds[0]
    target = raw[kind]
    allowed = EFFECT_TARGETS[kind]
    if target not in allowed:
        found.append(
            problems.value_not_allowed(source.value_at(*path, kind), name, kind, target, allowed)
        )
        return None
    return Effect(kind, target)


def _priority(
    source: SourceFile,
    path: tuple[str | int, ...],
    raw: dict[str, Any],
    name: str | None,
    effect: Effect | None,
    found: list[Problem],
) -> int:
    default = DEFAULT_PRIORITY[effect.kind] if effect else 0
    priority = raw.get("priority", default)
    low, high = PRIORITY_RANGE
    if isinstance(priority, bool) or not isinstance(priority, int) or not low <= priority <= high:
        found.append(
            problems.wrong_type(
                source.value_at(*path, "priority"),
                name,
                "priority",
                priority,
                f"a whole number from {low} to {high}",
            )
        )
        return default
    return priority


def _date(
    source: SourceFile,
    path: tuple[str | int, ...],
    raw: dict[str, Any],
    name: str | None,
    found: list[Problem],
) -> datetime.date | None:
    value = raw.get("review_by")
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    found.append(problems.bad_date(source.value_at(*path, "review_by"), name, "review_by", value))
    return None
