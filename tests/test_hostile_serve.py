"""The dev server against hostile requests: one test per rule that test_serve.py leaves out.

The server runs in this process on a free loopback port, over a hand-made output folder, so
each request is answered in milliseconds. Raw sockets send what ``http.client`` would refuse to.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentorsite.errors import MentorsiteError
from mentorsite.serve import server as serve
from mentorsite.serve.live import LiveSite
from mentorsite.serve.server import _Handler, _server, _with_slash


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A server over a tiny site with a folder that has no index; yields (port, output)."""
    out = tmp_path / "site"
    for relpath, text in {
        "index.html": "<html><head></head><body>home</body></html>",
        "goals/index.html": "<html><head></head><body>goals</body></html>",
        "static/style.css": "body {}",
        "404.html": "<html><head></head><body>not here</body></html>",
    }.items():
        (out / relpath).parent.mkdir(parents=True, exist_ok=True)
        (out / relpath).write_text(text)
    (tmp_path / "secret.txt").write_text("the secret")
    server = _server(LiveSite(tmp_path, out, None, lambda _: None), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server.server_address[1], out
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def exchange(port: int, request: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes, return everything the server answers before it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_an_over_long_request_line_is_refused_at_once(site):
    port, _out = site
    started = time.monotonic()
    answer = exchange(port, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status(answer) == 414
    assert time.monotonic() - started < 10  # far from the 30 s a silent request is given


@pytest.mark.parametrize(
    "headers",
    [b"".join(b"X-%d: y\r\n" % n for n in range(150)), b"X-Big: " + b"a" * 70_000 + b"\r\n"],
    ids=["too-many-headers", "header-line-too-long"],
)
def test_too_many_or_too_long_headers_are_refused_at_once(site, headers):
    port, _out = site
    started = time.monotonic()
    assert status(exchange(port, b"GET / HTTP/1.1\r\n" + headers + b"\r\n")) == 431
    assert time.monotonic() - started < 10  # far from the 30 s a silent request is given


def test_an_absolute_uri_is_answered_from_the_site_never_fetched(site):
    port, _out = site
    answer = exchange(port, b"GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert status(answer) == 200 and b"home" in answer
    answer = exchange(port, b"GET http://evil.example/../secret.txt HTTP/1.1\r\n\r\n")
    assert status(answer) == 404 and b"the secret" not in answer
    answer = exchange(port, b"GET //evil.example/secret.txt HTTP/1.1\r\n\r\n")
    assert status(answer) == 404 and b"the secret" not in answer


@pytest.mark.parametrize("path", [b"/static/", b"/static", b"/goals/../static/"])
def test_a_folder_without_an_index_is_never_listed(site, path):
    port, _out = site
    answer = exchange(port, b"GET " + path + b" HTTP/1.0\r\n\r\n")
    assert status(answer) == 404
    assert b"style.css" not in answer and b"Directory listing" not in answer


@pytest.mark.parametrize(("path", "location"), [
    (b"/goals", b"/goals/"), (b"/goals?tab=done", b"/goals/?tab=done"), (b"////goals", b"/goals/"),
])
def test_a_folder_with_an_index_redirects_to_its_slash(site, path, location):
    """The query was dropped on the way."""
    port, _out = site
    answer = exchange(port, b"GET " + path + b" HTTP/1.0\r\n\r\n")
    assert status(answer) == 301 and b"Location: " + location + b"\r\n" in answer


def test_a_folder_never_redirects_to_another_host():
    """Python before 3.10.6 passed ``////goals`` on as it came: its slash added, it was
    ``//goals/``, which a browser reads as the host ``goals``."""
    assert _with_slash("//goals", "") == "/goals/"
    assert _with_slash("///evil.example/x", "a=1") == "/evil.example/x/?a=1"


@pytest.mark.parametrize(
    "path",
    [b"/%2e%2e/secret.txt", b"/..%5csecret.txt", b"/%5c..%5csecret.txt", b"/C:%5csecret.txt",
     b"/%2Fetc%2Fpasswd", b"/\xff\xfe", b"/index.html%00.css", b"/index.html/"],
)
def test_encoded_climbs_backslashes_and_odd_bytes_find_nothing(site, path):
    port, _out = site
    answer = exchange(port, b"GET " + path + b" HTTP/1.0\r\n\r\n")
    assert status(answer) == 404
    assert b"the secret" not in answer and b"root:" not in answer


@pytest.mark.parametrize("method", [b"TRACE", b"CONNECT", b"PROPFIND", b"POST", b"OPTIONS"])
def test_methods_other_than_get_and_head_are_refused(site, method):
    port, _out = site
    answer = exchange(port, method + b" / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello")
    assert status(answer) in (405, 501)
    assert b"\r\nAllow: GET, HEAD\r\n" in answer, "a 405 must say which methods are served"
    assert b"home" not in answer


def test_a_stalled_request_is_dropped_and_does_not_block_others(site, monkeypatch):
    port, _out = site
    monkeypatch.setattr(_Handler, "timeout", 0.5)
    stalled = socket.create_connection(("127.0.0.1", port), timeout=5)
    stalled.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finishes its headers
    assert status(exchange(port, b"GET / HTTP/1.0\r\n\r\n")) == 200, "others are served"
    started = time.monotonic()
    while stalled.recv(65536):  # the server hangs up on it, with or without an answer
        pass
    assert time.monotonic() - started < 10  # far from the 30 s it would be given unpatched
    stalled.close()


def test_exposed_hosts_are_warned_about_before_listening(monkeypatch, tmp_path):
    said: list[str] = []

    def refuse(*_args: object) -> None:
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(serve, "_server", refuse)
    with pytest.raises(MentorsiteError, match="cannot listen"):
        serve.serve(tmp_path, "0.0.0.0", 0, None, said.append)
    assert said and "exposes the site" in said[0]
    said.clear()
    with pytest.raises(MentorsiteError):
        serve.serve(tmp_path, "127.0.0.1", 0, None, said.append)
    assert not any("exposes" in line for line in said)


def test_a_port_in_use_says_how_to_get_another(tmp_path):
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        with pytest.raises(MentorsiteError) as refused:
            serve.serve(tmp_path, "127.0.0.1", port, None, lambda _: None)
    finally:
        taken.close()
    assert str(refused.value) == (
        f"cannot listen on 127.0.0.1:{port}: Address already in use: another program (another "
        "serve?) holds it; --port 0 picks a free one")


@pytest.mark.parametrize("host", ["", "  ", "[]", "[ ]"])
def test_an_empty_host_is_a_usage_error_not_every_interface(host, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from mentorsite.cli.main import cli

    served: list[str] = []
    monkeypatch.setattr(serve, "serve", lambda _root, host, *_args: served.append(host))
    result = CliRunner().invoke(cli, ["--source", str(tmp_path), "serve", "--host", host])
    assert result.exit_code == 2
    assert "Invalid value for '--host': give an address" in result.output
    assert served == []


@pytest.mark.parametrize(("host", "listened"), [("[::1]", "::1"), ("::1", "::1"),
                                                 ("127.0.0.1", "127.0.0.1"),
                                                 ("fe80::1:80", "fe80::1:80")])
def test_an_ipv6_address_may_be_given_in_brackets(host, listened, tmp_path, monkeypatch):
    """``--host [::1]``, as a URL writes it, was looked up as a name: "Name or service not
    known"."""
    from click.testing import CliRunner

    from mentorsite.cli.main import cli

    served: list[str] = []
    monkeypatch.setattr(serve, "serve", lambda _root, host, *_args: served.append(host))
    result = CliRunner().invoke(cli, ["--source", str(tmp_path), "serve", "--host", host])
    assert result.exit_code == 0, result.output
    assert served == [listened]


@pytest.mark.parametrize(("host", "said"), [
    ("127.0.0.1:8000", "--host 127.0.0.1 --port 8000"),
    ("localhost:80", "--host localhost --port 80"), ("[::1]:8000", "--host ::1 --port 8000"),
])
def test_a_host_with_a_port_is_told_to_give_it_with_port(host, said, tmp_path, monkeypatch):
    """It was looked up as a name, and serve said "cannot listen on 127.0.0.1:8000:8000: Name
    or service not known", after warning that it exposed the site."""
    from click.testing import CliRunner

    from mentorsite.cli.main import cli

    served: list[str] = []
    monkeypatch.setattr(serve, "serve", lambda _root, host, *_args: served.append(host))
    result = CliRunner().invoke(cli, ["--source", str(tmp_path), "serve", "--host", host])
    assert result.exit_code == 2
    assert f"Invalid value for '--host': give the port with --port: {said}" in result.output
    assert served == []


@pytest.mark.parametrize(("args", "said"), [
    (["serve", "--port", "abc"], "Invalid value for '--port': 'abc' is not a valid whole number"),
    (["serve", "--port", "70000"], "Invalid value for '--port': 70000 is not in the range"),
    (["programme", "build", "--jobs", "two"],
     "Invalid value for '-j' / '--jobs': 'two' is not a valid whole number"),
])
def test_a_number_option_says_a_whole_number_is_wanted(args, said, tmp_path):
    """Click's own words were "'abc' is not a valid integer range"."""
    from click.testing import CliRunner

    from mentorsite.cli.main import cli

    result = CliRunner().invoke(cli, ["--source", str(tmp_path), *args])
    assert result.exit_code == 2
    assert said in result.output


@pytest.mark.parametrize(("named", "answer"), [
    ("127.0.0.1:8000", 200), ("localhost:8000", 200), ("LOCALHOST.", 200), ("[::1]:8000", 200),
    ("app.localhost", 200), ("192.168.1.4:8000", 200),
    ("attacker.example:8000", 403), ("attacker.example", 403), ("127.0.0.1.nip.io", 403),
])
def test_only_requests_addressed_to_this_machine_are_answered(site, named, answer):
    """A page on attacker.example whose name it points at 127.0.0.1 (DNS rebinding) read
    every page served, private drafts and the problems' text included."""
    port, _out = site
    reply = exchange(port, f"GET / HTTP/1.1\r\nHost: {named}\r\nConnection: close\r\n\r\n"
                     .encode())
    assert status(reply) == answer
    assert (b"home" in reply) == (answer == 200)


def test_a_refused_host_is_told_why_and_where_the_site_is(site):
    """The refusal said only "this server answers only for localhost and its own addresses",
    not which name was refused nor how to open the site (a phone on a name of the machine)."""
    port, _out = site
    reply = exchange(port, b"GET / HTTP/1.1\r\nHost: <i>my.box</i>:8000\r\n\r\n")
    assert status(reply) == 403 and b"Content-Type: text/html; charset=utf-8" in reply
    assert b"addressed to <code>&lt;i&gt;my.box&lt;/i&gt;</code>" in reply
    assert f'<a href="http://127.0.0.1:{port}/">'.encode() in reply
    assert b"<code>--host &lt;i&gt;my.box&lt;/i&gt;</code>" in reply
    assert b"<body><main><h1>Host not served</h1>" in reply  # in a landmark, as pages are
    head = exchange(port, b"HEAD / HTTP/1.1\r\nHost: my.box\r\n\r\n")
    assert status(head) == 403 and head.endswith(b"\r\n\r\n")


def test_a_page_read_while_a_build_lands_carries_the_version_before_it(tmp_path, monkeypatch):
    """The version was read after the page: a page the rebuild had not replaced yet went out
    as the new build's, and its browser, waiting for a newer one, never reloaded."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<html><head></head><body>old</body></html>")
    live = LiveSite(tmp_path, out, None, lambda _: None)
    before = live.version
    reading = Path.read_bytes

    def read_then_build(path: Path) -> bytes:
        data = reading(path)
        live._publish(None)  # a build lands between reading the page and writing it out
        return data

    monkeypatch.setattr(Path, "read_bytes", read_then_build)
    server = _server(live, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        reply = exchange(server.server_address[1],
                         b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert b"old" in reply and f'data-version="{before}"'.encode() in reply
    assert live.version != before


def test_a_page_left_open_from_an_earlier_serve_is_reloaded_by_the_next(tmp_path):
    """Each serve counted its builds from 0: a page open from the last one had the version
    the next one reached on its first build, and was never told to reload."""
    out = tmp_path / "site"
    out.mkdir()
    earlier = LiveSite(tmp_path, out, None, lambda _: None)
    earlier._publish(None)
    time.sleep(0.01)
    later = LiveSite(tmp_path, out, None, lambda _: None)
    later._publish(None)
    assert later.version > earlier.version
    assert later.wait(earlier.version, timeout=0) == later.version


def test_a_page_a_rebuild_removes_as_it_is_read_is_not_found(site, monkeypatch, capsys):
    """An entry made private while its page was being served: the rebuild removed the file
    between the server finding it and reading it, and the terminal showed a traceback while
    the browser was left with no answer at all."""
    port, _out = site
    reading = Path.read_bytes

    def removed_first(path: Path) -> bytes:
        if path.name == "style.css":
            path.unlink()
        return reading(path)

    monkeypatch.setattr(Path, "read_bytes", removed_first)
    answer = exchange(port, b"GET /static/style.css HTTP/1.0\r\n\r\n")
    assert status(answer) == 404 and b"not here" in answer
    assert "Traceback" not in capsys.readouterr().err
