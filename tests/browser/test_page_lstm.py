"""`?cell=lstm`: the page trains an LSTM, and every view of the panel and the article follows it —
the `cell` control, loss, sample, heatmap of h, memory reach, share link, Save and Load."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

BASELINE = 3.332  # ln 28


def step(r, n: int = 1):
    for _ in range(n):
        before = r.iteration()
        r.click("step")
        r.wait(lambda: r.iteration() == before + 1, "a step")


def decay_values(r) -> list:
    return r.eval("() => JSON.parse(document.querySelector('[data-testid=gradient-decay]').dataset.values)")


def test_cell_lstm_trains_an_lstm_and_every_view_follows(open_reader):
    r = open_reader("?cell=lstm&hidden=30")
    assert r.page.input_value(r.testid("cell")) == "lstm"
    assert r.eval("() => document.querySelector('[data-live=params]').textContent") == "7,948"
    assert r.loss() == BASELINE
    r.train_until(lambda: r.iteration() >= 300, "300 iterations of the LSTM")
    assert r.loss() < 3.2, "the LSTM's smoothed loss falls"
    assert len(r.text("sample")) >= 150
    cells = r.heatmap()
    assert len(cells) == 60 and all(-1 <= v <= 1 for _, _, v in cells)
    assert len({v for _, _, v in cells}) > 10, "the heatmap shows the LSTM's h, not zeros"
    r.wait(lambda: len(decay_values(r)) == 25, "the LSTM's memory reach")
    assert all(v is None or v >= 0 for v in decay_values(r))
    assert "cell=lstm" in r.query()
    r.click("share")
    query = parse_qs(urlsplit(r.page.input_value(r.testid("share-link"))).query)
    assert query["cell"] == ["lstm"] and query["hidden"] == ["30"]
    r.click("share")
    r.assert_clean()


def test_the_cell_control_starts_an_lstm_on_reset(open_reader):
    r = open_reader()
    assert r.page.input_value(r.testid("cell")) == "rnn"
    r.page.select_option(r.testid("cell"), "lstm")
    r.wait(lambda: "cell=lstm" in r.query(), "the URL to carry the cell")
    r.wait(lambda: "lstm" in r.eval("() => document.getElementById('pending-text').textContent"), "the pending change")
    r.reset()
    assert r.eval("() => document.querySelector('[data-live=params]').textContent") == "25,628"  # an LSTM with H = 64: 4·64·(28 + 64) + 4·64 + 28·64 + 28
    step(r, 3)
    r.train_until(lambda: r.iteration() >= 100, "100 iterations of the LSTM")
    assert r.loss() < BASELINE - 0.05
    r.assert_clean()


def test_an_lstm_checkpoint_saves_and_loads_back(open_reader):
    r = open_reader("?cell=lstm&hidden=30&seed=2")
    r.train_until(lambda: r.iteration() >= 120, "120 iterations")
    with r.page.expect_download() as download:
        r.click("save")
    path = Path(download.value.path())
    data = json.loads(path.read_text())
    at = r.iteration()
    assert data["settings"]["cell"] == "lstm" and data["settings"]["hidden"] == 30
    assert data["iteration"] == at

    other = open_reader("?seed=9")  # an RNN
    assert other.page.input_value(other.testid("cell")) == "rnn"
    other.page.set_input_files(other.testid("load-input"), str(path))
    other.wait(lambda: other.iteration() == at, "the LSTM checkpoint to load")
    other.wait(lambda: other.text("loss") == r.text("loss") and other.heatmap() == r.heatmap(), "the loaded LSTM's panel")
    assert other.page.input_value(other.testid("cell")) == "lstm"
    assert "cell=lstm" in other.query()
    # It resumes exactly where the saved LSTM stood.
    step(r)
    step(other)
    assert other.text("loss") == r.text("loss")
    other.assert_clean()
    r.assert_clean()
