"""py_core.live: what the page's worker calls. Plain data out, ValueError for bad input."""
import json

import pytest

from py_core.corpus import sonnets
from py_core.live import Live, corpus_report


@pytest.fixture()
def run():
    return Live(sonnets(), {"seed": 1})


def test_train_in_time_slices(run):
    r = run.train(max_steps=7, budget_ms=10_000)
    assert r["steps"] == 7 and r["iteration"] == 7 and r["first"] == 1
    assert len(r["smooth_losses"]) == 7 and r["ms_per_step"] > 0
    r = run.train(max_steps=100_000, budget_ms=5)  # stops at the budget, not the step count
    assert 1 <= r["steps"] < 100_000
    json.dumps(r)  # plain data only


def test_snapshot_has_sample_and_a_4x15_heatmap(run):
    run.train(20, 10_000)
    s = run.snapshot()
    json.dumps(s)
    assert len(s["sample"]) == 200 and s["iteration"] == 20
    hm = s["heatmap"]
    assert hm["phrase"] == "shall i compare" and hm["units"] == [0, 1, 2, 3]
    assert len(hm["values"]) == 4 and all(len(row) == 15 for row in hm["values"])
    assert all(-1 <= v <= 1 for row in hm["values"] for v in row)


def test_view_changes_phrase_units_and_temperature(run):
    v = run.view("Shall I compare thee?!", [5, 63], 0.5)
    assert v == {"phrase": "shall i compare thee", "units": [5, 63], "temperature": 0.5}
    assert len(run.heatmap()["values"][0]) == 20


@pytest.mark.parametrize("kwargs,message", [
    ({"phrase": "!!! 😀"}, "no symbol"), ({"units": [64]}, "numbered 0 to 63"),
    ({"units": []}, "between 1 and 8"), ({"units": ["1"]}, "numbered"),
    ({"temperature": 0}, "Temperature"),
])
def test_bad_views_are_refused_and_keep_the_old_view(run, kwargs, message):
    with pytest.raises(ValueError, match=message):
        run.view(**kwargs)
    assert run.view() == {"phrase": "shall i compare", "units": [0, 1, 2, 3], "temperature": 1.0}


def test_bad_settings_and_corpus():
    with pytest.raises(ValueError, match="Learning rate"):
        Live(sonnets(), {"lr": "-1"})
    with pytest.raises(ValueError, match="Unknown setting"):
        Live(sonnets(), {"speed": "max"})
    with pytest.raises(ValueError, match="too short"):
        Live("<img src=x onerror=alert(1)>", {})


def test_corpus_report():
    assert corpus_report("Héllo, wörld! 😀\n") == {"chars": 12, "original": 16, "dropped": 3, "symbols": 9}


def test_divergence_is_reported_as_data():
    run = Live(sonnets(), {"lr": 10})
    r = run.train(1000, 10_000)
    assert r["diverged"] and r["loss"] is None
    json.dumps(run.snapshot())


def test_default_view_fits_any_run():
    small = Live("zyx wvu tsr qpo nml kji hgf edc ba " * 3, {"hidden": 2, "seq": 10})
    hm = small.heatmap()
    assert hm["units"] == [0, 1] and hm["phrase"] and len(hm["values"]) == 2


def test_view_filters_before_stripping(run):
    with pytest.raises(ValueError, match="no symbol"):
        run.view(" 😀 ")


def test_save_and_load_resume_the_run(run):
    run.train(30, 10_000)
    again = Live.load(run.save())
    assert again.status()["iteration"] == 30 and again.settings == run.settings
    assert run.train(5, 10_000)["smooth_losses"] == again.train(5, 10_000)["smooth_losses"]


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"format": "rnn-live-checkpoint/1"}'])
def test_loading_a_bad_checkpoint_says_so(text):
    with pytest.raises(ValueError):
        Live.load(text)


def test_comparison_and_memory_reach(run):
    from py_core.corpus import SONNETS_PATH
    run.set_held_out((SONNETS_PATH.parent / "lucrece.txt").read_text())
    run.train(200, 10_000)
    c = run.comparison()
    json.dumps(c)
    assert c["held_out_chars"] == 10_000 and c["ngram"]["order"] == 3
    assert c["rnn"]["params"] == 7772 and c["rnn"]["held_out_loss"] < 3.4
    reach = run.memory_reach()
    assert len(reach) == 25 and reach[-1] < reach[0]
