"""Embed mode as a writer uses it: the Embed button's <iframe> snippet, the panel alone in 960 ×
≤ 1000 pixels and down to 320 wide, pausing while scrolled out of view or while its tab is hidden,
and resuming only what was running."""
from __future__ import annotations

import time
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

HOST = "host.html"  # a writer's page, served by a route: a long article with the snippet in it

SNIPPET_HEIGHT = 940  # the <iframe> height the Embed snippet asks for (EMBED_SIZE in web/js/page/share.js)


class Iframes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.found.append(dict(attrs))


def frame_state(frame) -> str:
    return frame.evaluate("document.querySelector('[data-testid=status]').dataset.state")


def frame_iteration(frame) -> int:
    return int(frame.evaluate("document.querySelector('[data-testid=iteration]').textContent"))


def overflow(r) -> list[str]:
    """Elements that stick out of the page on the right (not counting what scrolls inside a box
    that fits, such as a heatmap wider than a phone: its cells stay 24 px targets)."""
    return r.eval("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .filter(e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)
                && a.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5) return false;
          } return true; })
        .map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)""")


@pytest.fixture(scope="module")
def snippet(open_reader):
    """The Embed button's snippet, from the full page with two settings changed."""
    r = open_reader("?seed=5&temperature=0.8")
    r.click("embed")
    assert r.page.is_visible(r.testid("embed-sheet"))
    code = r.page.input_value(r.testid("embed-code"))
    r.assert_clean()
    r.close()
    return code


def test_the_embed_button_gives_an_iframe_snippet(snippet, base_url):
    parser = Iframes()
    parser.feed(snippet)
    assert len(parser.found) == 1, snippet
    iframe = parser.found[0]
    src = urlsplit(iframe["src"])
    assert iframe["src"].startswith(base_url)
    assert parse_qs(src.query) == {"cell": ["rnn"], "hidden": ["64"], "seq": ["25"], "lr": ["0.1"], "clip": ["5"], "seed": ["5"],
                                   "temperature": ["0.8"], "speed": ["max"], "embed": ["1"]}
    assert iframe["width"] == "960" and int(iframe["height"]) == SNIPPET_HEIGHT
    assert iframe["title"] and "fullscreen" in iframe["allow"]


def test_embed_shows_the_panel_alone_within_960_by_1000(open_reader):
    r = open_reader("?embed=1", viewport={"width": 960, "height": 1000})
    for name in ["train", "step", "reset", "skip", "loss", "loss-chart", "sample", "heatmap", "timeline"]:
        assert r.page.is_visible(r.testid(name)), name
    for name in ["article", "corpus-input", "hidden", "present", "share", "save"]:
        assert not r.page.is_visible(r.testid(name)), name
    assert not r.page.is_visible(".colophon")
    assert r.page.locator("h1").bounding_box()["width"] <= 1  # for screen readers only (visually hidden)
    assert r.page.is_visible(r.testid("open-full"))
    assert "embed" not in r.page.get_attribute(r.testid("open-full"), "href")
    fits = lambda: r.eval("""() => [document.documentElement.scrollWidth,
        Math.ceil(document.querySelector('main').getBoundingClientRect().bottom + scrollY)]""")
    width, height = fits()
    assert width <= 960 and height <= 1000, (width, height)
    r.click("skip")  # a trained panel: longer samples, a full timeline
    r.wait(lambda: r.state() == "paused" and r.iteration() == 5000, "the skip", 180)
    width, height = fits()
    assert width <= 960 and height <= 1000, (width, height)
    assert height <= SNIPPET_HEIGHT  # no scroll bar in the snippet's frame, whatever the samples say
    # The article's figures are not on screen, so the worker does not spend time on them.
    assert r.eval("() => document.querySelector('[data-testid=gradient-decay]').dataset.values") == "[]"
    assert r.text("ngram-sample") == ""
    r.assert_clean()
    r.close()


@pytest.mark.parametrize("width", [320, 600])
def test_embed_reflows_down_to_320_pixels(open_reader, width):
    r = open_reader("?embed=1", viewport={"width": width, "height": 640})
    assert r.eval("() => document.documentElement.scrollWidth") <= width
    assert overflow(r) == []
    r.click("step")
    r.wait(lambda: r.iteration() == 1, "a step")
    assert overflow(r) == []
    r.assert_clean()
    r.close()


def test_an_embedded_panel_pauses_out_of_view_and_resumes_where_it_was(snippet, open_reader):
    # The snippet as given, except its loading="lazy": headless Chromium starts a lazy iframe's load
    # only when it gets round to it (a real browser loads it as it nears the viewport).
    assert ' loading="lazy"' in snippet
    page = f"""<!doctype html><meta charset="utf-8"><title>A writer's page</title>
        <h1>An essay</h1><p>Some prose above the panel.</p>{snippet.replace(' loading="lazy"', '')}
        <div style="height: 4000px">More prose, far below.</div>"""
    host = lambda context: context.route(f"**/{HOST}", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=page))
    r = open_reader(HOST, wait=False, viewport={"width": 1100, "height": 900}, before=host)
    deadline = time.monotonic() + 90
    frame = None
    while frame is None or frame_state(frame) != "ready":
        assert time.monotonic() < deadline, "the embedded panel did not load"
        frame = next((f for f in r.page.frames if "embed=1" in f.url), None)
        time.sleep(0.1)
    wait = lambda predicate, what: r.wait(predicate, what, 60)

    frame.click("[data-testid=train]")
    wait(lambda: frame_state(frame) == "training", "the embedded panel to train")
    r.eval("() => window.scrollTo(0, 3000)")  # the writer's reader scrolls on
    wait(lambda: frame_state(frame) == "paused", "the panel out of view to pause")
    left = frame_iteration(frame)
    time.sleep(0.6)
    assert frame_iteration(frame) == left
    r.eval("() => window.scrollTo(0, 0)")
    wait(lambda: frame_state(frame) == "training", "the panel back in view to resume")
    wait(lambda: frame_iteration(frame) > left, "training to go on from where it was")

    # Paused by the reader: it stays paused when it comes back into view.
    frame.click("[data-testid=train]")
    wait(lambda: frame_state(frame) == "paused", "the reader's pause")
    r.eval("() => window.scrollTo(0, 3000)")
    time.sleep(0.5)
    r.eval("() => window.scrollTo(0, 0)")
    time.sleep(1.0)
    assert frame_state(frame) == "paused"
    r.assert_clean()
    r.close()


def test_an_embedded_panel_pauses_while_its_tab_is_hidden(open_reader):
    r = open_reader("?embed=1", viewport={"width": 960, "height": 900})
    visibility = """hidden => {
        if (hidden) Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        else delete document.visibilityState;
        document.dispatchEvent(new Event('visibilitychange'));
    }"""
    r.click("train")
    r.wait(lambda: r.state() == "training", "training")
    r.eval(visibility, True)
    r.wait(lambda: r.state() == "paused", "a hidden tab to pause")
    r.eval(visibility, False)
    r.wait(lambda: r.state() == "training", "the tab shown again to resume")
    r.pause()
    r.eval(visibility, True)
    r.eval(visibility, False)
    time.sleep(0.8)
    assert r.state() == "paused"
    r.assert_clean()
    r.close()


def tool_row(r) -> list[dict]:
    """The panel's tool buttons that are shown, left to right: id and bounding box."""
    return r.eval("""() => [...document.querySelectorAll('#tools > *')].filter(e => e.getClientRects().length)
        .map(e => { const b = e.getBoundingClientRect();
                    return {id: e.id, top: b.top, bottom: b.bottom, left: b.left, right: b.right}; })""")


@pytest.mark.parametrize("width", [320, 390])
def test_the_embeds_tool_row_stays_one_row_down_to_320_pixels(open_reader, width):
    r = open_reader("?embed=1", viewport={"width": width, "height": 600})
    row = tool_row(r)
    ids = [b["id"] for b in row]
    assert "keys" in ids and "open-full" in ids, ids
    keys = row[ids.index("keys")]
    for box in row:  # the same row, the same height: ? has not wrapped, nor has a label inside its button
        assert abs(box["top"] - keys["top"]) < 1 and abs(box["bottom"] - keys["bottom"]) < 1, row
    for left, right in zip(row, row[1:]):
        assert left["right"] <= right["left"], row
    assert row[-1]["right"] <= width and overflow(r) == []
    r.assert_clean()
    r.close()
