"""py_core.live, the parts the page's article and classroom tools use: held-out scoring on a
reader's corpus, the n-gram fitted once per corpus, checkpoints refused before they cost memory."""
import json

import pytest

from py_core.corpus import SONNETS_PATH, sonnets
from py_core.live import Live

LUCRECE = (SONNETS_PATH.parent / "lucrece.txt").read_text()


def test_held_out_symbols_outside_the_vocabulary_are_dropped_and_named():
    run = Live("the cat sat on the mat and the dog sat on the log " * 40, {})
    report = run.set_held_out(LUCRECE)
    assert report["chars"] == 10_000
    assert "z" in report["dropped"] and "q" in report["dropped"] and "t" not in report["dropped"]
    assert set(run.held_out) <= set(run.trainer.vocab.chars)
    assert Live(sonnets(), {}).set_held_out(LUCRECE)["dropped"] == []


def test_the_ngram_is_fitted_once_for_the_same_corpus_and_seed():
    first, second = Live(sonnets(), {"seed": 4}), Live(sonnets(), {"seed": 4})
    for run in (first, second):
        run.set_held_out(LUCRECE)
    a, b = first.comparison(), second.comparison()
    assert first._ngram is second._ngram  # a Reset does not pay for the fit again
    assert a["ngram"] == b["ngram"]
    other = Live(sonnets(), {"seed": 5})
    other.set_held_out(LUCRECE)
    assert other.comparison()["ngram"]["sample"] != a["ngram"]["sample"]  # seeded by the run


def test_a_checkpoint_with_a_foreign_vocabulary_is_refused_before_sizing_anything():
    data = json.loads(Live(sonnets(), {}).save())
    data["vocab"] = "".join(chr(0x4E00 + i) for i in range(50_000))
    with pytest.raises(ValueError, match="vocabulary"):
        Live.load(json.dumps(data))
    with pytest.raises(ValueError, match="not JSON"):
        Live.load("[" * 100_000)


def test_the_ngram_counts_only_the_start_of_a_long_text_so_the_worker_stays_responsive():
    from py_core.live import NGRAM_FIT_CHARS
    long_text = sonnets() * 5  # ~450,000 characters
    run = Live(long_text, {})
    run.set_held_out(LUCRECE)
    ngram = run.comparison()["ngram"]
    assert ngram["fit_chars"] == NGRAM_FIT_CHARS < ngram["corpus_chars"] == len(run.trainer.text)
    short = Live(sonnets(), {})
    short.set_held_out(LUCRECE)
    assert short.comparison()["ngram"]["fit_chars"] == len(short.trainer.text)  # the sonnets: all of it
