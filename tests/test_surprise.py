"""py_core.surprise and Live.surprise: what the network expected at each character of a line.

Checked against an independent computation straight from the weights: a plain loop that steps
the recipe's equations one character at a time, with a softmax per step.
"""
import json
import math

import numpy as np
import pytest

from py_core.corpus import SONNETS_PATH, Vocabulary, normalize, sonnets
from py_core.live import SURPRISE_LINE, Live
from py_core.surprise import MAX_CHARS, TOP

BASELINE = math.log(28)


def expected_by_hand(model, vocab, line):
    """Surprise and full distributions at each character, stepping h_t = tanh(Wxh x + Whh h + bh)."""
    h = np.zeros(model.H)
    prev = vocab.index["\n"]
    nats, dists = [], []
    for c in line:
        h = np.tanh(model.Wxh[:, prev] + model.Whh @ h + model.bh)
        y = model.Why @ h + model.by
        p = np.exp(y - y.max())
        p /= p.sum()
        nats.append(-math.log(p[vocab.index[c]]))
        dists.append(p)
        prev = vocab.index[c]
    return nats, dists


@pytest.fixture(scope="module")
def trained():
    run = Live(sonnets(), {"seed": 1})
    run.train(300, 60_000)
    return run


def test_matches_a_plain_per_step_loop_from_the_weights(trained):
    t = trained.trainer
    r = trained.surprise()
    line = "".join(r["chars"])
    assert line == SURPRISE_LINE
    nats, dists = expected_by_hand(t.model, t.vocab, line)
    np.testing.assert_allclose(r["surprise"], nats, rtol=1e-9, atol=1e-12)
    for guesses, p in zip(r["guesses"], dists):
        order = np.argsort(-p, kind="stable")[:TOP]
        assert [g[0] for g in guesses] == [t.vocab.chars[i] for i in order]
        np.testing.assert_allclose([g[1] for g in guesses], p[order], rtol=1e-9)
    json.dumps(r)  # plain data only


def test_guesses_are_five_sorted_symbols_with_probabilities(trained):
    r = trained.surprise("Shall I compare thee")
    assert r["chars"] == list("shall i compare thee")
    assert len(r["surprise"]) == len(r["guesses"]) == 20
    for guesses in r["guesses"]:
        assert len(guesses) == TOP
        ps = [p for _, p in guesses]
        assert ps == sorted(ps, reverse=True) and 0 < sum(ps) <= 1 + 1e-12
        assert all(isinstance(s, str) and len(s) == 1 and s in trained.trainer.vocab for s, _ in guesses)
    # The surprise at a character listed among the guesses is -ln of the probability listed there.
    for c, s, guesses in zip(r["chars"], r["surprise"], r["guesses"]):
        for symbol, p in guesses:
            if symbol == c:
                assert s == pytest.approx(-math.log(p))


def test_at_iteration_0_every_character_costs_ln_28():
    r = Live(sonnets(), {"seed": 1}).surprise()
    assert len(r["chars"]) == len(SURPRISE_LINE)
    assert all(abs(s - BASELINE) < 0.01 for s in r["surprise"])


def test_the_default_line_opens_the_held_out_poem_and_is_not_in_the_sonnets():
    lucrece = normalize((SONNETS_PATH.parent / "lucrece.txt").read_text())
    first_lines = lucrece[lucrece.index("from the besieged"):].split("\n")[:2]
    assert " ".join(first_lines) == SURPRISE_LINE
    assert 40 <= len(SURPRISE_LINE) <= MAX_CHARS
    assert "besieged ardea" not in sonnets()


def test_one_line_only_symbols_the_run_knows():
    run = Live("the cat sat at the mat\nand the hat\n" * 20, {"seq": 10})
    r = run.surprise("The ZOO,\nthe cat!")  # no z or o in this corpus: dropped
    assert "".join(r["chars"]) == "the the cat"
    assert all(s in run.trainer.vocab for s, _ in r["guesses"][0])


@pytest.mark.parametrize("text,message", [
    ("", "empty"), ("   \n ", "empty"), ("!!! 😀 123", "no symbol the network knows"),
    ("a" * (MAX_CHARS + 1), f"too long: {MAX_CHARS + 1} characters"), (None, None), (42, "must be text"),
])
def test_bad_lines_are_refused_in_a_sentence(trained, text, message):
    if text is None:  # None is the default line, not an error
        assert "".join(trained.surprise(None)["chars"]) == SURPRISE_LINE
        return
    with pytest.raises(ValueError, match=message):
        trained.surprise(text)


def test_needs_only_hidden_states_and_the_output_layer():
    """Any cell with hidden_states(ids) -> (T, H), Why (V, H) and by (V,) will do (e.g. an LSTM)."""
    from py_core.surprise import line_of, surprise

    vocab = Vocabulary.from_text("ab \n")
    rng = np.random.default_rng(0)

    class Cell:  # h_t = one-hot of the symbol just read: a memory of one character
        Why = rng.standard_normal((4, 4))
        by = rng.standard_normal(4)

        def hidden_states(self, ids):
            return np.eye(4)[np.asarray(ids)]

    r = surprise(Cell(), vocab, line_of("ab ba", vocab))
    prev = [vocab.index[c] for c in "\nab b"]
    for t, c in enumerate("ab ba"):
        y = Cell.Why[:, prev[t]] + Cell.by
        p = np.exp(y) / np.exp(y).sum()
        assert r["surprise"][t] == pytest.approx(-math.log(p[vocab.index[c]]))
        assert len(r["guesses"][t]) == 4  # fewer symbols than TOP: all of them


def test_a_diverged_run_says_so():
    run = Live(sonnets(), {"seed": 1})
    run.trainer.model.Why[0, 0] = np.nan
    with pytest.raises(ValueError, match="no longer finite"):
        run.surprise()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_3000_steps_spaces_cost_far_less_than_letters(seed):
    """The view's claim, on the default line: it has learned where words end."""
    run = Live(sonnets(), {"seed": seed})
    run.train(3000, 600_000)
    r = run.surprise()
    s, c = np.array(r["surprise"]), np.array(r["chars"])
    spaces, letters = s[c == " "].mean(), s[c != " "].mean()
    assert spaces < 1.6 and letters > 2.1 and letters - spaces > 0.8, (spaces, letters)


def ranks_by_hand(p, c):
    """1 + the symbols ahead of symbol c in p (V,): more likely, or as likely and earlier in the vocabulary."""
    return 1 + sum(1 for j in range(len(p)) if p[j] > p[c] or (p[j] == p[c] and j < c))


def test_ranks_match_a_plain_count_and_agree_with_the_guesses(trained):
    t = trained.trainer
    for text in (None, "shall i compare thee to a summers day"):
        r = trained.surprise(text)
        line = "".join(r["chars"])
        _, dists = expected_by_hand(t.model, t.vocab, line)
        assert r["ranks"] == [ranks_by_hand(p.tolist(), t.vocab.index[c]) for p, c in zip(dists, line)]
        for c, rank, guesses in zip(line, r["ranks"], r["guesses"]):
            assert isinstance(rank, int) and 1 <= rank <= len(t.vocab)
            assert (rank == 1) == (c == guesses[0][0])
            assert (rank <= TOP) == (c in [s for s, _ in guesses])
            if rank <= TOP:
                assert guesses[rank - 1][0] == c
        assert 1 in r["ranks"] and max(r["ranks"]) > TOP  # (both cases occur)
        json.dumps(r)


def test_equal_probabilities_rank_in_vocabulary_order_as_the_guesses_do():
    from py_core.surprise import surprise

    vocab = Vocabulary.from_text("abcdefg \n")

    class Cell:  # the same logits whatever it read: every symbol equally likely but "g"
        Why = np.zeros((9, 2))
        by = np.array([0.0, 0, 0, 0, 0, 0, 0, 0, 1.0])  # ids: "\n", " ", a..g; g most likely

        def hidden_states(self, ids):
            return np.zeros((len(ids), 2))

    r = surprise(Cell(), vocab, "gab f")
    assert [s for s, _ in r["guesses"][0]] == ["g", "\n", " ", "a", "b"]
    assert r["ranks"] == [1, 4, 5, 3, 9]  # g, \n, space, a, b, c, d, e, f
    assert r["ranks"] == [ranks_by_hand(Cell.by.tolist(), vocab.index[c]) for c in "gab f"]
