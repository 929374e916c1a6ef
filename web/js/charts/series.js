/**
 * @fileoverview One curve of the loss chart: (iteration, smoothed loss) points in a fixed number
 * of slots. When the buffer fills, every other point is dropped and the stride doubles, so the
 * start of a run is thinned like the rest, never cut off. The newest point is always kept.
 */

const CAPACITY = 2048; // points kept, whatever the length of the run

export class Series {
  constructor() {
    this.xs = new Float64Array(CAPACITY); // iterations
    this.ys = new Float64Array(CAPACITY); // smoothed loss
    this.clear();
  }

  clear() {
    this.n = 0;
    this.stride = 1; // keep iterations that are multiples of this
    this.last = null; // the newest point, drawn even if it falls between strides
  }

  /** The curve as [iteration, loss] pairs, the newest point last. */
  points() {
    const points = Array.from({ length: this.n }, (_, i) => [this.xs[i], this.ys[i]]);
    if (this.last && (!this.n || this.last[0] > this.xs[this.n - 1])) points.push([...this.last]);
    return points;
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

  /** The lowest loss held. */
  low() {
    let low = Infinity;
    for (let i = 0; i < this.n; i++) low = Math.min(low, this.ys[i]);
    return this.last ? Math.min(low, this.last[1]) : low;
  }
}
