"""The article under the panel, as a reader meets it: real mathematics, concepts linked to the
panel, and its shortcomings made live — the memory-reach plot falling with k, the measured cost of
a step, and the n-gram rival scored on held-out verse, with the same numbers CPython's py_core gives.
"""
from __future__ import annotations

import json
import math

import pytest

from py_core.corpus import SONNETS_PATH, sonnets
from py_core.live import Live
from reader_texts import OWL_AND_PUSSYCAT

LUCRECE = (SONNETS_PATH.parent / "lucrece.txt").read_text()

# A reader's own text with no q, x or z: those are dropped from Lucrece before scoring.
CUSTOM = OWL_AND_PUSSYCAT


def decay(r) -> dict:
    """The plotted memory reach: the list on the element, its points, and the iteration."""
    return r.eval("""() => {
        const el = document.querySelector('[data-testid="gradient-decay"]');
        return {values: JSON.parse(el.dataset.values || '[]'), iteration: el.dataset.iteration,
                points: [...el.querySelectorAll('[data-k]')].map(p => [Number(p.dataset.k), Number(p.dataset.value)])};
    }""")


def cell(r, element_id: str) -> str:
    return r.eval("id => document.getElementById(id).textContent.trim()", element_id)


def python_comparison(text: str, steps: int = 0) -> dict:
    run = Live(text, {})
    run.set_held_out(LUCRECE)
    if steps:
        run.train(steps, 1e9)
    return {**run.comparison(), "dropped": run.set_held_out(LUCRECE)["dropped"]}


@pytest.fixture(scope="module")
def python_start() -> dict:
    return python_comparison(sonnets())


def test_the_article_is_real_prose_with_real_mathematics(reader):
    r = reader
    assert r.page.locator(r.testid("article")).count() == 1
    headings = r.eval("() => [...document.querySelectorAll('[data-testid=article] h3, [data-testid=article] h4')].map(h => h.textContent)")
    for heading in ["Give the network a memory, and let it read one symbol at a time", "How it works",
                    "Learning: backpropagation through time", "Why gradients explode, and how clipping caps them",
                    "Adagrad: a step size for every weight", "Letters, not words", "Where it falls short",
                    "It forgets", "It is strictly sequential", "One vector for the whole past"]:
        assert heading in headings, heading
    article = r.text("article")
    assert len(article.split()) > 1500
    for phrase in ["the past flowing into the present", "LSTM", "1997", "Transformer", "attention", "n-gram"]:
        assert phrase.lower() in article.lower(), phrase
    # The equations are MathML (native in Chromium), laid out as mathematics, not text.
    blocks = r.eval("""() => [...document.querySelectorAll('[data-testid=article] math[display=block]')]
        .map(m => ({text: m.textContent.replace(/\\s+/g, ''), height: m.getBoundingClientRect().height}))""")
    assert len(blocks) >= 3
    assert blocks[0]["text"] == "ht=tanh(Wxh\u2062xt+Whh\u2062ht−1+bh)"
    assert blocks[1]["text"] == "pt=softmax(Why\u2062ht+by)"
    assert r.eval("() => document.querySelector('math msub') instanceof MathMLElement")


def test_every_concept_links_to_a_part_of_the_panel(reader):
    r = reader
    targets = r.eval("""() => [...document.querySelectorAll('[data-testid=article] a.panel-link')].map(a => {
        const t = document.getElementById(decodeURIComponent(a.hash.slice(1)));
        return [a.hash, !!t && !!t.closest('.panel')];
    })""")
    assert len(targets) >= 12
    assert all(inside for _, inside in targets), targets
    assert {"#loss-card", "#heatmap-card", "#sample-card", "#timeline-card", "#setting-seq", "#setting-clip",
            "#setting-lr"} <= {hash_ for hash_, _ in targets}
    # Following one scrolls the panel part into view and marks it, without touching the URL.
    r.page.click('[data-testid=article] a.panel-link[href="#setting-clip"]')
    r.wait(lambda: r.eval("""() => {
        const box = document.getElementById('setting-clip').getBoundingClientRect();
        return box.top >= 0 && box.bottom <= innerHeight;
    }"""), "the clip setting to scroll into view")
    assert r.eval("() => document.activeElement.id") == "setting-clip"
    assert r.eval("() => document.getElementById('setting-clip').closest('.field').classList.contains('flash')")
    assert r.query() == "" and r.eval("() => location.hash") == ""
    r.eval("() => document.activeElement.blur()")


def test_the_prose_quotes_the_run_it_sits_next_to(reader):
    r = reader
    live = lambda: r.eval("() => Object.fromEntries([...document.querySelectorAll('[data-live]')].map(e => [e.dataset.live, e.textContent]))")
    assert live()["params"] == "7,772" and live()["whh"] == "4,096" and live()["hidden"] == "64"
    r.fill("hidden", "32")
    r.click("reset")
    r.wait(lambda: live()["params"] == f"{32 * 28 * 2 + 32 * 32 + 32 + 28:,}", "the prose to quote a 32-unit network")
    assert live()["whh"] == "1,024"
    r.fill("hidden", "64")
    r.reset()
    r.wait(lambda: live()["params"] == "7,772", "the default network again")


def test_the_memory_reach_plot_falls_geometrically_with_k(reader):
    r = reader
    r.reset()
    r.wait(lambda: len(decay(r)["values"]) == 25 and decay(r)["iteration"] == "0"
           and "Untrained" in cell(r, "decay-caption"), "the untrained memory reach")
    d = decay(r)
    values = d["values"]
    assert all(isinstance(v, float) and 0 < v < math.inf for v in values)
    assert all(b < a for a, b in zip(values, values[1:])), values  # falls with every step back
    assert values[0] / values[-1] > 1e6
    assert [k for k, _ in d["points"]] == list(range(1, 26))
    assert [v for _, v in d["points"]] == pytest.approx(values, rel=1e-12)
    # It is CPython's number for the same untrained network.
    assert values == pytest.approx(Live(sonnets(), {}).memory_reach(), rel=1e-9)
    assert r.eval("() => document.querySelector('[data-testid=gradient-decay] svg').getAttribute('role')") == "img"

    # While the network trains the plot follows it: the reach grows, the fall stays geometric.
    r.train_until(lambda: r.iteration() >= 400, "400 iterations")
    r.wait(lambda: decay(r)["iteration"] == str(r.iteration()), "the plot of the paused network")
    trained = decay(r)["values"]
    assert len(trained) == 25 and trained != values
    assert trained[-1] > values[-1] * 1e3  # training lengthened the memory...
    assert trained[0] / trained[-1] > 10  # ...but it still fades with k
    assert sum(b < a for a, b in zip(trained, trained[1:])) >= 22
    assert f"At iteration {r.iteration():,}" in cell(r, "decay-caption")
    # The iteration-0 curve stays behind it, faintly.
    assert r.eval("() => document.querySelectorAll('[data-testid=gradient-decay] polyline').length") == 2


def test_the_cost_of_a_step_is_measured_live(reader):
    r = reader
    r.reset()
    r.wait(lambda: r.text("ms-per-step") == "—", "no measurement for a new run")
    r.click("step")
    r.wait(lambda: r.text("ms-per-step") != "—", "the cost of the step just taken")
    ms = float(r.text("ms-per-step"))
    per_char = float(cell(r, "us-per-char"))
    assert ms > 0 and per_char == pytest.approx(ms * 1000 / 25, rel=0.05, abs=0.06)
    assert r.eval("() => document.getElementById('cost-hint').hidden")


def test_the_ngram_rival_is_scored_honestly_on_held_out_verse(reader, python_start):
    r = reader
    r.reset()
    sample = lambda: r.text("ngram-sample")
    r.wait(lambda: len(sample()) == 200, "the n-gram's sample", 60)
    expected = python_start
    # The n-gram side is fitted and scored exactly as py_core does it in CPython.
    assert sample() == expected["ngram"]["sample"]
    assert r.text("ngram-held-out") == f"{expected['ngram']['held_out_loss']:.2f}" == "2.07"
    assert cell(r, "cmp-ngram-train") == f"{expected['ngram']['train_loss']:.2f}"
    assert cell(r, "cmp-ngram-params") == f"{expected['ngram']['params']:,} counts"
    assert cell(r, "cmp-order") == "3"
    assert cell(r, "cmp-rnn-params") == "7,772 weights"
    verdict = "At iteration 0, the 3-gram predicts Lucrece better than the network: 2.07 against 3.33 nats per character."
    r.wait(lambda: r.text("comparison-verdict") == verdict, "the verdict on the untrained network")
    assert r.text("rnn-held-out") == f"{expected['rnn']['held_out_loss']:.2f}"
    # A Step re-scores the network's side (same numbers as CPython after the same steps).
    for _ in range(3):
        before = r.iteration()
        r.click("step")
        r.wait(lambda: r.iteration() == before + 1, "a step")
    stepped = python_comparison(sonnets(), steps=3)
    r.wait(lambda: cell(r, "cmp-iteration") == "3", "the comparison at iteration 3")
    assert r.text("rnn-held-out") == f"{stepped['rnn']['held_out_loss']:.2f}"
    assert cell(r, "cmp-rnn-train") == f"{stepped['rnn']['train_loss']:.2f}"
    assert "10,000 characters of Lucrece" in cell(r, "cmp-note")
    assert "dropped" not in cell(r, "cmp-note")


def test_a_readers_corpus_refits_the_ngram_and_says_what_is_dropped(reader):
    r = reader
    expected = python_comparison(CUSTOM)
    assert {"q", "x", "z"} <= set(expected["dropped"])
    r.fill("corpus-input", CUSTOM, commit=False)
    r.click("corpus-apply")
    r.wait(lambda: "your text" in r.text("corpus-status"), "the reader's corpus")
    r.wait(lambda: r.text("ngram-sample") == expected["ngram"]["sample"], "the n-gram refitted on it", 60)
    assert r.text("ngram-held-out") == f"{expected['ngram']['held_out_loss']:.2f}"
    note = cell(r, "cmp-note")
    assert "fitted on your text" in note
    assert "“q”" in note and "“z”" in note and "dropped from Lucrece" in note
    r.page.click("#corpus-sonnets")
    r.wait(lambda: "Shakespeare" in r.text("corpus-status"), "the sonnets again")
    r.wait(lambda: r.text("ngram-held-out") == "2.07", "the sonnets' n-gram again", 60)
    assert json.loads(r.eval("() => document.querySelector('[data-testid=gradient-decay]').dataset.values"))
