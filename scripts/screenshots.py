#!/usr/bin/env python3
"""Screenshots of the live page, for looking at it: screenshots/*.png (git-ignored).

    python scripts/screenshots.py                 # all sizes, after ~5,000 training iterations
    python scripts/screenshots.py --steps 500     # stop training earlier
    python scripts/screenshots.py --only 390x844  # one size (or a view: --only article-1280x800)

For each size it saves the first screen (`<name>.png`) and the whole page (`<name>-full.png`),
plus the loading screen at 1280×800, and reports any horizontal overflow. The views after
them show the article (scrolled to it, and to its live figures), presenter mode on a projector
and the embedded panel at its widest and narrowest. It serves `web/`
with scripts/serve.py's make_server and drives Debian's Chromium (/usr/bin/chromium) through
the `playwright` package; run `python scripts/fetch_assets.py` first.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SIZES = {  # name -> (width, height)
    "desktop-1280x800": (1280, 800),
    "projector-1280x720": (1280, 720),
    "phone-390x844": (390, 844),
    "narrow-320x640": (320, 640),
}
VIEWS = {  # name -> (query, (width, height), element to scroll to the top, or None)
    "article-1280x800": ("", (1280, 800), "#article"),
    "article-figures-1280x800": ("", (1280, 800), "#s-forgets"),
    "article-ngram-1280x800": ("", (1280, 800), "#s-ngram"),
    "surprise-1280x800": ("", (1280, 800), "#surprise-card"),
    "surprise-390x844": ("", (390, 844), "#surprise-card"),
    "presenter-1280x720": ("?present=1", (1280, 720), None),
    "embed-960x600": ("?embed=1", (960, 600), None),
    "embed-320x640": ("?embed=1", (320, 640), None),
    "compare-1280x800": ("?compare=1", (1280, 800), "#panel-title"),
    "compare-presenter-1280x720": ("?compare=1&present=1", (1280, 720), None),
    "compare-390x844": ("?compare=1", (390, 844), "#panel-title"),
    "compare-attention-1280x800": ("?compare=1&rival=attention", (1280, 800), "#panel-title"),
    "compare-window-presenter-1280x720": ("?compare=1&rival=window&present=1", (1280, 720), None),
    "compare-attention-390x844": ("?compare=1&cell=window&rival=attention", (390, 844), "#compare"),
    "echo-figure-1280x800": ("?compare=1&text=echo", (1280, 800), "#echo-figure"),
    "game-1280x800": ("", (1280, 800), "#game-card"),
    "game-390x844": ("", (390, 844), "#game-card"),
    "units-1280x800": ("", (1280, 800), "#units-card"),
    "units-390x844": ("", (390, 844), "#units-card"),
    "embed-game-320x640": ("?embed=1&show=game", (320, 640), None),
    "embed-pieces-680x700": ("?embed=1&show=loss,sample,heatmap", (680, 700), None),
    "window-1280x800": ("?cell=window", (1280, 800), "#panel-title"),
    "window-presenter-1280x720": ("?cell=window&present=1", (1280, 720), None),
    "window-390x844": ("?cell=window", (390, 844), "#window-view"),
    "attention-1280x800": ("?cell=attention", (1280, 800), "#panel-title"),
    "attention-presenter-1280x720": ("?cell=attention&present=1", (1280, 720), None),
    "attention-390x844": ("?cell=attention", (390, 844), "#attention-view"),
    "lineage-1280x800": ("", (1280, 800), "#lineage"),
    "lineage-390x844": ("", (390, 844), "#lineage"),
}
LINEAGE_VIEWS = {"lineage-1280x800", "lineage-390x844"}  # these train the lineage (to 5,000), not the panel


def serve():
    spec = importlib.util.spec_from_file_location("serve", ROOT / "scripts" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    server = module.make_server("127.0.0.1", 0, ROOT / "web")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def poll(page, script: str, timeout: float = 90.0):
    """Wait until `script` is truthy in the page (wait_for_function fails under the CSP)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {script}")
        time.sleep(0.1)


STATE = "document.querySelector('[data-testid=status]').dataset.state"
ITERATION = "Number(document.querySelector('[data-testid=iteration]').textContent)"


def shoot(browser, url: str, name: str, size: tuple[int, int], steps: int, loading: bool,
          scroll: str | None = None, lineage: bool = False) -> list[str]:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(url)
    if loading:
        page.wait_for_timeout(300)
        page.screenshot(path=str(OUT / f"loading-{width}x{height}.png"))
    poll(page, f"{STATE} === 'ready'")
    if lineage:
        page.click("[data-testid=lineage-train]")
        poll(page, "document.getElementById('lineage-status').textContent.startsWith('Trained')", timeout=300)
    elif steps and page.is_visible("[data-testid=train]"):  # (an embedded piece may have no controls)
        page.click("[data-testid=train]")
        poll(page, f"{ITERATION} >= {steps}", timeout=300)
        page.click("[data-testid=train]")
        poll(page, f"{STATE} === 'paused'")
    page.evaluate("window.scrollTo(0, 0)")
    if scroll:
        page.evaluate("s => window.scrollTo(0, document.querySelector(s).getBoundingClientRect().top + scrollY - 24)", scroll)
    page.wait_for_timeout(1200)  # the last frame, the heatmap's colour transition, the n-gram's fit
    page.screenshot(path=str(OUT / f"{name}.png"))
    page.screenshot(path=str(OUT / f"{name}-full.png"), full_page=True)
    # (Inside a scroll container, e.g. the heatmap's grid on a phone, wider content scrolls: not overflow.)
    overflow = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .filter(e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false; return true; })
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))
        .slice(0, 5)""")
    if overflow:
        problems.append(f"wider than the viewport: {', '.join(overflow)}")
    context.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=5100, help="train this many iterations first (0: none)")
    parser.add_argument("--only", choices=[n.split("-", 1)[1] for n in SIZES] + list(VIEWS),
                        help="one size, e.g. 390x844, or one view, e.g. presenter-1280x720")
    args = parser.parse_args(argv)
    if not (ROOT / "web" / "generated" / "settings.json").exists():
        print("screenshots: web/ is not built: run `python scripts/fetch_assets.py` first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    server, url = serve()
    failed = False
    with sync_playwright() as p:
        kwargs = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
        browser = p.chromium.launch(args=ARGS, **kwargs)
        for name, size in SIZES.items():
            if args.only and not name.endswith(args.only):
                continue
            problems = shoot(browser, url, name, size, args.steps, loading=name.startswith("desktop"))
            print(f"{'!!' if problems else 'ok'} screenshots/{name}.png, {name}-full.png")
            for problem in problems:
                print(f"   {problem}")
            failed |= bool(problems)
        for name, (query, size, scroll) in VIEWS.items():
            if args.only and args.only != name:
                continue
            problems = shoot(browser, url + query, name, size, args.steps, loading=False, scroll=scroll,
                             lineage=name in LINEAGE_VIEWS)
            print(f"{'!!' if problems else 'ok'} screenshots/{name}.png, {name}-full.png")
            for problem in problems:
                print(f"   {problem}")
            failed |= bool(problems)
        browser.close()
    server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
