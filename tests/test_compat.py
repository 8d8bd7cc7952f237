"""experta 1.9.4 imports cleanly on this Python, with warnings as errors, via advisor._compat."""

from __future__ import annotations

import collections
import subprocess
import sys
from pathlib import Path


def test_engine_imports_with_warnings_as_errors():
    """A fresh interpreter with -W error imports the engine and runs one assessment."""
    example = Path(__file__).parents[1] / "examples" / "bfr-candidate.json"
    code = (
        "import json, sys, advisor.assessment as a, advisor.ruleset as r;"
        "print(a.assess(json.load(open(sys.argv[1]))['answers'],"
        " r.load_ruleset()).recommendation.primary)"
    )

    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code, str(example)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "bfr"


def test_collections_is_left_unpatched():
    """The Mapping alias frozendict needs is lent during its import only."""
    import advisor._compat  # noqa: F401

    assert not hasattr(collections, "Mapping")


def test_experta_import_does_not_configure_logging():
    """experta's import-time logging.basicConfig() is fenced off."""
    code = "import logging, advisor.assessment; print(len(logging.getLogger().handlers))"

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "0"


def test_shim_targets_the_pinned_experta_release():
    """The shim is written for experta 1.9.4, the last release; a new one needs a new look."""
    from importlib.metadata import version

    assert version("experta") == "1.9.4"


def test_experta_never_logs_answers_even_at_info():
    """experta's watchers would log whole facts at INFO; they are held at WARNING."""
    import logging

    assert logging.getLogger("experta.watchers.RULES").getEffectiveLevel() == logging.WARNING
