"""The four models behind one interface: the settings reach each one, runs save and resume, every
view of Live reads every model, bad settings are refused with the table's words."""
import json
import subprocess
import sys

import numpy as np
import pytest

from py_core import checkpoint, models, settings
from py_core.corpus import sonnets
from py_core.live import Live, rival_hidden
from py_core.train import Trainer

ALL = models.LINEAGE


def test_every_choice_of_the_setting_is_a_model():
    assert set(settings.BY_NAME["cell"].choices) == set(models.MODELS) == set(ALL)
    assert models.YEARS["rnn"] < models.YEARS["lstm"] < models.YEARS["window"] < models.YEARS["attention"]


@pytest.mark.parametrize("cell", ALL)
def test_param_count_is_what_build_gives(cell):
    for hidden, window, context in ((64, 8, 32), (7, 3, 5), (30, 16, 40)):
        m = models.build(cell, 28, hidden, 1, window, context)
        assert m.params.size == models.param_count(cell, 28, hidden, window, context)


def test_the_window_and_span_reach_the_model():
    t = Trainer("abc def ghi\n" * 50, cell="window", window=5, seq_length=10)
    assert t.model.reach == 5 and t.h.shape == (4,) and t.settings["window"] == 5
    t = Trainer("abc def ghi\n" * 50, cell="attention", context=12, seq_length=10)
    assert t.model.reach == 12 and t.h.shape == (11,) and t.settings["context"] == 12


@pytest.mark.parametrize("name, value, words", [
    ("window", 0, "Window must be a whole number from 1 to 64; got “0”."),
    ("window", 65, "Window must be a whole number from 1 to 64; got “65”."),
    ("context", 1, "Attention span must be a whole number from 2 to 256; got “1”."),
    ("context", "x", "Attention span must be a whole number from 2 to 256; got “x”."),
])
def test_bad_reach_is_refused_in_the_tables_words(name, value, words):
    with pytest.raises(ValueError) as e:
        Trainer(sonnets()[:2000], cell="window" if name == "window" else "attention", **{name: value})
    assert str(e.value) == words
    with pytest.raises(ValueError):
        Live(sonnets()[:2000], {name: value})


@pytest.mark.parametrize("cell", ["window", "attention"])
def test_a_run_saves_and_resumes_exactly(cell, tmp_path):
    a = Trainer(sonnets(), cell=cell, seed=2, window=6, context=20)
    a.step(30)
    path = tmp_path / "run.json"
    checkpoint.save(a, path)
    b = checkpoint.trainer_from_dict(json.loads(path.read_text()))
    assert b.settings == a.settings and b.model.reach == a.model.reach
    np.testing.assert_array_equal(b.h, a.h)
    assert [a.step(1)["loss"] for _ in range(5)] == [b.step(1)["loss"] for _ in range(5)]


def test_a_damaged_carried_context_is_refused():
    a = Trainer(sonnets(), cell="window", seed=2)
    a.step(3)
    d = checkpoint.to_dict(a)
    d["h"][0] = 99.5  # not a symbol
    with pytest.raises(ValueError, match="damaged"):
        checkpoint.trainer_from_dict(d)


@pytest.mark.parametrize("cell", ["window", "attention"])
def test_the_cli_trains_and_samples_each(cell, tmp_path):
    save = tmp_path / "run.json"
    r = subprocess.run([sys.executable, "-m", "py_core", "train", "--cell", cell, "--steps", "20", "--json",
                        "--window", "4", "--context", "9", "--save", str(save)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    last = json.loads(r.stdout.splitlines()[-1])
    assert last["cell"] == cell and last["iterations"] == 20
    assert json.loads(save.read_text())["settings"]["window" if cell == "window" else "context"] == (4 if cell == "window" else 9)
    s = subprocess.run([sys.executable, "-m", "py_core", "sample", "--checkpoint", str(save), "--length", "30",
                        "--prime", "shall i compare", "--json"], capture_output=True, text=True)
    assert s.returncode == 0 and len(json.loads(s.stdout)["sample"]) == 30
    bad = subprocess.run([sys.executable, "-m", "py_core", "train", "--cell", cell, "--window", "0"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Window must be" in bad.stderr


@pytest.fixture(scope="module", params=ALL)
def live(request):
    run = Live(sonnets(), {"cell": request.param, "seed": 1})
    run.train(60, 60_000)
    return run


def test_every_view_reads_every_model(live):
    snap = live.snapshot()
    assert snap["iteration"] == 60 and len(snap["sample"]) == 200
    assert len(snap["heatmap"]["values"]) == 4 and len(snap["heatmap"]["values"][0]) == len(live.phrase)
    s = live.surprise()
    assert len(s["surprise"]) == len(s["chars"]) and all(x > 0 for x in s["surprise"])
    live.set_units_passage("from the besieged ardea all in post " * 20)
    assert live.unit_features()["features"]
    assert live.info()["cell"] == live.settings["cell"]
    recall = live.echo_recall()
    assert recall["baseline"] == pytest.approx(np.log(20))


def test_memory_reach_is_none_without_a_memory(live):
    reach = live.memory_reach()
    if live.trainer.model.STATE:
        assert len(reach) == 25
    else:
        assert reach is None


def test_the_attention_map_is_only_for_attention(live):
    if live.settings["cell"] != "attention":
        with pytest.raises(ValueError, match="Only the attention model"):
            live.attention_map()
        return
    m = live.attention_map("shall i compare thee")
    T = len(m["chars"])
    assert len(m["heads"]) >= 1 and m["reach"] == 32
    for head in m["heads"]:
        for q, row in enumerate(head):
            assert len(row) == T and sum(row[:q + 1]) == pytest.approx(1.0) and not any(row[q + 1:])


def test_rival_sizes_match_any_two_models():
    V = 28
    for cell in ALL:
        for rival in ALL:
            H = rival_hidden(V, cell, 64, rival)
            target = models.param_count(cell, V, 64)
            got = models.param_count(rival, V, H)
            # the nearest size: one unit more or less would be further away
            for other in (H - 1, H + 1):
                if 1 <= other <= 512:
                    assert abs(got - target) <= abs(models.param_count(rival, V, other) - target)
    assert rival_hidden(V, "rnn", 64) == 30  # the LSTM beside the RNN, as before
