/**
 * @fileoverview The lineage view's chart: the smoothed loss of each of the four models against
 * iteration, on one pair of axes, with the no-knowledge baseline ln V dashed. An SVG, redrawn on
 * the next frame after new points; each curve a <polyline data-model>, in the model's colour
 * (--lineage-<model> on the figure) and dash (LOOKS), so no two are told apart by colour alone.
 * No page state: reset / add, and `key(model)` draws the legend's sample of a line.
 */
import { Series } from "./series.js";
import { requestFrame } from "../page/frame.js";

const NS = "http://www.w3.org/2000/svg";
const PAD = { left: 40, right: 12, top: 10, bottom: 30 };
/** Each model's line: stroke dasharray (null: solid) and width. */
export const LOOKS = {
  window: { dash: "2 4", width: 2.5, cap: "round" },
  rnn: { dash: null, width: 2.5, cap: "butt" },
  lstm: { dash: "8 4", width: 2.5, cap: "butt" },
  attention: { dash: "12 3 2 3", width: 2.5, cap: "butt" },
};

function el(name, attrs, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.append(node);
  return node;
}

const stroke = (model) => `var(--lineage-${model})`;

/** A short sample of `model`'s line, for a legend. */
export function key(model) {
  const look = LOOKS[model];
  const svg = el("svg", { class: "lineage-key", viewBox: "0 0 28 12", "aria-hidden": "true", "data-model": model });
  el("line", { x1: 1, x2: 27, y1: 6, y2: 6, stroke: stroke(model), "stroke-width": look.width,
    "stroke-linecap": look.cap, ...(look.dash ? { "stroke-dasharray": look.dash } : {}) }, svg);
  return svg;
}

export class LineageChart {
  constructor(container, models) {
    this.container = container;
    this.models = models;
    this.size = null;
    this.label = "The four models' loss curves: none trained yet."; // set by the page from the numbers
    this.reset(Math.log(28));
    new ResizeObserver(([entry]) => {
      this.size = { width: Math.round(entry.contentRect.width), height: Math.round(entry.contentRect.height) };
      this.invalidate();
    }).observe(container);
  }

  /** New models: every curve starts again at (0, baseline). */
  reset(baseline) {
    this.baseline = baseline;
    this.series = Object.fromEntries(this.models.map((m) => [m, new Series()]));
    for (const s of Object.values(this.series)) s.push(0, baseline);
    this.invalidate();
  }

  /** `losses[i]` is `model`'s smoothed loss at iteration first + i. */
  add(model, first, losses) {
    const series = this.series[model];
    if (!series) return;
    losses.forEach((y, i) => series.push(first + i, y));
    this.invalidate();
  }

  invalidate() {
    if (this.pending) return;
    this.pending = true;
    requestFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw() {
    if (!this.size || this.size.width < 50) return;
    const { width, height } = this.size;
    const curves = this.models.map((m) => [m, this.series[m].points()]);
    const xMax = Math.max(100, ...curves.map(([, p]) => (p.length ? p[p.length - 1][0] : 0)));
    const ys = curves.flatMap(([, p]) => p.map(([, y]) => y));
    const yTop = Math.ceil(this.baseline * 2) / 2;
    const yBottom = Math.max(0, Math.floor(Math.min(this.baseline - 0.5, ...ys) * 2) / 2);
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const X = (x) => PAD.left + (x / xMax) * plotW;
    const Y = (y) => PAD.top + ((yTop - y) / (yTop - yBottom)) * plotH;
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": this.label });
    const grid = el("g", { class: "grid", "stroke-width": 1 }, svg);
    const labels = el("g", {}, svg);
    const stepY = yTop - yBottom > 2 ? 1 : 0.5;
    for (let y = yBottom; y <= yTop + 1e-9; y += stepY) {
      const py = Math.round(Y(y)) + 0.5;
      el("line", { x1: PAD.left, x2: width - PAD.right, y1: py, y2: py }, grid);
      el("text", { x: PAD.left - 6, y: py, "text-anchor": "end", "dominant-baseline": "middle" }, labels).textContent = y.toFixed(1);
    }
    const stepX = niceStep(xMax / 5);
    for (let x = 0; x <= xMax + 1e-9; x += stepX) {
      el("text", { x: X(x), y: height - 12, "text-anchor": "middle" }, labels).textContent = x.toLocaleString("en-US");
    }
    el("text", { x: width - PAD.right, y: height - 1, "text-anchor": "end" }, labels).textContent = "iteration";
    const by = Math.round(Y(this.baseline)) + 0.5;
    el("line", { class: "baseline", x1: PAD.left, x2: width - PAD.right, y1: by, y2: by }, svg);
    for (const [model, points] of curves) {
      if (points.length < 2) continue;
      const look = LOOKS[model];
      el("polyline", {
        "data-model": model, fill: "none", stroke: stroke(model), "stroke-width": look.width,
        "stroke-linejoin": "round", "stroke-linecap": look.cap, ...(look.dash ? { "stroke-dasharray": look.dash } : {}),
        points: points.map(([x, y]) => `${X(x).toFixed(1)},${Y(Math.max(yBottom, Math.min(yTop, y))).toFixed(1)}`).join(" "),
      }, svg);
    }
    this.container.replaceChildren(svg);
  }
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
}
