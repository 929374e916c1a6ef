"""Normalisation to the 28 symbols, the vocabulary and the default corpus."""
import math

import pytest

from py_core import corpus


def test_normalize_keeps_only_the_28_symbols():
    raw = "THE SONNETS\n\nI\n\nFrom fairest creatures we desire increase,\n  Thy self   thy foe!\n\nXIV\n"
    assert corpus.normalize(raw) == "the sonnets\nfrom fairest creatures we desire increase\nthy self thy foe\n"


def test_normalize_folds_accents_drops_other_scripts_and_is_idempotent():
    text = corpus.normalize("Café — naïve 😀 日本語 <img src=x onerror=alert(1)>\r\n\tdone")
    assert text == "cafe naive img srcx onerroralert\ndone\n"
    assert set(text) <= set(corpus.ALPHABET)
    assert corpus.normalize(text) == text


def test_report_counts_what_was_dropped():
    r = corpus.report("ab, cd! 😀")
    assert r.text == "ab cd\n" and r.dropped_chars == 3 and r.original_chars == 9


@pytest.mark.parametrize("raw,message", [
    ("", "empty"), ("   \n\t\n", "empty"), ("!!! ??? 123 😀 日本語", "no usable symbol"),
    ("aaaa aaaa aaaa aaaa aaaa aaaa aaaa", None),
    ("short text", "too short"),
])
def test_prepare_says_why_a_text_cannot_train(raw, message):
    if message is None:
        assert corpus.prepare(raw, 25)
        return
    with pytest.raises(ValueError, match=message):
        corpus.prepare(raw, 25)


def test_prepare_rejects_non_text():
    with pytest.raises(ValueError):
        corpus.prepare(b"bytes", 25)


def test_vocabulary_round_trip():
    v = corpus.Vocabulary.from_text("hello world\n")
    assert len(v) == 9 and v.chars == "\n dehlorw"
    assert v.decode(v.encode("hello")) == "hello"
    with pytest.raises(ValueError, match="not in the vocabulary"):
        v.encode("z")


def test_sonnets_have_28_symbols():
    text = corpus.sonnets()
    v = corpus.Vocabulary.from_text(text)
    assert len(v) == 28 and v.chars == "\n " + "abcdefghijklmnopqrstuvwxyz"
    assert math.isclose(math.log(len(v)), 3.332, abs_tol=5e-4)
    assert "shall i compare thee to a summers day" in text
    assert 85_000 < len(text) < 95_000


def test_sonnets_missing_names_the_setup_command(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_LIVE_SONNETS", str(tmp_path / "nope.txt"))
    with pytest.raises(FileNotFoundError, match="python scripts/fetch_assets.py"):
        corpus.sonnets()
