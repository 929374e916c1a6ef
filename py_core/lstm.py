"""The LSTM with a forget gate (Hochreiter & Schmidhuber 1997; Gers, Schmidhuber & Cummins 2000):
its recurrence, stepped forwards and backwards, and sampling.

    [i, f, o, g] = Wx·x_t + Wh·h_{t-1} + b     pre-activations of the gates, H rows each (4H,)
    i, f, o = σ(·), g = tanh(·)                 input, forget and output gates; the candidate
    c_t = f⊙c_{t-1} + i⊙g                       the cell: kept (f), written (i), never squashed
    h_t = o⊙tanh(c_t)                           what the output layer and the next step read

followed by the RNN's output layer (Why, by, softmax; network.py). The carried state is
[h; c] (2H,), one flat array. Weights start N(0, 1)·0.01 as in the recipe, biases at 0 except
the forget gate's, at 1.0, so that the cell keeps most of itself from the start (Gers et al.).

As in model.py, only the recurrence is stepped, and each step is a fixed list of NumPy calls
on row views made once per sequence length (nine calls forwards, five backwards):
σ(z) is computed as (1 + tanh(z/2))/2, so one tanh covers all four gates (the halving is folded
into the inputs and a scaled copy of Wh), and the products that pair up -- i⊙g with f⊙c_{t-1}
forwards, and dc_t times g, c_{t-1}, i and f backwards -- are one call each on strided views.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import settings
from .network import Network, Workspace, draw, param

PARAM_NAMES = ("Wx", "Wh", "Why", "b", "by")
FORGET_BIAS = 1.0  # the forget gate's initial bias: σ(1) ≈ 0.73 of the cell is kept at first


class LSTM(Network):
    """An LSTM over a vocabulary of V symbols with H cells; its state is [h; c] (2H,)."""

    GATES, STATE, PARAM_NAMES = 4, 2, PARAM_NAMES
    Wx, Wh, Why, b, by = map(param, PARAM_NAMES)  # views into params; assigning copies in

    def __init__(self, vocab_size: int, hidden_size: int = 64, seed: int = 0):
        super().__init__(vocab_size, hidden_size, seed)
        H = self.H
        self.b[H:2 * H] = FORGET_BIAS
        # σ(z) = (1 + tanh(z/2))/2: the i, f, o rows of the pre-activations are halved (4H,)
        self._half = np.concatenate([np.full(3 * H, 0.5), np.ones(H)])

    def _forward_buffers(self, T: int) -> "_Forward":
        return _Forward(self.H, T)

    def _workspace_for(self, T: int) -> "_Workspace":
        return _Workspace(self.V, self.H, T)

    def _last_state(self, w, t: int) -> np.ndarray:
        return np.concatenate([w.S[t], w.F[t, 4 * self.H:]])  # [h_t; c_t] (2H,)

    def states(self, ids, state0=None) -> np.ndarray:
        """[h_t; c_t] after each symbol of `ids` (T, 2H), from state0 (zeros): one copy, not T."""
        ids = self._inputs(ids)
        w = self._forward_buffers(len(ids))
        self._recur(w, ids, self._state0(state0))
        return np.concatenate([w.S[1:], w.F[1:, 4 * self.H:]], axis=1)  # F row t ends with c_t

    def _recur(self, w, ids: np.ndarray, state0: np.ndarray) -> None:
        """Fill w.S with h_0..h_T, w.F with the gates and c_0..c_T, w.TC[:, 0] with tanh(c_t)."""
        H = self.H
        w.S[0] = state0[:H]
        w.F[0, 4 * H:] = state0[H:]
        Z, half = w.Z, self._half
        np.add(self.Wx.T[ids], self.b, out=Z)  # Wx·x_t + b for every t at once (T, 4H) ...
        Z *= half  # ... with the σ rows halved
        np.multiply(self.Wh, half[:, None], out=w.Wh_half)  # Wh with the σ rows halved (4H, H)
        Wh, z, ig_fc = w.Wh_half, w.z, w.ig_fc
        matmul, add, multiply, tanh = np.matmul, np.add, np.multiply, np.tanh
        for h, z_t, gates, ifo, i_f, g_c, c_t, tc_t, o, h_t in w.forward_steps:
            matmul(Wh, h, z)
            add(z, z_t, z_t)  # z_t: [i, f, o, g] pre-activations, σ rows halved (4H,)
            tanh(z_t, gates)  # [tanh(z_i/2), tanh(z_f/2), tanh(z_o/2), g] (4H,)
            multiply(ifo, 0.5, ifo)
            add(ifo, 0.5, ifo)  # [i, f, o] = σ(z) = (1 + tanh(z/2))/2 (3H,)
            multiply(i_f, g_c, ig_fc)  # [i⊙g, f⊙c_{t-1}] (2H,)
            add(ig_fc[:H], ig_fc[H:], c_t)  # c_t = f⊙c_{t-1} + i⊙g (H,)
            tanh(c_t, tc_t)
            multiply(o, tc_t, h_t)  # h_t = o⊙tanh(c_t) (H,)

    def _backward(self, w: "_Workspace") -> None:
        """Backpropagation through time through h and c: fills R[:T, :4H] with dz_1..dz_T."""
        H, T, F, D, TC = self.H, w.T, w.F, w.D, w.TC
        gates = F[:T, :4 * H]
        np.multiply(gates, gates, out=D)
        np.subtract(gates[:, :3 * H], D[:, :3 * H], out=D[:, :3 * H])  # σ' = σ - σ² for i, f, o (T, 3H)
        np.subtract(1.0, D[:, 3 * H:], out=D[:, 3 * H:])  # tanh' = 1 - g² (T, H)
        dtanh = TC[:, 1]
        np.multiply(TC[:, 0], TC[:, 0], out=dtanh)
        np.subtract(1.0, dtanh, out=dtanh)
        np.multiply(dtanh, F[:T, 2 * H:3 * H], out=dtanh)  # ∂h_t/∂c_t = o⊙(1 - tanh²(c_t)) (T, H)
        KT, dh, matmul, add, multiply = self._K.T, w.dh, np.matmul, np.add, np.multiply
        for r_next, tc_t, do_dc, dc, dcf_next, gcif, di_df_dg_dcf, raw, d_t, dz in w.backward_steps:
            matmul(KT, r_next, dh)  # dL/dh_t = Whᵀ·dz_{t+1} + Whyᵀ·dy_t (H,)
            multiply(dh, tc_t, do_dc)  # [dL/do, dL/dh·∂h/∂c] = dh·[tanh(c_t), o⊙tanh'(c_t)] (2, H)
            add(dc, dcf_next, dc)  # dL/dc_t = dh·∂h/∂c + dc_{t+1}⊙f_{t+1} (H,)
            multiply(dc, gcif, di_df_dg_dcf)  # dc·[[g, c_{t-1}], [i, f]] = [[di, df], [dg, dc⊙f]] (2, 2, H)
            multiply(raw, d_t, dz)  # dz_t = [di, df, do, dg]·[σ', σ', σ', tanh'] (4H,)

    def state_jacobians(self, ids, state0=None) -> np.ndarray:
        """J_t = ∂[h_t; c_t]/∂[h_{t-1}; c_{t-1}] after each symbol of `ids` (T, 2H, 2H)."""
        ids = self._inputs(ids)
        H, T = self.H, len(ids)
        w = self._forward_buffers(T)
        self._recur(w, ids, self._state0(state0))
        i, f, o, g = (w.F[:T, k * H:(k + 1) * H] for k in range(4))  # (T, H) each
        c_prev, tc = w.F[:T, 4 * H:], w.TC[:, 0]
        Wi, Wf, Wo, Wg = (self.Wh[k * H:(k + 1) * H] for k in range(4))  # (H, H) each
        sig = lambda s: s * (1.0 - s)  # noqa: E731 -- σ' from σ
        # ∂c_t/∂h_{t-1} = diag(g⊙σ'_i)·Wi + diag(c_{t-1}⊙σ'_f)·Wf + diag(i⊙(1 - g²))·Wg (T, H, H)
        dc_dh = ((g * sig(i))[:, :, None] * Wi + (c_prev * sig(f))[:, :, None] * Wf
                 + (i * (1.0 - g * g))[:, :, None] * Wg)
        dh_dc = o * (1.0 - tc * tc)  # ∂h_t/∂c_t (T, H)
        J = np.zeros((T, 2 * H, 2 * H))
        J[:, :H, :H] = (tc * sig(o))[:, :, None] * Wo + dh_dc[:, :, None] * dc_dh  # ∂h_t/∂h_{t-1}
        J[:, H:, :H] = dc_dh
        diag = np.arange(H)
        J[:, :H, H:][:, diag, diag] = dh_dc * f  # ∂h_t/∂c_{t-1} = diag(o⊙tanh'(c_t)⊙f)
        J[:, H:, H:][:, diag, diag] = f  # ∂c_t/∂c_{t-1} = diag(f)
        return J

    def sample(self, state, seed_id: int, n: int, temperature: float = 1.0, rng=None) -> list[int]:
        """`n` symbol ids drawn one at a time, each fed back in, from state [h; c] after seed_id."""
        temperature = settings.validate("temperature", temperature)
        rng = np.random.default_rng() if rng is None else rng
        H = self.H
        s = self._state0(state).copy()
        h, c, ix, out = s[:H], s[H:], int(seed_id), []
        half = self._half
        A = (self.Wx.T + self.b) * half  # the halved pre-activations' input part, per symbol (V, 4H)
        Wh = self.Wh * half[:, None]
        Why, by = self.Why, self.by
        z, ig_fc, cc = np.empty(4 * H), np.empty(2 * H), np.empty(self.V)
        gc = np.empty(2 * H)  # [g, c_{t-1}]
        for u in rng.random(n).tolist():
            np.matmul(Wh, h, out=z)
            z += A[ix]
            np.tanh(z, out=z)
            z[:3 * H] *= 0.5
            z[:3 * H] += 0.5  # [i, f, o, g]
            gc[:H], gc[H:] = z[3 * H:], c
            np.multiply(z[:2 * H], gc, out=ig_fc)
            np.add(ig_fc[:H], ig_fc[H:], out=c)  # c = f⊙c + i⊙g
            np.multiply(z[2 * H:3 * H], np.tanh(c), out=h)  # h = o⊙tanh(c)
            y = np.matmul(Why, h)
            y += by
            ix = draw(y, u, cc, temperature)
            out.append(ix)
        return out


class _Forward:
    """What the forward recurrence writes, and the row views each step works on."""

    def __init__(self, H: int, T: int):
        self.T = T
        self.S = S = np.empty((T + 1, H))  # h_0..h_T (T+1, H)
        self.Z = Z = np.empty((T, 4 * H))  # pre-activations, σ rows halved (T, 4H)
        # Row t-1 is [i_t, f_t, o_t, g_t, c_{t-1}] for t = 1..T; row T's last H are c_T. (T+1, 5H)
        self.F = F = np.zeros((T + 1, 5 * H))
        self.TC = TC = np.empty((T, 2, H))  # [tanh(c_t), o_t⊙(1 - tanh²(c_t))] (T, 2, H)
        self.Wh_half = np.empty((4 * H, H))  # Wh with the σ rows halved (4H, H)
        self.z = np.empty(4 * H)  # scratch (4H,)
        self.ig_fc = np.empty(2 * H)  # scratch: [i⊙g, f⊙c_{t-1}] (2H,)
        self.forward_steps = [
            (S[t], Z[t], F[t, :4 * H], F[t, :3 * H], F[t, :2 * H], F[t, 3 * H:], F[t + 1, 4 * H:],
             TC[t, 0], F[t, 2 * H:3 * H], S[t + 1])
            for t in range(T)]


class _Workspace(Workspace, _Forward):
    """Buffers for backprop through sequences of length T, reused step after step."""

    def __init__(self, V: int, H: int, T: int):
        Workspace.__init__(self, V, H, 4, T)
        _Forward.__init__(self, H, T)
        R, F, TC = self.R, self.F, self.TC
        self.D = D = np.empty((T, 4 * H))  # [σ'_i, σ'_f, σ'_o, tanh'_g] at each step (T, 4H)
        # Row t-1 is [di, df, do, dg, dc_t⊙f_t, dc_t] for t = 1..T; row T stays 0 (nothing
        # flows back from beyond the sequence). (T+1, 6H)
        self.B = B = np.zeros((T + 1, 6 * H))
        self.dh = np.empty(H)  # scratch: dL/dh_t (H,)
        Bs = B.reshape(T + 1, 6, H)
        # Per step, as (2, 2, H) views: [[g, c_{t-1}], [i, f]] from F's row (a window of two rows,
        # rows 3 and 0), and B's slots [[di, df], [dg, dc⊙f]] (rows 0, 1 and 3, 4).
        gcif = sliding_window_view(F.reshape(T + 1, 5, H), (2, H), axis=(1, 2))[:, 3::-3, 0]  # (T+1, 2, 2, H)
        quads = B.reshape(T + 1, 2, 3, H)[:, :, :2]  # (T+1, 2, 2, H)
        self.backward_steps = [
            (R[t + 1], TC[t], Bs[t, 2::3], B[t, 5 * H:], B[t + 1, 4 * H:5 * H], gcif[t], quads[t],
             B[t, :4 * H], D[t], R[t, :4 * H])
            for t in range(T - 1, -1, -1)]
