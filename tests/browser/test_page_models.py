"""The fixed-window and attention models on the page (?cell=window, ?cell=attention): each trains,
its loss falls, it writes a sample and fills the heatmap (its hidden layer), and shows its own
memory view under it -- the window model the n characters it sees, the attention model its
attention map, whose cells are checked against CPython's Live.attention_map for the same weights
(saved from the page). Bad window and span values get the settings table's words. axe over both.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import Reader
from py_core import settings
from py_core.live import Live
from test_page_axe import _BypassCSP, axe_violations, axe_source  # noqa: F401  (a fixture)

CELLS = "[data-testid=attention-map] [data-testid=attention-cell]"


def attention_cells(r) -> list[dict]:
    return r.eval("""s => [...document.querySelectorAll(s)].map(c => ({head: Number(c.dataset.head),
        query: Number(c.dataset.query), key: Number(c.dataset.key), value: Number(c.dataset.value)}))""", CELLS)


def trained(r, n: int = 150):
    r.train_until(lambda: r.iteration() >= n, f"{n} iterations")
    r.wait(lambda: r.eval("() => document.querySelectorAll('[data-testid=heatmap] .heatmap-cell').length") > 0,
           "the heatmap")


@pytest.mark.parametrize("cell", ["window", "attention"])
def test_each_model_trains_on_the_page(open_reader, cell):
    r = open_reader(f"?cell={cell}&seed=1&speed=max")
    assert r.page.input_value(r.testid("cell")) == cell
    trained(r)
    loss = float(r.text("loss").split()[0])
    assert loss < 3.2, loss  # from ln 28 = 3.33
    assert len(r.text("sample")) > 50
    mine, theirs = ("window-view", "attention-map") if cell == "window" else ("attention-map", "window-view")
    assert r.page.is_visible(r.testid(mine)) and not r.page.is_visible(r.testid(theirs))
    # The units card says plainly that this model has no recurrent state.
    r.eval("() => document.querySelector('[data-testid=units]').scrollIntoView()")
    r.wait(lambda: "no recurrent state" in r.eval("() => document.getElementById('units-whose').textContent"),
           "the units card's sentence", 60)
    # The memory-reach figure says there is no memory vector to measure.
    r.wait(lambda: "carries no memory vector" in r.eval("() => document.getElementById('decay-caption')?.textContent || document.body.textContent"),
           "the memory figure's sentence", 30)
    r.assert_clean()


def test_the_window_view_highlights_exactly_n_characters(open_reader):
    r = open_reader("?cell=window&window=5&seed=1")
    trained(r, 20)
    phrase = r.eval("() => [...document.querySelectorAll('[data-testid=window-char]')].map(c => c.textContent).join('')")
    assert phrase.replace("␣", " ") == "shall i compare"
    seen = lambda: r.eval("() => [...document.querySelectorAll('[data-testid=window-char]')].map(c => c.dataset.seen === 'true')")
    assert seen() == [False] * 10 + [True] * 5  # after the last character: the last 5
    r.page.focus(r.testid("window-position"))
    r.page.keyboard.press("Home")  # after the first character: it alone
    r.wait(lambda: seen() == [True] + [False] * 14, "the view after the first character")
    for _ in range(7):
        r.page.keyboard.press("ArrowRight")  # after character 8: characters 4..8
    r.wait(lambda: seen() == [False] * 3 + [True] * 5 + [False] * 7, "the view after character 8")
    assert "n = 5" in r.text("window-words") and "these 5 characters" in r.text("window-words")
    r.assert_clean()


def test_the_attention_map_is_live_attention_map(open_reader):
    r = open_reader("?cell=attention&seed=1&speed=max")
    trained(r, 100)
    r.pause()
    # The map after the pause: the snapshot of the last chunk may still be on its way, so wait
    # until it has not changed for a second (not until it equals the first read after the
    # pause, which it may never do again).
    seen = {"last": None, "since": 0.0}

    def settled():
        now = attention_cells(r)
        if now != seen["last"]:
            seen.update(last=now, since=time.monotonic())
        return bool(now) and time.monotonic() - seen["since"] >= 1.0

    r.wait(settled, "the map to settle")
    cells = seen["last"]
    T = len("shall i compare")
    assert cells and {c["head"] for c in cells} == {0, 1}
    for head in (0, 1):
        for q in range(T):
            row = [c for c in cells if c["head"] == head and c["query"] == q]
            assert sorted(c["key"] for c in row) == list(range(q + 1))  # every key up to the query, none after
            assert abs(sum(c["value"] for c in row) - 1) < 1e-9
    # The same numbers as CPython's, for the page's weights (saved and loaded).
    with r.page.expect_download() as download:
        r.click("save")
    run = Live.load(Path(download.value.path()).read_text())
    expected = run.attention_map()
    shown = attention_cells(r)
    if run.trainer.iteration == r.iteration():
        for c in shown:
            assert abs(c["value"] - expected["heads"][c["head"]][c["query"]][c["key"]]) < 1e-9
    r.assert_clean()


@pytest.mark.parametrize("query, name, raw", [("?window=0", "window", "0"), ("?window=65", "window", "65"),
                                              ("?context=1", "context", "1")])
def test_bad_window_and_span_get_the_tables_words(open_reader, query, name, raw):
    r = open_reader(query)
    assert r.state() == "ready"
    assert str(settings.BY_NAME[name].refuse(raw)) in (r.error() or "")
    r.assert_clean()


@pytest.mark.parametrize("cell", ["window", "attention"])
def test_no_axe_violations_with_each_models_view(browser, base_url, axe_source, cell):  # noqa: F811
    r = Reader(_BypassCSP(browser), base_url, f"?cell={cell}&seed=1&speed=max", {"width": 1280, "height": 800})
    try:
        r.wait_ready()
        trained(r, 60)
        r.pause()
        assert axe_violations(r, axe_source) == [], f"{cell}: axe found violations"
        r.assert_clean()
    finally:
        r.close()
