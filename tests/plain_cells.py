"""Both cells stepped one character at a time straight from their equations and weights: the
independent computation the views' tests (test_units.py, test_lurch.py) check against."""
import math

import numpy as np


def plain_states(model, ids):
    """(hs, cs): h_t and c_t (the RNN: None) after each symbol of `ids`, from a zero state,
    as lists of plain lists of floats."""
    H = model.H
    h, c = np.zeros(H), np.zeros(H)
    hs, cs = [], []
    for x in ids:
        if hasattr(model, "Wxh"):  # h_t = tanh(Wxh x_t + Whh h_{t-1} + bh)
            h = np.tanh(model.Wxh[:, x] + model.Whh @ h + model.bh)
        else:  # [i, f, o, g] = W [x_t; h_{t-1}] + b; c_t = f c_{t-1} + i g; h_t = o tanh(c_t)
            z = model.Wx[:, x] + model.Wh @ h + model.b
            sig = [1.0 / (1.0 + math.exp(-v)) for v in z[:3 * H]]
            i, f, o = np.array(sig[:H]), np.array(sig[H:2 * H]), np.array(sig[2 * H:])
            g = np.tanh(z[3 * H:])
            c = f * c + i * g
            h = o * np.tanh(c)
        hs.append(h.tolist())
        cs.append(c.tolist() if not hasattr(model, "Wxh") else None)
    return hs, cs


def pearson(a, y):
    """Pearson's r of two equally long lists of numbers; 0 if `a` is constant, None if `y` is."""
    if max(y) == min(y):
        return None
    if max(a) == min(a):
        return 0.0
    n = len(a)
    ma, my = math.fsum(a) / n, math.fsum(y) / n
    sxy = math.fsum((p - ma) * (q - my) for p, q in zip(a, y))
    sxx = math.fsum((p - ma) ** 2 for p in a)
    syy = math.fsum((q - my) ** 2 for q in y)
    return sxy / math.sqrt(sxx * syy)
