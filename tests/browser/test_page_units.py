"""The card "What the units track" and the article's sentence on which units lurch at a space, as a
reader uses them: the feature table, one unit over the passage, select-and-match by keyboard, a
reader's own passage (and bad ones refused), the LSTM's cell state, compare mode.

Every number on the page is checked against an independent computation: the hidden states come
from CPython's py_core for the same seed and number of steps (the page's run is Pyodide's; they
agree to ~1e-10, test_page_parity.py), and the correlations, correlation ratios, matches and lurch
ratios are recomputed here with plain NumPy, not with py_core/units.py or py_core/lurch.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from conftest import WEB
from py_core.corpus import sonnets
from py_core.live import Live

LUCRECE = (WEB / "assets" / "lucrece.txt").read_text()
FEATURES = ["space", "vowel", "word-position", "line-position", "next-space", "next-newline"]
ROWS = "[data-testid=units] [data-testid=units-feature]"
CHARS = "[data-testid=units] [data-testid=units-char]"


# --- reading the card ------------------------------------------------------------------------------
def rows(r) -> list[dict]:
    return r.eval("""s => [...document.querySelectorAll(s)].map(t => ({feature: t.dataset.feature,
        unit: t.dataset.unit === "" ? null : Number(t.dataset.unit), r: Number(t.dataset.r),
        r_untrained: Number(t.dataset.rUntrained), r_char: Number(t.dataset.rChar)}))""", ROWS)


def chars(r) -> str:
    return "".join(r.eval("s => [...document.querySelectorAll(s)].map(c => c.dataset.char)", CHARS))


def activations(r) -> np.ndarray:
    return np.array(r.eval("s => [...document.querySelectorAll(s)].map(c => Number(c.dataset.activation))", CHARS))


def card(r, key: str) -> str:
    return r.eval("k => document.querySelector('[data-testid=units]').dataset[k] || ''", key)


def shown_unit(r) -> int:
    return int(r.page.input_value(r.testid("units-choose")))


def at_iteration(r, n: int):
    r.wait(lambda: card(r, "iteration") == str(n) and len(rows(r)) == 6, f"the units card at iteration {n}")


# --- the independent computation -------------------------------------------------------------------
def cpython(query: dict) -> Live:
    """CPython's run with the page's settings, at iteration 0 (the seed's initial network)."""
    return Live(sonnets(), query)


def saved(r) -> Live:
    """The page's network as it is now, saved (Save model) and loaded into CPython: the same weights.
    (Training the same seed in CPython drifts from Pyodide's run over hundreds of steps: NumPy's
    summation order differs.)"""
    with r.page.expect_download() as download:
        r.click("save")
    run = Live.load(Path(download.value.path()).read_text())
    assert run.trainer.iteration == r.iteration()
    return run


def states(run: Live, passage: str, state: str = "h") -> np.ndarray:
    t = run.trainer
    ids = t.vocab.encode(passage)
    if state == "h":
        return t.model.hidden_states(ids)
    return t.model.states(ids)[:, t.model.H:]  # the LSTM's c


def feature_columns(passage: str) -> np.ndarray:
    """The six features at each position, computed here (the last two look one symbol ahead)."""
    out, word, line = [], 0, 0
    for t, c in enumerate(passage):
        word = 0 if c in " \n" else word + 1
        line = 0 if c == "\n" else line + 1
        nxt = passage[t + 1] if t + 1 < len(passage) else ""
        out.append([c == " ", c in "aeiou", word, line, nxt == " ", nxt == "\n"])
    return np.array(out, dtype=float)


def pearson(a: np.ndarray, y: np.ndarray) -> float:
    if a.std() == 0:
        return 0.0
    return float(np.corrcoef(a, y)[0, 1])


def eta(y: np.ndarray, symbols: list[str]) -> float:
    """The correlation ratio of y on the symbol at each position."""
    groups = {}
    for v, c in zip(y, symbols):
        groups.setdefault(c, []).append(v)
    between = sum(len(g) * (np.mean(g) - y.mean()) ** 2 for g in groups.values())
    return float(np.sqrt(between / ((y - y.mean()) ** 2).sum()))


def expected_table(A: np.ndarray, A0: np.ndarray, passage: str) -> list[dict]:
    Y = feature_columns(passage)
    out = []
    for f, name in enumerate(FEATURES):
        n = len(passage) - 1 if name.startswith("next") else len(passage)
        rs = [pearson(A[:n, u], Y[:n, f]) for u in range(A.shape[1])]
        r0 = [abs(pearson(A0[:n, u], Y[:n, f])) for u in range(A0.shape[1])]
        best = int(np.argmax(np.abs(rs)))
        out.append({"feature": name, "unit": best, "r": rs[best], "r_untrained": max(r0),
                    "r_char": min(1.0, eta(Y[:n, f], list(passage[:n])))})
    return out


def assert_table(shown: list[dict], expected: list[dict]):
    assert [row["feature"] for row in shown] == FEATURES
    for got, want in zip(shown, expected):
        assert got["unit"] == want["unit"], (got, want)
        for key in ("r", "r_untrained", "r_char"):
            assert abs(got[key] - want[key]) < 1e-6, (key, got, want)


def lurch_numbers(sentence: str) -> tuple[list[int], list[float]]:
    m = re.search(r"units (\d+) and (\d+) .*?(\d+\.\d\d) and (\d+\.\d\d) times", sentence)
    assert m, sentence
    return [int(m[1]), int(m[2])], [float(m[3]), float(m[4])]


def heatmap_units(r) -> list[int]:
    """The units the heatmap shows, from its row headers ("h15")."""
    return [int(t[1:]) for t in r.eval("() => [...document.querySelectorAll('#heatmap .heatmap-unit')].map(h => h.textContent)")]


def heatmap_rows(r) -> tuple[str, list[int], np.ndarray]:
    phrase = r.page.input_value(r.testid("heatmap-phrase"))
    units = heatmap_units(r)
    cells = r.heatmap()
    values = np.zeros((len(units), len(phrase)))
    for row, col, v in cells:
        values[row, col] = v
    return phrase, units, values


def ratio(phrase: str, h: np.ndarray) -> float:
    """mean |Δh| at spaces / mean |Δh| between two letters, for one unit's row h over the phrase."""
    dh = np.abs(np.diff(h))  # Δh_t for t = 1..T-1
    space = [dh[t - 1] for t in range(1, len(phrase)) if phrase[t] == " "]
    inside = [dh[t - 1] for t in range(1, len(phrase)) if phrase[t].isalpha() and phrase[t - 1].isalpha()]
    return float(np.mean(space) / np.mean(inside))


def check_lurch(r):
    """The sentence's two units and ratios, against the heatmap's own values for them."""
    sentence = r.text("lurch")
    units, ratios = lurch_numbers(sentence)
    assert r.page.inner_text(r.testid("lurch-show")) == f"Show units {units[0]} and {units[1]} in the heatmap"
    r.click("lurch-show")
    r.wait(lambda: heatmap_units(r) == units, "the two units in the heatmap")
    r.wait(lambda: len(r.heatmap()) == 2 * len(r.page.input_value(r.testid("heatmap-phrase"))), "the heatmap's two rows")
    phrase, shown, values = heatmap_rows(r)
    assert shown == units
    for row, said in enumerate(ratios):
        assert f"{ratio(phrase, values[row]):.2f}" == f"{said:.2f}", (units[row], sentence)
    assert ratios[0] >= ratios[1]
    return units, ratios


# --- the RNN ---------------------------------------------------------------------------------------
def test_the_table_at_iteration_0_is_the_seeds_initial_network(open_reader):
    r = open_reader("?seed=1")
    at_iteration(r, 0)
    passage = chars(r)
    assert passage.startswith("from the besieged ardea all in post\nborne by the trustless wings")
    assert len(passage) == 1500
    A0 = states(cpython({"seed": 1}), passage)
    shown = rows(r)
    assert_table(shown, expected_table(A0, A0, passage))
    # Untrained: the best |r| now is the best |r| at iteration 0, and the sentence says what the numbers do.
    assert all(abs(abs(row["r"]) - row["r_untrained"]) < 1e-12 for row in shown)
    over = [row["feature"] for row in shown if abs(row["r"]) - row["r_char"] >= 0.05]
    verdict = r.text("units-verdict")
    assert verdict.startswith("Untrained (iteration 0)")
    if not over:
        assert "no unit knows more about any of these features than the character being read tells" in verdict
    r.assert_clean()
    r.close()


@pytest.fixture(scope="module")
def trained(open_reader):
    """A page with seed 2 trained for a few hundred steps and paused, and CPython's run to match."""
    r = open_reader("?seed=2")
    r.train_until(lambda: r.iteration() >= 300, "300 iterations")
    n = r.iteration()
    at_iteration(r, n)
    return r, saved(r), n


def test_the_table_after_training_is_the_same_run_in_cpython(trained):
    r, run, n = trained
    passage = chars(r)
    A = states(run, passage)
    A0 = states(cpython({"seed": 2}), passage)
    expected = expected_table(A, A0, passage)
    assert_table(rows(r), expected)
    # The sentence names exactly the features whose |r| beats η by 0.05 (the documented margin).
    verdict = r.text("units-verdict")
    assert verdict.startswith(f"At iteration {n:,}")
    names = {"space": "reads a space", "vowel": "reads a vowel", "word-position": "letters into the word",
             "line-position": "characters into the line", "next-space": "next is a space",
             "next-newline": "next is a line break"}
    for row in expected:
        named = f"{names[row['feature']]} (unit {row['unit']}:" in verdict
        assert named == (abs(row["r"]) - row["r_char"] >= 0.05), (row, verdict)


def test_one_unit_over_the_passage(trained):
    r, run, n = trained
    passage = chars(r)
    A = states(run, passage)
    # A row's button shows its unit.
    target = rows(r)[2]["unit"]
    r.page.click(f"{ROWS}[data-feature=word-position] button")
    r.wait(lambda: shown_unit(r) == target and np.allclose(activations(r), A[:, target], atol=1e-8), "the chosen unit")
    # A number typed in.
    r.fill("units-choose", "7")
    r.wait(lambda: np.allclose(activations(r), A[:, 7], atol=1e-8), "unit 7 over the passage")
    assert shown_unit(r) == 7
    # Its top contexts: the stretches ending at its highest activations.
    tops = r.eval("() => [...document.querySelectorAll('#units-top button')].map(b => [Number(b.dataset.start), Number(b.dataset.end)])")
    assert tops and tops[0][1] - 1 == int(np.argmax(A[:, 7]))
    assert "Where unit 7 is most active" == r.eval("() => document.getElementById('units-top-title').textContent")


def test_a_unit_out_of_range_is_refused_and_the_old_one_stays(trained):
    r, _, _ = trained
    before = activations(r)
    unit = shown_unit(r)
    for typed in ("64", "-1", "seven"):
        r.fill("units-choose", typed)
        message = f"Hidden units are numbered 0 to 63; got “{typed}”."
        r.wait(lambda: r.page.is_visible(r.testid("units-error")) and r.text("units-error") == message,
               f"the refusal of {typed!r}")
        assert r.page.get_attribute(r.testid("units-choose"), "aria-invalid") == "true"
        assert np.array_equal(activations(r), before)
    r.fill("units-choose", str(unit))
    r.wait(lambda: not r.page.is_visible(r.testid("units-error")), "the message to go")
    assert r.page.get_attribute(r.testid("units-choose"), "aria-invalid") == "false"
    if r.error() is not None:
        r.page.click("#dismiss")


def test_select_and_match_by_keyboard(trained):
    r, run, n = trained
    passage = chars(r)
    A = states(run, passage)
    threshold = 0.5
    # Find a short stretch (a word) over which some unit is on all through and off just around it.
    start = end = None
    for m in re.finditer(r"[a-z]+", passage[:300]):
        s, e = m.span()
        on = (A[s:e] > threshold).all(axis=0) & ~(A[s - 1] > threshold) & ~(A[e] > threshold)
        if s > 0 and on.any():
            start, end = s, e
            break
    assert start is not None, "no word in the first 300 characters has a unit on all through it"
    # Caret to the start of the passage, then right to `start`, then Shift+Right over the word.
    r.page.focus(r.testid("units-passage"))
    r.page.keyboard.press("Control+Home")
    for _ in range(start):
        r.page.keyboard.press("ArrowRight")
    for _ in range(end - start):
        r.page.keyboard.press("Shift+ArrowRight")
    r.wait(lambda: r.page.is_visible(r.testid("units-show")), "the units on through the selection")
    expected_units = np.flatnonzero((A[start:end] > threshold).all(axis=0) & ~(A[start - 1] > threshold)
                                    & ~(A[end] > threshold)).tolist()
    said = r.text("units-match")
    assert f"(characters {start + 1}–{end})" in said, said
    assert re.findall(r"unit (\d+)", said) == [str(u) for u in expected_units]
    # The other places where all of them are on together, marked.
    together = (A[:, expected_units] > threshold).all(axis=1)
    runs, t = [], 0
    while t < len(passage):
        if together[t]:
            s = t
            while t < len(passage) and together[t]:
                t += 1
            if (s, t) != (start, end):
                runs.append((s, t))
        t += 1
    marked = r.eval("s => [...document.querySelectorAll(s)].map(c => c.classList.contains('matched'))", CHARS)
    assert [i for i, x in enumerate(marked) if x] == [i for s, e in runs for i in range(s, e)]
    picked = r.eval("s => [...document.querySelectorAll(s)].map(c => c.classList.contains('picked'))", CHARS)
    assert [i for i, x in enumerate(picked) if x] == list(range(start, end))
    # The passage is not edited by typing.
    r.page.keyboard.press("x")
    r.page.keyboard.press("Backspace")
    assert chars(r) == passage
    # One click: the units in the heatmap (at most 8).
    r.click("units-show")
    want = " ".join(str(u) for u in expected_units[:8])
    r.wait(lambda: r.page.input_value(r.testid("heatmap-units")) == want and heatmap_units(r) == expected_units[:8],
           "the units in the heatmap")


@pytest.mark.parametrize("text, message", [
    ("!!! 123 😀 ???", "The passage has no symbol the network knows."),
    ("To be, or not to be: that is the question.",
     "The passage is too short: 40 characters after normalising; the units need at least 100."),
])
def test_a_bad_passage_is_refused_and_the_old_one_stays(trained, text, message):
    r, _, _ = trained
    before = chars(r)
    r.page.click("#units-card details summary")
    r.page.fill(r.testid("units-text"), text)
    r.click("units-read")
    r.wait(lambda: r.page.is_visible(r.testid("units-error")), "the refusal")
    assert r.text("units-error") == message
    assert r.page.get_attribute(r.testid("units-text"), "aria-invalid") == "true"
    assert chars(r) == before
    r.page.click("#units-card details summary")
    if r.error() is not None:
        r.page.click("#dismiss")


def test_a_readers_passage_is_read(trained):
    r, run, n = trained
    own = ("Shall I compare thee to a summer's day?\nThou art more lovely and more temperate:\n"
           "Rough winds do shake the darling buds of May,\nAnd summer's lease hath all too short a date.")
    r.page.click("#units-card details summary")
    r.page.fill(r.testid("units-text"), own)
    r.click("units-read")
    r.wait(lambda: chars(r).startswith("shall i compare thee"), "the reader's passage")
    passage = chars(r)
    assert passage.endswith("too short a date\n")
    assert not r.page.is_visible(r.testid("units-error"))
    A = states(run, passage)
    assert_table(rows(r), expected_table(A, states(cpython({"seed": 2}), passage), passage))
    r.click("units-poem")
    r.wait(lambda: chars(r).startswith("from the besieged ardea"), "the poem again")
    r.page.click("#units-card details summary")


def test_the_lurch_sentence_agrees_with_the_heatmap_rnn(trained):
    r, _, n = trained
    assert r.text("lurch").startswith(f"In this run at iteration {n:,}, reading “shall i compare”, units ")
    check_lurch(r)
    # The prose around it quotes the heatmap on screen too: how many of its values sit near ±1,
    # and (in the intro) how many units it shows and which phrase.
    values = [v for _, _, v in r.heatmap()]
    edge = sum(abs(v) > 0.9 for v in values)
    assert r.eval("() => document.getElementById('edge-words').textContent") == \
        f" (in the heatmap now, {edge} of its {len(values)} values lie beyond ±0.9)"
    assert r.eval("() => document.getElementById('intro-units').textContent") == "two"
    assert r.eval("() => document.getElementById('intro-phrase').textContent") == "shall i compare"
    # A phrase with no space: the sentence says so, and offers no units.
    r.fill("heatmap-phrase", "compare")
    r.wait(lambda: "has no space" in r.text("lurch"), "the sentence for a phrase without a space")
    assert not r.page.is_visible(r.testid("lurch-show"))
    r.fill("heatmap-phrase", "shall i compare")
    r.wait(lambda: r.page.is_visible(r.testid("lurch-show")), "the sentence again")
    r.assert_clean()


# --- the LSTM --------------------------------------------------------------------------------------
def test_lstm_h_and_c_and_its_lurch(open_reader):
    r = open_reader("?cell=lstm&hidden=30&seed=3")
    r.train_until(lambda: r.iteration() >= 100, "100 iterations")
    n = r.iteration()
    at_iteration(r, n)
    run = saved(r)
    passage = chars(r)
    assert card(r, "cell") == "lstm" and card(r, "state") == "h"
    A0 = states(cpython({"cell": "lstm", "hidden": 30, "seed": 3}), passage)
    assert_table(rows(r), expected_table(states(run, passage), A0, passage))
    assert r.page.is_visible(r.testid("units-state-c"))
    r.page.check(r.testid("units-state-c"))
    r.wait(lambda: card(r, "state") == "c", "the cell state")
    C = states(run, passage, "c")
    C0 = states(cpython({"cell": "lstm", "hidden": 30, "seed": 3}), passage, "c")
    assert_table(rows(r), expected_table(C, C0, passage))
    r.wait(lambda: np.allclose(activations(r), C[:, shown_unit(r)], atol=1e-8), "c over the passage")
    assert r.text("lurch").startswith(f"In this LSTM at iteration {n:,}, reading “shall i compare”, units ")
    check_lurch(r)
    r.fill("units-choose", "30")
    r.wait(lambda: r.page.is_visible(r.testid("units-error")), "the refusal")
    assert r.text("units-error") == "Hidden units are numbered 0 to 29; got “30”."
    r.page.click("#dismiss")
    r.close()


def test_compare_mode_follows_the_heatmaps_network(open_reader):
    r = open_reader("?compare=1&seed=1")
    at_iteration(r, 0)
    assert card(r, "cell") == "rnn"
    r.click("heatmap-of-lstm")
    r.wait(lambda: card(r, "cell") == "lstm", "the card to follow the LSTM")
    passage = chars(r)
    lstm = Live(sonnets(), {"cell": "lstm", "hidden": 30, "seed": 1})
    A = states(lstm, passage)
    assert_table(rows(r), expected_table(A, A, passage))
    assert "Following the heatmap: the LSTM’s h (30 units)." in r.text("units")
    # The lurch sentence is the LSTM's, and its button shows the units in the LSTM's heatmap.
    r.wait(lambda: r.text("lurch").startswith("In the LSTM at iteration 0"), "the LSTM's lurch sentence")
    check_lurch(r)
    r.click("heatmap-of-rnn")
    r.wait(lambda: card(r, "cell") == "rnn", "the card to follow the RNN again")
    r.assert_clean()
    r.close()
