"""The vanilla character-level RNN: its recurrence, stepped forwards and backwards, and sampling.

    h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh)     the memory, updated once per character
    y_t = Why·h_t + by                          unnormalised log-probabilities of the next one
    p_t = softmax(y_t)                          loss = -Σ_t log p_t[target_t]

The output layer, the flat parameter buffer and the weight gradients are shared with the LSTM
and live in network.py (there Wxh, Whh, bh are the general Wx, Wh, b with one block, G = 1).
Here is what is the RNN's own: the recurrence h_t, the only part stepped one character at a
time, forwards (three NumPy calls per character) and backwards (two).
"""
from __future__ import annotations

import numpy as np

from . import network, settings
from .network import Network, Workspace, draw, param

PARAM_NAMES = ("Wxh", "Whh", "Why", "bh", "by")


def param_count(V: int, H: int) -> int:
    return network.param_count(V, H, RNN.GATES)


class RNN(Network):
    """A vanilla RNN over a vocabulary of V symbols with H hidden units; its state is h (H,)."""

    GATES, STATE, PARAM_NAMES = 1, 1, PARAM_NAMES
    Wxh, Whh, Why, bh, by = map(param, PARAM_NAMES)  # views into params; assigning copies in

    def _forward_buffers(self, T: int) -> "_Forward":
        return _Forward(self.H, T)

    def _workspace_for(self, T: int) -> "_Workspace":
        return _Workspace(self.V, self.H, T)

    def _last_state(self, w, t: int) -> np.ndarray:
        return w.S[t].copy()

    def _recur(self, w, ids: np.ndarray, h0: np.ndarray) -> None:
        """Fill w.S (T+1, H) with h0, h_1..h_T."""
        hs = w.S
        hs[0] = h0
        np.add(self.Wxh.T[ids], self.bh, out=hs[1:])  # a_t = Wxh·x_t + bh for every t at once (T, H)
        Whh, tmp, matmul, add, tanh = self.Whh, w.s, np.matmul, np.add, np.tanh
        for h, h_t in w.forward_pairs:  # the recurrence, the only sequential part: h_t = tanh(a_t + Whh·h_{t-1})
            matmul(Whh, h, tmp)  # (outputs passed positionally: a keyword costs ~0.05 µs a call)
            add(tmp, h_t, h_t)
            tanh(h_t, h_t)

    def _backward(self, w: "_Workspace") -> None:
        """Backpropagation through time: fills R[:T, :H] with da_1..da_T, newest first."""
        np.multiply(w.S[1:], w.S[1:], out=w.D)
        np.subtract(1.0, w.D, out=w.D)  # tanh' = 1 - h_t² at each step (T, H)
        KT, s, matmul, multiply = self._K.T, w.s, np.matmul, np.multiply
        for r_next, d_t, da_t in w.backward_triples:
            matmul(KT, r_next, s)  # dL/dh_t = Whhᵀ·da_{t+1} + Whyᵀ·dy_t (H,)
            multiply(s, d_t, da_t)  # da_t = dL/d(pre-activation) = tanh'·dL/dh_t (H,)

    # The RNN's state is h: its methods keep the names of the contract (DESIGN.md), h0.
    def loss_and_grads(self, inputs, targets, h0=None, out: np.ndarray | None = None):
        """Total cross-entropy (nats), its gradients (views into `out`) and h_T, from h0."""
        return super().loss_and_grads(inputs, targets, h0, out)

    def hidden_states(self, ids, h0=None) -> np.ndarray:
        """The state after each symbol of `ids` (T, H), starting from h0 (zeros by default)."""
        return super().hidden_states(ids, h0)

    def mean_loss(self, ids, h0=None) -> float:
        """Nats per character of predicting ids[1:] from ids[:-1] (no training), from h0."""
        return super().mean_loss(ids, h0)

    def state_jacobians(self, ids, h0=None) -> np.ndarray:
        """J_t = ∂h_t/∂h_{t-1} = diag(1 - h_t²)·Whh after each symbol of `ids` (T, H, H)."""
        hs = self.hidden_states(ids, h0)  # (T, H)
        return (1.0 - hs * hs)[:, :, None] * self.Whh

    def sample(self, h, seed_id: int, n: int, temperature: float = 1.0, rng=None) -> list[int]:
        """`n` symbol ids drawn one at a time, each fed back in, from state h after seed_id."""
        temperature = settings.validate("temperature", temperature)
        rng = np.random.default_rng() if rng is None else rng
        h, ix, out = self._state0(h).copy(), int(seed_id), []
        A = self.Wxh.T + self.bh  # Wxh·x + bh for each symbol x (V, H)
        Whh, Why, by = self.Whh, self.Why, self.by
        z, c = np.empty(self.H), np.empty(self.V)
        matmul, add, tanh = np.matmul, np.add, np.tanh
        for u in rng.random(n).tolist():
            matmul(Whh, h, out=z)
            add(z, A[ix], out=h)
            tanh(h, out=h)  # h = tanh(Wxh·x + Whh·h + bh) (H,)
            y = matmul(Why, h)
            add(y, by, out=y)
            ix = draw(y, u, c, temperature)
            out.append(ix)
        return out


class _Forward:
    """What the forward recurrence writes: h_0..h_T and the row views the loop steps through."""

    def __init__(self, H: int, T: int):
        self.T = T
        self.S = S = np.empty((T + 1, H))  # h_0..h_T (T+1, H)
        self.s = np.empty(H)  # scratch (H,)
        self.forward_pairs = list(zip(S[:-1], S[1:]))  # (h_{t-1}, h_t), t = 1..T


class _Workspace(Workspace):
    """Buffers for backprop through sequences of length T, reused step after step.

    Under Pyodide a NumPy call costs about a microsecond before any arithmetic, and the two
    recurrences make five per character, so their row views are made once, here.
    """

    def __init__(self, V: int, H: int, T: int):
        super().__init__(V, H, 1, T)
        S, R = self.S, self.R
        self.D = D = np.empty((T, H))  # tanh' = 1 - h_t², t = 1..T (T, H)
        self.s = np.empty(H)  # scratch (H,)
        self.forward_pairs = list(zip(S[:-1], S[1:]))  # (h_{t-1}, h_t), t = 1..T
        self.backward_triples = list(zip(R[:0:-1], D[::-1], R[-2::-1, :H]))  # (R[t], tanh'_t, da_t), t = T..1
