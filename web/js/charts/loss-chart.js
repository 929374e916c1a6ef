/**
 * @fileoverview The loss curve on a <canvas>: smoothed loss per character against iteration,
 * with the uniform baseline ln V dashed. It keeps the whole run in a fixed number of points
 * (series.js). In compare mode a second curve (the rival cell's) shares the axes, and a legend
 * names both. Colours and fonts come from CSS custom properties on the canvas (--chart-*). No
 * Python, no page state: addPoints / reset (and compare / addRivalPoints), and it redraws
 * itself on the next animation frame.
 */
import { Series } from "./series.js";
import { requestFrame } from "../page/frame.js";
import { styleCache } from "./style-cache.js";

const PAD = { left: 44, right: 16, top: 14, bottom: 30 }; // CSS pixels around the plot

export class LossChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.series = new Series(); // the run's curve
    this.rival = null; // compare mode: the rival cell's curve, and the names of both
    this.size = null; // the canvas's CSS size, from the ResizeObserver (null until it has reported)
    this.style = styleCache(canvas); // its computed style values (colours, font), read once
    this.reset(Math.log(28));
    // The size and styles are not read while drawing: in a frame whose text has just changed,
    // clientWidth forced a layout and getComputedStyle a style recalc of the page (Long Animation
    // Frames of 100+ ms while training, scripts/bench_tasks.py).
    new ResizeObserver(([entry]) => {
      this.size = { width: Math.round(entry.contentRect.width), height: Math.round(entry.contentRect.height) };
      this.style.clear();
      this.invalidate();
    }).observe(canvas);
  }

  /** Forget the run; a new one starts at (0, baseline). */
  reset(baseline) {
    this.baseline = baseline;
    this.series.clear();
    this.rival = null;
    this.yMin = Math.max(0, Math.floor(baseline * 2) / 2 - 1);
    this.series.push(0, baseline);
    this.invalidate();
  }

  /**
   * Compare mode (after reset): a second curve from (0, baseline). `run` and `rival` are
   * {name, colour: a CSS custom property, dash: [on, off] or null} for the legend and the lines.
   */
  compare(run, rival) {
    this.rival = { series: new Series(), run, rival };
    this.rival.series.push(0, this.baseline);
    this.invalidate();
  }

  /** The curve as [iteration, loss] pairs, the newest point last (e.g. to save with a model). */
  points() {
    return this.series.points();
  }

  /** Draw `points` ([iteration, loss] pairs, increasing) instead: a resumed run's curve. */
  restore(points) {
    this.series.clear();
    for (const [x, y] of points) this.series.push(x, y);
    this.invalidate();
  }

  /** Append smoothed losses: values[i] belongs to iteration first + i. */
  addPoints(first, values) {
    for (let i = 0; i < values.length; i++) this.series.push(first + i, values[i]);
    if (values.length) this.invalidate();
  }

  /** The same for the rival's curve (compare mode). */
  addRivalPoints(first, values) {
    if (!this.rival) return;
    for (let i = 0; i < values.length; i++) this.rival.series.push(first + i, values[i]);
    if (values.length) this.invalidate();
  }

  /** Redraw on the page's next frame (once, however many changes come before it). */
  invalidate() {
    if (this.dirty) return;
    this.dirty = true;
    requestFrame(() => this.draw());
  }

  draw() {
    this.dirty = false;
    const { canvas } = this;
    if (!this.size) return; // (the observer reports it, then asks for a frame)
    const { width, height } = this.size;
    if (!width || !height) return;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      this.font = null; // (a new size resets the context's state)
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const color = (name) => this.style(name);
    const font = `${color("--chart-font-size") || "12px"} ${this.style("fontFamily")}`;

    // Scales: x to a round bound past the newest iteration, y from yMin to above the baseline.
    const curves = this.rival ? [this.series, this.rival.series] : [this.series];
    const lastX = Math.max(0, ...curves.map((c) => (c.last ? c.last[0] : 0)));
    const xMax = niceCeil(Math.max(lastX, 100));
    const xStep = niceStep(xMax / 5);
    const low = Math.min(this.baseline, ...curves.map((c) => c.low()));
    this.yMin = Math.max(0, Math.min(this.yMin, Math.floor((low - 0.2) * 2) / 2));
    const yMax = Math.ceil((this.baseline + 0.1) * 2) / 2;
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const X = (x) => PAD.left + (x / xMax) * plotW;
    const Y = (y) => PAD.top + (1 - (y - this.yMin) / (yMax - this.yMin)) * plotH;

    // Grid and axis labels.
    if (this.font !== font) ctx.font = this.font = font; // (setting it resolves the canvas's style)
    ctx.lineWidth = 1;
    ctx.strokeStyle = color("--chart-grid");
    ctx.fillStyle = color("--chart-muted");
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let y = this.yMin; y <= yMax + 1e-9; y += 0.5) {
      const py = Math.round(Y(y)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(PAD.left, py);
      ctx.lineTo(width - PAD.right, py);
      ctx.stroke();
      ctx.fillText(y.toFixed(1), PAD.left - 8, py);
    }
    ctx.textBaseline = "top";
    for (let x = 0; x <= xMax + 1e-9; x += xStep) {
      const px = Math.round(X(x)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(px, PAD.top + plotH);
      ctx.lineTo(px, PAD.top + plotH + 4);
      ctx.stroke();
      const label = x.toLocaleString("en-US");
      ctx.textAlign = "center";
      const half = ctx.measureText(label).width / 2;
      ctx.fillText(label, Math.min(px, width - 2 - half), PAD.top + plotH + 8);
    }

    // The uniform baseline ln V, dashed and labelled.
    const by = Math.round(Y(this.baseline)) + 0.5;
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = color("--chart-baseline");
    ctx.beginPath();
    ctx.moveTo(PAD.left, by);
    ctx.lineTo(width - PAD.right, by);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = color("--chart-baseline");
    ctx.textAlign = "right";
    ctx.textBaseline = "bottom";
    ctx.fillText(`uniform guess  ln ${Math.round(Math.exp(this.baseline))} = ${this.baseline.toFixed(3)}`, width - PAD.right, by - 4);

    // The curves: the rival's first (compare mode), then the run's with a faint area under it.
    const width2 = Number(color("--chart-line-width")) || 2; // thicker for a projector
    const floor = PAD.top + plotH;
    if (!this.rival) {
      drawCurve(ctx, this.series, X, Y, floor, { line: color("--chart-line"), area: color("--chart-area"), width: width2 });
      return;
    }
    const { run, rival } = this.rival;
    const style = (s) => ({ line: color(s.colour), dash: s.dash, width: width2 });
    drawCurve(ctx, this.rival.series, X, Y, floor, style(rival));
    drawCurve(ctx, this.series, X, Y, floor, style(run));
    // The legend sits bottom left, where falling curves never are (yMin is below the lowest).
    const row = parseFloat(ctx.font) * 1.5;
    legend(ctx, [run, rival].map((s) => ({ name: s.name, ...style(s) })), PAD.left + 10, floor - 2 * row - 4, row, this.style("color"));
  }
}

/** One curve: the line (dashed if `dash`), its newest point, and (if `area`) a faint area under it. */
function drawCurve(ctx, s, X, Y, floor, { line, area = null, dash = null, width }) {
  if (s.n + (s.last ? 1 : 0) < 2) return;
  const path = new Path2D();
  path.moveTo(X(s.xs[0]), Y(s.ys[0]));
  for (let i = 1; i < s.n; i++) path.lineTo(X(s.xs[i]), Y(s.ys[i]));
  if (s.last && s.last[0] > s.xs[s.n - 1]) path.lineTo(X(s.last[0]), Y(s.last[1]));
  if (area) {
    const end = s.last ? X(s.last[0]) : X(s.xs[s.n - 1]);
    const under = new Path2D(path);
    under.lineTo(end, floor);
    under.lineTo(X(s.xs[0]), floor);
    under.closePath();
    ctx.fillStyle = area;
    ctx.fill(under);
  }
  ctx.strokeStyle = line;
  ctx.lineWidth = width;
  ctx.lineJoin = "round";
  ctx.setLineDash(dash || []);
  ctx.stroke(path);
  ctx.setLineDash([]);
  if (s.last) {
    ctx.fillStyle = line;
    ctx.beginPath();
    ctx.arc(X(s.last[0]), Y(s.last[1]), 3.5, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** A key line and a name per entry ({name, line, dash, width}), one per row, from (x, y) down. */
function legend(ctx, entries, x, y, row, ink) {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  entries.forEach(({ name, line, dash, width }, i) => {
    const middle = Math.round(y + (i + 0.5) * row) + 0.5;
    ctx.strokeStyle = line;
    ctx.lineWidth = width;
    ctx.setLineDash(dash || []);
    ctx.beginPath();
    ctx.moveTo(x, middle);
    ctx.lineTo(x + 26, middle);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = ink;
    ctx.fillText(name, x + 32, middle);
  });
}

/** The smallest of `steps` × 10^k that is ≥ x. */
function roundUp(x, steps) {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of steps) if (m * power >= x - 1e-9) return m * power;
  return 10 * power;
}
const niceCeil = (x) => roundUp(x, [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]); // the x axis's end
const niceStep = (x) => roundUp(x, [1, 2, 2.5, 5, 10]); // its tick spacing
