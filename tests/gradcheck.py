"""Central finite differences of a cell's loss: the independent check of every analytic gradient
(tests/test_model.py for the RNN, tests/test_lstm.py for the LSTM)."""
import numpy as np


def numeric_grads(model, x, y, state0, eps=1e-5):
    """d loss / d every entry of every parameter of `model` (RNN or LSTM), from state0."""
    grads = {}
    for name in model.PARAM_NAMES:
        P = getattr(model, name)
        g = np.zeros_like(P)
        for i in np.ndindex(P.shape):
            old = P[i]
            P[i] = old + eps
            plus = model.loss_and_grads(x, y, state0)[0]
            P[i] = old - eps
            minus = model.loss_and_grads(x, y, state0)[0]
            P[i] = old
            g[i] = (plus - minus) / (2 * eps)
        grads[name] = g
    return grads
