"""How far back the network remembers: the size of ∂h_t/∂h_{t-k} for k = 1, 2, ….

Changing the state k steps back changes the present through a product of k Jacobians,

    ∂h_t/∂h_{t-k} = J_t · J_{t-1} ··· J_{t-k+1},    J_s = diag(1 - h_s²) · Whh,

and each factor usually shrinks what passes through it (tanh' ≤ 1, small weights), so the
product fades roughly geometrically with k: the vanishing gradient. This is what limits the
memory of a vanilla RNN, and what the LSTM's gated, additive cell state was built to fix.
"""
from __future__ import annotations

import numpy as np

from .model import RNN


def reach(model: RNN, ids, h0=None, max_k: int = 25, ends: int = 4) -> list[float]:
    """‖∂h_t/∂h_{t-k}‖ (Frobenius) for k = 1..max_k, geometric mean over `ends` end points t.

    `ids` is a window of text (at least max_k + ends symbols); the end points are its last
    `ends` positions, so every product reads real text the network has just seen.
    """
    ids = np.asarray(ids)
    if len(ids) < max_k + ends:
        raise ValueError(f"Need at least {max_k + ends} symbols to measure {max_k} steps back.")
    hs = model.hidden_states(ids, h0)  # (T, H)
    d = 1.0 - hs * hs  # tanh' at each step (T, H)
    Whh = model.Whh
    logs = np.zeros(max_k)
    tiny = np.finfo(float).tiny
    for t in range(len(ids) - ends, len(ids)):
        P = d[t][:, None] * Whh  # ∂h_t/∂h_{t-1} = J_t (H, H)
        for k in range(1, max_k + 1):
            logs[k - 1] += np.log(max(np.linalg.norm(P), tiny))
            if k < max_k:
                P = (P * d[t - k][None, :]) @ Whh  # P · J_{t-k}
    return [float(x) for x in np.exp(logs / ends)]
