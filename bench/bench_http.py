"""Benchmark of the served app: requests/s of POST /api/v1/assessments against GET /healthz.

The assessments are sent in English and in Spanish (``?lang=es``), in alternating rounds:
the Spanish words cost a lookup per reason, which must keep Spanish within 10% of English.

Run from the repository root (needs ``wrk``: ``apt-get install -y wrk``)::

    .venv/bin/python bench/bench_http.py            # about 1 minute
    .venv/bin/python bench/bench_http.py --quick    # a few seconds

It starts ``advisor serve`` on a free loopback port (gunicorn, 2 worker
processes with 4 threads each unless told otherwise), then drives it with wrk
from the same machine, in one run: /healthz, the assessment endpoint, and
/healthz again, alternating, so both see the same machine state. wrk and the
server share the CPUs, so only the *ratio* of the two figures is meaningful.

The assessment load sends thousands of *different* answer sets, drawn from the
questionnaire as in ``bench_engine.py`` and cycled by a wrk Lua script, so a
result cache could not be what is measured. Every response's status is
checked: any non-200 fails the run.

It also fetches one page of each type and reports its weight (HTML + CSS).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_engine import generate_answers  # noqa: E402  (sibling script)

from advisor.questionnaire import default_questionnaire  # noqa: E402

LUA = """
local bodies = {
%s
}
local n = #bodies
local i = 0
local failed = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i %% n + 1
  return wrk.format(nil, "%s", nil, bodies[i])
end
response = function(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200: %%d\\n", summary.errors.status))
end
"""

HEALTH_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("non-200: %d\\n", summary.errors.status))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    advisor = Path(sys.executable).with_name("advisor")
    env = {**os.environ, "ADVISOR_INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-instance-")}
    subprocess.run([str(advisor), "db", "upgrade"], env=env, check=True, capture_output=True)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603  (our own console script)
        [
            str(advisor),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not answer /healthz within 30 s")


def wrk(url: str, script: Path, seconds: int, connections: int) -> tuple[float, float, int]:
    """Run wrk; return requests/s, median latency in ms and the count of non-200 answers."""
    done = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    out = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = float(median[1]) * scale[median[2]] if median else float("nan")
    failed = int(re.search(r"non-200: (\d+)", out)[1])  # type: ignore[index]
    socket_errors = re.search(r"Socket errors: .*", out)
    if socket_errors:
        print("   ", socket_errors[0])
    return rate, latency, failed


def page_weights(base: str) -> list[tuple[str, int, int]]:
    """Return (page, HTML bytes, CSS bytes) for one page of each type reachable without a session."""
    pages = [("start", "/"), ("first question page", "/questions/about-you")]
    css = 0
    found = []
    for name, path in pages:
        with urllib.request.urlopen(base + path, timeout=5) as response:  # noqa: S310
            html = response.read()
        for sheet in re.findall(rb'href="(/static/[^"]+\.css)"', html):
            with urllib.request.urlopen(base + sheet.decode(), timeout=5) as response:  # noqa: S310
                css = len(response.read())
        found.append((name, len(html), css))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short rounds (smoke run)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--answer-sets", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of each load")
    parser.add_argument("--seconds", type=int, default=8, help="length of each round")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--incoherent",
        action="store_true",
        help="answer sets whose answers may disagree (as a careless API client sends)",
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    rounds, seconds = (1, 3) if args.quick else (args.rounds, args.seconds)
    answers = generate_answers(
        default_questionnaire(),
        args.answer_sets,
        random.Random(2026),
        coherent=not args.incoherent,
    )
    bodies = ",\n".join(f"[==[{json.dumps({'answers': a})}]==]" for a in answers)
    work = Path(tempfile.mkdtemp(prefix="bench-http-"))
    assess_lua = work / "assess.lua"
    assess_lua.write_text(LUA % (bodies, "/api/v1/assessments"))
    spanish_lua = work / "assess-es.lua"
    spanish_lua.write_text(LUA % (bodies, "/api/v1/assessments?lang=es"))
    health_lua = work / "health.lua"
    health_lua.write_text(HEALTH_LUA)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port, args.workers, args.threads)
    try:
        wrk(base + "/healthz", health_lua, 2, args.connections)  # warm up every worker
        wrk(base + "/", assess_lua, 2, args.connections)
        wrk(base + "/", spanish_lua, 2, args.connections)
        health: list[float] = []
        assess: list[float] = []
        spanish: list[float] = []
        latencies: dict[str, list[float]] = {"healthz": [], "assessments": [], "spanish": []}
        for _ in range(rounds):
            for name, url, script, sink in (
                ("healthz", base + "/healthz", health_lua, health),
                ("assessments", base + "/", assess_lua, assess),
                ("spanish", base + "/", spanish_lua, spanish),
            ):
                rate, latency, failed = wrk(url, script, seconds, args.connections)
                if failed:
                    raise SystemExit(f"{name}: {failed} responses were not 200")
                sink.append(rate)
                latencies[name].append(latency)
                print(f"  {name:<12} {rate:9,.0f} req/s   median latency {latency:6.2f} ms")
        weights = page_weights(base)
    finally:
        server.terminate()
        server.wait(timeout=30)

    ratios = [a / h for a, h in zip(assess, health, strict=True)]
    spanish_ratios = [s / a for s, a in zip(spanish, assess, strict=True)]
    figures = {
        "server": f"advisor serve --workers {args.workers} --threads {args.threads} (gunicorn gthread)",
        "load": f"wrk -t2 -c{args.connections} -d{seconds}s x {rounds} rounds, loopback",
        "answer_sets": len(answers),
        "coherent": not args.incoherent,
        "healthz_rps": statistics.median(health),
        "assessments_rps": statistics.median(assess),
        "ratio": statistics.median(ratios),
        "ratios": ratios,
        "spanish_rps": statistics.median(spanish),
        "spanish_ratio": statistics.median(spanish_ratios),
        "spanish_ratios": spanish_ratios,
        "page_weights": [{"page": p, "html": h, "css": c} for p, h, c in weights],
    }
    print(f"\nGET /healthz              {figures['healthz_rps']:9,.0f} req/s (median of {rounds})")
    print(
        f"POST /api/v1/assessments  {figures['assessments_rps']:9,.0f} req/s "
        f"({len(answers):,} different answer sets)"
    )
    print(
        f"ratio                     {figures['ratio']:9.0%}  (goal: at least 50%)  "
        f"rounds: {', '.join(f'{r:.0%}' for r in ratios)}"
    )
    print(
        f"POST …/assessments?lang=es {figures['spanish_rps']:8,.0f} req/s; Spanish/English "
        f"{figures['spanish_ratio']:.0%} (goal: at least 90%)  "
        f"rounds: {', '.join(f'{r:.0%}' for r in spanish_ratios)}"
    )
    for page, html, css in weights:
        print(
            f"page weight: {page:<20} {html:6,} B HTML + {css:6,} B CSS = {html + css:6,} B "
            f"(goal: under 30 KB)"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
