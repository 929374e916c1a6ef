"""The card "Can you beat it?" (Shannon's guessing game) as a reader plays it: by typing into the
guess field, at iteration 0 and after training, with an LSTM and in compare mode, through Pause,
Step, Train, Reset and a model load; bad keys and a line with no usable symbol; axe in the
article and in presenter mode; one short game each in Firefox and WebKit.

The network's guess counts (data-network) are checked against CPython's py_core for the same
weights (Live.surprise's ranks; Pyodide and CPython agree to ~1e-10, test_page_parity.py), and
the scores against py_core.shannon.bounds computed here from the guesses the test typed.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import time

import numpy as np
import pytest

from conftest import ROOT, Reader
from py_core import shannon
from py_core.surprise import log_probs
from py_core.corpus import sonnets
from py_core.live import Live, rival_hidden
from test_engines import FIREFOX, INSTALL, LOAD_TIMEOUT, need, webkit
from test_page_axe import _BypassCSP, axe_violations

RAW = (ROOT / "web" / "assets" / "lucrece.txt").read_text(encoding="utf-8")  # the held-out poem
CHARS = "[data-testid=game] [data-testid=game-char]"
REVEAL = 27  # a revealed character counts as this many guesses (every symbol a reader can type)


# --- reading and playing -------------------------------------------------------------------------

def played(r) -> list[dict]:
    return r.eval("""s => [...document.querySelectorAll(s)].map(c => ({char: c.dataset.char,
        reader: Number(c.dataset.reader), network: Number(c.dataset.network),
        rival: c.dataset.rival === undefined ? null : Number(c.dataset.rival)}))""", CHARS)


def scores(r, who: str) -> dict:
    return r.eval("""s => { const d = document.querySelector(s).dataset;
        return {mean: Number(d.meanGuesses), first: Number(d.first), lower: Number(d.lower), upper: Number(d.upper),
                loss: d.loss === undefined ? null : Number(d.loss)}; }""", f"[data-testid=game-score-{who}]")


def round_ready(r, line_no: int | None = None, what: str = "a round"):
    """Come to the card, as a reader scrolls to it (the first line is asked for then), and wait
    until a round is on it (the held-out line `line_no`, 1-based, if given)."""
    r.eval("() => document.getElementById('game-card').scrollIntoView()")
    def ready():
        text = r.text("game-iteration")
        slot = r.eval("() => !!document.querySelector('#game-line .game-slot')")
        return slot and (line_no is None or f"Line {line_no} of" in text)
    r.wait(ready, what, 60)


def wrong_for(c: str) -> str:
    return "q" if c != "q" else "z"


def play(r, line: str, plan: str):
    """Play the next len(plan) characters of `line` by typing: per character R = right first,
    W = one wrong guess then right, X = reveal. Returns the reader's counts."""
    start = len(played(r))
    r.page.focus(r.testid("game-input"))
    counts = []
    for c, move in zip(line[start:], plan):
        if move == "R":
            r.page.keyboard.type(c)
            counts.append(1)
        elif move == "W":
            r.page.keyboard.type(wrong_for(c))
            r.page.keyboard.type(c)
            counts.append(2)
        else:
            r.page.click(r.testid("game-reveal"))
            r.page.focus(r.testid("game-input"))
            counts.append(REVEAL)
    r.wait(lambda: len(played(r)) == start + len(counts), "the characters to be revealed")
    return counts


def histogram(guesses: list[int]) -> list[int]:
    counts = [0] * max(guesses)
    for g in guesses:
        counts[g - 1] += 1
    return counts


def assert_scores(shown: dict, guesses: list[int], surprise: list[float] | None = None, loss_tol: float = 1e-6):
    lower, upper = shannon.bounds(histogram(guesses))
    assert shown["mean"] == pytest.approx(sum(guesses) / len(guesses), abs=1e-12)
    assert shown["first"] == pytest.approx(guesses.count(1) / len(guesses), abs=1e-12)
    assert shown["lower"] == pytest.approx(lower, abs=1e-12)
    assert shown["upper"] == pytest.approx(upper, abs=1e-12)
    if surprise is not None:
        assert shown["loss"] == pytest.approx(sum(surprise) / len(surprise), abs=loss_tol)


def rank_windows(run: Live, line: str, tol: float) -> list[tuple[int, int]]:
    """For each character of `line`, the ranks it may have in a network whose log-probabilities
    are `run`'s to within `tol` nats: from 1 + the symbols surely ahead of it (more than `tol`
    above) to 1 + those that may be (within `tol` of it or above). tol = 0 gives its exact rank
    (ties broken in vocabulary order, as py_core.surprise does) only when nothing is tied."""
    actual, log_p = log_probs(run.trainer.model, run.trainer.vocab, line)
    windows = []
    for row, c in zip(log_p, actual):
        others = np.delete(row, c)
        windows.append((1 + int((others > row[c] + tol).sum()), 1 + int((others > row[c] - tol).sum())))
    return windows


def assert_ranks(shown: list[int], expected: list[int], run: Live, line: str, tie_tol: float):
    """The page's guess counts are CPython's; with `tie_tol` > 0 (trained weights, which differ by
    ~1e-5 between Pyodide and CPython), a count may differ only where two symbols' log-probabilities
    are within `tie_tol` nats of each other, so that which comes first is rounding, not the model."""
    if tie_tol == 0 or shown == expected:
        assert shown == expected
        return
    windows = rank_windows(run, line, tie_tol)[:len(shown)]
    outside = [(i, r, w) for i, (r, w) in enumerate(zip(shown, windows)) if not w[0] <= r <= w[1]]
    assert not outside, f"guess counts off by more than a near-tie (position, shown, allowed): {outside}"
    assert sum(a != b for a, b in zip(shown, expected)) <= max(1, len(shown) // 10), (shown, expected)


def check_round(r, run: Live, line: str, reader: list[int], rival: Live | None = None, loss_tol: float = 1e-6,
                tie_tol: float = 0.0):
    """The card's characters and scores are those of `run` (CPython) reading `line`. After a few
    hundred steps Pyodide's weights and CPython's differ by ~1e-5 (NumPy's summation order: no BLAS
    under Pyodide), so then the loss is compared to `loss_tol` and the guess counts must be equal
    except between symbols whose log-probabilities are within `tie_tol` nats (assert_ranks); with
    the defaults (iteration 0, loaded weights: the same numbers to ~1e-10) everything is exact."""
    expected = run.surprise(line)
    n = len(reader)
    shown = played(r)
    assert [c["char"] for c in shown] == list(line[:n])
    assert [c["reader"] for c in shown] == reader
    network = [c["network"] for c in shown]
    assert_ranks(network, expected["ranks"][:n], run, line, tie_tol)
    assert_scores(scores(r, "reader"), reader)
    assert_scores(scores(r, "network"), network, expected["surprise"][:n], loss_tol)
    if rival is not None:
        theirs = rival.surprise(line)
        ranks = [c["rival"] for c in shown]
        assert_ranks(ranks, theirs["ranks"][:n], rival, line, tie_tol)
        assert_scores(scores(r, "rival"), ranks, theirs["surprise"][:n], loss_tol)


# --- the tests -----------------------------------------------------------------------------------

def test_at_iteration_0_by_typing(open_reader):
    r = open_reader("?seed=1")
    round_ready(r, 1)
    run = Live(sonnets(), {"seed": 1})
    line = run.game_lines(RAW)[0]
    assert "iteration 0" in r.text("game-iteration")
    reader = play(r, line, "RWRXWWRR")
    check_round(r, run, line, reader)
    # Bad keys are ignored with a hint; a repeated wrong guess does not count again.
    before = played(r)
    r.page.focus(r.testid("game-input"))
    r.page.keyboard.type("3")
    assert "“3” is not a guess: type a letter a–z or a space." in r.text("game-announce")
    wrong = wrong_for(line[len(before)])
    r.page.keyboard.type(wrong)
    r.page.keyboard.type(wrong)
    assert "already" in r.text("game-announce")
    r.page.keyboard.type(line[len(before)])
    r.wait(lambda: len(played(r)) == len(before) + 1, "the next character")
    reader.append(2)
    check_round(r, run, line, reader)
    assert r.eval("() => document.querySelector('#game-tries').textContent") == ""
    assert "The RNN needed" in r.text("game-announce")
    assert "you needed" in r.text("game-verdict") and "iteration 0" in r.text("game-verdict")
    r.assert_clean()


def test_every_keypress_counts_even_before_the_line_arrives(open_reader):
    """Issue 24: the first character's count was one short. A reader who focuses the field and
    types at once (before the first line has come from the worker) must have every guess
    counted: k distinct wrong guesses then the right one show k + 1, for every character."""
    r = open_reader("?seed=1")
    line = Live(sonnets(), {"seed": 1}).game_lines(RAW)[0][:12]
    symbols = "abcdefghijklmnopqrstuvwxyz "
    plan = [16] + [(3 * i) % 7 for i in range(1, len(line))]  # wrong guesses per character
    r.page.focus(r.testid("game-input"))  # asks for the first line; it is not there yet
    typed = []
    for c, k in zip(line, plan):
        wrong = [x for x in symbols if x != c][:k]
        r.page.keyboard.type("".join(wrong) + c)
        typed.append(k + 1)
    r.wait(lambda: len(played(r)) == len(line), "every character to be revealed", 60)
    got = played(r)
    assert "".join(g["char"] for g in got) == line
    assert [g["reader"] for g in got] == typed
    r.assert_clean()


def test_js_bounds_are_py_core_bounds(open_reader):
    """The page's port of Shannon's bounds (web/js/page/game/score.js) against py_core.shannon.bounds."""
    r = open_reader("?seed=1", wait=False)
    cases = [[1], [0, 1], [3, 1], [5, 2, 2, 1], [1, 2, 3], [0, 0, 4, 0, 1], [7] + [0] * 20 + [1],
             [10, 5, 3, 2, 1, 1, 0, 1]]
    got = r.eval("""async cases => { const m = await import('./js/page/game/score.js');
        return cases.map(c => m.bounds(c)); }""", cases)
    for counts, (lower, upper) in zip(cases, got):
        want = shannon.bounds(counts)
        assert lower == pytest.approx(want[0], abs=1e-12) and upper == pytest.approx(want[1], abs=1e-12), counts
    falls = r.eval("async cases => { const m = await import('./js/page/game/score.js'); return cases.map(m.falling); }", cases)
    assert falls == [shannon.falling(c) for c in cases]
    r.close()


def test_after_training_on_a_new_line(open_reader):
    r = open_reader("?seed=0")
    round_ready(r, 1)
    r.train_until(lambda: r.iteration() >= 200, "200 iterations")
    n = r.iteration()
    r.click("game-new")
    round_ready(r, 2, "line 2")
    assert f"iteration {n:,}" in r.text("game-iteration")
    run = Live(sonnets(), {"seed": 0})
    run.train(n, 600_000)
    line = run.game_lines(RAW)[1]
    reader = play(r, line, "R" * len(line))
    check_round(r, run, line, reader, loss_tol=2e-3, tie_tol=1e-3)
    assert scores(r, "reader")["mean"] == 1 and scores(r, "reader")["upper"] == 0
    assert "You won by" in r.text("game-verdict")
    assert f"It has read {n * 25:,} characters" in r.text("game-verdict")
    assert "The line is complete." in r.text("game-announce")
    r.page.keyboard.type("a")
    assert "This line is over" in r.text("game-announce")
    r.assert_clean()


def test_survives_pause_step_train_and_reset_starts_a_new_round(open_reader):
    r = open_reader("?seed=2")
    round_ready(r, 1)
    run = Live(sonnets(), {"seed": 2})
    line = run.game_lines(RAW)[0]
    reader = play(r, line, "WRR")
    r.click("step")
    r.wait(lambda: r.iteration() == 1, "one step")
    r.train_until(lambda: r.iteration() >= 20, "20 iterations")
    check_round(r, run, line, reader)  # still the iteration-0 network's counts: the round began then
    r.wait(lambda: "It is at iteration" in r.text("game-iteration"), "the card to say it has trained since")
    reader += play(r, line, "R")
    check_round(r, run, line, reader)
    r.reset()
    r.wait(lambda: len(played(r)) == 0 and "A new run started" in r.text("game-iteration"), "a new round after Reset")
    assert "A new run started" in r.text("game-announce")
    assert "Line 1 of" in r.text("game-iteration")  # the same line, from the start
    reader = play(r, line, "RR")
    check_round(r, Live(sonnets(), {"seed": 2}), line, reader)
    r.assert_clean()


def test_a_model_load_keeps_the_guesses(open_reader):
    r = open_reader("?seed=1")
    round_ready(r, 1)
    line = Live(sonnets(), {"seed": 1}).game_lines(RAW)[0]
    reader = play(r, line, "RWR")
    saved = Live(sonnets(), {"seed": 4})
    saved.train(40, 600_000)
    r.page.set_input_files(r.testid("load-input"), files=[{"name": "model.json", "mimeType": "application/json",
                                                             "buffer": saved.save().encode()}])
    r.wait(lambda: "A model was loaded" in r.text("game-iteration"), "the loaded model to play the line")
    assert "iteration 40" in r.text("game-iteration")
    check_round(r, saved, line, reader)  # the reader's guesses kept, the loaded network's counts
    reader += play(r, line, "W")
    check_round(r, saved, line, reader)
    r.assert_clean()


def test_own_line_and_a_line_with_no_usable_symbol(open_reader):
    r = open_reader("?seed=1")
    round_ready(r, 1)
    run = Live(sonnets(), {"seed": 1})
    before = play(r, run.game_lines(RAW)[0], "RR")
    r.fill("game-own", "123 !!! ###")
    with pytest.raises(ValueError) as refused:
        run.surprise("123 !!! ###")
    r.wait(lambda: r.page.is_visible(r.testid("game-error")), "the refusal")
    assert r.text("game-error") == str(refused.value)
    assert r.eval("() => document.getElementById('game-own').getAttribute('aria-invalid')") == "true"
    assert [c["reader"] for c in played(r)] == before  # the round goes on
    r.fill("game-own", "Shall I compare thee?")
    r.wait(lambda: "Your own line, 20 characters." in r.text("game-iteration") and len(played(r)) == 0, "the reader's line")
    assert r.page.input_value(r.testid("game-own")) == ""  # hidden from whoever plays it
    assert not r.page.is_visible(r.testid("game-error"))
    line = "shall i compare thee"
    reader = play(r, line, "RRWRRX")
    check_round(r, run, line, reader)
    assert r.eval("() => document.querySelectorAll('#game-line .gave-up').length") == 1
    r.assert_clean()


def test_lstm(open_reader):
    r = open_reader("?cell=lstm&hidden=30&seed=1")
    round_ready(r, 1)
    run = Live(sonnets(), {"seed": 1, "cell": "lstm", "hidden": 30})
    line = run.game_lines(RAW)[0]
    reader = play(r, line, "RWRRWR")
    check_round(r, run, line, reader)
    assert "The LSTM needed" in r.text("game-announce")
    r.assert_clean()


def test_compare_both_networks_play(open_reader):
    r = open_reader("?compare=1&seed=1")
    round_ready(r, 1)
    run = Live(sonnets(), {"seed": 1})
    rival = Live(sonnets(), {"seed": 1, "cell": "lstm", "hidden": rival_hidden(28, "rnn", 64)})
    line = run.game_lines(RAW)[0]
    reader = play(r, line, "RRWR")
    check_round(r, run, line, reader, rival)
    assert r.page.is_visible(r.testid("game-score-rival"))
    assert "The RNN needed" in r.text("game-announce") and "The LSTM needed" in r.text("game-announce")
    r.assert_clean()


@pytest.mark.parametrize("query,viewport", [("?seed=1", (1280, 800)), ("?seed=1&present=1", (1280, 720)),
                                            ("?seed=1", (390, 844))])
def test_axe_with_a_game_in_progress(browser, base_url, query, viewport):
    source = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
    r = Reader(_BypassCSP(browser), base_url, query, {"width": viewport[0], "height": viewport[1]})
    try:
        r.wait_ready()
        if "present" in query:
            assert not r.page.is_visible(r.testid("game"))  # the projector shows the charts first
            r.click("game-play")  # then the game, instead of them
            r.wait(lambda: r.page.is_visible(r.testid("game")), "the game on the projector")
            assert not r.page.is_visible(r.testid("loss-chart")) and r.page.is_visible(r.testid("train"))
        round_ready(r, 1)
        line = Live(sonnets(), {"seed": 1}).game_lines(RAW)[0]
        play(r, line, "RWX")
        r.page.focus(r.testid("game-input"))
        r.page.keyboard.type("q" if line[3] != "q" else "z")  # a struck-out wrong guess on screen
        assert axe_violations(r, source) == [], "axe found violations"
        if "present" in query:
            # A projector: large type, and the network's count under every character.
            size = r.eval("() => parseFloat(getComputedStyle(document.querySelector('.game-symbol')).fontSize)")
            assert size >= 28
            r.eval("() => document.getElementById('game-show').click()")  # (the check box is not shown here)
            assert r.eval("() => document.getElementById('game-card').classList.contains('hide-network')")
            assert r.eval("() => [...document.querySelectorAll('#game-line .game-count.net')]"
                          ".every(e => e.getBoundingClientRect().height > 0)")
            # It fills the projector's screen, no more; and the charts come back.
            assert r.eval("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]") == list(viewport)
            r.click("game-play")
            r.wait(lambda: r.page.is_visible(r.testid("loss-chart")), "the charts again")
            assert not r.page.is_visible(r.testid("game"))
        r.assert_clean()
    finally:
        r.close()


# --- the other engines -----------------------------------------------------------------------------

def test_firefox_short_game(base_url):
    need(FIREFOX, "Firefox ESR")
    need(ROOT / "node_modules" / "puppeteer-core", "Puppeteer (npm)")
    node = shutil.which("node")
    if not node:
        pytest.fail(f"Node.js is missing: {INSTALL}", pytrace=False)
    run = Live(sonnets(), {"seed": 1})
    line = run.game_lines(RAW)[0][:8]
    done = subprocess.run([node, str(ROOT / "tests/browser/engines/firefox_game.mjs"), base_url + "?seed=1", line, FIREFOX],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0 and lines, f"firefox_game.mjs failed: {done.stderr[-2000:]}"
    out = json.loads(lines[-1])
    assert "failure" not in out, out.get("failure")
    check_engine_game(out, run, line)


def check_engine_game(out: dict, run: Live, line: str):
    """One short game: each character one wrong guess, then right (see firefox_game.mjs)."""
    assert out["errors"] == []
    assert [c["char"] for c in out["chars"]] == list(line)
    assert [c["reader"] for c in out["chars"]] == [2] * len(line)
    assert [c["network"] for c in out["chars"]] == run.surprise(line)["ranks"][:len(line)]
    lower, upper = shannon.bounds([0, len(line)])
    assert out["reader"]["lower"] == pytest.approx(lower) and out["reader"]["upper"] == pytest.approx(upper)


GAME_READ = """
return [...document.querySelectorAll('[data-testid=game-char]')].map(c => ({char: c.dataset.char,
  reader: Number(c.dataset.reader), network: Number(c.dataset.network)}));
"""


def test_webkit_short_game(base_url):
    run = Live(sonnets(), {"seed": 1})
    line = run.game_lines(RAW)[0][:8]
    with webkit() as driver:
        driver.set_window_size(1280, 800)
        driver.get(base_url + "?seed=1")
        driver.execute_script("window.__errors = []; addEventListener('error', (e) => window.__errors.push(e.message));")
        deadline = time.monotonic() + LOAD_TIMEOUT
        while not driver.execute_script("return document.querySelector('[data-testid=status]').dataset.state === 'ready'"):
            assert time.monotonic() < deadline, "the page was not ready in WebKit"
            time.sleep(0.1)
        driver.execute_script("document.getElementById('game-card').scrollIntoView()")  # a reader comes to the game
        deadline = time.monotonic() + LOAD_TIMEOUT
        while not driver.execute_script("return !!document.querySelector('#game-line .game-slot')"):
            assert time.monotonic() < deadline, "no round in WebKit"
            time.sleep(0.1)
        field = driver.find_element("css selector", "[data-testid=game-input]")
        for c in line:
            field.send_keys(wrong_for(c))
            field.send_keys(c)
        deadline = time.monotonic() + 30
        while len(driver.execute_script(GAME_READ)) < len(line):
            assert time.monotonic() < deadline, f"typed characters not revealed: {driver.execute_script(GAME_READ)}"
            time.sleep(0.1)
        out = {"chars": driver.execute_script(GAME_READ), "errors": driver.execute_script("return window.__errors"),
               "reader": driver.execute_script("const d = document.querySelector('[data-testid=game-score-reader]').dataset;"
                                               "return {lower: Number(d.lower), upper: Number(d.upper)};")}
    check_engine_game(out, run, line)
