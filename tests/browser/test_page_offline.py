"""Return visits and offline (web/sw.js, docs/offline.md): after a first visit the page loads from
the service worker's cache, with no request for its files and with no network at all; a new build
replaces the cached one whole; a first visit that fails leaves nothing behind.

Each test serves its own copy of web/ (hard links; a file a test changes is replaced, never
written through) from scripts/serve.py, counting the requests that reach the server, and opens a
new browser context, which starts with no service worker. Behaviour only, never timings.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from functools import partial
from pathlib import Path

import pytest

from conftest import ROOT, WEB, Reader, _load_serve

sys.path.insert(0, str(ROOT / "scripts"))
import fetch_assets  # noqa: E402

INSTALL_TIMEOUT = 90  # the worker fetches and checks ~25 MB beside a page that is loading Python


def precache(root: Path) -> dict:
    text = (root / "web/generated/precache.js").read_text()
    return json.loads(text.split("= ", 1)[1].rstrip().rstrip(";"))


class Site:
    """A copy of web/ served by scripts/serve.py; `hits` are the paths the server was asked for."""

    def __init__(self, tmp: Path):
        self.root = tmp
        shutil.copytree(WEB, tmp / "web", copy_function=os.link)
        serve = _load_serve()
        hits = self.hits = []

        class Handler(serve.Handler):
            def send_head(self):
                hits.append(self.url_path())
                return super().send_head()

        self.server = serve.Server(("127.0.0.1", 0), partial(Handler, directory=str(tmp / "web")))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def replace(self, rel: str, text: str):
        """A new version of one file (a new inode: the original stays as it was), and the new
        precache list that a build would write with it."""
        path = self.root / "web" / rel
        path.unlink()
        path.write_text(text)
        pc = self.root / "web/generated/precache.js"
        pc.unlink()
        pc.write_bytes(fetch_assets.precache_script(self.root))

    def close(self):
        """Stop serving (the origin is then unreachable, as with no network at all)."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def site(tmp_path):
    s = Site(tmp_path)
    yield s
    s.close()


def worker_state(r) -> dict:
    return r.eval("""async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        return { active: reg && reg.active ? reg.active.state : null, waiting: !!(reg && reg.waiting),
                 installing: !!(reg && reg.installing), controlled: !!navigator.serviceWorker.controller,
                 registrations: (await navigator.serviceWorker.getRegistrations()).length };
    }""")


def cached(r) -> dict:
    """cache name -> {path: the build header it was stored with}."""
    return r.eval("""async () => {
        const out = {};
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            out[name] = {};
            for (const request of await cache.keys()) {
                const response = await cache.match(request);
                out[name][new URL(request.url).pathname.slice(1)] = response.headers.get('x-rnn-live-build');
            }
        }
        return out;
    }""")


def marked(r) -> bool:
    """The page shows the new build's marker (False while a navigation replaces the page)."""
    try:
        return r.eval("() => !!document.querySelector('meta[name=rnn-live-build]')")
    except Exception as e:  # (the Refresh the old build answers with: the page is replaced)
        if "navigat" in str(e) or "destroyed" in str(e):
            return False
        raise


def wait_installed(r):
    r.wait(lambda: worker_state(r)["active"] == "activated", "the service worker to install", INSTALL_TIMEOUT)


def train_a_little(r):
    r.train_until(lambda: r.iteration() >= 20, "training")
    assert r.loss() < 3.34


def test_a_return_visit_loads_from_the_cache_and_offline(browser, site):
    listing = precache(site.root)
    r = Reader(browser, site.url)
    try:
        r.wait_ready()
        wait_installed(r)
        # The first visit is never taken over: it stays on the network to the end.
        assert worker_state(r)["controlled"] is False
        assert cached(r) == {f"rnn-live-{listing['version']}": {p: listing["version"] for p, _, _ in listing["files"]}}

        # A return visit: none of the page's files is asked for again (only the update check).
        before = len(site.hits)
        r.page.reload()
        r.wait_ready()
        assert worker_state(r)["controlled"] is True
        assert set(site.hits[before:]) <= {"/sw.js", "/generated/precache.js"}, site.hits[before:]
        train_a_little(r)

        # No network at all (the context offline, and the server gone too: Chromium's update check
        # of the service worker is not subject to the context's emulation): it still loads and
        # trains, with the URL's settings.
        r.context.set_offline(True)
        site.close()
        r.page.goto(site.url + "?seed=3&hidden=32")
        r.wait_ready()
        assert r.page.input_value(r.testid("hidden")) == "32"
        train_a_little(r)
        assert r.error() is None
        assert r.page_errors == [] and r.dialogs == [] and r.off_origin == []
    finally:
        r.close()


def test_a_new_build_replaces_the_cached_one_whole(browser, site):
    old = precache(site.root)["version"]
    r = Reader(browser, site.url)
    try:
        r.wait_ready()
        wait_installed(r)
        index = (site.root / "web/index.html").read_text()
        next_index = index.replace("<title>", '<meta name="rnn-live-build" content="next">\n  <title>', 1)
        site.replace("index.html", next_index)
        new = precache(site.root)["version"]
        assert new != old

        # The next visit still gets the old build, whole, and the browser finds the new one.
        r.page.reload()
        r.wait_ready()
        assert not marked(r)
        r.wait(lambda: worker_state(r)["waiting"], "the new build to install beside the old", INSTALL_TIMEOUT)
        assert set(cached(r)) == {f"rnn-live-{old}", f"rnn-live-{new}"}

        # Reloading the only page lets it take over: the new build, and only the new build's cache.
        r.page.reload()
        r.wait(lambda: marked(r), "the page of the new build", 60)
        r.wait_ready()
        r.wait(lambda: set(cached(r)) == {f"rnn-live-{new}"}, "the old build's cache to be deleted")
        assert set(cached(r)[f"rnn-live-{new}"].values()) == {new}
        assert worker_state(r)["controlled"] is True
        train_a_little(r)
        assert r.page_errors == [] and r.dialogs == [] and r.off_origin == []
    finally:
        r.close()


def test_a_damaged_file_means_no_cache_and_a_failed_first_visit_leaves_nothing(browser, site):
    # A file the page itself does not load (the example article's style), damaged on the way:
    # the page is ready as usual, but the worker refuses the build, so no return visit uses it.
    damaged = []

    def damage(route):
        damaged.append(route.request.url)
        route.fulfill(status=200, content_type="text/css", body="/* not the file the list names */")

    r = Reader(browser, site.url, before=lambda context: context.route("**/examples/article.css", damage))
    try:
        r.wait_ready()
        # (worker_state first: the sync API handles the routes only while the test calls into the page)
        r.wait(lambda: worker_state(r) and damaged, "the service worker to fetch the file", INSTALL_TIMEOUT)
        r.wait(lambda: worker_state(r)["registrations"] == 0 and not cached(r), "the failed install to leave nothing")
        r.assert_clean()
    finally:
        r.close()

    # A first visit whose file is missing shows the page's error, and registers nothing.
    missing = lambda context: context.route("**/assets/sonnets.txt", lambda route: route.fulfill(status=404, body="gone"))
    r = Reader(browser, site.url, before=missing)
    try:
        r.wait(lambda: r.state() == "error", "the error", 90)
        assert "sonnets" in r.error().lower()
        assert worker_state(r)["registrations"] == 0 and cached(r) == {}
    finally:
        r.close()
