"""The benchmark script keeps working: a quick run measures every rule set and reports the goals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench" / "bench_engine.py"


def test_quick_benchmark_run_reports_every_goal(tmp_path):
    """--quick runs end to end and writes its figures as JSON."""
    out = tmp_path / "figures.json"

    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "Goals" in done.stdout
    figures = json.loads(out.read_text())
    assert figures
