"""Every public module of ``advisor`` says what it offers: an ``__all__`` whose names it defines.

A module whose name (or a package above it) starts with ``_`` is private and needs none.
Names used only inside their own module start with ``_``; ``__all__`` holds the rest
that other modules, tests, bench/ or the docs use, or that are the module's purpose.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import advisor


def _public_modules() -> list[str]:
    """Name the package and every module under it, but those with a part starting with ``_``."""
    found = [advisor.__name__]
    for info in pkgutil.walk_packages(advisor.__path__, prefix=f"{advisor.__name__}."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            found.append(info.name)
    return sorted(found)


PUBLIC = _public_modules()


def test_the_walk_finds_the_package():
    """The walk sees subpackages and their modules, so a module added later is checked too."""
    assert {"advisor", "advisor.web.forms", "advisor.runner.path", "advisor.cli.rules"} <= set(
        PUBLIC
    )
    assert "advisor.engine._experta" not in PUBLIC


@pytest.mark.parametrize("name", PUBLIC)
def test_a_public_module_lists_what_it_defines(name):
    """``__all__`` exists, is a list or tuple of strings without repeats, each defined here."""
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    exported = module.__all__
    assert isinstance(exported, list | tuple)
    assert all(isinstance(n, str) for n in exported)
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    assert [n for n in exported if not hasattr(module, n)] == []
