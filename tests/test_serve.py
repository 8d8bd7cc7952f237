"""advisor serve: gunicorn with several workers serves the app, and every worker follows rule edits."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import RULES_DIR, SHIPPED_VERSION, UNREACHABLE
from tests.personas import BASE_ANSWERS

ADVISOR = str(Path(sys.executable).with_name("advisor"))


LISTEN, ESTABLISHED = "0A", "01"


def sockets_on(port: int, state: str) -> set[str]:
    """Return the inodes of the TCP sockets on local ``port`` in ``state`` (/proc/net/tcp codes)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError), open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                    inodes.add(fields[9])
    return inodes


def assess(url: str) -> dict:
    """POST the base answers to the API and return the response body."""
    request = urllib.request.Request(
        url + "/api/v1/assessments",
        data=json.dumps({"answers": BASE_ANSWERS}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


@contextlib.contextmanager
def server(tmp_path: Path, **environment: str) -> Iterator[str]:
    """Run advisor serve (2 workers x 2 threads) until the block ends; yield its URL."""
    port = free_port()
    env = {**os.environ, "ADVISOR_INSTANCE_PATH": str(tmp_path / "instance"), **environment}
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [ADVISOR, "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            get(url + "/healthz")
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                log.close()
                pytest.fail(f"advisor serve did not start: {(tmp_path / 'server.log').read_text()}")
            time.sleep(0.2)
    # Each worker listens on a socket of its own: wait for both, or the first takes everyone.
    while len(sockets_on(port, LISTEN)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def served(tmp_path):
    """Start advisor serve on a copy of the rules and a migrated database; yield (url, rules)."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    env = {
        **os.environ,
        "ADVISOR_RULES_DIR": str(rules),
        "ADVISOR_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    subprocess.run([ADVISOR, "db", "upgrade"], env=env, check=True, capture_output=True)
    with server(tmp_path, ADVISOR_RULES_DIR=str(rules)) as url:
        yield url, rules


def test_serve_starts_while_the_database_is_down_and_screens_people(tmp_path):
    """A restart during a database outage keeps the questionnaire and the API up; staff get 503."""
    with server(tmp_path, DATABASE_URL=UNREACHABLE["postgresql"]) as url:
        health = get(url + "/healthz")
        assessed = assess(url)
        with urllib.request.urlopen(url + "/questions/about-you", timeout=5) as response:
            page = response.status
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(url + "/staff/login", timeout=5) as response:
            token = re.search(
                r'name="csrf_token" type="hidden" value="([^"]+)"', response.read().decode()
            )
        form = {"csrf_token": token[1], "email": "ann@clinic.example", "password": "x" * 12}
        with pytest.raises(urllib.error.HTTPError) as staff:
            browser.open(
                url + "/staff/login", data=urllib.parse.urlencode(form).encode(), timeout=10
            )
        staff.value.close()
        log = (tmp_path / "server.log").read_text()

    assert (health["status"], health["database"]["status"]) == ("degraded", "down")
    assert assessed["recommendation"]["primary"]
    assert page == 200
    assert staff.value.code == 503
    assert "starting without the database" in log


def test_serve_answers_health_pages_and_the_api(served):
    """The production server serves /healthz, the start page and assessments."""
    url, _ = served

    assessed = assess(url)
    with urllib.request.urlopen(url + "/", timeout=5) as response:
        start = response.read().decode()

    assert get(url + "/healthz")["status"] == "ok"
    assert assessed["recommendation"]["primary"] == "consult"
    assert "<html" in start


def test_every_worker_follows_a_rule_edit_and_refuses_a_broken_one(served):
    """After an edit, all workers serve the new digest; a broken edit leaves it serving, reported
    (its problems only to staff: tests/staff/test_health_detail.py)."""
    url, rules = served
    manifest = rules / "ruleset.toml"
    manifest.write_text(manifest.read_text().replace(SHIPPED_VERSION, '"9999.1.7"'))
    time.sleep(1.5)

    versions = {get(url + "/healthz")["ruleset"]["version"] for _ in range(40)}
    (rules / "bfr.toml").write_text("[[rule]]\nid = \n")
    time.sleep(1.5)
    after_break = [get(url + "/healthz")["ruleset"] for _ in range(40)]

    assert versions == {"9999.1.7"}
    assert {r["version"] for r in after_break} == {"9999.1.7"}
    assert all(set(r["refused_edit"]) == {"at"} for r in after_break)


def test_a_worker_with_no_requests_follows_a_good_edit_before_a_broken_one(served):
    """Every worker watches the files on its own: one that got no request while a good edit
    went live does not wake up on a broken one still serving the rules from before."""
    url, rules = served
    manifest = rules / "ruleset.toml"
    manifest.write_text(manifest.read_text().replace(SHIPPED_VERSION, '"9999.1.8"'))
    time.sleep(8)  # no request meanwhile; the gate runs in both workers at once
    (rules / "bfr.toml").write_text("[[rule]]\nid = \n")
    time.sleep(3)

    seen = {get(url + "/healthz")["ruleset"]["version"] for _ in range(40)}

    assert seen == {"9999.1.8"}


def test_serve_refuses_to_start_on_broken_rules(tmp_path):
    """Broken rules stop the server before it listens, with the problems listed."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ruleset.toml").write_text('version = "x"\n')
    (rules / "bad.toml").write_text("[[rule]]\nid = \n")
    env = {
        **os.environ,
        "ADVISOR_RULES_DIR": str(rules),
        "ADVISOR_INSTANCE_PATH": str(tmp_path / "instance"),
    }

    done = subprocess.run(
        [ADVISOR, "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert done.returncode == 1
    assert "error [toml-syntax]" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_an_out_of_date_schema_and_says_what_to_run(tmp_path):
    """Without `advisor db upgrade`, the server does not start and says to run it."""
    env = {**os.environ, "ADVISOR_INSTANCE_PATH": str(tmp_path / "instance")}

    done = subprocess.run(
        [ADVISOR, "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert done.returncode == 1
    assert "Error: the database schema is out of date" in done.stderr
    assert "Run `advisor db upgrade` first." in done.stderr


def slow_client(port: int) -> socket.socket:
    """Open a connection that announces a body and sends only its first byte."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(
        b"POST /api/v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n{"
    )
    return sock


def raw(port: int, request: bytes, timeout: float = 5) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


@pytest.mark.slow
def test_slow_clients_do_not_stall_anyone_else(served):
    """Forty clients sending a body a byte at a time; twenty /healthz at once all answer within 1 s."""
    url, _ = served
    port = int(url.rsplit(":", 1)[1])
    slow = [slow_client(port) for _ in range(40)]
    try:
        time.sleep(0.5)
        for sock in slow:
            sock.sendall(b" ")

        def timed_health() -> float:
            start = time.monotonic()
            get(url + "/healthz")
            return time.monotonic() - start

        with ThreadPoolExecutor(20) as pool:
            times = list(pool.map(lambda _: timed_health(), range(20)))
    finally:
        for sock in slow:
            sock.close()

    assert max(times) < 1.0, times


def test_a_chunked_body_over_the_limit_is_refused_with_413(served):
    url, _ = served
    port = int(url.rsplit(":", 1)[1])
    chunk = b"x" * 0x4000
    body = (b"4000\r\n" + chunk + b"\r\n") * 5 + b"0\r\n\r\n"

    answer = raw(
        port,
        b"POST /api/v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + body,
    )

    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b'"field": "body"' in answer


def test_answers_do_not_name_the_server_software(served):
    url, _ = served
    with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
        assert response.headers.get("Server") is None


def test_a_client_that_waits_for_100_continue_is_served(served):
    url, _ = served
    port = int(url.rsplit(":", 1)[1])
    body = json.dumps({"answers": BASE_ANSWERS}).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            b"POST /api/v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
        )
        interim = sock.recv(100)
        sock.sendall(body)
        final = b""
        while chunk := sock.recv(65536):
            final += chunk

    assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert b"HTTP/1.1 200 OK" in final
    assert b'"primary"' in final


def test_a_second_server_on_a_taken_port_refuses_to_start(served, tmp_path):
    url, _ = served
    port = url.rsplit(":", 1)[1]
    env = {**os.environ, "ADVISOR_INSTANCE_PATH": str(tmp_path / "instance")}

    second = subprocess.run(
        [ADVISOR, "serve", "--port", port], env=env, capture_output=True, text=True, timeout=30
    )

    assert second.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}: something listens there already" in second.stderr


def established_by_process(port: int, pids: list[int]) -> dict[int, int]:
    """Count each process's established connections to ``port`` (from /proc: no tools needed)."""
    inodes = sockets_on(port, ESTABLISHED)
    counts = {}
    for pid in pids:
        held = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                held += target.startswith("socket:[") and target[8:-1] in inodes
        counts[pid] = held
    return counts


def worker_pids(port: int) -> list[int]:
    """The gunicorn workers serving ``port``: the processes named for it with a parent advisor."""
    masters = [
        int(p.name)
        for p in Path("/proc").iterdir()
        if p.name.isdigit()
        and (p / "cmdline").exists()
        and f"--port\0{port}\0" in (p / "cmdline").read_text(errors="replace")
    ]
    children = []
    for master in masters:
        for task in Path(f"/proc/{master}/task").iterdir():
            children += [int(c) for c in (task / "children").read_text().split()]
    return children


def test_kept_alive_connections_are_spread_over_the_workers(served):
    """Forty kept-alive connections: each of the two workers holds a fair share of them."""
    url, _ = served
    port = int(url.rsplit(":", 1)[1])
    # Opened all at once, as a load generator or a busy proxy does, then used.
    connections = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(40)]
    try:
        for sock in connections:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        for sock in connections:
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        counts = established_by_process(port, worker_pids(port))
    finally:
        for sock in connections:
            sock.close()

    assert len(counts) == 2
    assert sum(counts.values()) == 40
    assert min(counts.values()) >= 8, counts
