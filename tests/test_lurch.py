"""py_core.lurch and Live.heatmap()["lurch"]: which hidden units lurch at a space.

Checked against plain loops over model.hidden_states, and, as the browser test checks it,
against the values the heatmap itself shows when the named units are the ones chosen.
"""
import json
import math

import numpy as np
import pytest

from plain_cells import plain_states
from py_core.corpus import sonnets
from py_core.live import Live
from py_core.lurch import lurch


@pytest.fixture(scope="module", params=[("rnn", 64), ("lstm", 30)])
def run(request):
    cell, hidden = request.param
    live = Live(sonnets(), {"cell": cell, "hidden": hidden, "seed": 1})
    live.train(500, 600_000)
    return live


def lurch_by_hand(phrase, hs):
    H = len(hs[0])
    spaces = [t for t in range(1, len(phrase)) if phrase[t] == " "]
    inside = [t for t in range(1, len(phrase)) if phrase[t].isalpha() and phrase[t - 1].isalpha()]
    step = lambda t, u: abs(hs[t][u] - hs[t - 1][u])  # noqa: E731
    norm = lambda t: math.sqrt(sum((hs[t][u] - hs[t - 1][u]) ** 2 for u in range(H)))  # noqa: E731
    rows = []
    for u in range(H):
        space = sum(step(t, u) for t in spaces) / len(spaces)
        within = sum(step(t, u) for t in inside) / len(inside)
        rows.append({"unit": u, "ratio": space / within, "space": space, "inside": within})
    rows.sort(key=lambda row: -row["ratio"])
    overall = (sum(map(norm, spaces)) / len(spaces)) / (sum(map(norm, inside)) / len(inside))
    return {"units": rows[:2], "overall": overall}


def close(got, want):
    assert [u["unit"] for u in got["units"]] == [u["unit"] for u in want["units"]]
    for g, w in zip(got["units"], want["units"]):
        for key in ("ratio", "space", "inside"):
            assert g[key] == pytest.approx(w[key], rel=1e-9)
    assert got["overall"] == pytest.approx(want["overall"], rel=1e-9)


@pytest.mark.parametrize("phrase", [None, "from the besieged ardea", "the cat sat on the mat"])
def test_matches_plain_loops_over_the_hidden_states(run, phrase):
    t = run.trainer
    if phrase:
        run.view(phrase)
    hm = run.heatmap()
    hs = t.model.hidden_states(t.vocab.encode(hm["phrase"])).tolist()
    want = lurch_by_hand(hm["phrase"], hs)
    close(hm["lurch"], want)
    assert hm["lurch"]["units"][0]["ratio"] >= hm["lurch"]["units"][1]["ratio"]
    # ... and the states are the cell's equations stepped by hand.
    np.testing.assert_allclose(hs, plain_states(t.model, t.vocab.encode(hm["phrase"]))[0], atol=1e-12)
    json.dumps(hm)


def test_the_named_units_ratios_follow_from_the_heatmaps_own_values(run):
    run.view("shall i compare thee to a summers day", [0, 1, 2, 3])
    hm = run.heatmap()
    assert set(hm) == {"phrase", "units", "values", "lurch"}
    assert hm["units"] == [0, 1, 2, 3] and len(hm["values"]) == 4  # the old keys, unchanged
    named = [u["unit"] for u in hm["lurch"]["units"]]
    run.view(units=named)
    shown = run.heatmap()
    phrase = shown["phrase"]
    for row, values in zip(hm["lurch"]["units"], shown["values"]):
        steps = [abs(values[t] - values[t - 1]) for t in range(1, len(phrase))]
        at_space = [s for t, s in enumerate(steps, 1) if phrase[t] == " "]
        inside = [s for t, s in enumerate(steps, 1) if phrase[t].isalpha() and phrase[t - 1].isalpha()]
        ratio = (sum(at_space) / len(at_space)) / (sum(inside) / len(inside))
        assert row["ratio"] == pytest.approx(ratio, rel=1e-12)
    assert shown["lurch"] == hm["lurch"]  # the choice of units shown does not change it
    run.view("shall i compare", [0, 1, 2, 3])


def test_no_lurch_without_a_space_or_a_word(run):
    for phrase in ("shall", "a b c d"):
        run.view(phrase)
        assert run.heatmap()["lurch"] is None
    run.view("shall i compare")
    hs = np.random.default_rng(0).standard_normal((4, 3))
    assert lurch(" abc", hs) is None  # a space only where nothing came before it
    assert lurch("ab c", np.zeros((4, 3))) is None  # nothing moves
    hs[2] = np.nan
    assert lurch("ab c", hs) is None  # a diverged run


def test_a_unit_that_never_moves_inside_words_is_not_named():
    hs = np.array([[0.0, 0.1, 0.5], [0.0, 0.2, 0.1], [0.3, 0.25, 0.4], [0.3, 0.5, 0.2]])  # "ab c"
    got = lurch("ab c", hs)
    # inside: t = 1 (b after a); space: t = 2. Unit 0 moves only at the space: no ratio.
    assert [u["unit"] for u in got["units"]] == [2, 1]  # largest ratio first
    assert got["units"][0]["ratio"] == pytest.approx(0.3 / 0.4)
    assert got["units"][1]["ratio"] == pytest.approx(0.05 / 0.1)
