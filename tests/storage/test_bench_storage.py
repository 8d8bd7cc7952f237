"""The storage benchmark keeps working: a quick run on SQLite times the list and the export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "bench" / "bench_storage.py"


def test_quick_storage_benchmark_on_sqlite_reports_the_goals(tmp_path):
    """--quick --databases sqlite runs end to end and writes its figures as JSON."""
    out = tmp_path / "figures.json"

    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--databases", "sqlite", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "Goals" in done.stdout
    figures = json.loads(out.read_text())
    (result,) = figures["results"]
    assert result["database"] == "sqlite"
    assert result["screenings"] == 5000
    assert result["export"]["rows"] == 5000
    assert {q["name"] for q in result["queries"]} >= {"no filter, page 1", "status = new"}
    assert all(q["page_median_ms"] > 0 for q in result["queries"])
    assert {g["goal"] for g in figures["goals"]} >= {
        "list page, sqlite, no filter, page 1 (median)"
    }
