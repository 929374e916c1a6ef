"""The vanilla character-level RNN: forward pass, exact backpropagation through time, sampling.

    h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh)     the memory, updated once per character
    y_t = Why·h_t + by                          unnormalised log-probabilities of the next one
    p_t = softmax(y_t)                          loss = -Σ_t log p_t[target_t]

Only the recurrence is stepped one character at a time (h forwards, dh backwards). Everything
else -- the input projections, the output layer and softmax, and all weight gradients -- is a
whole-sequence operation, because under Pyodide (no BLAS) a NumPy call costs about a
microsecond before it does any arithmetic, and the two recurrences already make 125 of them.

All five parameters live in one flat float64 buffer (`params`), and `Wxh`... are views into
it, so that clipping and Adagrad (in train.py) are a handful of whole-buffer operations. Whh
and Why are adjacent in it, so K = [Whh; Why] is one (H+V, H) view too: stepping backwards,
Kᵀ·[da_{t+1}; dy_t] is what reaches h_t from the next step and from the output in one product,
and after the loop one product gives dWhh and dWhy together.
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
        self._K = self.params[_K_slice(V, H)].reshape(H + V, H)  # [Whh; Why], adjacent in params (H+V, H)
        self._last_workspace = None  # buffers for the last sequence length backprop saw

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
        _recur(self, hs, ids, h0, list(zip(hs[:-1], hs[1:])), np.empty(self.H))
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
        flat = np.empty_like(self.params) if out is None else out
        loss, h_last = self.backprop(ids, tgt, self._h0(h0), flat)
        return loss, split(flat, self.V, self.H), h_last

    def backprop(self, ids: np.ndarray, tgt: np.ndarray, h0: np.ndarray, grads: np.ndarray) -> tuple:
        """loss_and_grads without the checks, writing into the flat buffer `grads` (P,).

        ids, tgt: symbol ids (T,), h0: (H,). Returns (loss, h_T); the trainer's inner loop, in
        four phases (module functions, so scripts/bench/pyodide_bench.py can time each).
        """
        w = self._workspace(len(ids))
        _recur(self, w.S, ids, h0, w.forward_pairs, w.s)
        loss = _output_layer(self, w, tgt)
        _backward(self, w)
        _weight_grads(self, w, ids, grads)
        return loss, w.S[-1].copy()

    def _workspace(self, T: int) -> "_Workspace":
        w = self._last_workspace
        if w is None or w.T != T:
            w = self._last_workspace = _Workspace(self.V, self.H, T)
        return w

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
        A = self.Wxh.T + self.bh  # Wxh·x + bh for each symbol x (V, H)
        Whh, Why, by = self.Whh, self.Why, self.by
        z, c, last = np.empty(self.H), np.empty(self.V), self.V - 1
        matmul, add, tanh, exp, cumsum, searchsorted = np.matmul, np.add, np.tanh, np.exp, np.cumsum, np.searchsorted
        for u in rng.random(n).tolist():
            matmul(Whh, h, out=z)
            add(z, A[ix], out=h)
            tanh(h, out=h)  # h = tanh(Wxh·x + Whh·h + bh) (H,)
            y = matmul(Why, h)
            add(y, by, out=y)
            if temperature != 1.0:
                y /= temperature  # unnormalised log-probabilities (V,)
            y -= y.max()
            exp(y, out=y)
            cumsum(y, out=c)  # the unnormalised distribution function (V,)
            ix = min(int(searchsorted(c, u * c[last], side="right")), last)
            out.append(ix)
        return out

def _K_slice(V: int, H: int) -> slice:
    """Where Whh and Why sit, one after the other, in a flat parameter (or gradient) buffer."""
    return slice(H * V, H * V + (H + V) * H)


def _recur(model: RNN, hs: np.ndarray, ids: np.ndarray, h0: np.ndarray, pairs: list, tmp: np.ndarray) -> None:
    """Fill hs (T+1, H) with h0, h_1..h_T; `pairs` are its rows (h_{t-1}, h_t), tmp is (H,)."""
    hs[0] = h0
    np.add(model.Wxh.T[ids], model.bh, out=hs[1:])  # a_t = Wxh·x_t + bh for every t at once (T, H)
    Whh, matmul, add, tanh = model.Whh, np.matmul, np.add, np.tanh
    for h, h_t in pairs:  # the recurrence, the only sequential part: h_t = tanh(a_t + Whh·h_{t-1})
        matmul(Whh, h, tmp)  # (outputs passed positionally: a keyword costs ~0.05 µs a call)
        add(tmp, h_t, h_t)
        tanh(h_t, h_t)


def _output_layer(model: RNN, w: "_Workspace", tgt: np.ndarray) -> float:
    """Softmax outputs for the whole sequence; their loss. Leaves dy in R and tanh' in D."""
    H = model.H
    h, Y = w.S[1:], w.Y  # h_1..h_T (T, H)
    np.matmul(h, model.Why.T, out=Y)  # unnormalised log-probabilities of the next symbol (T, V) ...
    Y += model.by  # ... with the output bias
    Y -= Y.max(axis=1, keepdims=True)  # (softmax is shift-invariant; this avoids overflow)
    p = np.exp(Y, out=Y)
    p /= p.sum(axis=1, keepdims=True)  # probabilities of the next symbol (T, V)
    flat_targets = w.row_starts + tgt  # where p[t, target_t] sits in p.ravel()
    loss = -float(np.log(p.take(flat_targets)).sum())
    p.ravel()[flat_targets] -= 1.0  # dy = dL/dy = p - onehot(target) (T, V) ...
    w.R[1:, H:] = p  # ... beside da in R (see _Workspace)
    np.multiply(h, h, out=w.D)
    np.subtract(1.0, w.D, out=w.D)  # tanh' = 1 - h_t² at each step (T, H)
    return loss


def _backward(model: RNN, w: "_Workspace") -> None:
    """Backpropagation through time: fills R[:T, :H] with da_1..da_T, newest first."""
    KT, s, matmul, multiply = model._K.T, w.s, np.matmul, np.multiply
    for r_next, d_t, da_t in w.backward_triples:
        matmul(KT, r_next, s)  # dL/dh_t = Whhᵀ·da_{t+1} + Whyᵀ·dy_t (H,)
        multiply(s, d_t, da_t)  # da_t = dL/d(pre-activation) = tanh'·dL/dh_t (H,)


def _weight_grads(model: RNN, w: "_Workspace", ids: np.ndarray, grads: np.ndarray) -> None:
    """All five gradients into the flat buffer `grads` (P,), each a whole-sequence operation."""
    V, H, T, R = model.V, model.H, w.T, w.R
    # Whh and Why sit next to each other in the flat buffer, so one product gives both:
    # [dWhh; dWhy] = Σ_t [da_{t+1}; dy_t] h_tᵀ (H+V, H).
    np.matmul(R.T, w.S, out=grads[w.K_slice].reshape(H + V, H))
    da = R[:T, :H]  # da_1..da_T (T, H)
    # dWxh (H, V): column c collects da_t for every t that read symbol c (x_t is one-hot).
    grads[:H * V] = np.bincount((w.col_starts + ids[:, None]).ravel(), da.ravel(), H * V)
    np.add.reduce(da, axis=0, out=grads[w.bh_slice])  # Σ_t da_t (H,)
    np.add.reduce(w.Y, axis=0, out=grads[w.by_slice])  # Σ_t dy_t (V,) (dy is in Y too)


class _Workspace:
    """Buffers for backprop through sequences of length T, reused step after step.

    Under Pyodide a NumPy call costs about a microsecond before any arithmetic, and the two
    recurrences make five per character, so their row views are made once, here.
    """

    def __init__(self, V: int, H: int, T: int):
        self.T = T
        self.S = S = np.empty((T + 1, H))  # h_0..h_T (T+1, H)
        # Row t is [da_{t+1}, dy_t]: what reaches h_t from the next step and from the output
        # (da_{T+1} = 0 and dy_0 = 0 stay zero). (T+1, H+V)
        self.R = R = np.zeros((T + 1, H + V))
        self.D = D = np.empty((T, H))  # tanh' = 1 - h_t², t = 1..T (T, H)
        self.Y = np.empty((T, V))  # logits, then probabilities, then dy (T, V)
        self.s = np.empty(H)  # scratch (H,)
        self.forward_pairs = list(zip(S[:-1], S[1:]))  # (h_{t-1}, h_t), t = 1..T
        self.backward_triples = list(zip(R[:0:-1], D[::-1], R[-2::-1, :H]))  # (R[t], tanh'_t, da_t), t = T..1
        self.row_starts = np.arange(T) * V  # where row t starts in Y.ravel() (T,)
        self.col_starts = np.arange(H) * V  # where row i starts in dWxh.ravel() (H,)
        k = _K_slice(V, H)
        self.K_slice, self.bh_slice, self.by_slice = k, slice(k.stop, k.stop + H), slice(k.stop + H, k.stop + H + V)
