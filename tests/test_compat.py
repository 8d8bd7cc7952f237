"""The experta fence: experta 1.9.4 imports cleanly on this Python, and no other release is taken.

``advisor.engine._experta`` is the one module that imports experta; what it
changes is shown to be safe by ``tests/engine/test_experta_equivalence.py``.
"""

from __future__ import annotations

import collections
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from advisor.engine import _experta


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
    import advisor.engine._experta  # noqa: F401

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


@pytest.mark.parametrize("found", ["1.9.5", "2.0.0", "1.9.3", None])
def test_another_experta_release_is_refused_with_what_to_do(found):
    """The fence names what is installed, what is needed, and the two ways forward."""
    with pytest.raises(_experta.ExpertaVersionMismatch) as refused:
        _experta.check_version(found)

    message = str(refused.value)
    assert refused.value.found == found
    assert refused.value.required == "1.9.4"
    assert "needs experta 1.9.4 exactly" in message
    assert (f"experta {found} is installed" if found else "experta is not installed") in message
    assert "pip install 'experta==1.9.4'" in message
    assert "re-check every patch in advisor/engine/_experta.py" in message
    assert "tests/engine/test_experta_equivalence.py" in message


def test_the_pinned_release_passes_the_fence():
    """experta 1.9.4 is let through."""
    _experta.check_version("1.9.4")


def test_the_fence_refuses_before_experta_is_imported():
    """A fresh interpreter that reports another experta stops at the fence, with the message."""
    code = (
        "import importlib.metadata as m, sys\n"
        "real = m.version\n"
        "m.version = lambda name: '1.10.0' if name == 'experta' else real(name)\n"
        "try:\n"
        "    import advisor.assessment\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, 'experta' in sys.modules)\n"
        "    print(exc)\n"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    first, message = done.stdout.split("\n", 1)
    assert first == "ExpertaVersionMismatch False"
    assert "experta 1.10.0 is installed" in message


def test_the_fence_and_the_pin_name_the_same_release():
    """pyproject.toml pins exactly the release the fence requires; change both together."""
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("experta")]

    assert pins == [f"experta=={_experta.REQUIRED_VERSION}"]
