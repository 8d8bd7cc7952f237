"""shipped_dir: the checkout's templates/ and rules/, or a wheel's copy; and the copy rules init makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import shipped
from advisor.exceptions import InstallIncomplete
from advisor.shipped import copy_default_rules, shipped_dir

CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.fixture
def wheel_layout(tmp_path, monkeypatch):
    """Point shipped at a site-packages-like folder: advisor/_shipped/ inside, nothing beside."""
    monkeypatch.setattr(shipped, "IN_PACKAGE", tmp_path / "advisor" / "_shipped")
    monkeypatch.setattr(shipped, "CHECKOUT", tmp_path)
    return tmp_path / "advisor" / "_shipped"


@pytest.mark.parametrize("name", ["templates", "rules"])
def test_a_checkout_uses_its_own_folders_so_edits_are_live(name):
    """From a checkout (an editable install) the folders beside the package are used."""
    assert shipped_dir(name) == CHECKOUT / name


def test_a_wheel_uses_the_copy_inside_the_package(wheel_layout):
    """An installed wheel finds the copy its build put in advisor/_shipped/."""
    (wheel_layout / "rules").mkdir(parents=True)
    (wheel_layout.parents[1] / "rules").mkdir()  # someone else's folder in site-packages

    assert shipped_dir("rules") == wheel_layout / "rules"


def test_a_missing_folder_names_both_places_looked_in(wheel_layout):
    """A broken install says where the folder should have been."""
    with pytest.raises(InstallIncomplete) as caught:
        shipped_dir("templates")

    assert str(caught.value) == (
        f"advisor's templates folder is missing: neither {wheel_layout / 'templates'} nor "
        f"{wheel_layout.parents[1] / 'templates'} exists. "
        "Install advisor again (pip install . from a checkout, or its wheel)."
    )


def test_copy_leaves_out_hidden_files_backups_and_caches(wheel_layout, tmp_path):
    """Editor leftovers in the shipped folder are nobody's rules and are not copied."""
    rules = wheel_layout / "rules"
    for name in ("ruleset.toml", "bfr.toml", "bfr.toml~", ".bfr.toml.swp", "cases/bfr.toml"):
        (rules / name).parent.mkdir(parents=True, exist_ok=True)
        (rules / name).write_text(name)
    (rules / "__pycache__").mkdir()
    (rules / "__pycache__" / "x.pyc").write_bytes(b"")
    target = tmp_path / "clinic"

    written = copy_default_rules(target)

    assert [p.relative_to(target).as_posix() for p in written] == [
        "bfr.toml",
        "cases/bfr.toml",
        "ruleset.toml",
    ]
    assert (target / "cases" / "bfr.toml").read_text() == "cases/bfr.toml"
