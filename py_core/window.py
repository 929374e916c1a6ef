"""The fixed-window neural language model (Bengio, Ducharme, Vincent & Jauvin 2003), over
characters: each prediction sees only the last n symbols read, and nothing before them.

After reading x_t it looks up each of x_{t-n+1} .. x_t in one shared embedding table C and
concatenates the n rows (a position before the text contributes zeros):

    e_t = [C[x_{t-n+1}]; ...; C[x_t]]           the window, embedded (n·E,)
    h_t = tanh(Wh·e_t + bh)                     the hidden layer (H,)
    y_t = Why·h_t + by                          unnormalised log-probabilities of the next one (V,)
    p_t = softmax(y_t)                          loss = -Σ_t log p_t[target_t]

The output layer is the one every model here ends in (context.ContextModel.output_grads). There
is no recurrence, so every step is a whole-sequence operation: all T windows are gathered at
once, one product goes forwards and one backwards, and dC is one bincount.

Bengio's direct connections (a second term W·e_t in y_t, straight from the embeddings to the
output) are left out: at n = 8 they would add V·n·E = 2,464 weights feeding the softmax
directly, the output layer would no longer be the shared one over h alone (so `hidden_states`
would not be all that Why reads, which the surprise card, heatmap and units card rely on), and
the paper itself reports they mainly speed early training rather than lower the final loss.

Measured (CPython, sonnets, seed 1, the recipe's Adagrad lr 0.1, clip 5): a step of T = 25
takes ~0.9x the RNN's; the smoothed loss is 2.65 at 1,000 steps and 2.01 at 5,000 for n = 8
(2.68 and 2.05 for n = 16; the RNN: 2.85 and 2.11). Weights drawn at N(0, 1)·0.1 instead of
INIT_SCALE gave 2.02 at 5,000 steps (no better), at N(0, 1)·1 2.49, so the recipe's scale stays.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .context import ContextModel
from .network import INIT_SCALE, split

EMBED = 11  # E, the width of a symbol's embedding: at V = 28, H = 64, n = 8 this makes 7,824
# weights, the nearest to the RNN's 7,772
PARAM_NAMES = ("C", "Wh", "bh", "Why", "by")


def param_count(V: int, H: int, n: int) -> int:
    """How many numbers C (V, E), Wh (H, n·E), bh (H,), Why (V, H) and by (V,) hold."""
    return V * EMBED + H * n * EMBED + H + V * H + V


class Window(ContextModel):
    """A fixed-window model over V symbols: n embedded symbols -> H tanh units -> softmax."""

    PARAM_NAMES = PARAM_NAMES
    REACH_SETTING = "window"  # the settings row giving n

    def _shapes(self) -> dict:
        V, H, nE = self.V, self.H, self.reach * EMBED
        return dict(zip(PARAM_NAMES, ((V, EMBED), (H, nE), (H,), (V, H), (V,))))

    def _init(self, rng: np.random.Generator) -> None:
        for name in ("C", "Wh", "Why"):  # weights N(0, 1)·INIT_SCALE, drawn in this order; biases 0
            self._views[name][...] = rng.standard_normal(self.shapes[name]) * INIT_SCALE

    def _windows(self, ctx: np.ndarray, T: int) -> np.ndarray:
        """The n symbols each of the last T predictions reads, oldest first, NONE mapped to V
        (the zero row of _table) (T, n)."""
        win = sliding_window_view(ctx[len(ctx) - (T + self.reach - 1):], self.reach)  # (T, n)
        return win % (self.V + 1)  # NONE = -1 -> V; real ids unchanged

    def _embed(self, win: np.ndarray) -> np.ndarray:
        """e_t for every window: the rows of C side by side, zeros for NONE (T, n·E)."""
        table = np.concatenate([self.C, np.zeros((1, EMBED))])  # C and a zero row for NONE (V+1, E)
        return table[win].reshape(len(win), -1)

    def _hidden(self, ctx: np.ndarray, T: int) -> np.ndarray:
        e = self._embed(self._windows(ctx, T))  # (T, n·E)
        a = e @ self.Wh.T  # pre-activations (T, H) ...
        a += self.bh  # ... with the bias
        return np.tanh(a, out=a)  # h_t (T, H)

    def _backprop(self, ctx: np.ndarray, tgt: np.ndarray, grads: np.ndarray) -> float:
        g = split(grads, self.shapes)  # views dC, dWh, dbh, dWhy, dby into the flat buffer
        T, V = len(tgt), self.V
        win = self._windows(ctx, T)  # (T, n)
        e = self._embed(win)  # (T, n·E)
        h = e @ self.Wh.T
        h += self.bh
        np.tanh(h, out=h)  # h_t (T, H)
        loss, dh = self.output_grads(h, tgt, g)  # dWhy, dby filled; dL/dh (T, H)
        h *= h
        np.subtract(1.0, h, out=h)  # tanh' = 1 - h_t² (T, H)
        da = np.multiply(dh, h, out=dh)  # dL/d(pre-activation) (T, H)
        np.matmul(da.T, e, out=g["Wh"])  # dWh = Σ_t da_t e_tᵀ (H, n·E)
        np.add.reduce(da, axis=0, out=g["bh"])  # dbh = Σ_t da_t (H,)
        de = da @ self.Wh  # dL/de_t (T, n·E), E numbers per symbol of the window
        # dC: row c collects dL/de for every window position that held symbol c; NONE's
        # row (V) is dropped.
        where = (win.reshape(-1, 1) * EMBED + np.arange(EMBED)).ravel()  # into the (V+1, E) table, flat
        g["C"][...] = np.bincount(where, de.ravel(), (V + 1) * EMBED)[:V * EMBED].reshape(V, EMBED)
        return loss
