#!/usr/bin/env python3
"""Serve the RNN live page (`web/`) locally: the one-command demo.

    python scripts/serve.py                 # fetch/verify assets, serve on :8000, open a browser
    python scripts/serve.py --port 0 --no-open --no-fetch

The first stdout line is `Serving RNN live at http://HOST:PORT/`. Every response carries a strict
Content-Security-Policy (Pyodide needs only 'wasm-unsafe-eval' beyond 'self'), nosniff and
no-referrer; `vendor/` (versioned files) is cached as immutable, everything else revalidated.
Only files inside `web/` are served: no `..`, no symlink escapes, no directory listings.
Compression: when the browser accepts it (`Accept-Encoding`: br first, then gzip) and
scripts/fetch_assets.py has written a sibling (`x.wasm.br`, `x.wasm.gz`) at least as new as the
file, the sibling's bytes are sent with `Content-Encoding`, the file's own Content-Type, the
sibling's Content-Length and `Vary: Accept-Encoding`; otherwise the file itself (identity).
Frames: the policy's frame-src is default-src's 'self'; `--frame-origin ORIGIN` (repeatable; make_server's
`frame_origins`) adds origins this site's pages may frame, e.g. a panel served elsewhere for the
example article (web/examples/article.html). Nothing here stops other sites framing this one: that
is what an embed is.
Tests use `make_server(port=0)` and run `serve_forever()` in a thread.
"""
from __future__ import annotations

import argparse
import email.utils
import http.server
import os
import socket
import sys
import threading
import urllib.parse
import webbrowser
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEB_DIR = HERE.parent / "web"

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                               "worker-src 'self'; object-src 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
IMMUTABLE = "public, max-age=31536000, immutable"
MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # in order of preference


def accepted_encodings(header: str | None) -> set[str]:
    """The content codings an Accept-Encoding header allows (q=0 refuses; `*` allows all)."""
    allowed, refused, star = set(), set(), False
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if not name:
            continue
        if name == "*":
            star = q > 0
        elif q > 0:
            allowed.add(name)
        else:
            refused.add(name)
    if star:
        allowed |= {name for name, _ in ENCODINGS} - refused
    return allowed


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    _status = 200

    def url_path(self) -> str:
        # getattr: a malformed request is answered before `self.path` is set.
        return urllib.parse.unquote(urllib.parse.urlsplit(getattr(self, "path", "")).path)

    def send_head(self):
        # The base class silently drops `..` segments; refuse them (and `.`, NUL, backslashes)
        # outright, then make sure the real path (symlinks resolved) stays inside the root.
        raw = urllib.parse.urlsplit(self.path).path
        segments = raw.split("/") + self.url_path().split("/")
        if any(s in (".", "..") or "\\" in s or "\0" in s for s in segments):
            self.send_error(404)
            return None
        root = os.path.realpath(self.directory)
        real = os.path.realpath(self.translate_path(self.path))
        if os.path.commonpath([root, real]) != root:
            self.send_error(404)
            return None
        path = self.translate_path(self.path)
        if os.path.isfile(path) and not self.path.endswith("/"):
            return self.send_encoded(path)
        return super().send_head()

    def siblings(self, path: str) -> list[tuple[str, str]]:
        """(coding, sibling path) for each precompressed sibling at least as new as `path`."""
        mtime = os.stat(path).st_mtime
        out = []
        for coding, ext in ENCODINGS:
            try:
                if os.stat(path + ext).st_mtime >= mtime:
                    out.append((coding, path + ext))
            except OSError:
                pass
        return out

    def send_encoded(self, path: str):
        """A file, or its precompressed sibling when the client accepts that coding."""
        siblings = self.siblings(path)
        accepted = accepted_encodings(self.headers.get("Accept-Encoding"))
        coding, source = next(((c, p) for c, p in siblings if c in accepted), (None, path))
        try:
            f = open(source, "rb")
        except OSError:
            self.send_error(404)
            return None
        try:
            fs = os.fstat(f.fileno())
            mtime = int(os.stat(path).st_mtime)  # the file's, whichever bytes are sent
            if self.not_modified(mtime):
                f.close()
                return None
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            if coding:
                self.send_header("Content-Encoding", coding)
            if siblings:
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(fs.st_size))
            self.send_header("Last-Modified", self.date_time_string(mtime))
            self.end_headers()
            return f
        except BaseException:
            f.close()
            raise

    def not_modified(self, mtime: int) -> bool:
        """Answer 304 to a matching If-Modified-Since (as the base class does)."""
        since = self.headers.get("If-Modified-Since")
        if not since or self.headers.get("If-None-Match"):
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, IndexError, OverflowError, ValueError):
            return False
        if when is None or when.tzinfo is None or mtime > when.timestamp():
            return False
        self.send_response(304)
        self.end_headers()
        return True

    def list_directory(self, path):
        self.send_error(404)  # directories are served only through their index.html
        return None

    def end_headers(self):
        for name, value in SECURITY_HEADERS.items():
            if name == "Content-Security-Policy" and self.server.frame_origins:  # (else default-src's 'self')
                value += "; frame-src " + " ".join(("'self'",) + self.server.frame_origins)
            self.send_header(name, value)
        vendor = self.url_path().startswith("/vendor/") and self._status == 200
        self.send_header("Cache-Control", IMMUTABLE if vendor else "no-cache")
        super().end_headers()

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)

    def log_error(self, format, *args):
        # send_error() logs every 4xx here; a missing file is the client's business.
        code = args[0] if args and isinstance(args[0], int) else 500
        if self.server.verbose or code >= 500:
            http.server.BaseHTTPRequestHandler.log_message(self, format, *args)


class Server(http.server.ThreadingHTTPServer):
    verbose = False
    frame_origins: tuple[str, ...] = ()  # origins beyond 'self' that pages may frame

    def handle_error(self, request, client_address):
        # A browser closing a connection mid-transfer is not worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError) and not self.verbose:
            return
        super().handle_error(request, client_address)


def make_server(host: str = "127.0.0.1", port: int = 0, root: Path | str = WEB_DIR,
                verbose: bool = False, frame_origins=()) -> http.server.ThreadingHTTPServer:
    """A bound (not yet serving) server for `root`; call serve_forever(), e.g. in a thread.
    `frame_origins`: origins (scheme://host:port) its pages may frame, besides its own."""
    cls = Server
    if ":" in host:
        cls = type("Server6", (Server,), {"address_family": socket.AF_INET6})
    origins = tuple(_origin(o) for o in frame_origins)
    server = cls((host, port), partial(Handler, directory=str(root)))
    server.verbose = verbose
    server.frame_origins = origins
    return server


def _origin(text: str) -> str:
    """An origin for frame-src, refused unless it is exactly scheme://host[:port]."""
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username or any(c in text for c in " ;,'\""):
        raise ValueError(f"not an origin (scheme://host[:port]): {text!r}")
    return f"{parts.scheme}://{parts.netloc}"


def url_of(server) -> str:
    host, port = server.server_address[:2]
    host = "127.0.0.1" if host == "0.0.0.0" else host
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the RNN live page from web/.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--no-open", action="store_true", help="do not open a browser")
    parser.add_argument("--no-fetch", action="store_true", help="skip scripts/fetch_assets.py")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.add_argument("--frame-origin", action="append", default=[], metavar="ORIGIN",
                        help="another origin this site's pages may frame (repeatable), e.g. http://127.0.0.1:8000")
    args = parser.parse_args(argv)

    if not args.no_fetch:
        sys.path.insert(0, str(HERE))
        import fetch_assets  # its step lines go to stderr: the URL stays the first stdout line
        status = fetch_assets.run(out=sys.stderr)
        if status:
            return status
    try:
        server = make_server(args.host, args.port, WEB_DIR, verbose=args.verbose,
                             frame_origins=args.frame_origin)
    except ValueError as e:
        print(f"serve: --frame-origin: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"serve: cannot listen on {args.host}:{args.port}: {e.strerror or e}",
              file=sys.stderr)
        return 1
    url = url_of(server)
    print(f"Serving RNN live at {url}", flush=True)
    if not args.no_open:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
