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


def test_quick_why_not_benchmark_run_reports_its_goal(tmp_path):
    """bench_whynot.py --quick times why-not end to end and writes its figures as JSON."""
    out = tmp_path / "whynot.json"

    done = subprocess.run(
        [sys.executable, str(BENCH.with_name("bench_whynot.py")), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "why-not under 1 s (slowest call)" in done.stdout
    figures = json.loads(out.read_text())
    assert figures["calls"]["calls"] == 40
    assert figures["calls"]["searches_stopped_early"] == 0


def test_quick_coverage_benchmark_reports_its_goal(tmp_path):
    """bench_coverage.py --quick times rules test --coverage once and writes its figures."""
    out = tmp_path / "figures.json"

    done = subprocess.run(
        [sys.executable, str(BENCH.with_name("bench_coverage.py")), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "Goals: rules test --coverage under 30 s" in done.stdout
    figures = json.loads(out.read_text())
    assert figures["mutants"] > figures["rules"]
