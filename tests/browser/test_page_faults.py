"""Faults: a run that diverges, a worker that crashes or stops answering, files that are missing,
damaged or never arrive.

Each shows a message a reader understands and a way on — Reset with a lower learning rate after a
divergence, Retry after a failed load, a crash or a stall — never a spinner forever. Broken files
are served by intercepting the request (`page.route`), and a file that never arrives is a route
that is never answered; the route is then removed and Retry must load the page for real. A stall
is declared after 60 s; `rnnLive.debugStallAfter(ms)` shortens that for a test. Errors the
browser logs while a file is deliberately broken are allowed; from Retry on, the page must be
clean.
"""
from __future__ import annotations

import time

import pytest

from py_core.corpus import ALPHABET
from py_core.live import corpus_report
from reader_texts import OWL_AND_PUSSYCAT

LOAD_TIMEOUT = 90  # seconds, as the fixtures' READY_TIMEOUT

# (what is broken, the request pattern, how it is answered, words the message must contain)
BROKEN = [
    ("pyodide.asm.wasm missing", "**/pyodide.asm.wasm", {"status": 404, "body": "gone"},
     ["pyodide.asm.wasm", "HTTP 404"]),
    ("pyodide.asm.wasm is not WebAssembly", "**/pyodide.asm.wasm",
     {"status": 200, "body": b"garbage" * 1000, "content_type": "application/wasm"},
     ["Python (Pyodide) did not start", "could not be compiled"]),
    ("pyodide.asm.js is not JavaScript", "**/pyodide.asm.js",
     {"status": 200, "body": "this is not javascript(", "content_type": "text/javascript"},
     ["Python (Pyodide) did not start"]),
    ("pyodide.mjs missing: the worker's import fails", "**/pyodide.mjs", {"status": 404, "body": "gone"},
     ["The training worker could not start"]),
    ("the worker script throws", "**/js/worker/worker.js",
     {"status": 200, "body": "throw new Error('worker boom');", "content_type": "text/javascript"},
     ["The training worker could not start", "worker boom"]),
    ("NumPy's wheel fails the lock file's hash", "**/numpy-*.whl",
     {"status": 200, "body": b"PK\x03\x04 not numpy", "content_type": "application/zip"},
     ["Could not load NumPy", "checksum"]),
    ("py_core's wheel fails assets.json's sha256", "**/wheels/py_core-*.whl",
     {"status": 200, "body": b"PK\x03\x04 not py_core", "content_type": "application/zip"},
     ["py_core's wheel", "SHA-256"]),
    ("the sonnets fail assets.json's sha256", "**/assets/sonnets.txt",
     {"status": 200, "body": "Shall I compare thee to a summer's day?\n" * 100, "content_type": "text/plain"},
     ["The sonnets", "SHA-256"]),
    ("the settings table missing", "**/generated/settings.json", {"status": 404, "body": "gone"},
     ["settings table", "HTTP 404"]),
]


def assert_error_with_retry(r, expected: list[str]) -> str:
    r.wait(lambda: r.state() == "error", "the error state", LOAD_TIMEOUT)
    message = r.error()
    assert message is not None, "the error state shows no message"
    for words in expected:
        assert words in message, (words, message)
    assert "Retry" in message and "fetch_assets.py" in message, message
    assert r.page.is_visible(r.testid("retry"))
    assert not r.page.is_visible("#dismiss")  # dismissing would leave a dead page and no way on
    assert r.page.is_disabled(r.testid("train")) and r.page.is_disabled(r.testid("step"))
    assert r.dialogs == []
    return message


def retry_until_ready(r, heatmap_cells=4 * 15):
    """Press Retry; the page loads for real; from here on it must be clean."""
    r.console_errors.clear()
    r.page_errors.clear()
    r.retry()
    r.wait_ready()
    assert r.error() is None
    assert not r.page.is_visible(r.testid("retry"))
    r.click("step")
    r.wait(lambda: r.iteration() == 1, "a step of the new worker's run")
    assert len(r.heatmap()) == heatmap_cells
    r.assert_clean()


@pytest.mark.parametrize("what, pattern, answer, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_an_error_with_retry_and_retry_loads_the_page(open_reader, what, pattern, answer, expected):
    r = open_reader(wait=False, before=lambda context: context.route(pattern, lambda route: route.fulfill(**answer)))
    assert_error_with_retry(r, expected)
    r.context.unroute(pattern)
    retry_until_ready(r)
    r.close()  # (each page holds a worker with Python in it: free it now, not at the session's end)


def test_a_worker_that_crashes_mid_run_offers_retry_and_keeps_the_settings(open_reader):
    r = open_reader("?hidden=32&seed=5&speed=100")
    r.train_until(lambda: r.iteration() >= 20, "some training")
    (worker,) = r.page.workers
    worker.evaluate("() => { setTimeout(() => { throw new Error('simulated crash'); }); }")
    r.wait(lambda: r.state() == "error", "the crash to show")
    message = r.error()
    assert "stopped unexpectedly" in message and "simulated crash" in message and "Retry" in message, message
    assert r.page.is_disabled(r.testid("train"))
    r.wait(lambda: r.workers() == [], "the crashed worker to be ended")
    retry_until_ready(r)
    assert r.page.input_value(r.testid("hidden")) == "32" and "seed=5" in r.query()
    assert r.eval("() => document.getElementById('baseline').textContent").startswith("from ln 28")
    r.train_until(lambda: r.iteration() >= 10, "training after Retry")
    r.assert_clean()
    r.close()


# (what never arrives, the request pattern, loading stages done before the test shortens the
# watchdog — so only the stuck part is still under way — and words the message must contain)
STALLS = [
    ("pyodide.asm.wasm never arrives", "**/pyodide.asm.wasm", 1, ["“Starting Python” made no progress"]),
    ("the sonnets never arrive", "**/assets/sonnets.txt", 1, ["“Loading the corpus” made no progress"]),
    ("the settings table never arrives", "**/generated/settings.json", 4,
     ["loading the settings table (generated/settings.json) made no progress"]),
]
STALL_MS = 2000


def stages_done(r) -> int:
    return r.eval("() => document.querySelectorAll('#load-stages li.done').length")


@pytest.mark.parametrize("what, pattern, done, expected", STALLS, ids=[s[0] for s in STALLS])
def test_a_load_that_stalls_is_an_error_with_retry_and_retry_loads_the_page(open_reader, what, pattern, done, expected):
    hung = []  # requests left unanswered: they stay pending until the page gives up on them
    r = open_reader(wait=False, before=lambda context: context.route(pattern, lambda route: hung.append(route)))
    # (stages_done first: the sync API handles the routes only while the test calls into the page)
    r.wait(lambda: stages_done(r) >= done and hung, "the request to hang and the rest of loading to settle")
    assert r.state() == "loading"
    r.eval("ms => rnnLive.debugStallAfter(ms)", STALL_MS)
    assert_error_with_retry(r, ["Loading stalled:", "for 2 seconds", *expected])
    r.wait(lambda: r.workers() == [], "the stuck worker to be ended")
    r.eval("() => rnnLive.debugStallAfter()")  # back to 60 s: Retry loads for real
    r.context.unroute(pattern)
    retry_until_ready(r)
    r.close()


@pytest.mark.parametrize("press_pause, says", [
    (True, "“Pause” got no answer for 4 seconds."),
    (False, "training made no progress for 4 seconds."),
], ids=["a Pause it never answers", "no request, just no progress"])
def test_a_worker_that_stops_answering_during_training_offers_retry(open_reader, press_pause, says):
    r = open_reader("?seed=2")
    r.eval("ms => rnnLive.debugStallAfter(ms)", 4000)
    r.click("train")
    r.wait(lambda: r.state() == "training" and r.iteration() > 0, "training")
    (worker,) = r.page.workers
    worker.evaluate("() => { setTimeout(() => { for (;;) {} }); }")  # stuck for good, no error event
    stuck = r.iteration()
    while True:  # until the progress reports have stopped
        time.sleep(0.4)
        if r.iteration() == stuck:
            break
        stuck = r.iteration()
    assert r.state() == "training"
    if press_pause:
        r.click("train")  # a request the stuck worker never answers
    r.wait(lambda: r.state() == "error", "the watchdog to give up", 30)
    message = r.error()
    assert message.startswith(f"The training worker stopped answering: {says}"), message
    assert "press Retry" in message, message
    assert r.page.is_visible(r.testid("retry")) and not r.page.is_visible("#dismiss")
    assert r.page.is_disabled(r.testid("train")) and r.page.is_disabled(r.testid("step"))
    assert r.text("train") == "Train"  # not a Pause button that does nothing
    # (The page ends the stuck worker, and Chromium's CPU use drops back to idle, but Playwright
    # keeps listing a worker that was busy when it ended: `page.workers` can't show it here.)
    r.eval("() => rnnLive.debugStallAfter()")
    retry_until_ready(r)
    assert "seed=2" in r.query()
    r.close()


def test_a_save_the_worker_never_answers_does_not_leave_saving_on_screen(open_reader):
    r = open_reader()
    r.eval("ms => rnnLive.debugStallAfter(ms)", 3000)
    (worker,) = r.page.workers
    worker.evaluate("() => { setTimeout(() => { for (;;) {} }); }")  # stuck for good, no error event
    r.click("save")
    assert r.text("tool-note") == "Saving…"
    r.wait(lambda: r.state() == "error", "the watchdog to give up", 30)
    assert r.error().startswith("The training worker stopped answering: “Save model” got no answer"), r.error()
    assert not r.page.is_visible("#tool-note")  # that save will never finish
    r.eval("() => rnnLive.debugStallAfter()")
    retry_until_ready(r)
    r.close()


def test_retry_after_a_crash_starts_again_on_the_readers_text(open_reader):
    r = open_reader("?hidden=40&seed=4")
    r.fill("corpus-input", OWL_AND_PUSSYCAT, commit=False)
    r.click("corpus-apply")
    r.wait(lambda: "your text" in r.text("corpus-status"), "the reader's text")
    r.train_until(lambda: r.iteration() >= 10, "some training on it")
    r.fill("heatmap-phrase", "the pussy cat")
    r.fill("heatmap-units", "5 9")
    r.wait(lambda: len(r.heatmap()) == 2 * len("the pussy cat"), "the reader's own heatmap")
    # Something else in the box, not applied: Retry must use the run's text, not the box's.
    r.fill("corpus-input", "zzz xxx qqq " * 10, commit=False)
    (worker,) = r.page.workers
    worker.evaluate("() => { setTimeout(() => { throw new Error('simulated crash'); }); }")
    r.wait(lambda: r.state() == "error", "the crash to show")
    r.wait(lambda: r.workers() == [], "the crashed worker to be ended")
    retry_until_ready(r, heatmap_cells=2 * len("the pussy cat"))
    report = corpus_report(OWL_AND_PUSSYCAT)
    status = r.text("corpus-status")
    assert f"your text — {report['chars']:,} characters kept of {report['original']:,}" in status, status
    assert r.eval("() => document.getElementById('baseline').textContent").startswith(f"from ln {report['symbols']} ")
    r.wait(lambda: r.page.input_value("#phrase") == "the pussy cat" and len(r.heatmap()) == 2 * 13,
           "the reader's heatmap phrase and units kept")
    assert r.page.input_value("#units") == "5 9"
    assert r.page.input_value(r.testid("hidden")) == "40" and "seed=4" in r.query()
    r.train_until(lambda: r.iteration() >= 30, "training after Retry")
    assert set(r.text("sample")) <= set(OWL_AND_PUSSYCAT.lower()) & set(ALPHABET)  # never q, x or z
    r.assert_clean()
    r.close()


def chart_pixels(r) -> int:
    """How many pixels of the loss chart are drawn (not transparent)."""
    return r.eval("""() => {
        const c = document.querySelector('[data-testid="loss-chart"]');
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) n += data[i] > 0;
        return n;
    }""")


def test_divergence_pauses_explains_and_offers_reset_with_a_lower_learning_rate(open_reader):
    r = open_reader("?lr=10")  # the largest rate allowed: the loss overflows within a few iterations
    r.click("train")
    r.wait(lambda: r.error() is not None, "the divergence message", 60)
    message = r.error()
    assert "diverged" in message and "learning rate of 10" in message, message
    assert "lower learning rate, such as 0.1" in message, message
    r.wait(lambda: r.state() == "paused", "training to stop")
    stopped = r.iteration()
    assert 0 < stopped < 100
    assert r.text("loss") == "—" or r.loss() > 0  # the last finite smoothed loss, or none
    assert r.page.is_disabled(r.testid("train")) and r.page.is_disabled(r.testid("step"))
    assert not r.page.is_visible("#dismiss")  # the reason stays until a new run
    button = r.testid("error-reset")
    assert r.page.is_visible(button) and r.text("error-reset") == "Reset with learning rate 0.1"
    # The chart still draws (the non-finite losses are not points) and nothing threw.
    r.page.set_viewport_size({"width": 1100, "height": 800})  # a resize redraws it
    r.wait(lambda: chart_pixels(r) > 0, "the loss chart drawn")
    assert r.iteration() == stopped
    # A reader who lowers the rate themselves gets theirs.
    r.fill("lr", "0.05")
    r.wait(lambda: r.text("error-reset") == "Reset with learning rate 0.05", "the button to offer 0.05")
    r.fill("lr", "10")
    r.wait(lambda: r.text("error-reset") == "Reset with learning rate 0.1", "the button to offer 0.1 again")
    r.page.click(button)
    r.wait(lambda: r.iteration() == 0 and r.error() is None, "a new run")
    assert r.page.input_value(r.testid("lr")) == "0.1" and "lr=" not in r.query()
    assert not r.page.is_visible(button)
    r.train_until(lambda: r.iteration() >= 100, "training without diverging")
    assert r.error() is None and r.loss() < 3.4
    r.assert_clean()
    r.close()


def test_divergence_by_single_steps_says_the_same(open_reader):
    r = open_reader("?lr=10&seed=1")
    for _ in range(100):
        if r.error() is not None or r.page.is_disabled(r.testid("step")):
            break
        before = r.iteration()
        r.click("step")
        r.wait(lambda: r.iteration() > before or r.error() is not None, "a step")
    r.wait(lambda: r.error() is not None, "the divergence message")
    assert "diverged" in r.error()
    assert r.state() == "paused" and r.page.is_disabled(r.testid("step"))
    r.click("reset")  # the panel's own Reset works too (same rate: it would diverge again)
    r.wait(lambda: r.iteration() == 0 and r.error() is None, "a new run")
    r.assert_clean()
    r.close()
