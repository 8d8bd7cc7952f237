"""tomlfile maps every key and value of a parsed file to its line and column."""

from __future__ import annotations

import pytest

from advisor.problems import Location
from advisor.tomlfile import SourceFile, parse_toml

TEXT = '''\
# a comment
version = "1"

[[rule]]
id = "a"
because = """
several
lines"""
when.age = { under = 18, at_least = 2 }
when.conditions.any_of = [
  "osteoarthritis",  # first
  'knee_injury',
]

[[rule]]
id = "b"
[rule.when.pain_sources]
none_of = ["diet"]
"quoted key" = 1
'''


@pytest.fixture
def source() -> SourceFile:
    parsed = parse_toml(TEXT.encode(), "rules/x.toml")
    assert isinstance(parsed, SourceFile)
    return parsed


@pytest.mark.parametrize(
    ("path", "line", "column"),
    [
        (("version",), 2, 1),
        (("rule", 0), 4, 1),
        (("rule", 0, "id"), 5, 1),
        (("rule", 0, "when"), 9, 1),
        (("rule", 0, "when", "age", "under"), 9, 14),
        (("rule", 0, "when", "age", "at_least"), 9, 26),
        (("rule", 0, "when", "conditions", "any_of"), 10, 1),
        (("rule", 1), 15, 1),
        (("rule", 1, "when", "pain_sources"), 17, 1),
        (("rule", 1, "when", "pain_sources", "none_of"), 18, 1),
        (("rule", 1, "when", "pain_sources", "quoted key"), 19, 1),
    ],
)
def test_keys_are_located(source, path, line, column):
    """Headers, dotted keys, inline tables and quoted keys all have positions."""
    assert source.key_at(*path) == Location("rules/x.toml", line, column)


def test_array_items_are_located_across_lines(source):
    """Each item of a multi-line array has its own position."""
    assert source.value_at("rule", 0, "when", "conditions", "any_of", 0) == Location(
        "rules/x.toml", 11, 3
    )
    assert source.value_at("rule", 0, "when", "conditions", "any_of", 1) == Location(
        "rules/x.toml", 12, 3
    )


def test_unknown_path_falls_back_to_nearest_parent(source):
    """A path the file does not spell out is located at its closest written parent."""
    assert source.key_at("rule", 1, "suggest") == Location("rules/x.toml", 15, 1)


def test_syntax_error_position_is_read_from_the_parser():
    """tomllib's position (only in its message before 3.14) becomes the location."""
    problem = parse_toml(b'a = 1\nb = "unclosed\n', "x.toml")

    assert problem.code == "toml-syntax"
    assert (problem.at.line, problem.at.column) == (2, 14)


def test_invalid_utf8_is_located():
    """A byte that is not UTF-8 is reported with its line and column."""
    problem = parse_toml(b'a = 1\nb = "caf\xe9"\n', "x.toml")

    assert problem.code == "not-utf8"
    assert (problem.at.line, problem.at.column) == (2, 9)
