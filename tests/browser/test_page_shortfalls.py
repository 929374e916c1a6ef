"""The article's "Where it falls short", live: a step's time as T grows, timed in the reader's
tab for each model (Live.step_times), and where the attention model looks just before an echo
line's closing key (Live.echo_attention), both written from the reader's own run."""
from __future__ import annotations

import re

from test_page_contrast import CONTRAST


def cells(r, testid: str) -> list[dict]:
    return r.eval(f"() => [...document.querySelectorAll('[data-testid={testid}]')].map((e) => ({{...e.dataset, text: e.textContent}}))")


def test_a_step_is_timed_for_every_model_at_every_length(open_reader):
    r = open_reader("?seed=2")
    r.page.locator(r.testid("step-times")).scroll_into_view_if_needed()
    assert "Press the button" in r.text("steps-verdict")
    r.click("steps-measure")
    r.wait(lambda: len(cells(r, "steps-ms")) == 16, "16 timed steps (4 models, 4 lengths)", timeout=90)
    got = cells(r, "steps-ms")
    assert {c["cell"] for c in got} == {"window", "rnn", "lstm", "attention"}
    assert sorted({int(c["seq"]) for c in got}) == [10, 25, 50, 100]
    assert all(float(c["value"]) > 0 for c in got)
    assert [c["text"] for c in cells(r, "steps-waits")] == ["2", "2T", "2T", "2"]  # window, RNN, LSTM, attention
    # The sentence is written from the numbers in the table.
    verdict = r.text("steps-verdict")
    by = {(c["cell"], int(c["seq"])): float(c["value"]) for c in got}
    rnn = by[("rnn", 100)] / by[("rnn", 10)]
    shown = f"{rnn:.0f}" if rnn >= 10 else f"{rnn:.1f}"
    assert f"the RNN’s step took {shown}×" in verdict, verdict
    assert "grew from 20 to 200" in verdict
    fastest = min(("window", "rnn", "lstm", "attention"), key=lambda c: by[(c, 100)])
    assert re.search(r"the fastest step in this tab was the [\w -]+’s \(", verdict)
    assert {"window": "fixed-window model", "rnn": "RNN", "lstm": "LSTM", "attention": "attention model"}[fastest] in \
        verdict.split("the fastest step in this tab was ")[1].split("’s")[0]
    r.assert_clean()


def test_where_attention_looks_before_the_closing_key(open_reader):
    r = open_reader("?seed=1")
    assert "Measured once an attention model trains" in r.text("lookback-verdict")
    # The figure's button: attention beside the RNN, on the echo text, both carried in the URL.
    r.click("lookback-start")
    r.wait(lambda: "rival=attention" in r.query() and "text=echo" in r.query() and r.state() == "ready"
           and "share of each head" in r.text("lookback-verdict"), "attention beside the RNN on the echo text")
    assert "compare=1" in r.query()
    look = cells(r, "lookback-cell")
    heads = sorted({c["head"] for c in look})
    assert heads == ["0", "1"]
    for h in heads:
        weights = [float(c["value"]) for c in look if c["head"] == h]
        assert abs(sum(weights) - 1) < 1e-6  # a head's weights on what it can see add up to 1
    outlined = r.eval("() => document.querySelectorAll('.lookback-key').length")
    assert outlined == 2 * 5  # the opening key, in each head's row
    verdict = r.text("lookback-verdict")
    assert verdict.startswith("Untrained") and "mean of 50 held-out lines" in verdict
    assert "No head singles the key out yet" in verdict  # untrained, weight spreads evenly
    # Trained a little, the numbers move with the run (the sentence follows them).
    r.train_until(lambda: r.iteration() >= 300, "300 iterations of both")
    r.wait(lambda: "At iteration" in r.text("lookback-verdict"), "the figure measured again")
    assert re.search(r"head 1 \d+%, head 2 \d+%", r.text("lookback-verdict"))
    # Every character over its weight's colour reads at 4.5:1 or more.
    sel = "[data-testid=lookback] [data-testid=lookback-cell]"
    found = r.eval(CONTRAST, [sel])[sel]
    assert found and min(x["ratio"] for x in found) >= 4.5
    r.assert_clean()
