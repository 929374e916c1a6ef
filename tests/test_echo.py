"""The echo text: its shape, its determinism, held-out lines that never occur in training, and
the closing key's first-letter loss it is measured by."""
import math

import numpy as np
import pytest

from py_core import echo
from py_core.corpus import ALPHABET, Vocabulary
from py_core.live import Live
from py_core.lstm import LSTM
from py_core.model import RNN


def test_keys_have_distinct_first_letters_that_no_filler_word_shares():
    firsts = {k[0] for k in echo.KEYS}
    assert len(echo.KEYS) == 20 and len(firsts) == 20
    assert not firsts & {w[0] for w in echo.FILLER_WORDS}
    assert echo.BASELINE == pytest.approx(math.log(20))


def test_lines_open_and_close_with_the_same_key_around_the_filler():
    text = echo.text()
    assert text == echo.text() and text != echo.text(seed=1)  # deterministic, seeded
    assert set(text) == set(ALPHABET)  # all 28 symbols: V = 28, as for the sonnets
    lines = text.splitlines()
    assert len(lines) == echo.LINES
    for line in lines:
        words = line.split(" ")
        assert words[0] == words[-1] and words[0] in echo.KEYS
        assert len(" ".join(words[1:-1])) == 7  # the default 8 characters: two three-letter words
    assert {line.split(" ")[0] for line in lines} == set(echo.KEYS)


@pytest.mark.parametrize("filler, words", [(1, 1), (3, 1), (8, 2), (14, 4), (20, 5)])
def test_filler_length(filler, words):
    assert echo.filler_words(filler) == words
    line = echo.text(lines=1, filler=filler).strip().split(" ")
    assert len(line) == words + 2


@pytest.mark.parametrize("bad", [0, -1, 201, 2.5, True, "8"])
def test_bad_filler(bad):
    with pytest.raises(ValueError, match="filler"):
        echo.text(filler=bad)


def test_held_out_lines_never_occur_in_the_training_text():
    train = set(echo.text().splitlines())
    held = echo.held_out().splitlines()
    assert len(held) == echo.HELD_OUT_LINES and not train & set(held)
    assert echo.held_out() == "\n".join(held) + "\n"


def test_closing_letters_are_the_first_letters_of_the_closing_keys():
    text = "river yak wet river\nbad line\nhoney zip vow honey\n"
    assert echo.closing_letters(text) == [(14, "r"), (43, "h")]


def test_key_letter_loss_is_the_surprise_at_those_letters():
    rng = np.random.default_rng(0)
    held = echo.held_out(lines=30)
    vocab = Vocabulary(ALPHABET)
    for model in (RNN(28, 8, seed=1), LSTM(28, 6, seed=1)):
        model.params[...] = rng.standard_normal(model.params.size) * 0.3
        ids = vocab.encode(held)
        expected = []
        for at, letter in echo.closing_letters(held):
            h = model.hidden_states(ids[:at])[-1]  # the state that predicts position `at`
            y = model.Why @ h + model.by
            expected.append(-(y[vocab.index[letter]] - np.log(np.exp(y).sum())))
        assert echo.key_letter_loss(model, vocab, held) == pytest.approx(np.mean(expected), rel=1e-10)
    flat = RNN(28, 4)
    flat.params[...] = 0.0  # a uniform guess over 28 symbols
    assert echo.key_letter_loss(flat, vocab, held) == pytest.approx(math.log(28))


def test_echo_recall_of_a_run():
    run = Live(echo.text(), {"cell": "lstm", "hidden": 30, "seed": 1})
    r = run.echo_recall()
    assert r["lines"] == echo.HELD_OUT_LINES and r["baseline"] == echo.BASELINE
    assert r["nats"] == pytest.approx(math.log(28), abs=0.05)  # untrained: about uniform
    other = Live("no keys here at all, just words\n" * 5, {"hidden": 8})
    assert other.echo_recall()["nats"] is None  # the held-out lines use symbols it lacks
