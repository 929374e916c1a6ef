"""An embedded panel and the page around it (web/js/page/embed/messages.js): the frame posts its
content height and the host script (web/embed-host.js) sizes the frame from it; the example
article (web/examples/article.html), served from another origin than the panel, drives its frames
with commands and shows their state messages; commands from a window that is not the frame's
parent, or malformed, are ignored with one console warning each; a command cannot start a frame
scrolled out of view. Firefox and WebKit: the cross-origin article, once each."""
from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
import urllib.parse

import pytest

import test_engines as engines  # (a module attribute: its tests are not collected again here)
from conftest import ROOT, WEB, _load_serve

HOST = "host.html"
WARNING = "RNN live: ignored a message"


def frame_root_height(frame) -> int:
    return frame.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")


def test_the_host_script_fits_a_frame_to_its_content(open_reader, base_url):
    page = f"""<!doctype html><meta charset="utf-8"><title>A writer's page</title>
        <h1>An essay</h1><p>Some prose.</p>
        <iframe id="piece" src="{base_url}?embed=1&amp;show=loss,sample" title="RNN live (loss, sample)"
                width="680" height="200" style="max-width: 100%; border: 0"></iframe>
        <script src="{base_url}embed-host.js"></script>"""
    heard = []
    host = lambda context: context.route(f"**/{HOST}", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=page))
    r = open_reader(HOST, wait=False, viewport={"width": 1000, "height": 900}, before=host)
    r.page.expose_function("heard", lambda data: heard.append(data))
    r.eval("() => addEventListener('message', e => window.heard(e.data))")
    frame = None
    r.wait(lambda: (frame := next((f for f in r.page.frames if "embed=1" in f.url), None)) and frame.evaluate(
        "() => document.querySelector('[data-testid=status]').dataset.state") == "ready", "the frame to load", 90)
    frame = next(f for f in r.page.frames if "embed=1" in f.url)
    size = lambda: r.eval("() => document.getElementById('piece').getBoundingClientRect().height")
    r.wait(lambda: abs(size() - frame_root_height(frame)) < 1, "the host script to fit the frame")
    tall = size()
    assert tall > 400  # it was given 200
    assert frame.evaluate("() => document.documentElement.scrollHeight <= innerHeight")  # no scroll bar inside
    heights = [m for m in heard if m.get("type") == "rnn-live:height"]
    assert heights and all(set(m) == {"type", "height"} and isinstance(m["height"], int) for m in heights)
    assert heights[-1]["height"] == frame_root_height(frame)
    # A narrower frame: its pieces stack and it grows; the host script follows.
    r.eval("() => { document.getElementById('piece').style.width = '320px'; }")
    r.wait(lambda: size() > tall + 100 and abs(size() - frame_root_height(frame)) < 1, "the frame to follow its content")
    # A height message from any window but the frame's is not the frame's.
    before = size()
    r.eval("() => postMessage({type: 'rnn-live:height', height: 50}, '*')")
    time.sleep(0.5)
    assert size() == before
    r.assert_clean()
    r.close()


# --- the example article, from another origin ------------------------------------------------------

@pytest.fixture(scope="module")
def article(base_url, tmp_path_factory):
    """The example article as a writer would publish it on their own site: its files copied to
    another server (http://localhost:PORT, another origin and site than the panel's
    http://127.0.0.1:PORT), data-panel pointing at the panel, the panel's origin in frame-src."""
    panel = base_url.rstrip("/")
    site = tmp_path_factory.mktemp("writer")
    (site / "examples").mkdir()
    for name in ["examples/article.js", "examples/article.css", "embed-host.js", "favicon.svg"]:
        shutil.copy(WEB / name, site / name)
    html = (WEB / "examples/article.html").read_text()
    assert 'data-panel="../index.html"' in html and "frame-src 'self'" in html
    html = html.replace('data-panel="../index.html"', f'data-panel="{base_url}index.html"')
    (site / "examples/article.html").write_text(html.replace("frame-src 'self'", f"frame-src 'self' {panel}"))
    server = _load_serve().make_server("127.0.0.1", 0, site, frame_origins=[panel])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/examples/article.html"
    server.shutdown()
    server.server_close()


class Article:
    """The article in Chromium, with what its page heard and what its frames said."""

    def __init__(self, browser, url, panel):
        here = urllib.parse.urlsplit(url)
        self.origins = (f"{here.scheme}://{here.netloc}/", panel.rstrip("/") + "/")
        self.context = browser.new_context(viewport={"width": 1100, "height": 600})
        self.page = self.context.new_page()
        self.errors, self.warnings, self.off = [], [], []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.context.route("**/*", self._route)
        self.page.add_init_script("""window.__heard = [];
            addEventListener('message', e => __heard.push({origin: e.origin, data: e.data, at: performance.now(),
                frame: [...document.querySelectorAll('iframe')].findIndex(f => f.contentWindow === e.source)}));""")
        self.page.goto(url)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(message.text)
        elif message.type == "warning" and WARNING in message.text:
            self.warnings.append(message.text)

    def _route(self, route):
        if route.request.url.startswith(self.origins):
            route.continue_()
        else:
            self.off.append(route.request.url)
            route.abort()

    def frame(self, show: str):
        return next(f for f in self.page.frames if f"show={show}" in f.url)

    def caption(self, frame_id: str) -> tuple[str, str]:
        return tuple(self.page.evaluate("id => [document.querySelector(`[data-state-of=${id}]`).textContent, "
                                        "document.querySelector(`[data-numbers-of=${id}]`).textContent]", frame_id))

    def click(self, selector: str):
        """Click a control in the article's prose, scrolled to where it is (Playwright computes the
        point before its own scroll settles: with the page scrolled it could land on a frame)."""
        self.page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'center'})", selector)
        time.sleep(0.2)
        self.page.click(selector)

    def command(self, frame_id: str, message: dict):
        """Post `message` to the frame as its parent, the article, does."""
        self.page.evaluate("([id, m]) => document.getElementById(id).contentWindow.postMessage(m, '*')", [frame_id, message])


def status(frame) -> str:
    return frame.evaluate("() => document.querySelector('[data-testid=status]').dataset.state")


def iteration(frame) -> int:
    return int(frame.evaluate("() => document.querySelector('[data-testid=iteration]').textContent"))


def wait(predicate, what: str, timeout: float = 60, seen=lambda: ""):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what} {seen()}"
        time.sleep(0.05)
    return value


def test_the_article_drives_its_frames_across_origins(browser, base_url, article):
    a = Article(browser, article, base_url)
    try:
        wait(lambda: a.caption("frame-loss")[0] == "Ready.", "the first figure to be ready", 120)
        loss = a.frame("loss")
        assert loss.url.startswith(base_url) and not article.startswith(base_url.rstrip("/"))
        # The state messages came from the panel's origin, from the frame itself.
        heard = a.page.evaluate("() => __heard.filter(m => m.data && m.data.type === 'rnn-live:state' && m.frame === 0)")
        assert heard and {m["origin"] for m in heard} == {base_url.rstrip("/")}
        assert set(heard[-1]["data"]) == {"type", "state", "iteration", "loss"} and heard[-1]["data"]["state"] == "ready"

        a.click("a[data-command=train]")  # "Train it", in the prose
        wait(lambda: status(loss) == "training" and iteration(loss) > 20, "the figure to train")
        start = a.page.evaluate("() => performance.now()")
        time.sleep(2.0)
        during = a.page.evaluate("t => __heard.filter(m => m.data.type === 'rnn-live:state' && m.frame === 0 && m.at > t)", start)
        assert 2 <= len(during) <= 9, len(during)  # at most 4 a second (and a little slack at the edges)
        its = [m["data"]["iteration"] for m in during]
        assert its == sorted(its) and all(m["data"]["state"] == "training" for m in during)
        a.command("frame-loss", {"type": "rnn-live:command", "command": "train"})  # already training: nothing
        time.sleep(0.4)
        assert status(loss) == "training"

        a.click("a[data-command=pause]")
        wait(lambda: status(loss) == "paused", "the pause", 60,
             lambda: (status(loss), iteration(loss), a.caption("frame-loss"), a.warnings, a.page.evaluate("scrollY")))
        time.sleep(0.5)
        left = iteration(loss)
        wait(lambda: a.caption("frame-loss")[1].startswith(f"Iteration {left:,},"), "the caption to show where it stopped", 5)
        a.click("button[data-command=step]")
        wait(lambda: iteration(loss) == left + 1, "one step")
        time.sleep(0.5)
        assert iteration(loss) == left + 1

        # Not from the parent: a sibling frame (the other figure) cannot drive it.
        heatmap = a.frame("heatmap")
        heatmap.evaluate("() => parent.frames[0].postMessage({type: 'rnn-live:command', command: 'train'}, '*')")
        # Malformed, from the parent: each ignored with one warning.
        bad = [{"type": "rnn-live:command", "command": "fly"},
               {"type": "rnn-live:command", "command": "train", "speed": 9},
               {"type": "rnn-live:command", "command": "skip", "to": 1234},
               {"type": "rnn-live:command", "command": "skip", "to": "5000"},
               {"type": "rnn-live:command", "command": "reset", "to": 5000},
               {"type": "rnn-live:hello"}]
        for message in bad:
            a.command("frame-loss", message)
        a.command("frame-loss", {"type": "something else entirely"})  # not ours: not a word
        a.command("frame-loss", "train")
        wait(lambda: len(a.warnings) >= 1 + len(bad), "the warnings", 10)
        time.sleep(0.8)
        assert len(a.warnings) == 1 + len(bad), a.warnings
        assert "did not come from the page that frames this panel" in a.warnings[0]
        assert status(loss) == "paused" and iteration(loss) == left + 1

        # Out of view, a command is held: the figure trains only once it is back in view.
        a.page.evaluate("() => scrollTo(0, document.documentElement.scrollHeight)")
        wait(lambda: a.page.evaluate("() => document.getElementById('frame-loss').getBoundingClientRect().bottom < 0"), "the figure out of view", 5)
        time.sleep(0.5)
        a.command("frame-loss", {"type": "rnn-live:command", "command": "train"})
        time.sleep(1.5)
        assert status(loss) == "paused" and iteration(loss) == left + 1
        # Meanwhile the second figure's section came into view: it skipped ahead to 5,000.
        heatmap = a.frame("heatmap")
        wait(lambda: iteration(heatmap) == 5000 and status(heatmap) == "paused", "the skip to 5,000", 180,
             lambda: (status(heatmap), iteration(heatmap), a.caption("frame-heatmap")))
        wait(lambda: a.caption("frame-heatmap")[1].startswith("Iteration 5,000,"), "its caption", 5)
        a.page.evaluate("() => scrollTo(0, 0)")
        wait(lambda: status(loss) == "training" and iteration(loss) > left + 1, "the held command once back in view")
        a.click("a[data-command=pause]")
        wait(lambda: status(loss) == "paused", "the pause")

        # The host script sized both frames to their content.
        for frame_id, show in [("frame-loss", "loss"), ("frame-heatmap", "heatmap")]:
            height = a.page.evaluate("id => document.getElementById(id).getBoundingClientRect().height", frame_id)
            assert abs(height - frame_root_height(a.frame(show))) < 1, frame_id
        assert a.errors == [] and a.off == []
    finally:
        a.context.close()


def test_skip_reaches_its_target_in_three_frames_across_origins(browser, base_url, tmp_path):
    """Issue 24: in a cross-origin article with three frames, {command: "skip", to: 5000} left a
    frame at 664 (it was out of view, so its skip was paused and held). A skip runs to its target
    wherever the frame is, and its state messages say so."""
    panel = base_url.rstrip("/")
    frames = "".join(f"""<p class="prose">Prose before figure {i}.</p>
        <iframe id="f{i}" src="{base_url}?embed=1&amp;show=loss&amp;seed={i}" title="Figure {i}"
                width="600" height="400"></iframe>""" for i in (1, 2, 3))
    (tmp_path / "three.css").write_text(".prose { height: 700px } iframe { border: 0 }")  # (no inline styles under its CSP)
    (tmp_path / "three.html").write_text(f"""<!doctype html><html lang="en"><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'self'; frame-src {panel}">
        <link rel="stylesheet" href="three.css"><title>Three figures</title><h1>Three figures</h1>{frames}""")
    server = _load_serve().make_server("127.0.0.1", 0, tmp_path, frame_origins=[panel])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    a = Article(browser, f"http://localhost:{server.server_address[1]}/three.html", base_url)
    # What each frame last said (its state messages come from its state, not from drawing: Chromium
    # does not draw a cross-origin frame far out of view, so its DOM may lag until it is scrolled to).
    said = lambda i: a.page.evaluate("""i => __heard.filter(m => m.frame === i && m.data
        && m.data.type === 'rnn-live:state').map(m => m.data)""", i)
    last = lambda i: (said(i) or [{}])[-1]
    try:
        wait(lambda: all(last(i).get("state") == "ready" for i in (0, 1, 2)), "three frames to be ready", 180,
             lambda: [last(i) for i in (0, 1, 2)])
        # Figure 2 is out of view (the article is at its top), as are figures 1 and 3.
        assert a.page.evaluate("() => document.getElementById('f2').getBoundingClientRect().top > innerHeight")
        a.command("f2", {"type": "rnn-live:command", "command": "skip", "to": 5000})
        wait(lambda: last(1).get("iteration") == 5000 and last(1).get("state") == "paused",
             "figure 2's skip to 5,000", 180, lambda: last(1))
        assert any(m["state"] == "training" for m in said(1))  # it said it was on its way
        # The others did not move.
        assert last(0)["iteration"] == 0 and last(2)["iteration"] == 0
        # Scrolled to, figure 2 shows where it is.
        a.page.evaluate("() => document.getElementById('f2').scrollIntoView()")
        frame = next(f for f in a.page.frames if "seed=2" in f.url)
        wait(lambda: status(frame) == "paused" and iteration(frame) == 5000, "figure 2 drawn at 5,000", 30,
             lambda: (status(frame), frame.evaluate("() => document.querySelector('[data-testid=iteration]').textContent")))
        assert a.errors == [] and a.off == []
    finally:
        a.context.close()
        server.shutdown()
        server.server_close()


# --- Firefox and WebKit ----------------------------------------------------------------------------

def check_engine(out: dict):
    assert "failure" not in out, out.get("failure")
    assert out["training"]["state"] == "Training."
    assert out["paused"]["state"] == "Paused."
    assert out["pausedLater"]["numbers"] == out["paused"]["numbers"] or out["pausedLater"]["numbers"].startswith("Iteration")
    stopped = out["pausedLater"]["numbers"]
    assert stopped.startswith("Iteration ") and stopped != "Iteration 0, loss 3.332 nats/char."
    height = out["pausedLater"]["heights"][0]  # the first figure's (the second, lazy, may not have loaded yet)
    assert height.endswith("px") and float(height[:-2]) > 400, height  # sized by the host script (it was given 700)
    assert out["errors"] == []


def test_firefox_embeds_across_origins(article):
    engines.need(engines.FIREFOX, "Firefox ESR")
    node = shutil.which("node")
    assert node, "Node.js is missing"
    done = subprocess.run([node, str(ROOT / "tests/browser/engines/firefox-embed.mjs"), article, engines.FIREFOX],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0 and lines, f"firefox-embed.mjs failed: {done.stderr[-2000:]}"
    out = json.loads(lines[-1])
    check_engine(out)


READ_ARTICLE = """
return {state: document.querySelector("[data-state-of=frame-loss]").textContent,
        numbers: document.querySelector("[data-numbers-of=frame-loss]").textContent,
        heights: [...document.querySelectorAll("iframe")].map((f) => f.style.height)};
"""


def test_webkit_embeds_across_origins(article):
    with engines.webkit() as driver:
        out = {"errors": []}
        read = lambda: driver.execute_script(READ_ARTICLE)  # noqa: E731

        def until(test, what, seconds):
            deadline = time.monotonic() + seconds
            while not test(now := read()):
                assert time.monotonic() < deadline, f"timed out waiting for {what}: {now}"
                time.sleep(0.1)
            return now

        driver.set_window_size(1000, 900)
        driver.get(article)
        driver.execute_script(engines.RECORD_ERRORS)
        out["ready"] = until(lambda s: s["state"] == "Ready.", "the first figure", engines.LOAD_TIMEOUT)
        driver.find_element("css selector", "a[data-command=train]").click()
        out["training"] = until(lambda s: s["state"] == "Training." and s["numbers"].startswith("Iteration ")
                                and not s["numbers"].startswith("Iteration 0,"), "training", 60)
        driver.find_element("css selector", "a[data-command=pause]").click()
        out["paused"] = until(lambda s: s["state"] == "Paused.", "the pause", 30)
        time.sleep(1)
        out["pausedLater"] = read()
        out["errors"] = driver.execute_script("return window.__errors")
    check_engine(out)
