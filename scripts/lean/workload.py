"""What the page asks of Python, run once under Pyodide to see which modules it needs.

`scripts/lean/measure.mjs` runs this after loading NumPy and py_core the way the worker does,
then lists `sys.modules`. It calls every `py_core.live` entry point the worker calls (training,
views, checkpoints, the n-gram rival, memory reach, a reader's corpus, bad input), and the
entry points other parts of the page add when they exist (an LSTM cell, the surprise view), the
guessing game (its lines, Shannon's bounds) and "What the units track".
"""
import json
import sys

import numpy as np

from py_core import corpus, live, shannon

sonnets = corpus.sonnets()
held_out = "from fairest creatures we desire increase\nthat thereby beautys rose might never die\n" * 40
run = live.Live(sonnets, {"hidden": 16, "seq": 25, "lr": 0.1, "clip": 5.0, "seed": 1})
run.info()
for _ in range(3):
    run.train(50, 30.0)
run.status()
run.view("shall i compare", [0, 1, 2, 3], 0.8)
run.snapshot()
run.set_held_out(held_out)
run.comparison()
run.memory_reach()
saved = run.save()
again = live.Live.load(saved)
again.train(5, 30.0)
live.corpus_report("Émoji 🙂 and <b>markup</b>, accents: café\n" * 30)
for bad in ({"lr": -1}, {"hidden": float("nan")}, {"nope": 1}):
    try:
        live.Live(sonnets, bad)
    except ValueError:
        pass
try:
    live.Live.load("{not json")
except ValueError:
    pass
if hasattr(run, "surprise"):  # the surprise view (when py_core has it)
    run.surprise("shall i compare thee to a summers day")
game = run.game_lines(held_out)  # the guessing game: its lines, the network's ranks, the bounds
run.surprise(game[0])
shannon.bounds([5, 3, 2, 1])
try:
    shannon.bounds([])
except ValueError:
    pass
run.set_units_passage(held_out)  # what the units track
run.unit_features()
run.unit_view(0)
run.unit_match(3, 6, 0.2)
try:
    run.unit_view(99)
except ValueError:
    pass
try:  # the LSTM cell (when py_core has it)
    from py_core import lstm  # noqa: F401
    lstm_run = live.Live(sonnets, {"hidden": 16, "seq": 25, "lr": 0.1, "clip": 5.0, "seed": 1, "cell": "lstm"})
    lstm_run.train(20, 30.0)
    lstm_run.memory_reach()
    lstm_run.set_units_passage(held_out)
    lstm_run.unit_features(state="c")
except (ImportError, ValueError):
    pass
try:
    from py_core import echo  # noqa: F401
except ImportError:
    pass
if hasattr(live.Live, "echo_attention"):  # the models without recurrence on the echo text, and the
    # article's live shortfalls (when py_core has them; anything they import must be in the build)
    echo_text = echo.text(lines=200)
    for cell in ("window", "attention"):
        other = live.Live(echo_text, {"hidden": 16, "seq": 25, "lr": 0.1, "clip": 5.0, "seed": 1, "cell": cell})
        other.train(20, 30.0)
        other.echo_recall()
        if cell == "attention":
            other.attention_map()
            other.echo_attention()
    run.step_times()
np.linalg.norm(np.ones(3))
print(json.dumps(sorted(sys.modules)))
