"""The vanilla character-level RNN: forward pass, exact backpropagation through time, sampling.

    h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh)     the memory, updated once per character
    y_t = Why·h_t + by                          unnormalised log-probabilities of the next one
    p_t = softmax(y_t)                          loss = -Σ_t log p_t[target_t]

Only the recurrence is stepped one character at a time (h forwards, dh backwards). Everything
else -- the input projections, the output layer and softmax, and all weight gradients -- is a
whole-sequence matrix product, because a NumPy call costs the same few microseconds whether it
touches 64 numbers or 1,600, and under Pyodide (no BLAS) that overhead dominates.

All five parameters live in one flat float64 buffer (`params`), and `Wxh`... are views into
it, so that clipping and Adagrad (in train.py) are a handful of whole-buffer operations.
"""
from __future__ import annotations

import math

import numpy as np

from . import settings

PARAM_NAMES = ("Wxh", "Whh", "Why", "bh", "by")
INIT_SCALE = 0.01  # initial weights are N(0, 1) · INIT_SCALE; biases start at 0


def param_shapes(V: int, H: int) -> dict[str, tuple[int, ...]]:
    return {"Wxh": (H, V), "Whh": (H, H), "Why": (V, H), "bh": (H,), "by": (V,)}


def split(flat: np.ndarray, V: int, H: int) -> dict[str, np.ndarray]:
    """Views of the five parameters (or gradients) inside one flat buffer, in PARAM_NAMES order."""
    views, start = {}, 0
    for name, shape in param_shapes(V, H).items():
        size = math.prod(shape)
        views[name] = flat[start:start + size].reshape(shape)
        start += size
    return views


def param_count(V: int, H: int) -> int:
    return sum(math.prod(s) for s in param_shapes(V, H).values())


class RNN:
    """A vanilla RNN over a vocabulary of V symbols with H hidden units."""

    def __init__(self, vocab_size: int, hidden_size: int = 64, seed: int = 0):
        if isinstance(vocab_size, bool) or not isinstance(vocab_size, (int, np.integer)) or vocab_size < 1:
            raise ValueError(f"Vocabulary size must be a whole number of at least 1; got “{vocab_size}”.")
        self.V = int(vocab_size)  # symbols
        self.H = settings.validate("hidden", hidden_size)  # hidden units
        seed = settings.validate("seed", seed)
        V, H = self.V, self.H
        self.params = np.zeros(param_count(V, H))  # every parameter, flat (P,)
        self._views = split(self.params, V, H)
        rng = np.random.default_rng(seed)
        self.Wxh[...] = rng.standard_normal((H, V)) * INIT_SCALE  # input -> hidden (H, V)
        self.Whh[...] = rng.standard_normal((H, H)) * INIT_SCALE  # hidden -> hidden (H, H)
        self.Why[...] = rng.standard_normal((V, H)) * INIT_SCALE  # hidden -> output (V, H)
        self._eye = np.eye(V)  # one-hot rows (V, V)

    # Parameters are views into self.params; assigning to one copies into the buffer.
    def _param(name):  # noqa: N805 -- a property factory used only in this class body
        def get(self):
            return self._views[name]

        def put(self, value):
            self._views[name][...] = value

        return property(get, put)

    Wxh, Whh, Why, bh, by = _param("Wxh"), _param("Whh"), _param("Why"), _param("bh"), _param("by")
    del _param

    def _inputs(self, ids) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.intp).reshape(-1)
        if ids.size and (ids.min() < 0 or ids.max() >= self.V):
            raise ValueError(f"Symbol ids must lie in 0…{self.V - 1}.")
        return ids

    def _h0(self, h0) -> np.ndarray:
        if h0 is None:
            return np.zeros(self.H)
        h0 = np.asarray(h0, dtype=np.float64).reshape(-1)
        if h0.shape != (self.H,):
            raise ValueError(f"h0 must have {self.H} entries; got {h0.size}.")
        return h0

    def _forward(self, ids: np.ndarray, h0: np.ndarray) -> np.ndarray:
        """hs (T+1, H): hs[0] = h0 and hs[t+1] = h_t, the state after reading ids[t]."""
        hs = np.empty((len(ids) + 1, self.H))
        hs[0] = h0
        np.add(self.Wxh.T[ids], self.bh, out=hs[1:])  # Wxh·x_t + bh for every t at once (T, H)
        WhhT, h = self.Whh.T, h0
        for h_t in hs[1:]:  # the recurrence, the only sequential part: h_t = tanh(a_t + Whh·h)
            h_t += h.dot(WhhT)
            np.tanh(h_t, out=h_t)
            h = h_t
        return hs

    def hidden_states(self, ids, h0=None) -> np.ndarray:
        """The state after each symbol of `ids` (T, H), starting from h0 (zeros by default)."""
        return self._forward(self._inputs(ids), self._h0(h0))[1:]

    def loss_and_grads(self, inputs, targets, h0=None, out: np.ndarray | None = None):
        """Total cross-entropy (nats) of predicting `targets` from `inputs`, its gradients, h_T.

        Returns (loss, grads, h_last): grads is a dict of the five gradients, views into `out`
        (a flat buffer shaped like `params`) or into a fresh one.
        """
        ids, tgt = self._inputs(inputs), self._inputs(targets)
        if len(ids) != len(tgt) or len(ids) == 0:
            raise ValueError("inputs and targets must be equally long and not empty.")
        grads = split(np.empty_like(self.params) if out is None else out, self.V, self.H)
        loss, h_last = self.backprop(ids, tgt, self._h0(h0), grads)
        return loss, grads, h_last

    def backprop(self, ids: np.ndarray, tgt: np.ndarray, h0: np.ndarray, grads: dict) -> tuple:
        """loss_and_grads without the checks, writing into `grads` (views from `split`).

        ids, tgt: symbol ids (T,), h0: (H,). Returns (loss, h_T); the trainer's inner loop.
        """
        T, steps = len(ids), np.arange(len(ids))
        hs = self._forward(ids, h0)  # (T+1, H)
        h = hs[1:]  # h_1..h_T (T, H)

        # Output layer and softmax for the whole sequence.
        y = h @ self.Why.T  # unnormalised log-probabilities of the next symbol (T, V) ...
        y += self.by  # ... with the output bias
        y -= y.max(axis=1, keepdims=True)  # (softmax is shift-invariant; this avoids overflow)
        p = np.exp(y, out=y)
        p /= p.sum(axis=1, keepdims=True)  # probabilities of the next symbol (T, V)
        flat_targets = steps * self.V + tgt  # where p[t, target_t] sits in p.ravel()
        loss = -float(np.log(p.take(flat_targets)).sum())

        # Backward. dy = dL/dy = p - onehot(target), in place of p (T, V).
        dy = p
        dy.ravel()[flat_targets] -= 1.0
        da = dy @ self.Why  # dL/dh_t from the output at t; becomes dL/d(pre-activation) (T, H)
        dtanh = h * h
        np.subtract(1.0, dtanh, out=dtanh)  # tanh' = 1 - h_t² at each step (T, H)
        Whh = self.Whh
        da_T = da[-1]  # the last step has no future
        da_T *= dtanh[-1]
        dh_next = da_T.dot(Whh)  # gradient flowing back into h_{t-1}: Whhᵀ·da_t (H,)
        for da_t, dtanh_t in zip(da[-2::-1], dtanh[-2::-1]):  # backwards through time
            da_t += dh_next
            da_t *= dtanh_t
            dh_next = da_t.dot(Whh)

        # Every weight gradient is a whole-sequence product.
        np.matmul(da.T, self._eye[ids], out=grads["Wxh"])  # Σ_t da_t x_tᵀ (H, V)
        np.matmul(da.T, hs[:-1], out=grads["Whh"])  # Σ_t da_t h_{t-1}ᵀ (H, H)
        np.matmul(dy.T, h, out=grads["Why"])  # Σ_t dy_t h_tᵀ (V, H)
        np.add.reduce(da, axis=0, out=grads["bh"])  # Σ_t da_t (H,)
        np.add.reduce(dy, axis=0, out=grads["by"])  # Σ_t dy_t (V,)
        return loss, hs[-1].copy()

    def mean_loss(self, ids, h0=None) -> float:
        """Nats per character of predicting ids[1:] from ids[:-1] (no training), from h0."""
        ids = self._inputs(ids)
        if len(ids) < 2:
            raise ValueError("Need at least two symbols to measure a loss.")
        h = self.hidden_states(ids[:-1], h0)  # (T-1, H)
        y = h @ self.Why.T + self.by  # (T-1, V)
        y -= y.max(axis=1, keepdims=True)
        log_p = y - np.log(np.exp(y).sum(axis=1, keepdims=True))  # log-softmax (T-1, V)
        return float(-log_p[np.arange(len(ids) - 1), ids[1:]].mean())

    def sample(self, h, seed_id: int, n: int, temperature: float = 1.0, rng=None) -> list[int]:
        """`n` symbol ids drawn one at a time, each fed back in, from state h after seed_id."""
        temperature = settings.validate("temperature", temperature)
        rng = np.random.default_rng() if rng is None else rng
        h, ix, out = self._h0(h).copy(), int(seed_id), []
        WxhT, Whh, Why, bh, by = self.Wxh.T, self.Whh, self.Why, self.bh, self.by
        for u in rng.random(n):
            h = np.tanh(WxhT[ix] + Whh @ h + bh)
            y = (Why @ h + by) / temperature
            p = np.exp(y - y.max())
            c = np.cumsum(p)
            ix = min(int(np.searchsorted(c, u * c[-1], side="right")), self.V - 1)
            out.append(ix)
        return out
