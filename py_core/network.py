"""What the two recurrent cells (model.RNN, lstm.LSTM) share: the parameter layout, the output
layer, the weight gradients, and the checks around them.

A cell has G blocks of H rows (the RNN: G = 1; the LSTM: G = 4, one per gate). At each step it
reads symbol x_t and its own previous output h_{t-1} through one affine map,

    z_t = Wx·x_t + Wh·h_{t-1} + b              pre-activations (G·H,)

turns z_t into its new state, and then both cells predict the next symbol the same way:

    y_t = Why·h_t + by                          unnormalised log-probabilities of the next one (V,)
    p_t = softmax(y_t)                          loss = -Σ_t log p_t[target_t]

So both have five parameters with the same layout in one flat float64 buffer, `params`:
Wx (GH, V), Wh (GH, H), Why (V, H), b (GH,), by (V,), each a view (the cell names them; the
RNN's are Wxh, Whh, Why, bh, by). Clipping and Adagrad (train.py) are then a handful of
whole-buffer operations. Wh and Why are adjacent, so K = [Wh; Why] is one (GH+V, H) view:
stepping backwards, Kᵀ·[dz_{t+1}; dy_t] is what reaches h_t from the next step and from the
output in one product, and after the loop one product gives dWh and dWhy together.

Only the recurrences are stepped one character at a time (in the cells); everything here is a
whole-sequence operation, because under Pyodide (no BLAS) a NumPy call costs about a
microsecond before it does any arithmetic.
"""
from __future__ import annotations

import math

import numpy as np

from . import settings

INIT_SCALE = 0.01  # initial weights are N(0, 1) · INIT_SCALE; biases start at 0 (the LSTM's forget gate aside)


def param_shapes(V: int, H: int, G: int, names: tuple) -> dict[str, tuple[int, ...]]:
    """The five parameters' shapes, in buffer order, under the cell's names for Wx, Wh, Why, b, by."""
    return dict(zip(names, ((G * H, V), (G * H, H), (V, H), (G * H,), (V,))))


def param_count(V: int, H: int, G: int) -> int:
    """How many numbers the five parameters of a cell with G blocks hold."""
    return G * H * (V + H + 1) + V * H + V


def split(flat: np.ndarray, shapes: dict) -> dict[str, np.ndarray]:
    """Views of the parameters (or gradients) inside one flat buffer, in the order of `shapes`."""
    views, start = {}, 0
    for name, shape in shapes.items():
        size = math.prod(shape)
        views[name] = flat[start:start + size].reshape(shape)
        start += size
    return views


def param(name: str) -> property:
    """A parameter as an attribute: reads the view, and assigning copies into the flat buffer."""
    def get(self):
        return self._views[name]

    def put(self, value):
        self._views[name][...] = value

    return property(get, put)


class Network:
    """What a cell has besides its recurrence. A subclass sets GATES (G), STATE (the carried
    state is STATE·H numbers), PARAM_NAMES and defines _recur, _backward, _forward_buffers,
    _workspace_for, _last_state, state_jacobians and sample."""

    GATES = 1
    STATE = 1
    PARAM_NAMES: tuple = ()

    def __init__(self, vocab_size: int, hidden_size: int = 64, seed: int = 0):
        if isinstance(vocab_size, bool) or not isinstance(vocab_size, (int, np.integer)) or vocab_size < 1:
            raise ValueError(f"Vocabulary size must be a whole number of at least 1; got “{vocab_size}”.")
        self.V = int(vocab_size)  # symbols
        self.H = settings.validate("hidden", hidden_size)  # hidden units
        seed = settings.validate("seed", seed)
        V, H, GH = self.V, self.H, self.GATES * self.H
        self.shapes = param_shapes(V, H, self.GATES, self.PARAM_NAMES)
        self.params = np.zeros(param_count(V, H, self.GATES))  # every parameter, flat (P,)
        self._views = split(self.params, self.shapes)
        rng = np.random.default_rng(seed)
        for name in self.PARAM_NAMES[:3]:  # Wx, Wh, Why, drawn in that order
            self._views[name][...] = rng.standard_normal(self.shapes[name]) * INIT_SCALE
        self.K_slice = slice(GH * V, GH * V + (GH + V) * H)  # where Wh and Why sit, adjacent
        self._K = self.params[self.K_slice].reshape(GH + V, H)  # [Wh; Why] (GH+V, H)
        self._last_workspace = None  # buffers for the last sequence length backprop saw

    @property
    def state_size(self) -> int:
        """How many numbers the cell carries from one character to the next."""
        return self.STATE * self.H

    def _inputs(self, ids) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.intp).reshape(-1)
        if ids.size and (ids.min() < 0 or ids.max() >= self.V):
            raise ValueError(f"Symbol ids must lie in 0…{self.V - 1}.")
        return ids

    def _state0(self, state) -> np.ndarray:
        """The carried state as a flat (STATE·H,) array; zeros for None."""
        if state is None:
            return np.zeros(self.state_size)
        state = np.asarray(state, dtype=np.float64).reshape(-1)
        if state.shape != (self.state_size,):
            raise ValueError(f"The state must have {self.state_size} entries; got {state.size}.")
        return state

    def states(self, ids, state0=None) -> np.ndarray:
        """The whole carried state after each symbol of `ids` (T, STATE·H), from state0 (zeros)."""
        ids = self._inputs(ids)
        w = self._forward_buffers(len(ids))
        self._recur(w, ids, self._state0(state0))
        return np.stack([self._last_state(w, t) for t in range(1, len(ids) + 1)]).reshape(len(ids), -1)

    def hidden_states(self, ids, state0=None) -> np.ndarray:
        """h_t after each symbol of `ids` (T, H), starting from state0 (zeros by default)."""
        ids = self._inputs(ids)
        w = self._forward_buffers(len(ids))
        self._recur(w, ids, self._state0(state0))
        return w.S[1:]

    def loss_and_grads(self, inputs, targets, state0=None, out: np.ndarray | None = None):
        """Total cross-entropy (nats) of predicting `targets` from `inputs`, its gradients, the last state.

        Returns (loss, grads, state_last): grads is a dict of the five gradients, views into
        `out` (a flat buffer shaped like `params`) or into a fresh one.
        """
        ids, tgt = self._inputs(inputs), self._inputs(targets)
        if len(ids) != len(tgt) or len(ids) == 0:
            raise ValueError("inputs and targets must be equally long and not empty.")
        flat = np.empty_like(self.params) if out is None else out
        loss, state = self.backprop(ids, tgt, self._state0(state0), flat)
        return loss, split(flat, self.shapes), state

    def backprop(self, ids: np.ndarray, tgt: np.ndarray, state0: np.ndarray, grads: np.ndarray) -> tuple:
        """loss_and_grads without the checks, writing into the flat buffer `grads` (P,).

        ids, tgt: symbol ids (T,), state0: (STATE·H,). Returns (loss, the last state); the
        trainer's inner loop, in four phases (scripts/bench/pyodide_bench.py times each).
        """
        w = self._workspace(len(ids))
        self._recur(w, ids, state0)
        loss = _output_layer(self, w, tgt)
        self._backward(w)
        _weight_grads(self, w, ids, grads)
        return loss, self._last_state(w, len(ids))

    def _workspace(self, T: int):
        w = self._last_workspace
        if w is None or w.T != T:
            w = self._last_workspace = self._workspace_for(T)
        return w

    def mean_loss(self, ids, state0=None) -> float:
        """Nats per character of predicting ids[1:] from ids[:-1] (no training), from state0."""
        ids = self._inputs(ids)
        if len(ids) < 2:
            raise ValueError("Need at least two symbols to measure a loss.")
        h = self.hidden_states(ids[:-1], state0)  # (T-1, H)
        y = h @ self.Why.T + self.by  # (T-1, V)
        y -= y.max(axis=1, keepdims=True)
        log_p = y - np.log(np.exp(y).sum(axis=1, keepdims=True))  # log-softmax (T-1, V)
        return float(-log_p[np.arange(len(ids) - 1), ids[1:]].mean())


class Workspace:
    """The buffers both cells' backprop uses for sequences of length T, reused step after step."""

    def __init__(self, V: int, H: int, G: int, T: int):
        self.T = T
        self.S = np.empty((T + 1, H))  # h_0..h_T (T+1, H)
        # Row t is [dz_{t+1}, dy_t]: what reaches h_t from the next step and from the output
        # (dz_{T+1} = 0 and dy_0 = 0 stay zero). (T+1, GH+V)
        self.R = np.zeros((T + 1, G * H + V))
        self.Y = np.empty((T, V))  # logits, then probabilities, then dy (T, V)
        self.row_starts = np.arange(T) * V  # where row t starts in Y.ravel() (T,)
        self.col_starts = np.arange(G * H) * V  # where row i starts in dWx.ravel() (GH,)
        k = G * H * V + (G * H + V) * H  # where b starts in the flat buffer
        self.b_slice, self.by_slice = slice(k, k + G * H), slice(k + G * H, k + G * H + V)


def softmax_loss(h: np.ndarray, Why: np.ndarray, by: np.ndarray, tgt: np.ndarray, Y: np.ndarray,
                 row_starts: np.ndarray | None = None) -> float:
    """The output layer every model ends in, on its last hidden layer h (T, H): the loss
    -Σ_t log softmax(Why·h_t + by)[target_t], leaving dy = dL/dy = p - onehot(target) in Y (T, V).
    row_starts (T,) = arange(T)·V, if the caller keeps one."""
    np.matmul(h, Why.T, out=Y)  # unnormalised log-probabilities of the next symbol (T, V) ...
    Y += by  # ... with the output bias
    Y -= Y.max(axis=1, keepdims=True)  # (softmax is shift-invariant; this avoids overflow)
    p = np.exp(Y, out=Y)
    p /= p.sum(axis=1, keepdims=True)  # probabilities of the next symbol (T, V)
    if row_starts is None:
        row_starts = np.arange(len(Y)) * Y.shape[1]
    flat_targets = row_starts + tgt  # where p[t, target_t] sits in p.ravel()
    loss = -float(np.log(p.take(flat_targets)).sum())
    p.ravel()[flat_targets] -= 1.0  # dy = p - onehot(target) (T, V)
    return loss


def _output_layer(model: Network, w: Workspace, tgt: np.ndarray) -> float:
    """Softmax outputs for the whole sequence and their loss; leaves dy in Y and in R[1:, GH:]."""
    loss = softmax_loss(w.S[1:], model.Why, model.by, tgt, w.Y, w.row_starts)  # over h_1..h_T (T, H)
    w.R[1:, model.GATES * model.H:] = w.Y  # dy beside dz in R (see Workspace)
    return loss


def _weight_grads(model: Network, w: Workspace, ids: np.ndarray, grads: np.ndarray) -> None:
    """All five gradients into the flat buffer `grads` (P,), each a whole-sequence operation.

    Needs dz_1..dz_T in R[:T, :GH] (the cell's _backward leaves them there).
    """
    V, H, GH, T, R = model.V, model.H, model.GATES * model.H, w.T, w.R
    # Wh and Why sit next to each other in the flat buffer, so one product gives both:
    # [dWh; dWhy] = Σ_t [dz_{t+1}; dy_t] h_tᵀ (GH+V, H).
    np.matmul(R.T, w.S, out=grads[model.K_slice].reshape(GH + V, H))
    dz = R[:T, :GH]  # dz_1..dz_T (T, GH)
    # dWx (GH, V): column c collects dz_t for every t that read symbol c (x_t is one-hot).
    grads[:GH * V] = np.bincount((w.col_starts + ids[:, None]).ravel(), dz.ravel(), GH * V)
    np.add.reduce(dz, axis=0, out=grads[w.b_slice])  # Σ_t dz_t (GH,)
    np.add.reduce(w.Y, axis=0, out=grads[w.by_slice])  # Σ_t dy_t (V,) (dy is in Y too)


def draw(y: np.ndarray, u: float, c: np.ndarray, temperature: float) -> int:
    """The symbol a uniform number u in [0, 1) picks from softmax(y / temperature); y (V,) is
    overwritten, c (V,) is scratch."""
    if temperature != 1.0:
        y /= temperature  # unnormalised log-probabilities (V,)
    y -= y.max()
    np.exp(y, out=y)
    np.cumsum(y, out=c)  # the unnormalised distribution function (V,)
    last = len(c) - 1
    return min(int(np.searchsorted(c, u * c[last], side="right")), last)
