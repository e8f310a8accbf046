"""kg push takes the password from KG_PUSH_PASSWORD or a prompt, never from the command line (it would show in ps)."""

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from kg.cli import main


class GraphStore(BaseHTTPRequestHandler):
    """A Graph Store Protocol endpoint that wants Basic authentication as user/secret."""

    received: list = []

    def do_PUT(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        expected = "Basic " + base64.b64encode(b"user:secret").decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.received.append(body)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture()
def endpoint():
    GraphStore.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), GraphStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/graph-store"
    server.shutdown()
    server.server_close()


def _push(built, endpoint, env=None, stdin=None, extra=()):
    outdir, _, _ = built
    return CliRunner().invoke(main, ["push", str(outdir / "graph.trig"), "--endpoint", endpoint, "--user", "user", *extra],
                              env=env or {}, input=stdin)


def test_password_from_the_environment(built, endpoint):
    result = _push(built, endpoint, env={"KG_PUSH_PASSWORD": "secret"})
    assert result.exit_code == 0, result.output
    assert len(GraphStore.received) == 6  # one PUT per article graph


def test_password_from_a_hidden_prompt(built, endpoint):
    result = _push(built, endpoint, env={"KG_PUSH_PASSWORD": None}, stdin="secret\n")
    assert result.exit_code == 0, result.output
    assert "password for user" in result.output and "secret" not in result.output
    assert len(GraphStore.received) == 6


def test_a_wrong_password_fails_in_one_line(built, endpoint):
    result = _push(built, endpoint, env={"KG_PUSH_PASSWORD": "wrong"})
    assert result.exit_code == 1 and result.output.startswith("kg: error:") and "401" in result.output
    assert GraphStore.received == []


def test_a_password_argument_is_refused_before_anything_is_sent(built, endpoint):
    result = _push(built, endpoint, env={"KG_PUSH_PASSWORD": "secret"}, extra=["--password", "secret"])
    assert result.exit_code == 2 and "KG_PUSH_PASSWORD" in result.output
    assert GraphStore.received == []
