"""A tiny causal self-attention model of characters: each prediction looks back over the last W
symbols directly, instead of through a state that summarises them (context.py).

For each position t being trained (one of the last T of the context) and each head n:

    x_j = E[c_j]                                 the embedding of the j-th context symbol (D,)
    q_t = Wq·x_t,  k_j = Wk·x_j,  v_j = Wv·x_j   queries, keys and values, split into heads of d = D/heads
    s_tj = q_t·k_j / sqrt(d) + b[n, t - j]       scores, for the W symbols t-W+1..t that exist
    a_tj = softmax_j(s_tj)                       how much head n at t reads symbol j (sums to 1)
    r_t = x_t + Wo·[Σ_j a_tj v_j]_heads          the residual stream (D,)
    h_t = tanh(Wh·r_t + bh)                      the last hidden layer (H,), read by Why as an RNN's h is

The relative bias b[n, offset] lets a head look a fixed number of places back whatever the
symbols are, which is what the echo text's closing key needs (scripts/tables/attention_calibration.py
compared it with ALiBi's fixed slopes and chose it there). Symbols before the text (NONE) and
before the window are masked out: their weights are exactly 0. Everything is a whole-sequence
operation (one batched product over heads per step of the algebra); nothing is stepped per character.
"""
from __future__ import annotations

import math

import numpy as np

from .context import NONE, ContextModel
from .network import INIT_SCALE, split

PARAM_NAMES = ("E", "Wq", "Wk", "Wv", "Wo", "b", "Wh", "bh", "Why", "by")
D = 32  # width of the embedding and of the residual stream (8,988 weights at V 28, H 64, W 32)
HEADS = 2  # attention heads, each of width D / HEADS
# How a head knows where a symbol is: "relative" (a learned b[head, offset]), "alibi" (fixed
# slopes) or "none" (only what the symbols are: the calibration's control)
POSITIONS = "relative"


class Attention(ContextModel):
    """One causal self-attention layer over the last W symbols, then a tanh layer of H units."""

    REACH_SETTING = "context"
    PARAM_NAMES = PARAM_NAMES
    D, HEADS, POSITIONS = D, HEADS, POSITIONS  # a subclass may change them (the calibration does)

    def _shapes(self) -> dict:
        V, H, D, W = self.V, self.H, self.D, self.reach
        return {"E": (V, D),  # symbol embeddings, one row per symbol (V, D)
                "Wq": (D, D), "Wk": (D, D), "Wv": (D, D),  # queries, keys, values, heads side by side (D, D)
                "Wo": (D, D),  # what the heads' outputs add to the residual stream (D, D)
                # score bias per head and offset 0..W-1 back (heads, W); (0, W) if not learned
                "b": (self.HEADS if self.POSITIONS == "relative" else 0, W),
                "Wh": (H, D), "bh": (H,),  # the hidden layer (H, D), (H,)
                "Why": (V, H), "by": (V,)}  # the shared output layer (V, H), (V,)

    def _init(self, rng: np.random.Generator) -> None:
        for name in ("E", "Wq", "Wk", "Wv", "Wo", "Wh", "Why"):  # weights N(0, 1)·INIT_SCALE, biases 0
            self._views[name][...] = rng.standard_normal(self.shapes[name]) * INIT_SCALE
        # ALiBi: fixed slopes 2^-1, 2^-2, ... per head times the offset, not a parameter; "none": 0
        slopes = 2.0 ** -np.arange(1, self.HEADS + 1) if self.POSITIONS == "alibi" else np.zeros(self.HEADS)
        self._fixed = None if self.POSITIONS == "relative" else -slopes[:, None] * np.arange(self.reach)

    # -- forward ------------------------------------------------------------------------------
    def _forward(self, ctx: np.ndarray, T: int):
        """Everything backward needs, for the last T positions of ctx (ids, NONE before the text)."""
        L, W, nh, D = len(ctx), self.reach, self.HEADS, self.D
        d = D // nh
        real = ctx != NONE  # which context positions hold a symbol (L,)
        X = self.E[np.where(real, ctx, 0)] * real[:, None]  # embeddings, 0 before the text (L, D)
        off = np.arange(L - T, L)[:, None] - np.arange(L)  # how far back key j is from query t (T, L)
        visible = (off >= 0) & (off < W) & real  # keys each query may read (T, L)
        off = np.clip(off, 0, W - 1)  # (masked entries read any bias; their weight is 0)
        XQ = X[L - T:]  # the queries' own embeddings (T, D)
        Q = (XQ @ self.Wq.T).reshape(T, nh, d).transpose(1, 0, 2)  # (heads, T, d)
        K = (X @ self.Wk.T).reshape(L, nh, d).transpose(1, 0, 2)  # (heads, L, d)
        Vv = (X @ self.Wv.T).reshape(L, nh, d).transpose(1, 0, 2)  # values (heads, L, d)
        bias = (self.b if self._fixed is None else self._fixed)[:, off]  # b[n, t - j] (heads, T, L)
        S = Q @ K.transpose(0, 2, 1) * (1 / math.sqrt(d)) + bias  # scores (heads, T, L)
        S[:, ~visible] = -np.inf
        S -= S.max(axis=2, keepdims=True)  # (each query sees at least itself: the max is finite)
        A = np.exp(S)
        A /= A.sum(axis=2, keepdims=True)  # attention weights, 0 where masked (heads, T, L)
        O = (A @ Vv).transpose(1, 0, 2).reshape(T, D)  # the heads' outputs side by side (T, D)
        R = XQ + O @ self.Wo.T  # the residual stream (T, D)
        Hs = np.tanh(R @ self.Wh.T + self.bh)  # the last hidden layer (T, H)
        return X, real, off, Q, K, Vv, A, O, R, Hs

    def _hidden(self, ctx: np.ndarray, T: int) -> np.ndarray:
        return self._forward(ctx, T)[-1]

    # -- backward -----------------------------------------------------------------------------
    def _backprop(self, ctx: np.ndarray, tgt: np.ndarray, grads: np.ndarray) -> float:
        T, L, nh, D, V = len(tgt), len(ctx), self.HEADS, self.D, self.V
        d = D // nh
        X, real, off, Q, K, Vv, A, O, R, Hs = self._forward(ctx, T)
        g = self._grad_views(grads)
        loss, dHs = self.output_grads(Hs, tgt, g)  # dL/dh (T, H)
        dZ = dHs * (1.0 - Hs * Hs)  # through tanh (T, H)
        np.matmul(dZ.T, R, out=g["Wh"])
        np.add.reduce(dZ, axis=0, out=g["bh"])
        dR = dZ @ self.Wh  # dL/dr (T, D)
        np.matmul(dR.T, O, out=g["Wo"])
        dO = (dR @ self.Wo).reshape(T, nh, d).transpose(1, 0, 2)  # (heads, T, d)
        dA = dO @ Vv.transpose(0, 2, 1)  # (heads, T, L)
        dV = A.transpose(0, 2, 1) @ dO  # (heads, L, d)
        dS = A * (dA - (A * dA).sum(axis=2, keepdims=True))  # through the softmax; 0 where masked (heads, T, L)
        if self._fixed is None:  # db[n, o] = Σ of dS over the entries o back
            g["b"][...] = np.bincount((off + np.arange(nh)[:, None, None] * self.reach).ravel(),
                                      dS.ravel(), nh * self.reach).reshape(nh, self.reach)
        dS *= 1 / math.sqrt(d)
        dQ = (dS @ K).transpose(1, 0, 2).reshape(T, D)  # (T, D)
        dK = (dS.transpose(0, 2, 1) @ Q).transpose(1, 0, 2).reshape(L, D)  # (L, D)
        dV = dV.transpose(1, 0, 2).reshape(L, D)  # (L, D)
        XQ = X[L - T:]
        np.matmul(dQ.T, XQ, out=g["Wq"])
        np.matmul(dK.T, X, out=g["Wk"])
        np.matmul(dV.T, X, out=g["Wv"])
        dX = dK @ self.Wk + dV @ self.Wv  # dL/dx as a key and a value (L, D)
        dX[L - T:] += dQ @ self.Wq + dR  # ... as a query and through the residual
        ids = ctx[real]  # dE: row c collects dL/dx_j for every j holding symbol c
        g["E"][...] = np.bincount((ids[:, None] * D + np.arange(D)).ravel(), dX[real].ravel(), V * D).reshape(V, D)
        return loss

    def _grad_views(self, grads: np.ndarray) -> dict:
        views = self.__dict__.get("_gviews")
        if views is None or views[0] is not grads:
            views = self._gviews = (grads, split(grads, self.shapes))
        return views[1]

    # -- what the page shows ------------------------------------------------------------------
    def attention_weights(self, ids, state0=None) -> np.ndarray:
        """For each symbol of `ids`, the weight each head gives to the symbols 0..W-1 places back
        (0 = itself), after the symbols in state0 (heads, T, W); each row sums to 1."""
        ids = self._inputs(ids)
        ctx = self.context(ids, self._state0(state0))
        A, L, T = self._forward(ctx, len(ids))[6], len(ctx), len(ids)
        j = np.arange(L - T, L)[:, None] - np.arange(self.reach)  # the key o places back (T, W)
        return np.take_along_axis(A, j[None], axis=2)

    def attention_map(self, ids) -> np.ndarray:
        """For a text read from the start, each head's weight at each position on each position
        of the text (heads, T, T): row t sums to 1 over positions <= t and is 0 after it."""
        ids = self._inputs(ids)
        A = self._forward(self.context(ids, self._state0(None)), len(ids))[6]
        return A[:, :, self.state_size:]
