"""Resizing the window while the network trains (a phone turned, presenter mode going full
screen, an embed's frame resized) raises no error in the page: no error event, no console error
(before the fix, the memory-reach plot's ResizeObserver redrew inside its own callback:
"ResizeObserver loop completed with undelivered notifications")."""
from __future__ import annotations

import time

ERRORS = """
window.__errors = [];
window.addEventListener("error", (e) => window.__errors.push(String(e.message || e.error || e.type)));
window.addEventListener("unhandledrejection", (e) => window.__errors.push("unhandled rejection: " + String(e.reason)));
"""
SIZES = [(390, 844), (844, 390), (1280, 720), (960, 600), (320, 640), (1280, 800)]


def test_resizing_while_training_raises_no_error(open_reader):
    r = open_reader(wait=False, before=lambda context: context.add_init_script(ERRORS))
    r.wait_ready()
    r.click("train")
    r.wait(lambda: r.iteration() >= 50, "training to get going")
    for _ in range(2):
        for width, height in SIZES:
            r.page.set_viewport_size({"width": width, "height": height})
            time.sleep(0.3)  # a few frames at each size, while the worker posts progress
    r.eval("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    r.pause()
    assert r.state() == "paused" and r.iteration() > 50
    assert r.eval("() => window.__errors") == []
    r.assert_clean()
