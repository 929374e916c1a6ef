"""scripts/serve.py: headers, MIME types, cache policy, path confinement. Local sockets only."""
from __future__ import annotations

import gzip
import http.client
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))
import serve  # noqa: E402

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
       "object-src 'none'; base-uri 'none'")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("site")
    web = tmp_path / "web"
    files = {
        "index.html": "<!doctype html><title>RNN live</title>",
        "app.js": "export {};", "vendor/pyodide/pyodide.mjs": "export {};",
        "vendor/pyodide/pyodide.asm.wasm": "\0asm", "vendor/pyodide/pyodide-lock.json": "{}",
        "wheels/py_core-0.1.0-py3-none-any.whl": "PK", "generated/settings.json": "{}",
        "assets/sonnets.txt": "shall i compare", "nested/empty/.keep": "",
    }
    for name, text in files.items():
        (web / name).parent.mkdir(parents=True, exist_ok=True)
        (web / name).write_text(text)
    (tmp_path / "secret.txt").write_text("outside")
    os.symlink(tmp_path / "secret.txt", web / "escape.txt")
    os.symlink(tmp_path, web / "escape-dir")
    server = serve.make_server(root=web)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port, path, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, path)  # http.client sends the path as is: no `..` normalisation
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, resp.headers, body


@pytest.mark.parametrize("path,ctype", [
    ("/", "text/html; charset=utf-8"),
    ("/app.js", "text/javascript"),
    ("/vendor/pyodide/pyodide.mjs", "text/javascript"),
    ("/vendor/pyodide/pyodide.asm.wasm", "application/wasm"),
    ("/vendor/pyodide/pyodide-lock.json", "application/json"),
    ("/generated/settings.json", "application/json"),
    ("/wheels/py_core-0.1.0-py3-none-any.whl", "application/zip"),
    ("/assets/sonnets.txt", "text/plain; charset=utf-8"),
])
def test_mime_types_and_security_headers(site, path, ctype):
    status, headers, _ = get(site, path)
    assert status == 200
    assert headers["Content-Type"] == ctype
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_cache_policy(site):
    assert get(site, "/vendor/pyodide/pyodide.asm.wasm")[1]["Cache-Control"] == \
        "public, max-age=31536000, immutable"
    for path in ("/", "/app.js", "/wheels/py_core-0.1.0-py3-none-any.whl",
                 "/generated/settings.json", "/vendor/pyodide/missing.js"):
        assert get(site, path)[1]["Cache-Control"] == "no-cache", path


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/vendor/../../secret.txt",
    "/..%2fsecret.txt", "/vendor/%2e%2e/%2e%2e/secret.txt", "/escape.txt", "/escape-dir/secret.txt",
    "/./index.html", "/%00", "/vendor/", "/nested/empty/", "/assets/", "/missing.html",
])
def test_refused_paths_are_404_with_headers(site, path):
    status, headers, body = get(site, path)
    assert status == 404
    assert b"outside" not in body and b"Directory listing" not in body
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_head_and_query_strings(site):
    status, headers, body = get(site, "/assets/sonnets.txt", method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Length"] == "15"
    assert get(site, "/?hidden=32&seed=1")[0] == 200


def test_quiet_unless_verbose(site, capfd):
    get(site, "/")
    get(site, "/missing")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_command_line_prints_url_first(tmp_path):
    proc = subprocess.Popen([sys.executable, str(SCRIPTS / "serve.py"), "--port", "0",
                             "--no-open", "--no-fetch"], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = re.fullmatch(r"Serving RNN live at http://127\.0\.0\.1:(\d+)/\n", line)
        assert match, line
        status, headers, _ = get(int(match.group(1)), "/../pyproject.toml")
        assert status == 404 and headers["Content-Security-Policy"] == CSP
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- compression: precompressed siblings negotiated by Accept-Encoding --------------------------

WASM = b"\0asm" + bytes(range(256)) * 64  # 16 KB: compressible


@pytest.fixture(scope="module")
def packed(tmp_path_factory):
    """A site with .br/.gz siblings for some files (written by hand: their bytes just differ)."""
    web = tmp_path_factory.mktemp("packed") / "web"
    (web / "vendor").mkdir(parents=True)
    (web / "vendor/x.wasm").write_bytes(WASM)
    (web / "vendor/x.wasm.br").write_bytes(b"BROTLI-BYTES")
    (web / "vendor/x.wasm.gz").write_bytes(gzip.compress(WASM, mtime=0))
    (web / "only-gz.js").write_text("export const x = 1;\n" * 100)
    (web / "only-gz.js.gz").write_bytes(gzip.compress((web / "only-gz.js").read_bytes(), mtime=0))
    (web / "plain.json").write_text("{}")
    (web / "stale.css").write_text("body {}\n" * 100)
    (web / "stale.css.gz").write_bytes(b"OLD")
    os.utime(web / "stale.css.gz", (1_000_000, 1_000_000))  # older than stale.css: never sent
    server = serve.make_server(root=web)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def fetch(port, path, accept=None, method="GET", headers=()):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.putrequest(method, path, skip_accept_encoding=True)
    if accept is not None:
        conn.putheader("Accept-Encoding", accept)
    for name, value in headers:
        conn.putheader(name, value)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, resp.headers, body


@pytest.mark.parametrize("accept,coding", [
    ("gzip, deflate, br, zstd", "br"),  # what Chromium sends: br wins
    ("br;q=0.1, gzip", "br"),  # our preference, not the client's q order, among accepted codings
    ("gzip", "gzip"),
    ("gzip, br;q=0", "gzip"),
    ("*", "br"),
    ("*, br;q=0", "gzip"),
    ("identity", None),
    ("", None),
    (None, None),  # a client that sends no Accept-Encoding at all
    ("deflate", None),
])
def test_negotiates_br_then_gzip_then_identity(packed, accept, coding):
    status, headers, body = fetch(packed, "/vendor/x.wasm", accept)
    assert status == 200
    assert headers["Content-Type"] == "application/wasm"  # the original file's type, always
    assert headers.get("Content-Encoding") == coding
    assert headers["Vary"] == "Accept-Encoding"
    if coding == "gzip":
        assert gzip.decompress(body) == WASM
    else:
        assert body == {"br": b"BROTLI-BYTES", None: WASM}[coding]
    assert int(headers["Content-Length"]) == len(body)
    # The security and caching headers stay.
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_missing_sibling_falls_back_to_the_next_coding_or_identity(packed):
    status, headers, body = fetch(packed, "/only-gz.js", "br, gzip")
    assert (status, headers["Content-Encoding"], headers["Content-Type"]) == (200, "gzip", "text/javascript")
    status, headers, body = fetch(packed, "/only-gz.js", "br")
    assert status == 200 and "Content-Encoding" not in headers
    assert body == b"export const x = 1;\n" * 100 and int(headers["Content-Length"]) == len(body)
    status, headers, body = fetch(packed, "/plain.json", "br, gzip")
    assert status == 200 and "Content-Encoding" not in headers and "Vary" not in headers
    assert body == b"{}" and headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "no-cache"


def test_a_sibling_older_than_its_file_is_never_sent(packed):
    status, headers, body = fetch(packed, "/stale.css", "gzip")
    assert status == 200 and "Content-Encoding" not in headers
    assert body == b"body {}\n" * 100


def test_head_reports_the_encoded_length_and_sends_no_body(packed):
    status, headers, body = fetch(packed, "/vendor/x.wasm", "br", method="HEAD")
    assert (status, body) == (200, b"")
    assert headers["Content-Encoding"] == "br" and headers["Content-Length"] == str(len(b"BROTLI-BYTES"))
    status, headers, body = fetch(packed, "/vendor/x.wasm", None, method="HEAD")
    assert (status, body) == (200, b"") and headers["Content-Length"] == str(len(WASM))


def test_siblings_are_not_served_for_a_404_or_a_directory(packed):
    assert fetch(packed, "/missing.wasm", "br")[0] == 404
    assert fetch(packed, "/vendor/", "br")[0] == 404


def test_if_modified_since_answers_304(packed):
    _, headers, _ = fetch(packed, "/vendor/x.wasm", "br")
    status, _, body = fetch(packed, "/vendor/x.wasm", "br", headers=[("If-Modified-Since", headers["Last-Modified"])])
    assert (status, body) == (304, b"")
