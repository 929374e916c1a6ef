"""The lineage view (issue 23): the fixed window, the RNN, the LSTM and attention trained in
lockstep on the panel's text, one chart, one card per model, and a sentence computed from the
numbers shown. web/js/shared/models.js is checked against py_core.models here too."""
from __future__ import annotations

import math
import re

from conftest import Reader
from py_core import models
from test_page_axe import _BypassCSP, axe_violations, axe_source  # noqa: F401  (a fixture)

CARDS = "[data-testid=lineage] .lineage-model"


def cards(r) -> dict:
    return {c["model"]: c for c in r.eval("""s => [...document.querySelectorAll(s)].map(c => ({
        testid: c.dataset.testid, model: c.dataset.model, loss: Number(c.dataset.loss),
        iteration: Number(c.dataset.iteration), params: Number(c.dataset.params),
        year: c.querySelector('.year').textContent, sample: c.querySelector('.lineage-sample').textContent}))""", CARDS)}


def lineage_status(r) -> str:
    return r.text("lineage-status")


def train_lineage(r, until: str, timeout: float = 240):
    r.eval("() => document.querySelector('[data-testid=lineage]').scrollIntoView()")
    r.click("lineage-train")
    r.wait(lambda: lineage_status(r).startswith(until), f"the lineage: {until}", timeout)


def test_models_js_mirrors_py_core(open_reader):
    r = open_reader("")
    js = r.page.evaluate("async () => { const m = await import('/js/shared/models.js'); return {models: m.MODELS, lineage: m.LINEAGE}; }")
    assert js["lineage"] == list(models.LINEAGE)
    for cell in models.LINEAGE:
        assert js["models"][cell]["year"] == models.YEARS[cell]
        assert js["models"][cell]["reach"] == models.reach_setting(cell)
    r.assert_clean()


def test_four_models_train_in_lockstep_and_the_sentence_is_their_numbers(open_reader):
    r = open_reader("?seed=1")
    shown = cards(r)
    assert [c["testid"] for c in shown.values()] == [f"loss-{m}" for m in models.LINEAGE]
    train_lineage(r, "Trained at 5,000", 240)
    shown = cards(r)
    V, H = 28, 64
    lstm_h = models.matched_hidden("lstm", V, models.param_count("rnn", V, H))
    for cell, card in shown.items():
        assert card["iteration"] == 5000  # lockstep: every model has read exactly as much
        assert 1.5 < card["loss"] < math.log(28), (cell, card["loss"])
        assert card["params"] == models.param_count(cell, V, lstm_h if cell == "lstm" else H)
        assert card["year"] == str(models.YEARS[cell])
        assert len(card["sample"]) > 100
    # The panel's own run did not move.
    assert r.iteration() == 0
    # The sentence: the models in the order of the losses shown, with the numbers shown.
    words = r.text("lineage-words")
    named = {"window": "the fixed-window model", "rnn": "the RNN", "lstm": "the LSTM", "attention": "the attention model"}
    order = sorted(shown, key=lambda c: shown[c]["loss"])
    positions = [words.index(named[c]) for c in order]
    assert positions == sorted(positions), (order, words)
    for c in order:
        assert f"{shown[c]['loss']:.2f}" in words
    d = shown["window"]["loss"] - shown["rnn"]["loss"]
    assert ("as good as the RNN" in words) == (abs(d) <= 0.02)
    assert re.search(r"one step took the RNN \d+\.\d\d ms", words)
    # The chart has a curve per model, ending at 5,000.
    assert sorted(r.eval("() => [...document.querySelectorAll('[data-testid=lineage-chart] polyline')].map(p => p.dataset.model)")) \
        == sorted(models.LINEAGE)
    assert "5,000" in r.eval("() => document.querySelector('[data-testid=lineage-chart] svg').getAttribute('aria-label')")
    r.assert_clean()


def test_the_panels_train_pauses_the_lineage_and_it_goes_on(open_reader):
    r = open_reader("?seed=2&speed=max")
    train_lineage(r, "Training", 60)
    r.wait(lambda: min(c["iteration"] for c in cards(r).values()) > 0, "the lineage's first steps")
    r.click("train")  # the panel's Train: it has the worker, the lineage pauses
    r.wait(lambda: lineage_status(r).startswith("Paused at"), "the lineage to pause", 30)
    r.train_until(lambda: r.iteration() >= 50, "the panel's run")
    r.pause()
    at = {c["iteration"] for c in cards(r).values()}
    assert len(at) == 1 and 0 < at.pop() < 5000  # still in lockstep, where it stopped
    assert r.text("lineage-train").startswith("Go on to 5,000")
    train_lineage(r, "Trained at 5,000", 240)
    assert {c["iteration"] for c in cards(r).values()} == {5000}
    r.assert_clean()


def test_no_axe_violations_in_the_trained_lineage(browser, base_url, axe_source):  # noqa: F811
    r = Reader(_BypassCSP(browser), base_url, "?seed=1", {"width": 1280, "height": 800})
    try:
        r.wait_ready()
        train_lineage(r, "Training", 60)
        r.wait(lambda: min(c["iteration"] for c in cards(r).values()) >= 300, "300 lineage steps", 120)
        r.click("lineage-train")  # pause
        r.wait(lambda: lineage_status(r).startswith("Paused"), "the pause")
        assert axe_violations(r, axe_source) == [], "axe found violations in the lineage view"
        r.assert_clean()
    finally:
        r.close()
