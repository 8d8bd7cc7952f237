"""The worker reads a request whole before a thread sees it: where a request ends, and when not."""

from __future__ import annotations

import pytest

from advisor.server.worker import (
    MAX_HEAD_BYTES,
    Incomplete,
    TooLarge,
    expects_continue,
    request_length,
    too_large_response,
)

HEAD = b"POST /api/v1/assessments HTTP/1.1\r\nHost: x\r\n"


@pytest.mark.parametrize(
    ("request_bytes", "length"),
    [
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 34),
        (HEAD + b"Content-Length: 2\r\n\r\n{}", len(HEAD) + 23),
        (HEAD + b"Content-Length: 2\r\n\r\n{}GET / HTTP/1.1\r\n", len(HEAD) + 23),
        (HEAD + b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", len(HEAD) + 42),
        (
            HEAD + b"Transfer-Encoding: chunked\r\n\r\n2;x=y\r\n{}\r\n0\r\nT: 1\r\n\r\n",
            len(HEAD) + 52,
        ),
    ],
    ids=["no body", "content-length", "pipelined", "chunked", "chunk extension and trailer"],
)
def test_a_whole_request_is_measured_to_its_last_byte(request_bytes, length):
    assert request_length(request_bytes) == length


@pytest.mark.parametrize(
    "partial",
    [
        b"GET /healthz HTTP/1.1\r\nHost: x\r\n",
        HEAD + b"Content-Length: 10\r\n\r\n{}",
        HEAD + b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n",
        HEAD + b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n",
    ],
    ids=["head", "body", "chunks", "no last empty line"],
)
def test_a_request_still_arriving_waits(partial):
    with pytest.raises(Incomplete):
        request_length(partial)


@pytest.mark.parametrize(
    "oversized",
    [
        HEAD + b"Content-Length: 65537\r\n\r\n",
        HEAD
        + b"Transfer-Encoding: chunked\r\n\r\n"
        + b"8000\r\n"
        + b"x" * 0x8000
        + b"\r\n"
        + b"8001\r\n",
    ],
    ids=["content-length", "chunked"],
)
def test_a_body_over_the_limit_is_refused_before_it_is_read(oversized):
    with pytest.raises(TooLarge):
        request_length(oversized)


@pytest.mark.parametrize(
    "malformed",
    [
        HEAD + b"Content-Length: x\r\n\r\n",
        HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"x" * (MAX_HEAD_BYTES + 1),
    ],
    ids=["bad length", "bad chunk size", "endless head"],
)
def test_a_malformed_request_goes_on_for_gunicorn_to_refuse(malformed):
    assert request_length(malformed) > 0


def test_a_client_that_asks_to_continue_is_told_to():
    assert expects_continue(HEAD + b"Expect: 100-continue\r\nContent-Length: 9\r\n\r\n")
    assert not expects_continue(HEAD + b"Content-Length: 9\r\n\r\n")


@pytest.mark.parametrize(
    ("path", "kind"),
    [(b"/api/v1/assessments", b"application/json"), (b"/questions/about-you", b"text/plain")],
)
def test_the_refusal_of_a_large_body_fits_the_path(path, kind):
    answer = too_large_response(b"POST " + path + b" HTTP/1.1\r\n\r\n")

    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"Content-Type: " + kind in answer
    assert b"Connection: close" in answer
