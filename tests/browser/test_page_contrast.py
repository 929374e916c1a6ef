"""Text drawn over data colours keeps WCAG's 4.5:1 (1.4.3), computed from what the page shows.

axe cannot judge contrast over these backgrounds (it reports them as needing review), and an
outside check (HTML_CodeSniffer, issue 24) found units-card characters at about 3:1. So this test
computes the ratio itself for every character drawn over a colour -- the heatmap's cells, the
surprise card's characters, the units passage and the game's revealed characters -- from the
computed text colour and the background it actually sits on (transparent layers composited down
to the page), after a run has trained (activations spread over the whole scale). The page has
one colour scheme (no prefers-color-scheme rules), so light is the only one to check.
"""
from __future__ import annotations

from conftest import ROOT
from test_page_game import RAW, played, round_ready
from py_core.corpus import sonnets
from py_core.live import Live

CONTRAST = """sels => {
  const parse = (c) => { const p = c.match(/[\\d.]+/g).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, base) => base.map((v, i) => top[i] * top[3] + v * (1 - top[3]));
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((base, top) => over(top, base), [255, 255, 255]);
  };
  const lum = (rgb) => { const [r, g, b] = rgb.map((c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
  const out = {};
  for (const sel of sels) {
    out[sel] = [];
    for (const root of document.querySelectorAll(sel)) {
      for (const el of [root, ...root.querySelectorAll("*")]) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own || !el.getClientRects().length) continue;
        const bg = background(el);
        const fg = over(parse(getComputedStyle(el).color), bg);
        out[sel].push({ text: el.textContent.trim().slice(0, 8), ratio: ratio(fg, bg), bg });
      }
    }
  }
  return out;
}"""

SELECTORS = ["[data-testid=heatmap] .heatmap-cell", "[data-testid=surprise] [data-testid=surprise-char]",
             "[data-testid=units] [data-testid=units-char]", "[data-testid=game] [data-testid=game-char]"]


def test_every_coloured_character_keeps_4_5_to_1(open_reader):
    r = open_reader("?seed=1")
    r.click("skip")
    r.wait(lambda: r.state() == "paused" and r.iteration() == 5000, "the skip to 5,000", 180)
    r.eval("() => document.querySelector('[data-testid=units]').scrollIntoView()")
    r.wait(lambda: r.eval("() => document.querySelectorAll('[data-testid=units-char]').length") > 100,
           "the units passage", 60)
    round_ready(r)
    line = Live(sonnets(), {"seed": 1}).game_lines(RAW)[0]
    r.page.focus(r.testid("game-input"))
    r.page.keyboard.type("q" + line[0] + line[1])  # a wrong guess, then right twice
    r.page.click(r.testid("game-reveal"))  # and one given up (its own background)
    r.wait(lambda: len(played(r)) == 3, "three characters revealed")
    found = r.eval(CONTRAST, SELECTORS)
    for sel in SELECTORS:
        assert found[sel], f"nothing drawn for {sel}"
        worst = min(found[sel], key=lambda x: x["ratio"])
        assert worst["ratio"] >= 4.5, (sel, worst)
    # The units passage really spans the scale (so this is not a pale-only passage passing).
    units = found["[data-testid=units] [data-testid=units-char]"]
    assert min(sum(x["bg"]) for x in units) < 400 and max(sum(x["bg"]) for x in units) > 650
    r.assert_clean()
