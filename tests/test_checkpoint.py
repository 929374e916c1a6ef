"""Checkpoints: JSON with settings and vocabulary; weights bit for bit; resuming is exact."""
import json

import numpy as np
import pytest

from py_core import checkpoint
from py_core.train import Trainer

TEXT = "so long lives this and this gives life to thee\n" * 10


def test_resume_continues_exactly_like_an_uninterrupted_run(tmp_path):
    a = Trainer(TEXT, hidden_size=12, seq_length=9, seed=3)
    a.step(40)
    path = tmp_path / "ck.json"
    checkpoint.save(a, path)
    b = checkpoint.trainer_from_dict(json.loads(path.read_text()))
    assert b.iteration == 40 and b.vocab.chars == a.vocab.chars
    np.testing.assert_array_equal(b.model.params, a.model.params)
    assert a.step(30) == b.step(30)


def test_model_only_load_samples_without_the_corpus(tmp_path):
    a = Trainer(TEXT, hidden_size=12, seq_length=9)
    a.step(10)
    path = tmp_path / "ck.json"
    checkpoint.save(a, path, include_corpus=False)
    model, vocab, d = checkpoint.load(path)
    assert d["settings"] == a.settings and len(vocab) == len(a.vocab)
    with pytest.raises(ValueError, match="no corpus"):
        checkpoint.trainer_from_dict(d)


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.update(format="x"), "Not an RNN live checkpoint"),
    (lambda d: d.pop("params"), "incomplete"),
    (lambda d: d["params"].update(Whh=[[1.0]]), "shape"),
    (lambda d: d["settings"].update(hidden=-1), "Hidden units"),
    (lambda d: d["params"]["bh"].__setitem__(0, float("nan")), "finite"),
    (lambda d: d.update(memory=[1, 2]), "damaged"),
])
def test_damaged_checkpoints_are_refused(mutate, message):
    d = checkpoint.to_dict(Trainer(TEXT, hidden_size=6, seq_length=9))
    mutate(d)
    with pytest.raises(ValueError, match=message):
        checkpoint.trainer_from_dict(d)


def test_unreadable_files(tmp_path):
    (tmp_path / "bad.json").write_bytes(b"\x00\xff not json")
    for path in (tmp_path / "bad.json", tmp_path / "missing.json"):
        with pytest.raises(ValueError):
            checkpoint.load(path)
