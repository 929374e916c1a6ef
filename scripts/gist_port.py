"""A line-by-line port of the recipe, written the way the classic min-char-rnn gist writes it.

This is the yardstick for the benchmarks, not part of the product: one-hot column vectors, one
timestep and one NumPy call at a time, dictionaries of per-timestep arrays, five separate
parameter arrays, each clipped and Adagrad-updated on its own. Same maths as py_core (same
initialisation from the same seed, same cursor, clipping and Adagrad), so the two can be
checked against each other as well as timed against each other (scripts/bench_core.py, and in
the browser, scripts/bench_browser.py).
"""
import numpy as np


class GistRNN:
    def __init__(self, data_ids, vocab_size, hidden_size=64, seq_length=25, learning_rate=1e-1,
                 seed=0, clip=5.0):
        self.data, self.V, self.H = list(data_ids), vocab_size, hidden_size
        self.seq_length, self.learning_rate, self.clip = seq_length, learning_rate, clip
        rng = np.random.default_rng(seed)
        H, V = hidden_size, vocab_size
        self.Wxh = rng.standard_normal((H, V)) * 0.01  # input to hidden
        self.Whh = rng.standard_normal((H, H)) * 0.01  # hidden to hidden
        self.Why = rng.standard_normal((V, H)) * 0.01  # hidden to output
        self.bh = np.zeros((H, 1))  # hidden bias
        self.by = np.zeros((V, 1))  # output bias
        self.mWxh, self.mWhh, self.mWhy = np.zeros_like(self.Wxh), np.zeros_like(self.Whh), np.zeros_like(self.Why)
        self.mbh, self.mby = np.zeros_like(self.bh), np.zeros_like(self.by)  # memory variables for Adagrad
        self.smooth_loss = -np.log(1.0 / V) * seq_length  # loss at iteration 0
        self.n, self.p = 0, 0
        self.hprev = np.zeros((H, 1))

    def lossFun(self, inputs, targets, hprev):
        """inputs,targets are both list of integers. hprev is Hx1 array of initial hidden state
        returns the loss, gradients on model parameters, and last hidden state"""
        Wxh, Whh, Why, bh, by = self.Wxh, self.Whh, self.Why, self.bh, self.by
        xs, hs, ys, ps = {}, {}, {}, {}
        hs[-1] = np.copy(hprev)
        loss = 0
        # forward pass
        for t in range(len(inputs)):
            xs[t] = np.zeros((self.V, 1))  # encode in 1-of-k representation
            xs[t][inputs[t]] = 1
            hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)  # hidden state
            ys[t] = np.dot(Why, hs[t]) + by  # unnormalized log probabilities for next chars
            ps[t] = np.exp(ys[t] - np.max(ys[t])) / np.sum(np.exp(ys[t] - np.max(ys[t])))  # probabilities for next chars
            loss += -np.log(ps[t][targets[t], 0])  # softmax (cross-entropy loss)
        # backward pass: compute gradients going backwards
        dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
        dbh, dby = np.zeros_like(bh), np.zeros_like(by)
        dhnext = np.zeros_like(hs[0])
        for t in reversed(range(len(inputs))):
            dy = np.copy(ps[t])
            dy[targets[t]] -= 1  # backprop into y
            dWhy += np.dot(dy, hs[t].T)
            dby += dy
            dh = np.dot(Why.T, dy) + dhnext  # backprop into h
            dhraw = (1 - hs[t] * hs[t]) * dh  # backprop through tanh nonlinearity
            dbh += dhraw
            dWxh += np.dot(dhraw, xs[t].T)
            dWhh += np.dot(dhraw, hs[t - 1].T)
            dhnext = np.dot(Whh.T, dhraw)
        for dparam in [dWxh, dWhh, dWhy, dbh, dby]:
            np.clip(dparam, -self.clip, self.clip, out=dparam)  # clip to mitigate exploding gradients
        return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]

    def step(self):
        """One iteration of the gist's main loop; returns the loss per character."""
        data, seq_length = self.data, self.seq_length
        # prepare inputs (we're sweeping from left to right in steps seq_length long)
        if self.p + seq_length + 1 >= len(data) or self.n == 0:
            self.hprev = np.zeros((self.H, 1))  # reset RNN memory
            self.p = 0  # go from start of data
        inputs = data[self.p:self.p + seq_length]
        targets = data[self.p + 1:self.p + seq_length + 1]
        # forward seq_length characters through the net and fetch gradient
        loss, dWxh, dWhh, dWhy, dbh, dby, self.hprev = self.lossFun(inputs, targets, self.hprev)
        self.smooth_loss = self.smooth_loss * 0.999 + loss * 0.001
        # perform parameter update with Adagrad
        for param, dparam, mem in zip([self.Wxh, self.Whh, self.Why, self.bh, self.by],
                                      [dWxh, dWhh, dWhy, dbh, dby],
                                      [self.mWxh, self.mWhh, self.mWhy, self.mbh, self.mby]):
            mem += dparam * dparam
            param += -self.learning_rate * dparam / np.sqrt(mem + 1e-8)  # adagrad update
        self.p += seq_length  # move data pointer
        self.n += 1  # iteration counter
        return loss / seq_length
