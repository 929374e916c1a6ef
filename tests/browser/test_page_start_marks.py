"""The worker's start, stage by stage (`rnnLive.debugStart()`, web/js/worker/marks.js): what
scripts/bench_start.py breaks the ready time down by. Only the contract is checked — every stage
is marked, in the order the worker reaches them, on the page's clock — never a duration."""
from __future__ import annotations

# The stages one after the other on the critical path to the first snapshot.
IN_ORDER = ["worker", "python-start", "wasm-start", "wasm-done", "python-done", "numpy-start",
            "numpy-done", "model-start", "import-numpy", "import-py_core", "sonnets", "model-done",
            "run-start", "run-view", "run-surprise", "run-snapshot"]


def test_the_worker_marks_each_stage_of_its_start_in_order(open_reader):
    r = open_reader()
    start = r.eval("() => window.rnnLive.debugStart()")
    marks = start["marks"]
    assert set(IN_ORDER) <= set(marks), sorted(set(IN_ORDER) - set(marks))
    times = [marks[name] for name in IN_ORDER]
    assert times == sorted(times)
    # Epoch milliseconds: after the page's own navigation started, and the worker after its creation.
    assert marks["workerOrigin"] >= start["pageOrigin"]
    assert marks["worker"] >= marks["workerOrigin"]
    assert marks["corpus-start"] <= marks["corpus-done"]
    # The worker's fetches, with where they came from (transferSize 0: the HTTP cache).
    names = {f["name"].rsplit("/", 1)[-1] for f in start["resources"]}
    assert {"pyodide.asm.wasm", "sonnets.txt", "assets.json"} <= names
    assert all(f["end"] >= f["start"] for f in start["resources"])
    # Asking again answers the same: each mark is the first time its stage was reached.
    assert r.eval("() => window.rnnLive.debugStart()")["marks"] == marks
    r.assert_clean()
