"""py_core.units and Live.unit_features / unit_view / unit_match: what the units track.

Every number is checked against an independent computation: the cells stepped from their
equations one character at a time (plain_cells.py), features found by scanning the text,
Pearson's r and the correlation ratio η as plain-Python sums, contexts and matches by loops.
"""
import json
import math

import numpy as np
import pytest

from plain_cells import pearson, plain_states
from py_core import units
from py_core.corpus import SONNETS_PATH, normalize, sonnets
from py_core.live import Live
from py_core.train import Trainer

LUCRECE = (SONNETS_PATH.parent / "lucrece.txt").read_text()
CELLS = {"rnn": 64, "lstm": 30}  # cell: hidden units (the recipe's RNN, the LSTM of its size)


@pytest.fixture(scope="module", params=sorted(CELLS))
def run(request):
    """(a run trained 300 steps that has read the held-out poem, its weights at iteration 0)."""
    cell = request.param
    live = Live(sonnets(), {"cell": cell, "hidden": CELLS[cell], "seed": 3})
    params0 = live.trainer.model.params.copy()
    live.set_units_passage(LUCRECE)
    live.train(300, 600_000)
    return live, params0


def passage_by_hand(raw):
    lines = normalize(raw).split("\n")
    first = next(k for k, line in enumerate(lines) if line.startswith("from the besieged ardea"))
    return "\n".join(line for line in lines[first:] if line)[:1500]


def features_by_hand(chars):
    """{name: list of values}; the next-symbol features have one value fewer (no last position)."""
    T = len(chars)
    word, line = [], []
    for t, c in enumerate(chars):
        k = t
        while k >= 0 and chars[k] not in " \n":
            k -= 1
        word.append(t - k)  # 0 on a space or a line break
        line.append(0 if c == "\n" else t - chars.rfind("\n", 0, t))
    return {"space": [float(c == " ") for c in chars], "vowel": [float(c in "aeiou") for c in chars],
            "word-position": word, "line-position": line,
            "next-space": [float(chars[t + 1] == " ") for t in range(T - 1)],
            "next-newline": [float(chars[t + 1] == "\n") for t in range(T - 1)]}


def eta_by_hand(y, chars):
    groups = {}
    for v, c in zip(y, chars):
        groups.setdefault(c, []).append(v)
    mean = math.fsum(y) / len(y)
    between = math.fsum(len(g) * (math.fsum(g) / len(g) - mean) ** 2 for g in groups.values())
    total = math.fsum((v - mean) ** 2 for v in y)
    return math.sqrt(between / total)


def activations_by_hand(model, vocab, chars, state):
    hs, cs = plain_states(model, vocab.encode(chars))
    return hs if state == "h" else cs


def best_by_hand(A, y):
    """(unit, r) of the largest |r| (the first on ties) of the columns of A (T rows) with y."""
    rs = [pearson([row[u] for row in A[:len(y)]], y) for u in range(len(A[0]))]
    u = max(range(len(rs)), key=lambda k: (abs(rs[k]), -k))
    return u, rs[u]


def states_of(live):
    return ["h", "c"] if live.settings["cell"] == "lstm" else ["h"]


def test_the_passage_is_the_poem_from_its_opening_cut_to_1500_characters(run):
    live, _ = run
    assert live.units_passage == passage_by_hand(LUCRECE)
    assert len(live.units_passage) == units.UNITS_CHARS == 1500
    r = live.unit_features()
    assert r["chars"] == list(live.units_passage) and r["iteration"] == 300


def test_every_number_matches_a_plain_python_computation(run):
    live, params0 = run
    t = live.trainer
    initial = type(t.model)(t.model.V, t.model.H, 0)
    initial.params[...] = params0  # the run's own weights at iteration 0
    chars = live.units_passage
    feats = features_by_hand(chars)
    for state in states_of(live):
        got = live.unit_features(state=state)
        assert got["state"] == state
        assert [f["name"] for f in got["features"]] == list(feats)
        A = activations_by_hand(t.model, t.vocab, chars, state)
        A0 = activations_by_hand(initial, t.vocab, chars, state)
        for f in got["features"]:
            y = feats[f["name"]]
            unit, r = best_by_hand(A, y)
            assert f["unit"] == unit, (state, f)
            assert f["r"] == pytest.approx(r, abs=1e-9)
            u0, r0 = best_by_hand(A0, y)
            assert f["r_untrained"] == pytest.approx(abs(r0), abs=1e-9)
            assert f["r_char"] == pytest.approx(eta_by_hand(y, chars[:len(y)]), abs=1e-9)
    json.dumps(got)


def test_the_untrained_network_is_the_seeds_network_at_iteration_0(run):
    live, params0 = run
    t = live.trainer
    fresh = Trainer(sonnets(), hidden_size=t.model.H, cell=live.settings["cell"], seed=3)
    np.testing.assert_array_equal(units.initial(type(t.model), t.model.V, t.model.H, 3).params, params0)
    np.testing.assert_array_equal(fresh.model.params, params0)
    assert not np.array_equal(t.model.params, params0)  # (it has trained)


def test_the_untrained_numbers_are_computed_once():
    live = Live(sonnets(), {"hidden": 8, "seed": 2})
    live.set_units_passage(LUCRECE)
    units.untrained_r.cache_clear()
    first = live.unit_features()
    live.train(20, 60_000)
    again = Live(sonnets(), {"hidden": 8, "seed": 2})  # a Reset: the same seed's network
    again.set_units_passage(LUCRECE)
    second = again.unit_features()
    info = units.untrained_r.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert [f["r_untrained"] for f in first["features"]] == [f["r_untrained"] for f in second["features"]]


def test_space_and_vowel_are_given_away_by_the_current_symbol(run):
    live, _ = run
    rows = {f["name"]: f for f in live.unit_features()["features"]}
    assert rows["space"]["r_char"] == pytest.approx(1.0) and rows["vowel"]["r_char"] == pytest.approx(1.0)
    for f in rows.values():
        assert 0 <= f["r_char"] <= 1 and 0 <= f["r_untrained"] <= 1 and -1 <= f["r"] <= 1


def test_a_constant_feature_has_no_numbers_and_a_constant_unit_has_r_0():
    live = Live(sonnets(), {"hidden": 6, "seed": 1})
    text = "bcd fgh klm\n" * 20  # no vowel
    rows = {f["name"]: f for f in live.unit_features(text)["features"]}
    assert rows["vowel"] == {"name": "vowel", "unit": None, "r": None, "r_untrained": None, "r_char": None}
    assert rows["space"]["unit"] is not None
    nospace = {f["name"]: f for f in live.unit_features("bcdfghklmbcdfghk\n" * 10)["features"]}
    assert nospace["space"]["r"] is None and nospace["next-space"]["r"] is None
    # A unit that never moves correlates with nothing.
    A = np.random.default_rng(0).standard_normal((50, 3))
    A[:, 1] = 0.25
    Y = np.stack([np.arange(50) % 3, np.ones(50)], axis=1).astype(float)
    r = units.correlations(A, Y)
    assert r[1, 0] == 0.0 and np.isnan(r[:, 1]).all()
    assert r[0, 0] == pytest.approx(pearson(A[:, 0].tolist(), Y[:, 0].tolist()))


def contexts_by_hand(a, chars, top=5, width=20):
    taken, out = set(), []
    while len(out) < top:
        free = [p for p in range(len(a))
                if not any(q in taken for q in range(max(0, p - width + 1), p + 1))]
        if not free:
            break
        p = max(free, key=lambda q: (a[q], -q))  # highest; the earlier on ties
        taken.update(range(max(0, p - width + 1), p + 1))
        out.append({"start": max(0, p - width + 1), "end": p + 1, "text": chars[max(0, p - width + 1):p + 1],
                    "peak": a[p]})
    return out


def test_unit_view_matches_plain_python(run):
    live, _ = run
    t, chars = live.trainer, live.units_passage
    for state in states_of(live):
        A = activations_by_hand(t.model, t.vocab, chars, state)
        for unit in (0, t.model.H - 1):
            v = live.unit_view(unit, state=state)
            a = [row[unit] for row in A]
            assert v["unit"] == unit and v["chars"] == list(chars)
            np.testing.assert_allclose(v["activations"], a, rtol=1e-9, atol=1e-12)
            want = contexts_by_hand(v["activations"], chars)
            assert v["top"] == want and len(want) == 5
            json.dumps(v)


def match_by_hand(A, start, end, threshold):
    T, H = len(A), len(A[0])
    above = [[v > threshold for v in row] for row in A]
    chosen = [u for u in range(H)
              if all(above[t][u] for t in range(start, end))
              and not (start > 0 and above[start - 1][u]) and not (end < T and above[end][u])]
    if not chosen:
        return {"units": [], "matches": []}
    runs, t = [], 0
    while t < T:
        if all(above[t][u] for u in chosen):
            s = t
            while t < T and all(above[t][u] for u in chosen):
                t += 1
            if (s, t) != (start, end):
                runs.append([s, t])
        else:
            t += 1
    return {"units": chosen, "matches": runs}


def test_unit_match_matches_plain_python(run):
    live, _ = run
    t, chars = live.trainer, live.units_passage
    rng = np.random.default_rng(7)
    for state in states_of(live):
        A = activations_by_hand(t.model, t.vocab, chars, state)
        found = 0
        for threshold in (0.5, 0.2, -0.3):
            # A selection some unit fits exactly: a maximal stretch where unit 0 is above the threshold.
            col = [row[0] > threshold for row in A]
            s = next((k for k in range(1, len(col)) if col[k] and not col[k - 1]), None)
            starts, lengths = rng.integers(0, 1400, 5).tolist(), rng.integers(1, 8, 5).tolist()
            selections = [(a, a + n) for a, n in zip(starts, lengths)]
            if s is not None:
                e = s
                while e < len(col) and col[e]:
                    e += 1
                selections.append((s, e))
            for start, end in selections:
                got = live.unit_match(start, end, threshold, state=state)
                assert got == match_by_hand(A, start, end, threshold), (state, start, end, threshold)
                found += len(got["matches"])
        assert found > 0
        json.dumps(got)


def test_a_given_text_is_read_instead_of_the_passage(run):
    live, _ = run
    text = "Shall I compare thee to a summer's day?\nThou art more lovely and more temperate:\n" * 3
    r = live.unit_features(text)
    assert "".join(r["chars"]) == normalize(text)
    v = live.unit_view(2, text)
    hs, _ = plain_states(live.trainer.model, live.trainer.vocab.encode(normalize(text)))
    np.testing.assert_allclose(v["activations"], [h[2] for h in hs], rtol=1e-9, atol=1e-12)


def test_symbols_outside_the_vocabulary_are_dropped():
    live = Live("the cat sat at the mat\nand the hat\n" * 20, {"seq": 10, "hidden": 4})
    r = live.unit_features("the zoo cat!\n" * 20)  # no z or o in this corpus
    assert "".join(r["chars"]) == "the cat\n" * 20
    assert set(r["chars"]) <= set(live.trainer.vocab.chars)


@pytest.mark.parametrize("call,message", [
    (lambda r: r.unit_features(state="x"), "must be “h” or “c”"),
    (lambda r: r.unit_features(state="c"), "Only the LSTM"),
    (lambda r: r.unit_view(64), "numbered 0 to 63"),
    (lambda r: r.unit_view(-1), "numbered 0 to 63"),
    (lambda r: r.unit_view(True), "numbered 0 to 63"),
    (lambda r: r.unit_view("3"), "numbered 0 to 63"),
    (lambda r: r.unit_match(5, 5), "0 ≤ start < end ≤ 1500"),
    (lambda r: r.unit_match(-1, 3), "got “-1” to “3”"),
    (lambda r: r.unit_match(1400, 1501), "1500 characters"),
    (lambda r: r.unit_match(1.0, 3), "start < end"),
    (lambda r: r.unit_match(1, 3, threshold=1), "threshold must be a number between −1 and 1"),
    (lambda r: r.unit_match(1, 3, threshold=-1.0), "threshold"),
    (lambda r: r.unit_match(1, 3, threshold=float("nan")), "threshold"),
    (lambda r: r.unit_match(1, 3, threshold="0.5"), "threshold"),
    (lambda r: r.unit_match(1, 3, threshold=True), "threshold"),
    (lambda r: r.unit_features("the cat sat on the mat"), "too short: 23 characters"),
    (lambda r: r.unit_features("!!! 😀 123"), "no symbol the network knows"),
    (lambda r: r.unit_features(42), "must be text"),
])
def test_bad_arguments_are_refused_in_a_sentence(call, message):
    live = Live(sonnets(), {"seed": 1})
    live.set_units_passage(LUCRECE)
    with pytest.raises(ValueError, match=message):
        call(live)


def test_no_passage_set_says_so():
    with pytest.raises(ValueError, match="No passage has been set"):
        Live(sonnets(), {"hidden": 4}).unit_features()
    with pytest.raises(ValueError, match="too short"):
        Live(sonnets(), {"hidden": 4}).set_units_passage("from the besieged ardea")


def test_a_diverged_run_says_so():
    live = Live(sonnets(), {"hidden": 4})
    live.set_units_passage(LUCRECE)
    live.trainer.model.Whh[0, 0] = np.nan
    with pytest.raises(ValueError, match="no longer finite"):
        live.unit_features()


def test_the_cell_state_is_the_lstms_c():
    live = Live(sonnets(), {"cell": "lstm", "hidden": 5, "seed": 1})
    chars = "shall i compare thee to a summers day\n" * 3
    A = units.activations(live.trainer.model, live.trainer.vocab, chars, "c")
    _, cs = plain_states(live.trainer.model, live.trainer.vocab.encode(chars))
    np.testing.assert_allclose(A, cs, rtol=1e-9, atol=1e-12)


def test_one_reading_serves_the_card_until_the_weights_change():
    live = Live(sonnets(), {"hidden": 16, "seed": 5})
    live.set_units_passage(LUCRECE)
    before = live.unit_view(3)["activations"]
    assert live.unit_view(3)["activations"] == before  # the same weights: the kept reading
    live.train(1, 600_000)
    after = live.unit_view(3)["activations"]
    chars = live.units_passage
    by_hand = [row[3] for row in activations_by_hand(live.trainer.model, live.trainer.vocab, chars, "h")]
    assert after != before
    assert after == pytest.approx(by_hand, abs=1e-12)
