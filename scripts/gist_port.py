"""A line-by-line port of the recipe, written the way the classic min-char-rnn gist writes it.

This is the yardstick for the benchmarks, not part of the product: one-hot column vectors, one
timestep and one NumPy call at a time, dictionaries of per-timestep arrays, five separate
parameter arrays, each clipped and Adagrad-updated on its own. `lossFun`, `step` and `sample`
are the gist's own lines (its softmax too: `np.exp(ys[t]) / np.sum(np.exp(ys[t]))`, without
subtracting the maximum), changed only where a class needs it: module globals became
attributes, `xrange` became `range`, the seed fixes a NumPy Generator (the gist calls
np.random), and `step` returns the loss per character. Same maths as py_core (same
initialisation from the same seed, same cursor, clipping and Adagrad), so the two can be
checked against each other (tests/test_gist_port.py: one step from the same state agrees to
1e-12) as well as timed against each other (scripts/bench_core.py, and in the browser,
scripts/bench_browser.py).
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
            ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))  # probabilities for next chars
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

    def sample_now(self, n, rng):
        """What the gist's loop samples at this point, before its next step: it first resets
        the memory and the pointer if that step wraps, then samples from hprev after inputs[0]."""
        h, p = self.hprev, self.p
        if p + self.seq_length + 1 >= len(self.data) or self.n == 0:
            h, p = np.zeros((self.H, 1)), 0
        return self.sample(h, self.data[p], n, rng)

    def sample(self, h, seed_ix, n, rng):
        """
        sample a sequence of integers from the model
        h is memory state, seed_ix is seed letter for first time step
        """
        Wxh, Whh, Why, bh, by, vocab_size = self.Wxh, self.Whh, self.Why, self.bh, self.by, self.V
        x = np.zeros((vocab_size, 1))
        x[seed_ix] = 1
        ixes = []
        for t in range(n):
            h = np.tanh(np.dot(Wxh, x) + np.dot(Whh, h) + bh)
            y = np.dot(Why, h) + by
            p = np.exp(y) / np.sum(np.exp(y))
            ix = rng.choice(range(vocab_size), p=p.ravel())
            x = np.zeros((vocab_size, 1))
            x[ix] = 1
            ixes.append(ix)
        return ixes
