"""The card "What it expected" as a reader uses it: the line's cells and their numbers, the guesses
on hover and from the keyboard, another line typed in (and a bad one refused), the table for
screen readers, the sentence under it, and presenter mode.

The numbers are checked against CPython's py_core for the same seed: the page's run is Pyodide's,
CPython's is computed here (they agree to ~1e-10 over the first steps; see test_page_parity.py).
"""
from __future__ import annotations

import json
import math

import pytest

from py_core.corpus import sonnets
from py_core.live import SURPRISE_LINE, Live

BASELINE = math.log(28)
CELLS = "[data-testid=surprise] [data-testid=surprise-char]"


def cells(r) -> list[dict]:
    return r.eval("""s => [...document.querySelectorAll(s)].map(c => ({
        char: c.dataset.char, surprise: Number(c.dataset.surprise), guesses: JSON.parse(c.dataset.guesses),
        tab: c.tabIndex, bg: getComputedStyle(c).backgroundColor, fg: getComputedStyle(c).color}))""", CELLS)


def line(r) -> str:
    return "".join(c["char"] for c in cells(r))


def readout(r) -> str:
    return r.eval("() => document.querySelector('[data-testid=surprise-readout]').innerText")


def luminance(css: str) -> float:
    rgb = [int(x) for x in css[css.index("(") + 1:css.index(")")].replace(",", " ").split()[:3]]
    lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def assert_matches(shown: list[dict], expected: dict):
    assert [c["char"] for c in shown] == expected["chars"]
    for i, (c, nats, guesses) in enumerate(zip(shown, expected["surprise"], expected["guesses"])):
        assert abs(c["surprise"] - nats) < 1e-6, (i, c["surprise"], nats)
        assert [g[0] for g in c["guesses"]] == [g[0] for g in guesses], i
        assert all(abs(a[1] - b[1]) < 1e-6 for a, b in zip(c["guesses"], guesses)), i


def test_at_iteration_0_every_character_costs_ln_28(open_reader):
    r = open_reader("?seed=1")
    r.wait(lambda: len(cells(r)) == len(SURPRISE_LINE), "the line's cells")
    shown = cells(r)
    assert line(r) == SURPRISE_LINE  # the opening of the held-out poem
    assert all(abs(c["surprise"] - BASELINE) < 0.01 for c in shown)
    assert_matches(shown, Live(sonnets(), {"seed": 1}).surprise())
    for c in shown:
        ps = [p for _, p in c["guesses"]]
        assert 1 <= len(ps) <= 5 and ps == sorted(ps, reverse=True)
    verdict = r.text("surprise-verdict")
    assert "Spaces cost 3.33 nats, letters 3.33" in verdict and "blind guess" in verdict
    assert "It does not know yet where words end." in verdict
    assert r.page.input_value(r.testid("surprise-input")) == SURPRISE_LINE
    # Text stays readable on every colour of the scale.
    assert all(contrast(c["bg"], c["fg"]) >= 4.5 for c in shown)
    r.assert_clean()
    r.close()


@pytest.fixture(scope="module")
def trained(open_reader):
    """A page with seed 0 after 10 Steps, and CPython's surprise for the same run."""
    r = open_reader("?seed=0")
    for i in range(1, 11):
        r.click("step")
        r.wait(lambda: r.iteration() == i, f"step {i}")
    run = Live(sonnets(), {"seed": 0})
    run.train(10, 60_000)
    r.wait(lambda: any(abs(c["surprise"] - BASELINE) > 0.02 for c in cells(r)), "the cells to change")
    return r, run


def test_the_cells_are_what_py_core_computes_for_the_same_run(trained):
    r, run = trained
    assert_matches(cells(r), run.surprise())
    r.page.wait_for_timeout(600)  # the colours' 0.25 s transition
    low = [(c["char"], c["bg"], c["fg"]) for c in cells(r) if contrast(c["bg"], c["fg"]) < 4.5]
    assert low == []
    assert r.text("surprise-verdict").startswith("Spaces now cost ")


def test_hover_shows_the_top_guesses_and_what_came(trained):
    r, _ = trained
    shown = cells(r)
    for i in (0, 5, 25):
        r.page.hover(f"{CELLS} >> nth={i}")
        r.wait(lambda: "expected" in readout(r), "the readout")
        c = shown[i]
        items = r.eval("""() => [...document.querySelectorAll('[data-testid=surprise-readout] .guesses li')].map(li =>
            [li.querySelector('.guess-symbol').textContent, li.querySelector('.guess-p').textContent, li.classList.contains('actual')])""")
        assert [s for s, _, _ in items] == [("␣" if g == " " else g) for g, _ in c["guesses"]]
        listed = [g for g, _ in c["guesses"]]
        assert [a for _, _, a in items] == [g == c["char"] for g in listed]  # what came, highlighted
        p = math.exp(-c["surprise"])
        quoted = "a space" if c["char"] == " " else f"“{c['char']}”"
        assert f"it gave {quoted} " in readout(r) and f": {c['surprise']:.2f} nats." in readout(r)
        if c["char"] in listed:
            assert items[listed.index(c["char"])][1] in readout(r)  # the same percentage
        assert p > 0
    assert readout(r).startswith("After “…rom the besieged ardea a” it expected:")  # the last 24 characters


def test_keyboard_one_tab_stop_and_arrow_keys(trained):
    r, _ = trained
    assert [c["tab"] for c in cells(r)].count(0) == 1
    r.page.focus(f"{CELLS} >> nth=0")
    r.wait(lambda: "At the start of the line" in readout(r), "the first cell's readout")
    focused = lambda: r.eval("() => Number(document.activeElement.dataset.index)")
    r.page.keyboard.press("ArrowRight")
    assert focused() == 1 and "After “f” it expected" in readout(r)
    r.page.keyboard.press("End")
    assert focused() == len(SURPRISE_LINE) - 1
    r.page.keyboard.press("Home")
    r.page.keyboard.press("ArrowDown")  # the cell below, on the next row of the wrapped line
    below = focused()
    assert 0 < below < len(SURPRISE_LINE)
    tops = r.eval("s => [...document.querySelectorAll(s)].map(c => c.getBoundingClientRect().top)", CELLS)
    assert tops[below] > tops[0]
    r.page.keyboard.press("ArrowUp")
    assert focused() == 0
    assert [c["tab"] for c in cells(r)].count(0) == 1
    r.page.keyboard.press("Tab")  # one tab stop: Tab leaves the line
    assert r.eval("() => !document.activeElement.closest('[data-testid=surprise]')")


def test_the_same_numbers_as_a_table(trained):
    r, _ = trained
    r.page.click("#surprise-table-box summary")
    r.wait(lambda: r.eval("() => !!document.querySelector('[data-testid=surprise-table]').tHead"), "the table")
    table = r.eval("""() => {
        const t = document.querySelector('[data-testid=surprise-table]');
        return {head: [...t.tHead.rows[0].cells].map(c => c.textContent),
                rows: [...t.tBodies[0].rows].map(row => [...row.cells].map(c => c.textContent)),
                caption: t.caption.textContent};
    }""")
    assert table["head"] == ["Character", "Surprise (nats)", "Its top guesses"]
    shown = cells(r)
    assert [row[0] for row in table["rows"]] == [("space" if c["char"] == " " else c["char"]) for c in shown]
    for row, c in zip(table["rows"], shown):
        assert abs(float(row[1]) - c["surprise"]) <= 0.005 + 1e-12
        assert row[2].split(", ")[0].split(" ")[0] == ("space" if c["guesses"][0][0] == " " else c["guesses"][0][0])
    assert SURPRISE_LINE in table["caption"]
    r.page.click("#surprise-table-box summary")


@pytest.mark.parametrize("text, message", [
    ("!!! 123 😀", "The line has no symbol the network knows"),
    ("   ", "The line to read is empty"),
    ("abc " * 40, "The line is too long: 159 characters after normalising; the network reads at most 120."),
])
def test_a_bad_line_is_refused_and_the_last_good_one_stays(trained, text, message):
    r, _ = trained
    before = cells(r)
    r.fill("surprise-input", text)
    r.wait(lambda: r.error() is not None, "the refusal")
    assert message in r.error()
    assert r.page.get_attribute(r.testid("surprise-input"), "aria-invalid") == "true"
    assert cells(r) == before
    r.page.click("#dismiss")


def test_another_line_is_read_and_kept_across_a_reset(trained):
    r, _ = trained
    r.fill("surprise-input", "Shall I compare thee, to a summer's day?")
    r.wait(lambda: line(r) == "shall i compare thee to a summers day", "the new line")
    assert r.error() is None
    assert r.page.get_attribute(r.testid("surprise-input"), "aria-invalid") == "false"
    _, run = trained
    assert_matches(cells(r), run.surprise("Shall I compare thee, to a summer's day?"))
    r.reset()
    r.wait(lambda: all(abs(c["surprise"] - BASELINE) < 0.01 for c in cells(r)), "iteration 0 again")
    assert line(r) == "shall i compare thee to a summers day"
    r.assert_clean()


def test_presenter_mode_shows_the_line_and_its_sentence(open_reader):
    r = open_reader("?present=1", viewport={"width": 1280, "height": 720})
    r.wait(lambda: len(cells(r)) == len(SURPRISE_LINE), "the line's cells")
    assert r.page.is_visible(r.testid("surprise")) and r.page.is_visible(r.testid("surprise-verdict"))
    assert not r.page.is_visible(r.testid("surprise-input"))
    assert r.eval("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]") == [1280, 720]
    bottom = r.eval("() => document.querySelector('[data-testid=surprise-verdict]').getBoundingClientRect().bottom")
    card = r.eval("() => document.getElementById('surprise-card').getBoundingClientRect().bottom")
    assert bottom <= card <= 720  # the sentence is inside its card, on screen
    r.assert_clean()
    r.close()


@pytest.mark.parametrize("spaces, letters, expected", [
    (3.33, 3.34, "Spaces cost 3.33 nats, letters 3.34: a blind guess among 28 symbols costs ln\u00a028\u00a0≈\u00a03.33. "
                 "It does not know yet where words end."),
    (0.9, 2.7, "Spaces now cost 0.9 nats, letters 2.7: it knows where words end."),
    (2.0, 2.6, "Spaces now cost 2.0 nats, letters 2.6: it is beginning to guess where words end."),
    (2.9, 3.0, "Spaces now cost 2.9 nats, letters 3.0: it cannot tell yet where a word ends."),
    (3.1, 2.5, "Spaces now cost 3.1 nats, letters 2.5: it guesses letters better than where a word ends."),
    (None, 2.5, "Letters cost 2.5 nats each on average, against ln\u00a028\u00a0≈\u00a03.33 for a blind guess; "
                "this line has no space to show whether it knows where words end."),
])
def test_the_sentence_claims_only_what_the_two_means_support(trained, spaces, letters, expected):
    r, _ = trained
    chars = ["a", "b", " ", "c"] if spaces is not None else ["a", "b", "c"]
    surprise = [letters + 0.1, letters - 0.1, spaces, letters] if spaces is not None else [letters] * 3
    said = r.eval("""async ([chars, surprise]) => {
        const words = await import('./js/page/surprise-words.js');
        return words.verdict({chars, surprise, guesses: []}, 28, Math.log(28));
    }""", [chars, surprise])
    assert said == expected
