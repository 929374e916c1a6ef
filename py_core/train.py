"""The training loop of the recipe, as an object you can step: BPTT, clipping, Adagrad.

Each step reads the next `seq_length` characters of the corpus (the targets are the same
characters shifted by one), carries the state over from the previous step (the RNN's h; the
LSTM's h and c, with cell="lstm"; the last characters read, for the window and attention
models, context.py), clips every gradient entry to ±clip and takes an Adagrad step:

    m += g²;  p -= lr · g / sqrt(m + 1e-8)

When the cursor reaches the end of the corpus it wraps to the start and the state is reset to
zeros. The smoothed loss per character starts at ln V (a uniform guess) and follows
s = 0.999·s + 0.001·loss_t.

    from py_core.corpus import sonnets
    from py_core.train import Trainer
    t = Trainer(sonnets(), seed=1)
    t.step(5000)          # {'iteration': 5000, 'loss': ..., 'smooth_loss': ~1.96}
    print(t.sample(200))
"""
from __future__ import annotations

import math
import time

import numpy as np

from . import corpus, models, settings

ADAGRAD_EPS = 1e-8  # keeps Adagrad's division finite
SMOOTHING = 0.999  # weight of the past in the smoothed loss
CELLS = models.MODELS  # the `cell` setting's choices
try:  # np.clip without its Python-level argument handling (NumPy 2 moved it)
    from numpy._core.umath import clip as _clip
except ImportError:  # NumPy 1.x
    from numpy.core.umath import clip as _clip


class Trainer:
    """One training run on `text` (normalised with corpus.normalize) with the recipe's settings."""

    def __init__(self, text: str, hidden_size: int = 64, seq_length: int = 25,
                 learning_rate: float = 0.1, clip: float = 5.0, seed: int = 0, cell: str = "rnn",
                 window: int | None = None, context: int | None = None):
        self.settings = {  # the run's settings, validated, keyed as in the settings table
            "cell": settings.validate("cell", cell),
            "hidden": settings.validate("hidden", hidden_size),
            "seq": settings.validate("seq", seq_length),
            "lr": settings.validate("lr", learning_rate),
            "clip": settings.validate("clip", clip),
            "seed": settings.validate("seed", seed),
            # how far back the window and attention models read (the others ignore them)
            "window": settings.validate("window", settings.DEFAULTS["window"] if window is None else window),
            "context": settings.validate("context", settings.DEFAULTS["context"] if context is None else context),
        }
        self.text = corpus.prepare(text, self.settings["seq"])  # normalised (N,)
        self.vocab = corpus.Vocabulary.from_text(self.text)
        self.data = np.array(self.vocab.encode(self.text), dtype=np.intp)  # the corpus as ids (N,)
        s = self.settings
        self.model = models.build(s["cell"], len(self.vocab), s["hidden"], s["seed"], s["window"], s["context"])
        self.seq_length = self.settings["seq"]
        self.learning_rate = self.settings["lr"]
        self.clip = self.settings["clip"]
        self.grads = np.zeros_like(self.model.params)  # this step's gradients, flat (P,)
        self.memory = np.zeros_like(self.model.params)  # Adagrad's Σ g², flat (P,)
        self._next_memory = np.zeros_like(self.model.params)  # m + g², until the update is accepted (P,)
        self._scratch = np.zeros_like(self.model.params)  # (P,)
        self._update = np.zeros_like(self.model.params)  # -lr·g/sqrt(m + eps) (P,)
        # state carried between steps: h (H,), the LSTM's [h; c] (2H,), or the last symbols read (context.py)
        self.h = np.zeros(self.model.state_size)
        self.cursor = 0  # where the next sequence starts in self.data
        self.iteration = 0
        self.initial_loss = math.log(len(self.vocab))  # ln V: the loss of a uniform guess
        self.smooth_loss = self.initial_loss  # per character
        self.loss = self.initial_loss  # the last step's loss per character
        self.diverged = False  # True once a loss was not finite: training stops there
        self.sample_rng = np.random.default_rng([self.settings["seed"], 1])  # sampling only

    def step(self, n: int = 1) -> dict:
        """Train `n` iterations (stopping early if the loss stops being finite); the state after."""
        self.run(settings.validate("steps", n))
        return self.state()

    def run(self, n: int, deadline: float = math.inf, smooth_losses: list | None = None) -> int:
        """Train up to `n` iterations, stopping early at a non-finite loss or once
        time.perf_counter() passes `deadline` (checked after each step). Appends each step's
        smoothed loss to `smooth_losses` if given. Returns the number of steps taken.
        """
        with np.errstate(all="ignore"):  # a diverging run is reported, not warned about
            return self._train(n, deadline, smooth_losses)

    def _train(self, n: int, deadline: float, smooth_losses: list | None) -> int:
        data, T, model, g = self.data, self.seq_length, self.model, self.grads
        clock, first = time.perf_counter, self.iteration
        for _ in range(n):
            if self.diverged:
                break
            if self.cursor + T + 1 >= len(data):  # wrap: back to the start with a fresh memory
                self.cursor = 0
                self.h = np.zeros(model.state_size)
            p = self.cursor
            loss, h = model.backprop(data[p:p + T], data[p + 1:p + T + 1], self.h, g)
            if not (math.isfinite(loss) and self._adagrad(g)):
                self.diverged = True  # the failed update is not applied
                self.loss = loss / T
                break
            self.h = h
            self.cursor += T
            self.iteration += 1
            self.loss = loss / T
            self.smooth_loss = SMOOTHING * self.smooth_loss + (1 - SMOOTHING) * self.loss
            if smooth_losses is not None:
                smooth_losses.append(self.smooth_loss)
            if clock() >= deadline:
                break
        return self.iteration - first

    def _adagrad(self, g: np.ndarray) -> bool:
        """Clip g to ±clip; m += g²; params += -lr·g/sqrt(m + eps), all flat (P,), in the
        recipe's order of operations. False (and nothing changed) if the update is not finite.
        """
        s, u, m = self._scratch, self._update, self._next_memory
        _clip(g, -self.clip, self.clip, out=g)  # NaN stays NaN; ±inf becomes ±clip
        np.multiply(g, g, out=s)
        np.add(self.memory, s, out=m)
        np.add(m, ADAGRAD_EPS, out=s)
        np.sqrt(s, out=s)
        np.multiply(g, -self.learning_rate, out=u)
        np.divide(u, s, out=u)
        # |u| <= lr entrywise (m >= g²), so this sum overflows only if some entry is NaN.
        if not math.isfinite(np.add.reduce(u)):
            return False
        self.model.params += u
        self.memory, self._next_memory = m, self.memory
        return True

    def state(self) -> dict:
        return {"iteration": self.iteration, "loss": self.loss, "smooth_loss": self.smooth_loss,
                "diverged": self.diverged}

    def sample(self, n: int, temperature: float = 1.0) -> str:
        """`n` characters the network writes from the state the next step starts from, after
        that step's first input: as the gist does, a step that will wrap starts from a zero
        state at the corpus's first character."""
        n = settings.validate("length", n)
        temperature = settings.validate("temperature", temperature)
        h, p = self.h, self.cursor
        if p + self.seq_length + 1 >= len(self.data):  # the next step wraps (see _train)
            h, p = np.zeros(self.model.state_size), 0
        return self.vocab.decode(self.model.sample(h, int(self.data[p]), n, temperature, self.sample_rng))
