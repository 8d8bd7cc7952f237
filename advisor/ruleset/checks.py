"""Turn parsed rule files into ``RuleSpec`` values, collecting every problem on the way.

Nothing here raises for a therapist's mistake: each check reports every problem
through its ``Checker``, so one run of ``advisor rules check`` shows everything to fix.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any

from advisor import problems
from advisor.checker import Checker
from advisor.conditions import parse_clauses
from advisor.problems import Location
from advisor.questionnaire import Questionnaire
from advisor.ruleset.model import DEFAULT_PRIORITY, EFFECT_KINDS, EFFECT_TARGETS, Effect, RuleSpec
from advisor.tomlfile import SourceFile

__all__ = ["check_manifest", "check_rule_file", "check_unique_ids", "declared_ids"]

_RULE_KEYS = (
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
    "enabled",
)
_FILE_KEYS = ("rule",)
_MANIFEST_KEYS = ("version", "title", "description", "owner")
_RESERVED_PREFIX = "safety."
_PRIORITY_RANGE = (-1000, 1000)

#: The text keys of a rule, and whether each is required.
_TEXT_KEYS = (
    ("title", True),
    ("because", True),
    ("source", False),
    ("owner", False),
    ("notes", False),
)
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: year.month.number: stored results sort by it, and a raised version reads as one.
_VERSION = re.compile(r"^(19|20|21)\d\d\.(0?[1-9]|1[0-2])\.[0-9]+$")


def check_manifest(check: Checker) -> str:
    """Read ``ruleset.toml``: return the rule set's version, reporting what is wrong."""
    data = check.data
    check.unknown_keys(data, _MANIFEST_KEYS, "in ruleset.toml")
    version = data.get("version")
    if version is None:
        check.error(
            problems.missing_field, check.key_at(), "version", 'a line like version = "2026.11.1"'
        )
    elif not isinstance(version, str) or not version.strip():
        check.error(
            problems.wrong_type, check.value_at("version"), "version", version, "text in quotes"
        )
    elif not _VERSION.match(version):
        check.warning(problems.bad_version, check.value_at("version"), version)
    return version if isinstance(version, str) else ""


def check_rule_file(
    check: Checker, questionnaire: Questionnaire, first_order: int = 0
) -> list[RuleSpec]:
    """Check one rule file and return its rules, reporting every problem.

    :param check: looks at the whole file.
    :param first_order: the load order of this file's first rule, for stable tie-breaks.
    """
    data = check.data
    check.unknown_keys(data, _FILE_KEYS, "at the top of a rule file")
    rules = data.get("rule", [])
    if rules == [] and not check.found_any:
        check.warning(problems.empty_file, check.key_at())
    if isinstance(rules, dict):
        check.error(problems.single_brackets, check.key_at("rule"), "rule")
        return []
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        check.error(
            problems.wrong_type,
            check.key_at("rule"),
            "rule",
            rules,
            "rules, each starting with [[rule]]",
        )
        return []
    specs = []
    for index, raw in enumerate(rules):
        rule_id = raw.get("id")
        on_rule = check.within("rule", index).about(rule_id if isinstance(rule_id, str) else None)
        spec = _rule(on_rule, raw, questionnaire, first_order + index)
        if spec is not None:
            specs.append(spec)
    return specs


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


def check_unique_ids(check: Checker, declared: Sequence[tuple[str, Location]]) -> None:
    """Report a ``duplicate-id`` error for each rule whose id an earlier rule has."""
    first: dict[str, Location] = {}
    for rule_id, at in declared:
        if rule_id in first:
            check.about(rule_id).error(problems.duplicate_id, at, first[rule_id])
        else:
            first[rule_id] = at


def _rule(
    check: Checker, raw: dict[str, Any], questionnaire: Questionnaire, order: int
) -> RuleSpec | None:
    """Check one ``[[rule]]`` table; ``check`` looks at it and names it by its id, if any."""
    _id(check, raw.get("id"))
    check.unknown_keys(raw, _RULE_KEYS, "of a rule")
    texts = _texts(check, raw)
    clauses = parse_clauses(check.within("when"), raw.get("when", {}), questionnaire.by_id)
    if "unless" in raw:
        clauses += parse_clauses(
            check.within("unless"), raw["unless"], questionnaire.by_id, negated=True
        )
    effect = _effect(check, raw)
    priority = _priority(check, raw, effect)
    review_by = _date(check, raw)
    enabled = _enabled(check, raw)
    if check.found_any or check.rule is None or effect is None:
        return None
    return RuleSpec(
        id=check.rule,
        title=texts["title"],
        because=texts["because"],
        clauses=tuple(clauses),
        effect=effect,
        priority=priority,
        at=check.key_at(),
        order=order,
        source=texts.get("source"),
        owner=texts.get("owner"),
        review_by=review_by,
        notes=texts.get("notes"),
        because_at=check.value_at("because"),
        title_at=check.value_at("title"),
        enabled=enabled,
    )


def _enabled(check: Checker, raw: dict[str, Any]) -> bool:
    """Read ``enabled``: only the words true or false, so "no" or 0 is never a silent switch."""
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        check.error(
            problems.wrong_type,
            check.value_at("enabled"),
            "enabled",
            enabled,
            "true or false, without quotes (enabled = false switches the rule off)",
        )
        return True
    return enabled


def _id(check: Checker, rule_id: object) -> None:
    if rule_id is None:
        check.error(
            problems.missing_field, check.key_at(), "id", "an id like 'bfr-knee-oa-weakness'"
        )
    elif not isinstance(rule_id, str):
        check.error(problems.wrong_type, check.value_at("id"), "id", rule_id, "text")
    elif rule_id.startswith(_RESERVED_PREFIX):
        check.error(problems.reserved_id, check.value_at("id"))
    elif not _KEBAB.match(rule_id):
        check.error(problems.bad_id, check.value_at("id"))


def _texts(check: Checker, raw: dict[str, Any]) -> dict[str, str]:
    """Return the rule's texts (title, because, source, owner, notes) that are written well."""
    texts = {}
    for key, required in _TEXT_KEYS:
        value = raw.get(key)
        if value is None:
            if required:
                what = "a short title" if key == "title" else "a plain-words reason for the patient"
                check.error(problems.missing_field, check.key_at(), key, what)
        elif key == "because" and isinstance(value, str) and not value.strip():
            check.error(problems.empty_reason, check.value_at(key))
        elif required and isinstance(value, dict):
            # ``because.es = "…"``: a translation written in the rule file, not beside it.
            _translated_here(check, key, value)
        elif not isinstance(value, str) or (required and not value.strip()):
            check.error(problems.wrong_type, check.value_at(key), key, value, "text in quotes")
        else:
            texts[key] = value.strip()
    return texts


def _translated_here(check: Checker, key: str, value: dict[str, Any]) -> None:
    """Report texts in other languages written in a rule file (``because.es``): they have a file."""
    for language in value:
        where = f"[rule.{check.rule}]" if check.rule else "its [rule.<id>] section"
        why = (
            f"a rule file holds the English {key}; a translation goes in "
            f"translations/{language}.toml, under {where} (docs/translating.md)"
        )
        section = f"rule '{check.rule}'" if check.rule else "a rule"
        check.error(
            problems.translation_key,
            check.key_at(key, language),
            section,
            f"{key}.{language}",
            (),
            why,
        )


def _effect(check: Checker, raw: dict[str, Any]) -> Effect | None:
    kinds = [k for k in EFFECT_KINDS if k in raw]
    if not kinds:
        check.error(problems.no_effect, check.key_at())
        return None
    if len(kinds) > 1:
        check.error(problems.several_effects, check.key_at(kinds[1]), kinds)
        return None
    kind = kinds[0]
    target = raw[kind]
    allowed = EFFECT_TARGETS[kind]
    if target not in allowed:
        check.error(problems.value_not_allowed, check.value_at(kind), kind, target, allowed)
        return None
    return Effect(kind, target)


def _priority(check: Checker, raw: dict[str, Any], effect: Effect | None) -> int:
    default = DEFAULT_PRIORITY[effect.kind] if effect else 0
    priority = raw.get("priority", default)
    low, high = _PRIORITY_RANGE
    if isinstance(priority, bool) or not isinstance(priority, int) or not low <= priority <= high:
        check.error(
            problems.wrong_type,
            check.value_at("priority"),
            "priority",
            priority,
            f"a whole number from {low} to {high}",
        )
        return default
    return priority


def _date(check: Checker, raw: dict[str, Any]) -> datetime.date | None:
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
    check.error(problems.bad_date, check.value_at("review_by"), "review_by", value)
    return None
