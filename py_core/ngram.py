"""A character n-gram model: the RNN's old rival, fitted by counting.

P(next | the previous n-1 characters) is estimated from counts, interpolated with shorter
contexts by Witten-Bell smoothing (a context that has been followed by many different symbols
leaves more room for the shorter context's guess); the unigram is add-one smoothed, so no
symbol of the vocabulary ever gets probability zero. Its "parameters" are the counts it stores,
one per distinct k-gram seen (k = 1..n), which makes its size comparable with the RNN's.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np


class NGram:
    """An order-`order` character model over `vocab` (a string of symbols), fitted on `text`."""

    def __init__(self, text: str, order: int, vocab: str):
        if order < 1:
            raise ValueError("An n-gram model needs order 1 or more.")
        self.order, self.vocab = order, "".join(sorted(set(vocab)))
        self.index = {c: i for i, c in enumerate(self.vocab)}
        text = "".join(c for c in text if c in self.index)
        self.counts = Counter()  # k-gram -> count, for k = 1..order
        for k in range(1, order + 1):
            self.counts.update(text[i:i + k] for i in range(len(text) - k + 1))
        self.following = {}  # context -> (total count, distinct continuations, counts (V,))
        for gram, n in self.counts.items():
            ctx = gram[:-1]
            total, distinct, row = self.following.get(ctx) or (0, 0, np.zeros(len(self.vocab)))
            row[self.index[gram[-1]]] = n
            self.following[ctx] = (total + n, distinct + 1, row)
        self._cache = {}

    @property
    def params(self) -> int:
        return len(self.counts)

    def distribution(self, context: str) -> np.ndarray:
        """P(next symbol | context) over the vocabulary (V,), interpolated down to the unigram."""
        context = context[len(context) - self.order + 1:] if self.order > 1 else ""
        if context in self._cache:
            return self._cache[context]
        total, distinct, row = self.following.get(context) or (0, 0, None)
        if context == "":
            p = (row if row is not None else np.zeros(len(self.vocab))) + 1.0
            p = p / p.sum()  # add-one unigram
        else:
            lower = self.distribution(context[1:])
            p = lower if total == 0 else (row + distinct * lower) / (total + distinct)
        self._cache[context] = p
        return p

    def loss(self, text: str) -> float:
        """Cross-entropy in nats per character of predicting each symbol of `text` from its past."""
        text = "".join(c for c in text if c in self.index)
        if len(text) < 2:
            raise ValueError("Need at least two known symbols to measure a loss.")
        total = 0.0
        for i in range(1, len(text)):
            total -= math.log(self.distribution(text[max(0, i - self.order + 1):i])[self.index[text[i]]])
        return total / (len(text) - 1)

    def sample(self, n: int, rng: np.random.Generator, seed: str = "\n") -> str:
        """`n` symbols drawn one at a time, each conditioned on what came before."""
        out = seed
        for u in rng.random(n):
            c = np.cumsum(self.distribution(out[-self.order + 1:] if self.order > 1 else ""))
            out += self.vocab[min(int(np.searchsorted(c, u * c[-1], side="right")), len(self.vocab) - 1)]
        return out[len(seed):]


def comparable_order(text: str, vocab: str, target_params: int, max_order: int = 8) -> int:
    """The order whose count of stored k-grams is closest (by ratio) to `target_params`."""
    text = "".join(c for c in text if c in set(vocab))
    best, best_gap, stored = 1, math.inf, 0
    for k in range(1, max_order + 1):
        stored += len({text[i:i + k] for i in range(len(text) - k + 1)})
        gap = abs(math.log(max(stored, 1) / target_params))
        if gap < best_gap:
            best, best_gap = k, gap
    return best
