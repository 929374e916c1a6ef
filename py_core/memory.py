"""How far back the network remembers: the size of ∂h_t/∂s_{t-k} for k = 1, 2, ….

s is everything a cell carries from one character to the next -- the RNN's h, the LSTM's h and
c -- and h_t is what the output layer reads now. So the figure answers, the same way for both
cells: how much would a small change to the memory k characters ago move what the network
uses to guess the next character? Changing s_{t-k} changes h_t through a product of k
Jacobians,

    ∂h_t/∂s_{t-k} = [I 0] · J_t · J_{t-1} ··· J_{t-k+1},    J_s = ∂s_s/∂s_{s-1},

which for the RNN is ∂h_t/∂h_{t-k}, with J_s = diag(1 - h_s²) · Whh. Each factor usually
shrinks what passes through it (tanh' ≤ 1, small weights), so the product fades roughly
geometrically with k: the vanishing gradient, which limits the memory of a vanilla RNN. The
LSTM's cell has a path where J is diag(f), the forget gate: when f stays near 1 the product
does not fade, which is what its gates were built for.
"""
from __future__ import annotations

import numpy as np

from .network import Network


def reach(model: Network, ids, state0=None, max_k: int = 25, ends: int = 4) -> list[float]:
    """‖∂h_t/∂s_{t-k}‖ (Frobenius) for k = 1..max_k, geometric mean over `ends` end points t.

    `ids` is a window of text (at least max_k + ends symbols); the end points are its last
    `ends` positions, so every product reads real text the network has just seen.
    """
    ids = np.asarray(ids)
    if len(ids) < max_k + ends:
        raise ValueError(f"Need at least {max_k + ends} symbols to measure {max_k} steps back.")
    J = model.state_jacobians(ids, state0)  # ∂s_t/∂s_{t-1} after each symbol (T, S, S)
    H = model.H
    logs = np.zeros(max_k)
    tiny = np.finfo(float).tiny
    for t in range(len(ids) - ends, len(ids)):
        P = J[t][:H]  # ∂h_t/∂s_{t-1} (H, S)
        for k in range(1, max_k + 1):
            logs[k - 1] += np.log(max(np.linalg.norm(P), tiny))
            if k < max_k:
                P = P @ J[t - k]  # ∂h_t/∂s_{t-k-1}
    return [float(x) for x in np.exp(logs / ends)]
