"""Bad input in Python and the CLI: the cases of the "Bad input" table in docs/bad-input-and-security.md not covered by
test_corpus.py, test_train.py, test_live.py, test_settings.py and test_cli.py.

Python refuses with a ValueError whose message is one sentence for a reader; the CLI prints that
sentence on one stderr line and exits with status 2 (a divergence: status 1, with the summary).
"""
import json
import math
import subprocess
import sys

import pytest

from py_core import corpus
from py_core.corpus import sonnets
from py_core.live import Live, corpus_report
from py_core.train import Trainer
from tests.conftest import ROOT

PROSE = "From fairest creatures we desire increase, that thereby beauty's rose might never die.\n"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "py_core", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def one_line_error(r, words: str):
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stdout == "" and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and words in r.stderr, r.stderr


# --- the corpus -------------------------------------------------------------------------------------

def test_other_scripts_emoji_and_markup_are_dropped_and_counted():
    raw = PROSE + "😀🎉 日本語 Ελληνικά العربية <script>alert(1)</script> ½ ﬁ\u200b\u0000\n"
    r = corpus_report(raw)
    kept = corpus.normalize(raw)
    assert set(kept) <= set(corpus.ALPHABET)
    assert r["chars"] == len(kept) and r["original"] == len(raw)
    assert r["dropped"] >= len("😀🎉日本語ΕλληνικάالعربيةScript") - 10
    assert "<" not in kept and "script" in kept  # markup survives only as its letters
    assert "fi" in kept  # the ligature ﬁ folds to its letters


def test_a_text_of_millions_of_characters_normalises():
    raw = (PROSE + "Ünïcödé 😀\n") * 25_000  # ~2.5 million characters: over the page's limit, fine here
    r = corpus_report(raw)
    assert r["original"] == len(raw) and r["symbols"] <= 28
    assert corpus.prepare(raw, 25) == corpus.normalize(raw)


@pytest.mark.parametrize("raw", ["\u00a0\u3000\u2003\n\r\n\t", "\x00\x01\x02", "\ufeff"])
def test_invisible_text_is_empty_or_unusable(raw):
    with pytest.raises(ValueError, match="empty|no usable symbol"):
        corpus.prepare(raw, 25)


def test_lone_surrogates_are_dropped():
    raw = PROSE + "\ud800 broken \udfff pair\n"
    assert set(corpus.normalize(raw)) <= set(corpus.ALPHABET)
    assert Trainer(raw, hidden_size=8).step(1)["iteration"] == 1


# --- settings and views ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, words", [
    ({"learning_rate": math.inf}, "Learning rate"), ({"learning_rate": 0}, "Learning rate"),
    ({"learning_rate": 10.5}, "Learning rate"), ({"hidden_size": 2.5}, "Hidden units"),
    ({"hidden_size": True}, "Hidden units"), ({"seq_length": "25x"}, "Sequence length"),
    ({"clip": math.nan}, "Gradient clip"), ({"seed": 2**32}, "Seed"),
])
def test_trainer_refuses_values_outside_the_table(kwargs, words):
    with pytest.raises(ValueError, match=words):
        Trainer(PROSE * 3, **kwargs)


def test_a_sequence_longer_than_the_corpus_is_refused_naming_both():
    with pytest.raises(ValueError, match="length 200 needs at least 202"):
        Live(PROSE * 2, {"seq": 200})


@pytest.mark.parametrize("kwargs", [{"temperature": math.nan}, {"temperature": math.inf},
                                    {"units": [True]}, {"units": [1.5]}, {"units": [-1]},
                                    {"phrase": "😀 日本"}])
def test_live_view_refuses_nonsense(kwargs):
    run = Live(PROSE * 3, {"hidden": 8})
    with pytest.raises(ValueError):
        run.view(**kwargs)


# --- divergence -------------------------------------------------------------------------------------

def test_a_diverged_run_reports_strict_json_and_stays_stopped():
    run = Live(sonnets(), {"lr": 10})
    first = run.train(1000, 10_000)
    assert first["diverged"] and first["loss"] is None
    json.dumps(first, allow_nan=False)  # no NaN or Infinity crosses to the page
    again = run.train(1000, 10_000)
    assert again["steps"] == 0 and again["iteration"] == first["iteration"] and again["diverged"]
    json.dumps(run.snapshot(), allow_nan=False)
    assert all(-1 <= v <= 1 for row in run.heatmap()["values"] for v in row)


# --- the CLI ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["train", "--lr", "inf"], "Learning rate"), (["train", "--lr", "10.5"], "Learning rate"),
    (["train", "--clip", "0"], "Gradient clip"), (["train", "--hidden", "1e9"], "Hidden units"),
    (["train", "--seq-length", "12.5"], "Sequence length"), (["train", "--steps", "nan"], "Steps"),
    (["train", "--length", "0"], "Sample length"), (["train", "--temperature", "-1"], "Temperature"),
    (["train", "--seed", "-1"], "Seed"), (["train", "--hidden", "<b>8</b>"], "“<b>8</b>”"),
])
def test_cli_refuses_settings_with_the_allowed_range(args, words):
    one_line_error(cli(*args), words)  # refused before any training


@pytest.mark.parametrize("content, words", [
    (b"abc\x00\x00def " * 50, "looks like a binary file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text"),
    ("Café, naïve façade\n".encode("latin-1") * 20, "not UTF-8 text"),
    ("\ufeffShall I compare thee\n".encode("utf-16"), "not UTF-8 text"),
    ("😀 日本語 Ελληνικά ½\n".encode() * 10, "no usable symbol"),
])
def test_cli_refuses_a_corpus_file_that_is_not_usable_text(tmp_path, content, words):
    f = tmp_path / "corpus.txt"
    f.write_bytes(content)
    one_line_error(cli("train", "--corpus", str(f), "--steps", "1"), words)


def test_cli_refuses_a_directory_as_corpus(tmp_path):
    one_line_error(cli("train", "--corpus", str(tmp_path), "--steps", "1"), "Cannot read")


def test_cli_trains_on_text_with_emoji_and_markup(tmp_path):
    f = tmp_path / "corpus.txt"
    f.write_text((PROSE + "😀 <img src=x onerror=alert(1)>\n") * 5, encoding="utf-8")
    r = cli("train", "--corpus", str(f), "--steps", "3", "--hidden", "8", "--json")
    assert r.returncode == 0, r.stderr
    last = json.loads(r.stdout.splitlines()[-1])
    assert last["iterations"] == 3 and set(last["sample"]) <= set(corpus.ALPHABET)
