"""What the page's worker calls: a training run in time slices, reported as plain data.

The worker (web/js/worker/) imports this module through Pyodide and never touches NumPy
itself. Every method returns only str, int, float, bool, lists and dicts of those, so a report
crosses into JavaScript with one `toJs` and nothing keeps a proxy alive.

    run = Live(text, {"cell": "rnn", "hidden": 64, "seq": 25, "lr": 0.1, "clip": 5.0, "seed": 0})
    run.train(max_steps=10_000, budget_ms=30)   # as many steps as fit in 30 ms
    run.view("shall i compare", [0, 1, 2, 3])   # the heatmap's phrase and units
    run.snapshot()                              # loss, sample, heatmap for drawing
    run.surprise("from the besieged ardea")     # what it expected at each character
    run.set_units_passage(lucrece)              # what the units read, then:
    run.unit_features()                         # which unit tracks spaces, vowels, …
"""
from __future__ import annotations

import functools
import json
import math
import time

import numpy as np

from . import checkpoint, corpus, echo, lurch, memory, models, settings, shannon, steptime, surprise, units
from .ngram import NGram, comparable_order
from .train import Trainer

MODEL_SETTINGS = ("cell", "hidden", "seq", "lr", "clip", "seed", "window", "context")  # the settings a Trainer takes
DEFAULT_PHRASE = "shall i compare"
DEFAULT_UNITS = (0, 1, 2, 3)
SAMPLE_LENGTH = 200  # characters in the live sample
HELD_OUT_CHARS = 10_000  # characters of held-out text both models are scored on
# The n-gram counts at most this much of the training text: about twice the sonnets. Counting
# all of a 2,000,000-character paste takes ~30 s in CPython, longer under Pyodide, and the
# worker can answer nothing meanwhile. (5,000 steps of the RNN read only 125,000 characters.)
NGRAM_FIT_CHARS = 200_000
MEMORY_STEPS = 25  # how far back the memory-reach plot looks (k = 1..25)
MEMORY_ENDS = 8  # end points averaged over
# The surprise view's default line: the opening of the held-out poem (The Rape of Lucrece, which
# no run trains on), its first two lines on one line. tests/test_surprise.py checks it is there.
ECHO_ATTENTION_LINES = 50  # held-out echo lines Live.echo_attention averages over
SURPRISE_LINE = "from the besieged ardea all in post borne by the trustless wings of false desire"
POEM_OPENING = "from the besieged ardea"  # where the poem starts, after its dedication and argument


def corpus_report(raw: str) -> dict:
    """What normalising `raw` keeps: shown before a reader's own text is trained on."""
    r = corpus.report(raw)
    return {"chars": len(r.text), "original": r.original_chars, "dropped": r.dropped_chars,
            "symbols": r.symbols}


class Live:
    """One run: a Trainer plus the page's view of it (heatmap phrase and units, temperature)."""

    def __init__(self, text: str, values: dict):
        unknown = set(values) - set(MODEL_SETTINGS)
        if unknown:
            raise ValueError(f"Unknown setting “{sorted(unknown)[0]}”.")
        s = {name: settings.validate(name, values.get(name, settings.DEFAULTS[name]))
             for name in MODEL_SETTINGS}
        self._adopt(Trainer(text, hidden_size=s["hidden"], seq_length=s["seq"],
                            learning_rate=s["lr"], clip=s["clip"], seed=s["seed"], cell=s["cell"],
                            window=s["window"], context=s["context"]))

    def _adopt(self, trainer: Trainer) -> None:
        self.trainer = trainer
        self.settings = dict(trainer.settings)
        H, known = trainer.model.H, trainer.vocab
        # The recipe's view, cut down to what this run can show (a small H, an odd corpus).
        fallback = trainer.text[:15].replace("\n", " ").strip()  # lines start with a letter
        self.phrase = "".join(c for c in DEFAULT_PHRASE if c in known).strip() or fallback
        self.units = [u for u in DEFAULT_UNITS if u < H]
        self.temperature = settings.DEFAULTS["temperature"]
        self.seconds_per_step = 0.0  # measured over the last train() call
        self.held_out = ""  # text neither model trains on, normalised
        self._ngram = None  # fitted by set_held_out
        self.units_passage = ""  # what the units read by default, set by set_units_passage
        self._read = None  # ((iteration, passage, state), its activations): see _activations

    def train(self, max_steps: int, budget_ms: float) -> dict:
        """Step until `max_steps` are done or `budget_ms` has passed; the losses along the way."""
        max_steps = settings.validate("steps", max_steps)
        t = self.trainer
        start = time.perf_counter()
        first, losses = t.iteration, []
        done = t.run(max_steps, start + budget_ms / 1000.0, losses)
        elapsed = time.perf_counter() - start
        if done:
            self.seconds_per_step = elapsed / done
        return {"first": first + 1, "smooth_losses": [x for x in losses if math.isfinite(x)],
                "steps": done, "elapsed_ms": elapsed * 1000.0, **self.status()}

    def status(self) -> dict:
        t = self.trainer
        return {"iteration": t.iteration, "loss": _finite(t.loss), "smooth_loss": _finite(t.smooth_loss),
                "diverged": t.diverged, "ms_per_step": self.seconds_per_step * 1000.0}

    def view(self, phrase: str | None = None, units: list | None = None,
             temperature: float | None = None) -> dict:
        """Set what the heatmap shows and how samples are drawn; ValueError if unusable."""
        if phrase is not None:
            norm = corpus.normalize(phrase).replace("\n", " ")
            norm = "".join(c for c in norm if c in self.trainer.vocab).strip()[:40]
            if not norm:
                raise ValueError("The heatmap phrase has no symbol the network knows.")
            self.phrase = norm
        if units is not None:
            H = self.trainer.model.H
            picked = []
            for u in units:
                if isinstance(u, bool) or not isinstance(u, int) or not 0 <= u < H:
                    raise ValueError(f"Hidden units are numbered 0 to {H - 1}; got “{u}”.")
                picked.append(u)
            if not 1 <= len(picked) <= 8:
                raise ValueError("Pick between 1 and 8 hidden units to show.")
            self.units = picked
        if temperature is not None:
            self.temperature = settings.validate("temperature", temperature)
        return {"phrase": self.phrase, "units": self.units, "temperature": self.temperature}

    def heatmap(self) -> dict:
        """tanh activations of the chosen units while reading the phrase: rows = units, cols = chars;
        lurch: which of all H units move most at a space, from the same states (lurch.py), or None."""
        t = self.trainer
        hs = t.model.hidden_states(t.vocab.encode(self.phrase))  # (len(phrase), H)
        return {"phrase": self.phrase, "units": list(self.units),
                "values": [[float(hs[c, u]) for c in range(len(self.phrase))] for u in self.units],
                "lurch": lurch.lurch(self.phrase, hs)}

    def sample(self, n: int = SAMPLE_LENGTH) -> str:
        return self.trainer.sample(n, self.temperature)

    def snapshot(self) -> dict:
        """Everything the panel draws, besides the loss curve."""
        return {**self.status(), "sample": self.sample(), "heatmap": self.heatmap()}

    def surprise(self, text: str | None = None) -> dict:
        """{chars, surprise, guesses, ranks}: what the network expected at each character of `text`.

        `text` is normalised and cut to the symbols this run knows (None: SURPRISE_LINE);
        ValueError if nothing usable is left. See py_core/surprise.py.
        """
        t = self.trainer
        line = surprise.line_of(SURPRISE_LINE if text is None else text, t.vocab)
        with _quiet():
            result = surprise.surprise(t.model, t.vocab, line)
        if not all(map(math.isfinite, result["surprise"])):
            raise ValueError("The network's numbers are no longer finite, so it has no guesses to show.")
        return result

    def game_lines(self, raw: str) -> list:
        """The guessing game's lines: the verse of `raw` (the held-out poem) from POEM_OPENING on,
        in this run's symbols (shannon.lines)."""
        return shannon.lines(raw, self.trainer.vocab.chars, start=POEM_OPENING)

    def attention_map(self, text: str | None = None) -> dict:
        """{chars, heads, reach}: for the attention model, how much each head weighs each earlier
        character of `text` (None: the heatmap's phrase) when reading each one, from a fresh start:
        heads[h][q][k] for key k ≤ q (0 after q and more than reach - 1 before it); each row
        sums to 1. ValueError for a model without attention."""
        t = self.trainer
        if not hasattr(t.model, "attention_map"):
            raise ValueError(f"Only the attention model has an attention map; this run is the {models.NAMES[self.settings['cell']]}.")
        line = self.phrase if text is None else surprise.line_of(text, t.vocab)
        with _quiet():
            A = t.model.attention_map(t.vocab.encode(line))  # (heads, T, T)
        if not np.isfinite(A).all():
            raise ValueError("The network's numbers are no longer finite, so it attends to nothing.")
        return {"chars": list(line), "heads": A.tolist(), "reach": t.model.reach}

    def echo_attention(self) -> dict:
        """Where the attention model looks when the echo text asks for its memory ("One vector
        for the whole past"): on held-out echo lines, each read after the line before it (so
        its span reaches back as in training), at the character whose output predicts the
        closing key's first letter (the space after the filler), how much of each head's weight
        falls on the line's opening key. {share: [mean share per head] over `lines` lines (None
        if the lines have symbols outside this run's vocabulary), lines, and for the first line
        chars (up to the query), query, opening: [start, end), heads: [[weight per position ≤
        query] per head], reach: the span}. ValueError for a model without attention."""
        t = self.trainer
        if not hasattr(t.model, "attention_map"):
            raise ValueError(f"Only the attention model has an attention map; this run is the {models.NAMES[self.settings['cell']]}.")
        held = _echo_held_out()
        lines = held.split("\n")[:ECHO_ATTENTION_LINES + 1]
        if not set(held) <= set(t.vocab.chars):
            return {"share": None, "lines": 0, "chars": [], "query": None, "opening": None, "heads": [],
                    "reach": t.model.reach}
        shares, first = [], None
        with _quiet():
            for prev, line in zip(lines, lines[1:]):
                key = line.split(" ")[0]
                start = len(prev) + 1  # where the line's opening key begins
                query = start + len(line) - len(key) - 1  # the space before the closing key
                A = t.model.attention_map(t.vocab.encode(prev + "\n" + line))  # (heads, T, T)
                shares.append(A[:, query, start:start + len(key)].sum(axis=1))
                if first is None:
                    first = {"chars": list((prev + "\n" + line)[:query + 1]), "query": query,
                             "opening": [start, start + len(key)], "heads": A[:, query, :query + 1].tolist()}
        share = np.mean(shares, axis=0)
        if not np.isfinite(share).all():
            raise ValueError("The network's numbers are no longer finite, so it attends to nothing.")
        return {"share": share.tolist(), "lines": len(shares), "reach": t.model.reach, **first}

    def step_times(self) -> dict:
        """The article's "It is strictly sequential", measured here: each model's time per step
        at T = 10, 25, 50 and 100 on this run's text, seed and settings, each model at about this
        run's weight count, beside the computations per update that must wait for each other
        (steptime.py). About a second in the page's worker."""
        s, V = self.settings, len(self.trainer.vocab)
        hidden = {cell: s["hidden"] if cell == s["cell"] else
                  rival_hidden(V, s["cell"], s["hidden"], cell, s["window"], s["context"]) for cell in models.LINEAGE}
        with _quiet():
            return steptime.step_times(self.trainer.text, s, hidden)

    def set_units_passage(self, raw: str) -> dict:
        """What unit_features, unit_view and unit_match read when given no text: `raw` (the
        held-out poem) from POEM_OPENING on, as units.passage prepares it; `dropped` lists the
        symbols outside this run's vocabulary."""
        vocab = self.trainer.vocab.chars
        self.units_passage = units.passage(raw, vocab, start=POEM_OPENING)
        return {"chars": len(self.units_passage),
                "dropped": sorted(set(corpus.normalize(raw)) - set(vocab))}

    def unit_features(self, text: str | None = None, state: str = "h") -> dict:
        """{chars, state, iteration, features: [{name, unit, r, r_untrained, r_char}]}: the unit
        that tracks each feature of the passage best, against the same seed's untrained network
        and the current symbol alone (units.py). `text` None: the units passage."""
        t, chars = self.trainer, self._units_text(text)
        A = self._activations(chars, state)  # (T, H)
        untrained = units.untrained_r(type(t.model), t.model.V, t.model.H, self.settings["seed"],
                                      t.vocab.chars, chars, state, getattr(t.model, "reach", None))
        return {"chars": list(chars), "state": state, "iteration": t.iteration,
                "features": units.table(A, chars, t.vocab, untrained)}

    def unit_view(self, unit: int, text: str | None = None, state: str = "h") -> dict:
        """{chars, unit, activations, top}: one unit over the passage and its top contexts."""
        t = self.trainer
        unit, chars = units.check_unit(unit, t.model.H), self._units_text(text)
        a = self._activations(chars, state)[:, unit]  # (T,)
        return {"chars": list(chars), "unit": unit, "activations": a.tolist(),
                "top": units.top_contexts(a, chars)}

    def unit_match(self, start: int, end: int, threshold: float = 0.5, text: str | None = None,
                   state: str = "h") -> dict:
        """{units, matches}: select-and-match over [start, end) of the passage (units.match)."""
        t, threshold, chars = self.trainer, units.check_threshold(threshold), self._units_text(text)
        start, end = units.check_selection(start, end, len(chars))
        return units.match(self._activations(chars, state), start, end, threshold)

    def _activations(self, chars: str, state: str) -> np.ndarray:
        """units.activations of the passage (T, H), kept until the weights change: the card asks
        for the table, the unit and the match of one network in a row (one reading, not three)."""
        t = self.trainer
        key = (t.iteration, chars, state)
        if self._read is None or self._read[0] != key:
            self._read = (key, units.activations(t.model, t.vocab, chars, state))
        return self._read[1]

    def _units_text(self, text: str | None) -> str:
        """The passage the units read: `text` prepared by units.passage, or the units passage."""
        if text is not None:
            return units.passage(text, self.trainer.vocab.chars)
        if not self.units_passage:
            raise ValueError("No passage has been set for the units to read.")
        return self.units_passage

    def set_held_out(self, raw: str) -> dict:
        """Score both models on (the start of) `raw` from now on; it is never trained on.

        Symbols outside this run's vocabulary are dropped first: `dropped` lists them. The n-gram
        rival is fitted here (~0.4 s under Pyodide), so that `comparison` costs only the scoring.
        """
        vocab = self.trainer.vocab
        normalised = corpus.normalize(raw)
        text = "".join(c for c in normalised if c in vocab)[:HELD_OUT_CHARS]
        if len(text) < 2:
            raise ValueError("The held-out text has no symbol the network knows.")
        self.held_out = text
        t = self.trainer
        self._ngram = _fitted_ngram(t.text[:NGRAM_FIT_CHARS], vocab.chars, int(t.model.params.size),
                                    self.settings["seed"], text)
        return {"chars": len(text), "dropped": sorted(set(normalised) - set(vocab.chars))}

    def comparison(self) -> dict:
        """The RNN against a character n-gram model of comparable size, on held-out text."""
        if not self.held_out:
            raise ValueError("No held-out text has been set.")
        t = self.trainer
        rnn_params = int(t.model.params.size)
        ngram, held, train, sample = self._ngram
        ids = t.vocab.encode(self.held_out)
        return {
            "held_out_chars": len(self.held_out),
            "rnn": {"params": rnn_params, "held_out_loss": _finite(t.model.mean_loss(ids)),
                    "train_loss": _finite(t.model.mean_loss(t.data[:HELD_OUT_CHARS])),
                    "iteration": t.iteration},
            "ngram": {"order": ngram.order, "params": ngram.params, "held_out_loss": held,
                      "train_loss": train, "sample": sample,
                      "fit_chars": min(len(t.text), NGRAM_FIT_CHARS), "corpus_chars": len(t.text)},
        }

    def memory_reach(self) -> list | None:
        """‖∂h_t/∂s_{t-k}‖ for k = 1..MEMORY_STEPS, on a fixed stretch of the corpus: how much
        the memory s k characters back (the RNN's h; the LSTM's h and c) moves h_t (memory.py).
        None for the window and attention models, which read characters, not a memory."""
        t = self.trainer
        if not t.model.STATE:  # the window and attention models carry no memory vector to measure
            return None
        window = t.data[:MEMORY_STEPS + MEMORY_ENDS + 16]
        with _quiet():
            return [_finite(x) for x in memory.reach(t.model, window, None, MEMORY_STEPS, MEMORY_ENDS)]

    def echo_recall(self) -> dict:
        """How well this run remembers on the echo text (echo.py): its mean surprise, in nats,
        at the closing key's first letter on held-out echo lines it never trained on, against
        ln 20, the best a network without memory can do. Meaningful when the run trains on
        echo.text(); `nats` is None if the lines have symbols outside this run's vocabulary.
        The network reads them from where it stands: its carried state, once it has finished
        the line it is in (echo.key_letter_loss says why)."""
        t, held = self.trainer, _echo_held_out()
        lines = len(echo.closing_letters(held))
        if not set(held) <= set(t.vocab.chars):
            return {"nats": None, "baseline": echo.BASELINE, "lines": lines}
        lead = echo.rest_of_line(t.text, t.cursor)
        with _quiet():
            return {"nats": _finite(echo.key_letter_loss(t.model, t.vocab, held, t.h, lead)),
                    "baseline": echo.BASELINE, "lines": lines}

    def save(self) -> str:
        """The run as checkpoint JSON (settings, vocabulary, weights, position, corpus)."""
        return json.dumps(checkpoint.to_dict(self.trainer))

    @classmethod
    def load(cls, text: str) -> "Live":
        """A run resumed from checkpoint JSON (as `save` writes it); ValueError if unusable."""
        try:
            data = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            raise ValueError("That file is not an RNN live checkpoint (it is not JSON).") from None
        vocab = data.get("vocab") if isinstance(data, dict) else None
        if isinstance(vocab, str) and not set(vocab) <= set(corpus.ALPHABET):
            # Checked before any array is sized by it.
            raise ValueError("The checkpoint's vocabulary has symbols outside a–z, space and newline.")
        trainer = checkpoint.trainer_from_dict(data)
        run = cls.__new__(cls)
        run._adopt(trainer)
        return run

    def info(self) -> dict:
        """Facts about the run that don't change while it trains."""
        t = self.trainer
        return {"vocab": t.vocab.chars, "vocab_size": len(t.vocab), "baseline": t.initial_loss,
                "corpus_chars": len(t.text), "params": int(t.model.params.size), **self.settings}


@functools.lru_cache(maxsize=1)
def _echo_held_out() -> str:
    return echo.held_out()


def matched_hidden(vocab_size: int, rnn_hidden: int = 64) -> int:
    """The LSTM's hidden size whose weight count is closest to an RNN's with `rnn_hidden` units
    (30 at V = 28: 7,948 weights against the RNN's 7,772 at H = 64)."""
    return rival_hidden(vocab_size, "rnn", rnn_hidden, "lstm")


@functools.lru_cache(maxsize=2)  # a Reset on the same corpus and seed does not refit
def _fitted_ngram(text: str, vocab: str, rnn_params: int, seed: int, held_out: str) -> tuple:
    """(model, held-out loss, training loss, sample) of the n-gram the size of the RNN."""
    order = comparable_order(text, vocab, rnn_params)
    ngram = NGram(text, order, vocab)
    sample = ngram.sample(SAMPLE_LENGTH, np.random.default_rng(seed))
    return ngram, ngram.loss(held_out), ngram.loss(text[:HELD_OUT_CHARS]), sample


def _quiet():
    return np.errstate(all="ignore")


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def rival_hidden(vocab_size: int, cell: str, hidden: int, rival: str | None = None,
                 window: int | None = None, context: int | None = None) -> int:
    """Compare mode and the lineage (the page's worker): the hidden size of model `rival` whose
    weight count is closest to that of `cell` with `hidden` units (both at this window n and span
    W). `rival` None: the LSTM beside the RNN, the RNN beside any other (`matched_hidden` is the
    RNN -> LSTM case)."""
    cell, hidden = settings.validate("cell", cell), settings.validate("hidden", hidden)
    if rival is None:
        rival = "lstm" if cell == "rnn" else "rnn"
    target = models.param_count(cell, vocab_size, hidden, window, context)
    return models.matched_hidden(settings.validate("cell", rival), vocab_size, target, window, context)
