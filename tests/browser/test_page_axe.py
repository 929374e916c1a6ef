"""Accessibility: axe-core (from npm, package.json) checks every view a reader meets against
WCAG 2.2 A and AA and axe's best practices, and finds nothing.

axe runs over the whole document, so whatever UI a view shows is checked, including UI added
later: a new mode or view belongs in VIEWS (a query, a viewport, and what a reader does first).
axe's script is injected into a context that bypasses the page's CSP (the page itself allows no
script but its own); everything else is the page as a reader gets it.
"""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, Reader

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def trained_and_paused(r: Reader):
    r.train_until(lambda: r.iteration() >= 300, "300 iterations")
    # The article's figures answer a Pause: wait until the memory-reach plot shows this iteration.
    r.wait(lambda: r.eval("() => document.querySelector('[data-testid=gradient-decay]')?.dataset.iteration")
           == str(r.iteration()), "the memory-reach plot after the pause")


def units_in_use(r: Reader):
    """The card "What the units track" in use: the cell state chosen, a stretch selected by keyboard
    and its units listed, the reader's own passage open."""
    trained_and_paused(r)
    r.page.check(r.testid("units-state-c"))
    r.wait(lambda: r.eval("() => document.querySelector('[data-testid=units]').dataset.state") == "c", "the cell state")
    r.page.focus(r.testid("units-passage"))
    r.page.keyboard.press("Control+Home")
    for _ in range(4):
        r.page.keyboard.press("Shift+ArrowRight")
    r.wait(lambda: "characters 1–4" in r.text("units-match"), "the stretch's units")
    r.page.click("#units-card details summary")


def shortfalls_live(r: Reader):
    """The article's "Where it falls short" figures filled in: a step timed at every length, and
    attention's look back on the echo text (the ?compare=1&rival=attention&text=echo pair)."""
    r.click("steps-measure")
    r.wait(lambda: r.eval("() => document.querySelectorAll('[data-testid=steps-ms]').length") == 16, "the step times", 90)
    r.wait(lambda: r.eval("() => document.querySelectorAll('[data-testid=lookback-cell]').length") > 0, "the look back")


VIEWS = {  # name: (query, viewport, what a reader does before axe looks)
    "ready": ("", (1280, 800), None),
    "trained and paused": ("", (1280, 800), trained_and_paused),
    "presenter": ("?present=1", (1280, 720), None),
    "embed 960": ("?embed=1", (960, 600), None),
    "embed 320": ("?embed=1", (320, 640), None),
    "phone": ("", (390, 844), None),
    "phone, trained and paused": ("", (390, 844), trained_and_paused),
    "LSTM, the units card in use": ("?cell=lstm&hidden=30", (1280, 800), units_in_use),
    "compare, attention beside the RNN": ("?compare=1&rival=attention", (1280, 800), trained_and_paused),
    "where it falls short, live": ("?compare=1&rival=attention&text=echo", (1280, 800), shortfalls_live),
    "compare, presenter, the fixed window beside the RNN": ("?compare=1&rival=window&present=1", (1280, 720), None),
}


class _BypassCSP:
    """The browser, whose new contexts bypass the page's CSP (only so that axe can be injected)."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **options):
        return self.browser.new_context(bypass_csp=True, **options)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci` (scripts/test.sh does)", pytrace=False)
    return AXE.read_text()


def axe_violations(r: Reader, source: str) -> list[str]:
    r.page.add_script_tag(content=source)
    found = r.eval("""tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
        .then(result => result.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " "))})))""", TAGS)
    return [f"{v['id']} ({v['help']}): " + json.dumps(v["nodes"][:6], ensure_ascii=False) for v in found]


@pytest.mark.parametrize("name", list(VIEWS))
def test_no_axe_violations(browser, base_url, axe_source, name):
    query, (width, height), before = VIEWS[name]
    r = Reader(_BypassCSP(browser), base_url, query, {"width": width, "height": height})
    try:
        r.wait_ready()
        if before:
            before(r)
        assert axe_violations(r, axe_source) == [], f"{name}: axe found violations"
        assert r.eval("() => axe.version").startswith("4.")
        r.assert_clean()
    finally:
        r.close()
