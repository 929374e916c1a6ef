"""Pieces of the panel in a frame (`?embed=1&show=…`, web/js/page/embed/parts.js): each part alone
and in pairs at 320 and 680 pixels wide shows what it names and nothing else, with nothing sticking
out or cut off; a `show` the page cannot honour gets a message naming the valid parts (and the
whole panel, never a blank frame); the Embed sheet builds the snippet for the pieces ticked, at the
width chosen, with its height from the live preview; axe finds nothing in the pieces."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

import test_page_axe as axe  # (a module attribute: its tests are not collected again here)
from conftest import Reader
from test_page_embed import overflow

# part -> what a reader sees of it (a data-testid inside it)
SEEN = {"controls": "train", "loss": "loss-chart", "sample": "sample", "heatmap": "heatmap",
        "timeline": "timeline", "surprise": "surprise", "game": "game", "compare": "compare"}
SHOWS = ["controls", "loss", "sample", "heatmap", "timeline", "surprise", "game", "compare",
         "loss,sample", "controls,heatmap", "timeline,surprise", "controls,game", "compare,controls"]


def query(show: str) -> str:
    return f"?embed=1&show={show}" + ("&compare=1" if "compare" in show else "")


def cut_off(r, parts: list[str]) -> list[str]:
    """Shown parts whose box is not wholly inside the page horizontally, or has no height."""
    return r.eval("""names => names.filter(name => {
        const e = document.querySelector(`[data-testid=${name}]`).closest('.card, .controlbar');
        const b = e.getBoundingClientRect();
        return b.height < 1 || b.left < -0.5 || b.right > document.documentElement.clientWidth + 0.5; })""",
                  [SEEN[p] for p in parts])


@pytest.mark.parametrize("show", SHOWS)
def test_a_piece_shows_only_what_it_names_at_320_and_680_pixels(open_reader, show):
    parts = show.split(",")
    r = open_reader(query(show), viewport={"width": 680, "height": 700})
    if "controls" in parts:
        r.click("step")
    for width in (320, 680):
        r.page.set_viewport_size({"width": width, "height": 700})
        r.eval("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        for part, testid in SEEN.items():
            assert r.page.is_visible(r.testid(testid)) == (part in parts), (width, part)
        assert r.page.is_visible(r.testid("status"))  # loading, errors: always shown
        assert r.error() is None
        assert r.eval("() => document.documentElement.scrollWidth") <= width
        assert overflow(r) == [], width
        assert cut_off(r, parts) == [], width
    r.assert_clean()
    r.close()


@pytest.mark.parametrize("show, why", [
    ("nonsense", "“nonsense” is not one of them"),
    ("", "the list of parts is empty"),
    ("loss,,sample", "empty item"),
    ("games", "“games” is not one of them"),
    ("compare", "needs compare mode: add compare=1"),
])
def test_a_show_it_cannot_honour_gets_a_message_and_the_whole_panel(open_reader, show, why):
    r = open_reader(f"?embed=1&show={show}", wait=False, viewport={"width": 680, "height": 700})
    r.wait(lambda: r.error(), "the message")
    message = r.error()
    assert why in message, message
    assert "The parts it can show are controls, loss, sample, heatmap, timeline, surprise, game, compare (with compare=1)." in message
    assert "Showing the whole panel instead." in message
    for testid in ["train", "loss-chart", "sample", "heatmap", "timeline"]:  # (as ?embed=1 alone)
        assert r.page.is_visible(r.testid(testid)), testid
    r.wait_ready()  # and the panel works
    r.click("step")
    r.wait(lambda: r.iteration() == 1, "a step")
    r.assert_clean()
    r.close()


def test_a_long_show_is_quoted_cut_and_as_text(open_reader):
    r = open_reader("?embed=1&show=<b>loss</b>,sample,heatmap,and-a-lot-more", wait=False)
    r.wait(lambda: r.error(), "the message")
    assert "cannot show “<b>loss</b>,sample,heat…”: “<b>loss</b>” is not one of them." in r.error()
    assert r.eval("() => document.querySelector('[data-testid=error] b')") is None
    r.close()


class Snippet(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_embed_sheet_builds_a_snippet_for_the_pieces_ticked(open_reader, base_url):
    r = open_reader("?seed=5")
    r.click("embed")
    for part in ["controls", "heatmap", "timeline", "surprise"]:
        r.page.uncheck(r.testid(f"embed-part-{part}"))
    assert not r.page.is_visible(r.testid("embed-part-compare"))  # not in compare mode
    assert not r.page.is_checked(r.testid("embed-part-game"))  # not in the whole panel
    assert not r.page.is_checked(r.testid("embed-part-surprise"))  # not in the whole panel
    r.page.select_option(r.testid("embed-width"), "680")
    preview = r.page.frame_locator(r.testid("embed-preview"))
    r.wait(lambda: "Height" in r.page.text_content("#embed-size-note"), "the preview to measure its height", 90)
    assert preview.locator(r.testid("status")).get_attribute("data-state") == "ready"
    tags = Snippet(r.page.input_value(r.testid("embed-code"))).tags
    assert [tag for tag, _ in tags] == ["iframe", "script"]
    frame, script = tags[0][1], tags[1][1]
    src = urlsplit(frame["src"])
    assert frame["src"].startswith(base_url) and parse_qs(src.query)["show"] == ["loss,sample"]
    assert parse_qs(src.query)["seed"] == ["5"] and parse_qs(src.query)["embed"] == ["1"]
    assert frame["width"] == "680" and frame["loading"] == "lazy" and frame["title"]
    assert script["src"] == base_url + "embed-host.js"
    # The preview is this page, at that width, showing those pieces; its content is the snippet's height.
    box = r.page.locator(r.testid("embed-preview")).bounding_box()
    assert round(box["width"]) == 680
    inner = preview.locator(":root").evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    assert int(frame["height"]) == inner
    assert preview.locator(r.testid("sample")).is_visible() and not preview.locator(r.testid("heatmap")).is_visible()
    # Closing the sheet ends the preview (and its worker).
    r.click("embed")
    assert r.page.locator(r.testid("embed-preview")).count() == 0
    r.assert_clean()
    r.close()


@pytest.mark.parametrize("show, width", [("loss,sample", 320), ("controls,heatmap,surprise", 680), ("game", 320)])
def test_no_axe_violations_in_the_pieces(browser, base_url, show, width):
    source = (axe.AXE).read_text()
    r = Reader(axe._BypassCSP(browser), base_url, f"?embed=1&show={show}", {"width": width, "height": 700})
    try:
        r.wait_ready()
        assert axe.axe_violations(r, source) == []
        r.assert_clean()
    finally:
        r.close()


def test_no_axe_violations_in_the_embed_sheet_builder(browser, base_url):
    source = (axe.AXE).read_text()
    r = Reader(axe._BypassCSP(browser), base_url, "", {"width": 1280, "height": 800})
    try:
        r.wait_ready()
        r.click("embed")
        r.page.uncheck(r.testid("embed-part-timeline"))
        assert axe.axe_violations(r, source) == []
        r.assert_clean()
    finally:
        r.close()


def test_the_game_alone_in_a_narrow_frame_is_played_against_the_network(open_reader):
    from test_page_game import check_round, play, round_ready, RAW
    from py_core.corpus import sonnets
    from py_core.live import Live

    r = open_reader("?embed=1&show=game&seed=2", viewport={"width": 320, "height": 700})
    round_ready(r, 1)
    run = Live(sonnets(), {"seed": 2})
    line = run.game_lines(RAW)[0]
    reader = play(r, line, "RWR")
    check_round(r, run, line, reader)  # the network's guesses and both scores, from CPython
    assert r.eval("() => document.documentElement.scrollWidth") <= 320
    r.assert_clean()
    r.close()
