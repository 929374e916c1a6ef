/**
 * @fileoverview The loss curve on a <canvas>: smoothed loss per character against iteration,
 * with the uniform baseline ln V dashed. It keeps the whole run in a fixed number of points:
 * when the buffer fills, every other point is dropped and the stride doubles, so the start of
 * the run is thinned like the rest, never cut off. Colours and fonts come from CSS custom
 * properties on the canvas (--chart-*). No Python, no page state: addPoints / reset, and it
 * redraws itself on the next animation frame.
 */

const CAPACITY = 2048; // points kept, whatever the length of the run
const PAD = { left: 44, right: 16, top: 14, bottom: 30 }; // CSS pixels around the plot

export class LossChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.xs = new Float64Array(CAPACITY); // iterations
    this.ys = new Float64Array(CAPACITY); // smoothed loss
    this.reset(Math.log(28));
    new ResizeObserver(() => this.invalidate()).observe(canvas);
  }

  /** Forget the run; a new one starts at (0, baseline). */
  reset(baseline) {
    this.baseline = baseline;
    this.n = 0;
    this.stride = 1; // keep iterations that are multiples of this
    this.last = null; // the newest point, drawn even if it falls between strides
    this.yMin = Math.max(0, Math.floor(baseline * 2) / 2 - 1);
    this.push(0, baseline);
    this.invalidate();
  }

  /** The curve as [iteration, loss] pairs, the newest point last (e.g. to save with a model). */
  points() {
    const points = Array.from({ length: this.n }, (_, i) => [this.xs[i], this.ys[i]]);
    if (this.last && (!this.n || this.last[0] > this.xs[this.n - 1])) points.push([...this.last]);
    return points;
  }

  /** Draw `points` ([iteration, loss] pairs, increasing) instead: a resumed run's curve. */
  restore(points) {
    this.n = 0;
    this.stride = 1;
    this.last = null;
    for (const [x, y] of points) this.push(x, y);
    this.invalidate();
  }

  /** Append smoothed losses: values[i] belongs to iteration first + i. */
  addPoints(first, values) {
    for (let i = 0; i < values.length; i++) this.push(first + i, values[i]);
    if (values.length) this.invalidate();
  }

  push(x, y) {
    if (!Number.isFinite(y)) return;
    this.last = [x, y];
    if (x % this.stride !== 0) return;
    if (this.n === CAPACITY) this.thin();
    if (x % this.stride !== 0) return;
    this.xs[this.n] = x;
    this.ys[this.n] = y;
    this.n += 1;
  }

  /** Keep every other point (those on the doubled stride). */
  thin() {
    this.stride *= 2;
    let k = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.xs[i] % this.stride === 0) {
        this.xs[k] = this.xs[i];
        this.ys[k] = this.ys[i];
        k += 1;
      }
    }
    this.n = k;
  }

  /** Redraw on the next animation frame (once, however many changes come before it). */
  invalidate() {
    if (this.dirty) return;
    this.dirty = true;
    requestAnimationFrame(() => this.draw());
  }

  draw() {
    this.dirty = false;
    const { canvas } = this;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (!width || !height) return;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const css = getComputedStyle(canvas);
    const color = (name) => css.getPropertyValue(name).trim();
    const font = `${css.getPropertyValue("--chart-font-size").trim() || "12px"} ${css.fontFamily}`;

    // Scales: x to a round bound past the newest iteration, y from yMin to above the baseline.
    const lastX = this.last ? this.last[0] : 0;
    const xMax = niceCeil(Math.max(lastX, 100));
    const xStep = niceStep(xMax / 5);
    let low = this.baseline;
    for (let i = 0; i < this.n; i++) low = Math.min(low, this.ys[i]);
    if (this.last) low = Math.min(low, this.last[1]);
    this.yMin = Math.max(0, Math.min(this.yMin, Math.floor((low - 0.2) * 2) / 2));
    const yMax = Math.ceil((this.baseline + 0.1) * 2) / 2;
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const X = (x) => PAD.left + (x / xMax) * plotW;
    const Y = (y) => PAD.top + (1 - (y - this.yMin) / (yMax - this.yMin)) * plotH;

    // Grid and axis labels.
    ctx.font = font;
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

    // The curve: a faint area under it, then the line and the newest point.
    if (this.n + (this.last ? 1 : 0) < 2) return;
    const path = new Path2D();
    path.moveTo(X(this.xs[0]), Y(this.ys[0]));
    for (let i = 1; i < this.n; i++) path.lineTo(X(this.xs[i]), Y(this.ys[i]));
    if (this.last && this.last[0] > this.xs[this.n - 1]) path.lineTo(X(this.last[0]), Y(this.last[1]));
    const end = this.last ? X(this.last[0]) : X(this.xs[this.n - 1]);
    const area = new Path2D(path);
    area.lineTo(end, PAD.top + plotH);
    area.lineTo(X(this.xs[0]), PAD.top + plotH);
    area.closePath();
    ctx.fillStyle = color("--chart-area");
    ctx.fill(area);
    ctx.strokeStyle = color("--chart-line");
    ctx.lineWidth = Number(color("--chart-line-width")) || 2; // thicker for a projector
    ctx.lineJoin = "round";
    ctx.stroke(path);
    if (this.last) {
      ctx.fillStyle = color("--chart-line");
      ctx.beginPath();
      ctx.arc(X(this.last[0]), Y(this.last[1]), 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}

/** The smallest of `steps` × 10^k that is ≥ x. */
function roundUp(x, steps) {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of steps) if (m * power >= x - 1e-9) return m * power;
  return 10 * power;
}
const niceCeil = (x) => roundUp(x, [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]); // the x axis's end
const niceStep = (x) => roundUp(x, [1, 2, 2.5, 5, 10]); // its tick spacing
