"""The fast paths in py_core/corpus.py give exactly what the plain ones give: `normalize`
remembering its last long results, and `Vocabulary.encode`'s one-pass ASCII path."""
from __future__ import annotations

import random

import pytest

from py_core import corpus


def plain_encode(vocab, text):
    return [vocab.index[c] for c in text]


def test_encode_fast_path_matches_the_plain_one():
    text = corpus.sonnets()
    vocab = corpus.Vocabulary.from_text(text)
    assert vocab.encode(text) == plain_encode(vocab, text)
    rng = random.Random(1)
    small = corpus.Vocabulary("xy z\n")
    for _ in range(50):
        s = "".join(rng.choice("xy z\n") for _ in range(rng.randrange(0, 40)))
        assert small.encode(s) == plain_encode(small, s)


@pytest.mark.parametrize("text, bad", [("abcX", "X"), ("abc\u00e9", "\u00e9"), ("ab\x00c", "\x00")])
def test_encode_still_names_the_first_unknown_symbol(text, bad):
    vocab = corpus.Vocabulary("abc")
    with pytest.raises(ValueError, match=repr(bad).replace("\\", "\\\\")):
        vocab.encode(text)


def test_a_vocabulary_beyond_ascii_encodes_as_before():
    vocab = corpus.Vocabulary("a\u00e9b")
    assert vocab.encode("b\u00e9a") == plain_encode(vocab, "b\u00e9a")


def test_normalize_remembers_long_texts_and_gives_the_same_result():
    raw = (corpus.SONNETS_PATH.read_text(encoding="utf-8") if corpus.SONNETS_PATH.exists()
           else "Shall I compare thee, to a summer's day?\n" * 500)
    fresh = corpus._normalize(raw)
    assert corpus.normalize(raw) == fresh
    assert corpus.normalize(raw) is corpus.normalize(raw)  # remembered
    assert corpus.normalize(fresh) == fresh  # a result is its own result (idempotent)
    # Many different long texts: only the last few are kept, each still right.
    for i in range(6):
        other = raw[i * 1000:] + f"\nLine {i}\n"
        assert corpus.normalize(other) == corpus._normalize(other)
    assert len(corpus._recent) <= 4
