/**
 * @fileoverview The memory-reach plot (the article's "It forgets"): ‖∂h_t/∂h_{t−k}‖ against
 * k = 1…25 on a logarithmic y axis, as SVG. The current network is drawn as a line with one
 * point per k (each point carries data-k and data-value; the root carries data-values, the whole
 * list as JSON, and data-iteration); this run's iteration-0 curve, if known, is drawn faintly
 * behind it. The y axis spans the current curve's decades, so the faint one may leave the plot at
 * the bottom. In compare mode the rival cell's curve is drawn too, in its own colour (its points
 * carry data-cell; the root carries data-rival-values). Colours come from CSS custom properties
 * on the root (--decay-*). No Python, no page state: `update(now, start, rival)`, and it redraws
 * on the next animation frame when its box is resized.
 */

import { styleCache } from "./style-cache.js";

const SVG = "http://www.w3.org/2000/svg";
const PAD = { left: 58, right: 18, top: 18, bottom: 46 }; // pixels around the plot
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const X_TICKS = [1, 5, 10, 15, 20, 25];

/** 10^e written as a reader writes it: 1, 10, 10³, 10⁻⁴. */
export const decade = (e) => (e === 0 ? "1" : e === 1 ? "10" : `10${String(e).replace(/./g, (c) => SUPERSCRIPT[c])}`);

function el(tag, attrs, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (parent) parent.append(node);
  return node;
}

const usable = (v) => typeof v === "number" && Number.isFinite(v) && v > 0;

export class DecayChart {
  /** `root` is an element the chart fills (its width; a height set by CSS or ~0.45 × width). */
  constructor(root) {
    this.root = root;
    this.now = null; // {iteration, reach}
    this.start = null;
    this.width = 0; // the width drawn at
    this.observed = null; // the root's width, as the ResizeObserver last found it
    this.style = styleCache(root); // its computed style values, read once
    // Redraw on the next frame, not inside the observer: drawing changes the root's height, and
    // a size change inside the callback is "ResizeObserver loop completed with undelivered
    // notifications" (a console error in every engine).
    this.frame = 0;
    // The width is read here, where the layout is fresh, not in draw(): an update arrives in a
    // frame whose text has changed, and reading clientWidth then forced a layout of the page.
    new ResizeObserver(() => {
      this.observed = root.clientWidth;
      this.style.clear();
      this.frame ||= requestAnimationFrame(() => {
        this.frame = 0;
        if (this.observed !== this.width) this.draw();
      });
    }).observe(root);
  }

  /**
   * The current curve and (or null) this run's curve at iteration 0; in compare mode `rival` is
   * {reach, cell, rivalCell}: the rival's curve and the two cells' names (else null).
   */
  update(now, start, rival = null) {
    this.now = now;
    this.start = start;
    this.rival = rival;
    this.root.dataset.values = JSON.stringify((now && now.reach) || []);
    this.root.dataset.rivalValues = JSON.stringify((rival && rival.reach) || []);
    this.root.dataset.iteration = now ? String(now.iteration) : "";
    this.draw();
  }

  draw() {
    const root = this.root;
    const width = this.observed ?? root.clientWidth;
    this.width = width;
    if (!width) return;
    const height = Math.round(Math.min(340, Math.max(230, width * 0.45)));
    const colour = (name, fallback) => this.style(name) || fallback;

    const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
    const reach = (this.now && this.now.reach) || []; // (null: a model with no memory vector)
    const rivalReach = (this.rival && this.rival.reach) || [];
    const values = reach.filter(usable);
    const scaled = values.concat(rivalReach.filter(usable)); // what the y axis must hold
    if (values.length) {
      const first = usable(reach[0]) ? reach[0] : values[0];
      const last = usable(reach[reach.length - 1]) ? reach[reach.length - 1] : values[values.length - 1];
      svg.setAttribute("aria-label", `How far back the memory reaches at iteration ${this.now.iteration}: ` +
        `${first.toPrecision(2)} one character back, ${last.toPrecision(2)} ${reach.length} characters back.`);
    } else if (this.now && this.now.reach == null) {
      svg.setAttribute("aria-label", "This model carries no memory vector from one character to the next: there is no reach to measure.");
    } else {
      svg.setAttribute("aria-label", "How far back the memory reaches: not measured yet.");
    }

    // Scales: k on x; log10 of the value on y, over whole decades (at least three).
    let top = Math.ceil(Math.log10(Math.max(...scaled, 1)));
    let bottom = Math.floor(Math.log10(Math.min(...scaled, 1)));
    if (top - bottom < 3) bottom = top - 3;
    const span = top - bottom;
    bottom = top - Math.ceil(span / Math.max(1, Math.ceil(span / 6))) * Math.max(1, Math.ceil(span / 6));
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const X = (k) => PAD.left + ((k - 1) / 24) * plotW;
    const Y = (v) => PAD.top + ((top - Math.log10(v)) / (top - bottom)) * plotH;

    // Grid: a labelled line every `every` decades (at most about seven).
    const grid = el("g", { class: "grid", stroke: colour("--decay-grid", "#ebe8e1"), "stroke-width": 1 }, svg);
    const labels = el("g", { fill: colour("--decay-muted", "#8b919a"), "font-size": colour("--decay-font-size", "12px") }, svg);
    const every = Math.max(1, Math.ceil((top - bottom) / 6));
    for (let e = top; e >= bottom; e -= every) {
      const y = Math.round(Y(10 ** e)) + 0.5;
      el("line", { x1: PAD.left, x2: width - PAD.right, y1: y, y2: y }, grid);
      el("text", { x: PAD.left - 8, y, "text-anchor": "end", "dominant-baseline": "middle" }, labels).textContent = decade(e);
    }
    for (const k of X_TICKS) {
      const x = Math.round(X(k)) + 0.5;
      el("line", { x1: x, x2: x, y1: PAD.top + plotH, y2: PAD.top + plotH + 4 }, grid);
      el("text", { x, y: PAD.top + plotH + 18, "text-anchor": "middle" }, labels).textContent = String(k);
    }
    el("text", { x: PAD.left + plotW / 2, y: height - 6, "text-anchor": "middle" }, labels).textContent =
      "k: how many characters back";

    // The curves: this run's start (faint, clipped to the plot), then the network now.
    const clip = `decay-clip-${Math.random().toString(36).slice(2)}`;
    el("rect", { x: PAD.left - 6, y: PAD.top - 6, width: plotW + 12, height: plotH + 12 }, el("clipPath", { id: clip }, svg));
    const line = (curve, cls, stroke, dash) => {
      const points = curve.map((v, i) => (usable(v) ? `${X(i + 1).toFixed(1)},${Y(v).toFixed(1)}` : null)).filter(Boolean);
      if (points.length > 1) {
        el("polyline", {
          class: cls, points: points.join(" "), fill: "none", stroke, "stroke-width": cls === "now" ? 2.5 : 1.5,
          "stroke-linejoin": "round", "clip-path": `url(#${clip})`, ...(dash ? { "stroke-dasharray": dash } : {}),
        }, svg);
      }
    };
    if (this.start && this.start.reach && this.start !== this.now && !this.rival) line(this.start.reach, "start", colour("--decay-start", "#b3ada1"), "5 4");
    const accent = colour("--decay-line", "#1d6b57");
    // In compare mode each cell keeps its look, whichever is the run: the LSTM dashed, in --decay-line-2.
    const look = (cell) => (cell === "lstm" ? [colour("--decay-line-2", "#a34a12"), "7 4"] : [accent, null]);
    const curves = this.rival
      ? [[rivalReach, this.rival.rivalCell], [reach, this.rival.cell]]
      : [[reach, null]];
    for (const [curve, cell] of curves) {
      const [stroke, dash] = look(cell);
      line(curve, "now", stroke, dash);
      const dots = el("g", { fill: stroke, class: "points", ...(cell ? { "data-cell": cell } : {}) }, svg);
      const name = cell ? `${cell.toUpperCase()}, ` : "";
      curve.forEach((v, i) => {
        if (!usable(v)) return;
        const dot = el("circle", { cx: X(i + 1).toFixed(1), cy: Y(v).toFixed(1), r: 3.2, "data-k": i + 1, "data-value": v }, dots);
        el("title", {}, dot).textContent = `${name}${i + 1} back: ${v.toPrecision(3)}`;
      });
    }
    root.replaceChildren(svg);
  }
}
