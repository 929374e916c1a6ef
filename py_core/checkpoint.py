"""Save and load a run as JSON: its settings, vocabulary, weights and where it stood.

A checkpoint describes itself (never pickle): anyone can read it, and a trained network can be
sampled from it without the corpus. It also carries the model ("rnn", "lstm", "window" or
"attention", in its settings, with the window n and span W), the Adagrad memory, the carried state
(h, the LSTM's [h; c], or the last symbols read), the cursor and
(optionally) the normalised corpus, so a run can resume exactly. JSON writes floats with repr, so weights round-trip bit for bit.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from . import corpus, settings
from .network import Network
from . import models
from .train import Trainer

FORMAT = "rnn-live-checkpoint/1"


def to_dict(trainer: Trainer, include_corpus: bool = True) -> dict:
    """The run as JSON-ready data."""
    m = trainer.model
    return {
        "format": FORMAT,
        "settings": dict(trainer.settings),
        "vocab": trainer.vocab.chars,
        "iteration": trainer.iteration,
        "smooth_loss": trainer.smooth_loss,
        "loss": trainer.loss,
        "cursor": trainer.cursor,
        "params": {name: getattr(m, name).tolist() for name in m.PARAM_NAMES},
        "h": trainer.h.tolist(),
        "memory": trainer.memory.tolist(),
        "corpus": trainer.text if include_corpus else None,
    }


def save(trainer: Trainer, path: str | Path, include_corpus: bool = True) -> None:
    Path(path).write_text(json.dumps(to_dict(trainer, include_corpus)), encoding="utf-8")


def model_from_dict(d: dict) -> tuple[Network, corpus.Vocabulary, dict]:
    """(model, vocabulary, the whole dict) from checkpoint data; ValueError if it isn't one.

    A checkpoint without a cell in its settings was saved before the LSTM existed: an RNN; one
    without a window or span was saved before those models existed, and gets the defaults.
    """
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise ValueError(f"Not an RNN live checkpoint (expected format “{FORMAT}”).")
    try:
        vocab = corpus.Vocabulary(d["vocab"])
        cell = settings.validate("cell", d["settings"].get("cell", "rnn"))
        s = d["settings"]
        model = models.build(cell, len(vocab), s["hidden"], s["seed"], s.get("window"), s.get("context"))
        for name in model.PARAM_NAMES:
            value = np.asarray(d["params"][name], dtype=np.float64)
            if value.shape != getattr(model, name).shape:
                raise ValueError(f"{name} has shape {value.shape}, expected {getattr(model, name).shape}.")
            setattr(model, name, value)
    except (KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"The checkpoint is incomplete or damaged ({e!r}).") from None
    if not np.isfinite(model.params).all():
        raise ValueError("The checkpoint's weights are not all finite numbers.")
    return model, vocab, d


def trainer_from_dict(d: dict, text: str | None = None) -> Trainer:
    """A Trainer that resumes the saved run, on the saved corpus or on `text`."""
    model, vocab, d = model_from_dict(d)
    s = d["settings"]
    text = d.get("corpus") if text is None else text
    if not text:
        raise ValueError("The checkpoint carries no corpus; give the text to resume training on.")
    t = Trainer(text, hidden_size=s["hidden"], seq_length=s["seq"], learning_rate=s["lr"],
                clip=s["clip"], seed=s["seed"], cell=s.get("cell", "rnn"), window=s.get("window"),
                context=s.get("context"))
    if t.vocab.chars != vocab.chars:
        raise ValueError("The corpus's symbols differ from the checkpoint's vocabulary.")
    t.model.params[...] = model.params
    try:
        t.memory[...] = np.asarray(d["memory"], dtype=np.float64)
        t.h[...] = t.model._state0(d["h"])  # (the window and attention models' symbols checked too)
        t.cursor = int(d["cursor"])
        t.iteration = int(d["iteration"])
        t.smooth_loss = float(d["smooth_loss"])
        t.loss = float(d.get("loss", t.smooth_loss))
    except (KeyError, TypeError, ValueError) as e:
        raise ValueError(f"The checkpoint's training state is damaged ({e!r}).") from None
    return t


def load(path: str | Path) -> tuple[Network, corpus.Vocabulary, dict]:
    """(model, vocabulary, checkpoint data) from a JSON file; ValueError if unreadable."""
    try:
        d = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ValueError(f"Cannot read the checkpoint {path}: {e.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(f"{path} is not a JSON checkpoint.") from None
    return model_from_dict(d)
