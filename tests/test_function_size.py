"""No function in the checking code is longer than 60 lines, from its ``def`` to the end of its body."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import advisor

PACKAGE = Path(advisor.__file__).parent
LIMIT = 60
CHECKED = sorted(
    [
        *(PACKAGE / "ruleset").glob("*.py"),
        PACKAGE / "conditions.py",
        PACKAGE / "questionnaire.py",
        PACKAGE / "checker.py",
    ]
)


def long_functions(path: Path, limit: int = LIMIT) -> list[tuple[str, int]]:
    """Return each function of a module longer than ``limit`` lines, with its length."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > limit
    ]


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_is_over_60_lines(path):
    """Each function reads on one screen; a longer one is split along what it checks."""
    assert long_functions(path) == []


def test_the_line_count_runs_from_def_to_the_end_of_the_body(tmp_path):
    """A 61-line function is caught and a 60-line one is not; decorators do not count."""
    body = "".join(f"    x{n} = {n}\n" for n in range(59))
    module = tmp_path / "module.py"
    module.write_text(f"@decorated\ndef sixty():\n{body}\n\ndef sixty_one():\n{body}    return 1\n")

    assert long_functions(module) == [("sixty_one", 61)]
