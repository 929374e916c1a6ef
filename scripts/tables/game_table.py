#!/usr/bin/env python3
"""The guessing game "Can you beat it?", measured on the page: the network's guess counts at
iterations 0, ~1,000 and 5,000, and what two scripted readers score.

    python scripts/tables/game_table.py                      # seeds 1-3, RNN and LSTM (H = 30), 10 lines
    python scripts/tables/game_table.py --seeds 1 --cells rnn --lines 3

It serves web/ with scripts/serve.py's make_server and drives Debian's Chromium (as
scripts/screenshots.py does). For each cell and seed it opens the page, and at each iteration
plays the same held-out lines (the first --lines verse lines of The Rape of Lucrece, entered as
the reader's own line, so that every iteration plays the same ones) by typing every character
right at the first guess into the guess field; it reads the network's guess counts (data-network)
and its loss on each round (data-loss) from the card, pools them over the lines, and computes
Shannon's bounds with py_core.shannon.bounds. Iteration ~1,000: Train at full speed to 900, then
at 10 iterations per second to 1,000, then Pause (the exact iteration is printed); 5,000: Skip.
Last, on seed 1 at iteration 0, a reader who always guesses right first and one who always needs
two guesses (one wrong guess, then right) play the first line; their scores are the card's own.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import ARGS, CHROMIUM, STATE, serve  # noqa: E402  (the page, served and driven)
from py_core import shannon  # noqa: E402
from py_core.corpus import sonnets  # noqa: E402
from py_core.live import Live  # noqa: E402

ITERATION = "Number(document.querySelector('[data-testid=iteration]').textContent.replace(/,/g, ''))"
RAW = (ROOT / "web" / "assets" / "lucrece.txt").read_text(encoding="utf-8")
CHARS = "[...document.querySelectorAll('[data-testid=game-char]')]"


def poll(page, script: str, timeout: float = 600.0):
    deadline = time.monotonic() + timeout
    while not (value := page.evaluate(script)):
        if time.monotonic() > deadline:
            raise SystemExit(f"game_table: timed out waiting for {script}")
        time.sleep(0.05)
    return value


def play(page, line: str, wrong_first: bool = False) -> dict:
    """One round on `line` (as the reader's own line), typed; the card's numbers for it."""
    page.fill("#game-own", line)
    page.press("#game-own", "Enter")
    poll(page, "document.getElementById('game-own').value === '' && document.querySelector('#game-line .game-slot')"
               f" && {CHARS}.length === 0", 120)
    page.focus("[data-testid=game-input]")
    for c in line:
        if wrong_first:
            page.keyboard.type("q" if c != "q" else "z")
        page.keyboard.type(c)
    poll(page, f"{CHARS}.length === {len(line)}", 60)
    got = page.evaluate(f"""() => ({{chars: {CHARS}.map(c => c.dataset.char).join(''),
        network: {CHARS}.map(c => Number(c.dataset.network)),
        reader: {{...document.querySelector('[data-testid=game-score-reader]').dataset}},
        loss: Number(document.querySelector('[data-testid=game-score-network]').dataset.loss),
        iteration: document.getElementById('game-iteration').textContent}})""")
    assert got["chars"] == line, (got["chars"], line)
    return got


def measure(page, lines: list[str]) -> dict:
    ranks, losses = [], []
    for line in lines:
        got = play(page, line)
        ranks += got["network"]
        losses.append(got["loss"] * len(line))
    counts = [0] * max(ranks)
    for g in ranks:
        counts[g - 1] += 1
    lower, upper = shannon.bounds(counts)
    n = len(ranks)
    return {"iteration": page.evaluate(ITERATION), "chars": n, "mean": sum(ranks) / n,
            "first": ranks.count(1) / n, "lower": lower, "upper": upper, "loss": sum(losses) / n}


def train_to_about(page, target: int):
    page.click("[data-testid=train]")
    poll(page, f"{ITERATION} >= {target - 100}")
    page.select_option("[data-testid=speed]", "10")
    poll(page, f"{ITERATION} >= {target}")
    page.click("[data-testid=train]")
    poll(page, f"{STATE} === 'paused'")
    page.select_option("[data-testid=speed]", "max")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--cells", nargs="+", default=["rnn", "lstm"], choices=["rnn", "lstm"])
    ap.add_argument("--lines", type=int, default=10, help="held-out verse lines played at each iteration")
    args = ap.parse_args(argv)
    lines = Live(sonnets(), {"seed": 1}).game_lines(RAW)[:args.lines]
    from playwright.sync_api import sync_playwright

    server, url = serve()
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for cell in args.cells:
            for seed in args.seeds:
                query = f"?seed={seed}&cell={cell}" + ("&hidden=30" if cell == "lstm" else "")
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(url + query)
                poll(page, f"{STATE} === 'ready'", 180)
                page.evaluate("document.getElementById('game-card').scrollIntoView()")  # the first line comes then
                poll(page, "document.querySelector('#game-line .game-slot')", 120)
                for stage in ("0", "1000", "5000"):
                    if stage == "1000":
                        train_to_about(page, 1000)
                    elif stage == "5000":
                        page.click("[data-testid=skip]")
                        poll(page, f"{ITERATION} === 5000 && {STATE} === 'paused'")
                    m = measure(page, lines)
                    rows.append((cell, seed, stage, m))
                    print(f"  {cell} seed {seed} iteration {m['iteration']:,}: {m['mean']:.2f} guesses, "
                          f"{m['first']:.0%} first, bounds {m['lower']:.2f}–{m['upper']:.2f}, loss {m['loss']:.2f}",
                          file=sys.stderr, flush=True)
                context.close()
        # Two scripted readers, on seed 1's page at iteration 0.
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(url + "?seed=1")
        poll(page, f"{STATE} === 'ready'", 180)
        page.evaluate("document.getElementById('game-card').scrollIntoView()")
        poll(page, "document.querySelector('#game-line .game-slot')", 120)
        readers = {name: play(page, lines[0], wrong)["reader"] for name, wrong in
                   (("always right first", False), ("always one wrong, then right", True))}
        context.close()
        browser.close()
    server.shutdown()

    print(f"Network, {len(lines)} held-out lines ({rows[0][3]['chars']} characters), each read from an empty "
          "memory after a line break; mean over seeds (min–max):\n")
    print("| cell | iteration | mean guesses | right first | Shannon lower | Shannon upper | loss (−ln p) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    span = lambda xs, f: f"{f(statistics.mean(xs))} ({f(min(xs))}–{f(max(xs))})"  # noqa: E731
    nats = lambda x: f"{x:.2f}"  # noqa: E731
    share = lambda x: f"{x:.0%}"  # noqa: E731
    for cell in args.cells:
        for stage in ("0", "1000", "5000"):
            ms = [m for c, _, s, m in rows if c == cell and s == stage]
            its = sorted({m["iteration"] for m in ms})
            it = f"{its[0]:,}" if len(its) == 1 else f"{its[0]:,}–{its[-1]:,}"
            name = "RNN (H = 64)" if cell == "rnn" else "LSTM (H = 30)"
            print(f"| {name} | {it} | {span([m['mean'] for m in ms], nats)} | {span([m['first'] for m in ms], share)} "
                  f"| {span([m['lower'] for m in ms], nats)} | {span([m['upper'] for m in ms], nats)} "
                  f"| {span([m['loss'] for m in ms], nats)} |")
    print(f"\nScripted readers on line 1 ({len(lines[0])} characters), the card's scores:\n")
    print("| reader | mean guesses | right first | Shannon lower | Shannon upper |")
    print("|---|---:|---:|---:|---:|")
    for name, d in readers.items():
        print(f"| {name} | {float(d['meanGuesses']):.2f} | {float(d['first']):.0%} | {float(d['lower']):.2f} "
              f"| {float(d['upper']):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
