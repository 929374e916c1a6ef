"""The page's main thread through a whole run: every task over 50 ms, and what it was.

    python scripts/bench_tasks.py [--rounds 1] [--over 50]

Chromium's Long Animation Frame entries (PerformanceObserver "long-animation-frame", with their
`scripts` attribution) are recorded from navigation on, each labelled with the step of the
script below that was under way: load, Train (speed=max, with the article's figures), speed
changes (1, 10, 100, 1000, max), Skip to 5,000, Skip to 10,000, the surprise card (a line typed
and Enter), Step, Reset, then compare mode (?compare=1: load, train, Skip to 5,000, the heatmap's
switch to the LSTM). Prints one JSON object: per step, how many frames were over --over ms and the
longest; overall, the longest frame with its attribution (the scripts that ran in it: source,
function, what invoked them, their duration; and the time spent in style and layout).
Timings are never asserted; the machine's load shows in them (run it when it is quiet, or twice).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench_browser import CHROMIUM, CHROMIUM_ARGS, ITERATION, STATE, poll, start_server  # noqa: E402

OBSERVE = """
window.__step = 'load';
window.__frames = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__frames.push({
      step: window.__step, start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
      styleAndLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
      render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
      scripts: e.scripts.map((s) => ({
        source: (s.sourceURL || '').replace(location.origin, ''), function: s.sourceFunctionName,
        invoker: (s.invoker || '').replace(location.origin, ''), type: s.invokerType,
        duration: Math.round(s.duration), forcedStyleAndLayout: Math.round(s.forcedStyleAndLayoutDuration),
      })),
    });
  }
}).observe({ type: 'long-animation-frame', buffered: true });
"""


def step(page, name):
    page.evaluate(f"window.__step = {json.dumps(name)}")


def wait_iteration(page, n, timeout=600):
    poll(page, f"{ITERATION} >= {n}", timeout=timeout, interval=0.1)


def wait_state(page, states, timeout=600):
    poll(page, f"{json.dumps(states)}.includes({STATE})", timeout=timeout, interval=0.1)


def single(page, url):
    page.goto(url + "?speed=max&seed=1")
    wait_state(page, ["ready"])
    step(page, "train")
    page.click("[data-testid=train]")
    wait_iteration(page, 1500)
    for speed in ("1", "10", "100", "1000", "max"):
        step(page, f"speed {speed}")
        page.select_option("[data-testid=speed]", speed)
        time.sleep(2.0)
    step(page, "pause")
    page.click("[data-testid=train]")
    wait_state(page, ["paused"])
    for target in (5000, 10000):
        step(page, f"skip to {target}")
        page.click("[data-testid=skip]")
        wait_iteration(page, target)
        wait_state(page, ["paused"])
        time.sleep(1.0)
    step(page, "surprise card")
    page.fill("[data-testid=surprise-input]", "shall i compare thee to a summers day")
    page.press("[data-testid=surprise-input]", "Enter")
    time.sleep(2.0)
    step(page, "step")
    for _ in range(5):
        page.click("[data-testid=step]")
    time.sleep(1.0)
    step(page, "reset")
    page.click("[data-testid=reset]")
    wait_state(page, ["ready"])
    time.sleep(1.0)


def compare(page, url):
    step(page, "compare: load")
    page.goto(url + "?compare=1&speed=max&seed=1")
    wait_state(page, ["ready"])
    step(page, "compare: train")
    page.click("[data-testid=train]")
    wait_iteration(page, 1000)
    page.click("[data-testid=train]")
    wait_state(page, ["paused"])
    step(page, "compare: skip to 5000")
    page.click("[data-testid=skip]")
    wait_iteration(page, 5000)
    wait_state(page, ["paused"])
    step(page, "compare: heatmap of the LSTM")
    page.click("[data-testid=heatmap-of-lstm]")
    time.sleep(1.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--over", type=float, default=50.0, help="report frames longer than this (ms)")
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = start_server()
    frames = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for r in range(a.rounds):
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            ctx.add_init_script(OBSERVE)
            page = ctx.new_page()
            page.bring_to_front()
            for scenario in (single, compare):
                scenario(page, url)
                got = page.evaluate("window.__frames")
                frames += got
                print(f"round {r + 1}, {scenario.__name__}: {len(got)} long frames, "
                      f"{sum(f['duration'] > a.over for f in got)} over {a.over:.0f} ms, longest "
                      f"{max((f['duration'] for f in got), default=0):.0f} ms", file=sys.stderr, flush=True)
            ctx.close()
        version = browser.version
        browser.close()
    server.shutdown()
    over = [f for f in frames if f["duration"] > a.over]
    steps = {}
    for f in frames:
        s = steps.setdefault(f["step"], {"over": 0, "longest_ms": 0})
        s["over"] += f["duration"] > a.over
        s["longest_ms"] = max(s["longest_ms"], round(f["duration"]))
    longest = max(frames, key=lambda f: f["duration"], default=None)
    out = {"date": time.strftime("%Y-%m-%d"), "chromium": version, "rounds": a.rounds, "over_ms": a.over,
           "frames_over": len(over), "by_step": steps,
           "longest": longest and {**longest, "duration": round(longest["duration"]), "start": round(longest["start"])},
           "all_over": sorted(({"step": f["step"], "ms": round(f["duration"]),
                                "scripts": [(s["function"] or s["invoker"], s["source"].rsplit("/", 1)[-1], s["duration"],
                                             s["forcedStyleAndLayout"]) for s in f["scripts"]],
                                "styleAndLayout": round(f["styleAndLayout"])} for f in over),
                              key=lambda f: -f["ms"])}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
