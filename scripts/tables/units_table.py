#!/usr/bin/env python3
"""What "What the units track" shows, measured ON THE PAGE in Debian's Chromium, and what it costs.

    python scripts/tables/units_table.py [--seeds 1 2 3] [--steps 0 1000 5000] [--train-seconds 60] [--cost-only]

For each cell (the RNN with its defaults, the LSTM with H = 30) and seed, the page is opened with
`?cell=…&hidden=…&seed=…`, skipped ahead to each step count (the worker's own "skip" message, the
one the Skip button sends) and the card's feature table read from its data attributes: per
feature the best unit's |r| now, the best |r| of the seed's initial network, and η (the ceiling
from the current character alone). Prints a Markdown table of the ranges over the seeds, then the
per-seed rows, then the worker's time shares while training at full speed (`rnnLive.debugTimes()`:
unitsMs against wallMs, beside the snapshots' and the other figures').
"""
from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import CHROMIUM, CHROMIUM_ARGS, WEB, Reader, _load_serve  # noqa: E402

FEATURES = ["space", "vowel", "word-position", "line-position", "next-space", "next-newline"]
NAMES = {"space": "reads a space", "vowel": "reads a vowel", "word-position": "letters into the word",
         "line-position": "characters into the line", "next-space": "next is a space",
         "next-newline": "next is a line break"}
CELLS = {"RNN": "", "LSTM (H = 30)": "cell=lstm&hidden=30&"}

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
ap.add_argument("--steps", type=int, nargs="+", default=[0, 1000, 5000])
ap.add_argument("--train-seconds", type=float, default=60.0, help="training time for the cost measurement")
ap.add_argument("--cost-only", action="store_true", help="only the cost measurement")
args = ap.parse_args()


def table(r) -> dict:
    return {row["feature"]: row for row in r.eval("""() => [...document.querySelectorAll(
        '[data-testid=units] [data-testid=units-feature]')].map(t => ({feature: t.dataset.feature,
        unit: t.dataset.unit, r: Math.abs(Number(t.dataset.r)), r0: Number(t.dataset.rUntrained), eta: Number(t.dataset.rChar)}))""")}


def card_iteration(r) -> str:
    return r.eval("() => document.querySelector('[data-testid=units]').dataset.iteration || ''")


def skip_to(r, target: int):
    """The worker's "skip" message, as the Skip button sends it (which only goes to multiples of 5,000)."""
    worker = r.workers()[0]
    worker.evaluate("to => self.onmessage({data: {type: 'skip', to}})", target)
    r.wait(lambda: r.iteration() == target and r.state() == "paused", f"iteration {target}", 600)


def span(values: list[float]) -> str:
    lo, hi = min(values), max(values)
    return f"{lo:.2f}" if f"{lo:.2f}" == f"{hi:.2f}" else f"{lo:.2f}–{hi:.2f}"


def main():
    server = _load_serve().make_server("127.0.0.1", 0, WEB)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    from playwright.sync_api import sync_playwright

    measured = {}  # (cell, seed, steps) -> table
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for cell, query in ([] if args.cost_only else CELLS.items()):
            for seed in args.seeds:
                r = Reader(browser, base, f"?{query}seed={seed}")
                r.wait_ready()
                for steps in sorted(args.steps):
                    if steps > r.iteration():
                        skip_to(r, steps)
                    r.wait(lambda: card_iteration(r) == str(steps), f"the card at {steps}", 120)
                    measured[cell, seed, steps] = table(r)
                    print(f"  measured {cell}, seed {seed}, {steps:,} steps", file=sys.stderr)
                assert not r.page_errors and not r.console_errors, (r.page_errors, r.console_errors)
                r.close()

        steps = sorted(args.steps)
        if not args.cost_only:
            print_tables(measured, steps)
        cost(browser, base)
        browser.close()
    server.shutdown()


def print_tables(measured, steps):
    """The Markdown tables: ranges over the seeds, then each seed's best units."""
    print("| feature | ceiling η | " + " | ".join(f"{cell}, |r| at {' → '.join(f'{s:,}' for s in steps)}" for cell in CELLS)
          + " | " + " | ".join(f"{cell}, best |r| of the initial network" for cell in CELLS) + " |")
    print("|---|---:|" + "---:|" * (2 * len(CELLS)))
    for f in FEATURES:
        etas = [measured[c, s, t][f]["eta"] for c in CELLS for s in args.seeds for t in steps]
        cols = [" → ".join(span([measured[c, s, t][f]["r"] for s in args.seeds]) for t in steps) for c in CELLS]
        zero = [span([measured[c, s, steps[0]][f]["r0"] for s in args.seeds]) for c in CELLS]
        print(f"| {NAMES[f]} | {span(etas)} | " + " | ".join(cols) + " | " + " | ".join(zero) + " |")

    print("\nPer seed: best unit (|r|) at each step count")
    print("| cell | seed | steps | " + " | ".join(NAMES[f] for f in FEATURES) + " |")
    print("|---|---:|---:|" + "---|" * len(FEATURES))
    for c in CELLS:
        for s in args.seeds:
            for t in steps:
                row = measured[c, s, t]
                print(f"| {c} | {s} | {t:,} | " + " | ".join(f"{row[f]['unit']} ({row[f]['r']:.2f})" for f in FEATURES) + " |")


def cost(browser, base):
    """The worker's time shares while training at full speed (seed 1, each cell)."""
    print(f"\nThe worker's time while training at full speed for {args.train_seconds:.0f} s (rnnLive.debugTimes):")
    print("| cell | wall ms | unitsMs | share | updates | ms each | snapshotMs | share | figuresMs | share | steps |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for cell, query in CELLS.items():
        r = Reader(browser, base, f"?{query}seed=1")
        r.wait_ready()
        r.wait(lambda: card_iteration(r) == "0", "the card", 120)
        r.click("train")
        r.wait(lambda: r.state() == "training", "training to start")
        r.page.wait_for_timeout(args.train_seconds * 1000)
        r.click("train")
        r.wait(lambda: r.state() == "paused", "the pause")
        t = r.eval("() => rnnLive.debugTimes()")
        wall = t["wallMs"]
        each = t["unitsMs"] / t["unitsUpdates"] if t["unitsUpdates"] else float("nan")
        print(f"| {cell} | {wall:,.0f} | {t['unitsMs']:.0f} | {100 * t['unitsMs'] / wall:.2f}% | {t['unitsUpdates']} | {each:.0f} | "
              f"{t['snapshotMs']:.0f} | {100 * t['snapshotMs'] / wall:.2f}% | {t['figuresMs']:.0f} | "
              f"{100 * t['figuresMs'] / wall:.2f}% | {t['steps']:,} |")
        r.close()


if __name__ == "__main__":
    main()
