"""The article's "Where it falls short", computed from a run: a step's time as T grows for each
model (py_core/steptime.py, Live.step_times) and where the attention model looks before an echo
line's closing key (Live.echo_attention). Contracts and honest numbers, never timings."""
import math

import numpy as np
import pytest

from py_core import echo, steptime
from py_core.corpus import sonnets
from py_core.live import Live


def test_step_times_cover_every_model_at_every_length_at_matched_sizes():
    got = Live(sonnets(), {"seed": 2}).step_times()
    assert got["seqs"] == list(steptime.SEQS) == [10, 25, 50, 100]
    assert list(got["rows"]) == ["window", "rnn", "lstm", "attention"]
    rows = got["rows"]
    assert rows["rnn"]["hidden"] == 64 and rows["lstm"]["hidden"] == 30  # as compare mode matches them
    for cell, row in rows.items():
        assert len(row["ms"]) == 4 and all(x > 0 and math.isfinite(x) for x in row["ms"]), (cell, row)
        assert abs(row["params"] - 7_772) / 7_772 < 0.05, (cell, row["params"])  # about the run's weight count
    # The computations in one update that must wait for each other, from the models themselves.
    assert rows["rnn"]["dependent"] == rows["lstm"]["dependent"] == [20, 50, 100, 200]
    assert rows["window"]["dependent"] == rows["attention"]["dependent"] == [2, 2, 2, 2]


def test_step_times_follow_the_run_and_refuse_a_length_out_of_range():
    run = Live(sonnets(), {"seed": 1, "cell": "lstm", "hidden": 30})
    rows = run.step_times()["rows"]
    # The others matched to the LSTM's 7,948 weights (the RNN: 65 units, 7,898 weights).
    assert rows["lstm"]["hidden"] == 30 and rows["rnn"]["hidden"] == 65
    hidden = {"rnn": 8}
    with pytest.raises(ValueError):
        steptime.step_times(sonnets(), run.settings, hidden, seqs=(0,), cells=("rnn",))


def test_median_is_the_middle_value():
    assert steptime.median([3.0, 1.0, 2.0]) == 2.0
    assert steptime.median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_echo_attention_reads_the_space_before_the_closing_key_on_held_out_lines():
    run = Live(echo.text(), {"seed": 1, "cell": "attention"})
    look = run.echo_attention()
    lines = echo.held_out().split("\n")
    prev, line = lines[0], lines[1]
    text = prev + "\n" + line
    key = line.split(" ")[0]
    start, end = look["opening"]
    assert "".join(look["chars"]) == text[:look["query"] + 1]
    assert text[start:end] == key and text[look["query"]] == " " and text[look["query"] + 1] == key[0]
    assert text[look["query"] + 1:] == key  # the closing key follows the query
    heads = np.array(look["heads"])
    assert heads.shape == (2, look["query"] + 1)
    assert np.allclose(heads.sum(axis=1), 1.0)
    assert look["lines"] == 50 and len(look["share"]) == 2 and look["reach"] == run.trainer.model.reach
    # Untrained, every head spreads its weight evenly over the span it can see.
    even = len(key) / min(look["reach"], look["query"] + 1)
    assert np.allclose(look["share"], even, atol=0.02), (look["share"], even)


def test_echo_attention_after_training_looks_back_at_the_key():
    # docs/lineage.md: attention finds the echo key; at 3,000 steps of seed 1 one head already
    # puts most of its weight on it (CPython, measured 2026-12-06: 0.73 against an even 0.16).
    run = Live(echo.text(), {"seed": 1, "cell": "attention"})
    run.train(3_000, math.inf)
    look = run.echo_attention()
    assert max(look["share"]) > 2 * 5 / 32, look["share"]
    assert run.echo_recall()["nats"] < 1.0


def test_echo_attention_is_for_the_attention_model_and_its_own_text():
    with pytest.raises(ValueError, match="Only the attention model"):
        Live(echo.text(), {"seed": 1}).echo_attention()
    look = Live("abc abc abc " * 200, {"cell": "attention"}).echo_attention()  # echo lines it cannot read
    assert look["share"] is None and look["lines"] == 0
