"""The n-gram rival: proper distributions, Witten-Bell interpolation, an honest held-out loss."""
import math

import numpy as np
import pytest

from py_core.corpus import normalize, sonnets
from py_core.ngram import NGram, comparable_order
from tests.conftest import ROOT

VOCAB = "\n abcdefghijklmnopqrstuvwxyz"


def test_distributions_sum_to_one_and_never_zero():
    m = NGram("the cat sat on the mat\n", 3, VOCAB)
    for ctx in ("", "t", "th", "zz", "at"):
        p = m.distribution(ctx)
        assert p.shape == (28,) and p.sum() == pytest.approx(1.0) and (p > 0).all()


def test_witten_bell_by_hand():
    m = NGram("abab", 2, "ab")
    # unigram: a=2, b=2 (+1 each) -> 1/2, 1/2. Context "a": followed by b twice, 1 distinct.
    np.testing.assert_allclose(m.distribution("a"), [(0 + 1 * 0.5) / 3, (2 + 1 * 0.5) / 3])
    assert m.params == 4  # the unigrams a, b and the bigrams ab, ba
    assert m.counts["ab"] == 2 and m.counts["ba"] == 1


def test_loss_of_a_uniform_unigram_is_ln_v():
    m = NGram("", 1, "ab")
    assert m.loss("abba") == pytest.approx(math.log(2))


def test_order_comparable_to_the_rnn_and_held_out_loss():
    text = sonnets()
    order = comparable_order(text, VOCAB, 7772)
    assert order == 3
    m = NGram(text, order, VOCAB)
    lucrece = normalize((ROOT / "py_core/data/lucrece.txt").read_text())[:10000]
    held, train = m.loss(lucrece), m.loss(text[:10000])
    assert train < held < math.log(28)  # it has learned, and it fits its own text better
    sample = m.sample(300, np.random.default_rng(0))
    assert len(sample) == 300 and set(sample) <= set(VOCAB)
