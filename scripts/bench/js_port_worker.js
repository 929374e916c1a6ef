/**
 * @fileoverview The recipe ported to plain JavaScript (Float64Array), as a yardstick only.
 *
 * Not part of the page. scripts/bench_browser.py runs it in a module worker beside the page and
 * the Pyodide gist port, to answer "would plain JS have been faster than py_core under Pyodide?".
 * Same work per iteration as the recipe: forward over 25 characters, softmax, BPTT, clip to ±5,
 * Adagrad. Its random initial weights come from a small seeded generator, not NumPy's, so its
 * losses are comparable in size but not equal to py_core's.
 *
 * Messages: in {ids: number[], vocabSize, hidden, seqLength, steps}; out {steps, ms, smoothLoss}.
 */

function gaussian(seed) {  // Box-Muller over a xorshift32 stream
  let s = seed >>> 0 || 1;
  const uniform = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function makeModel(V, H, seed) {
  const randn = gaussian(seed);
  const init = (n, scale) => Float64Array.from({ length: n }, () => randn() * scale);
  return {
    V, H,
    Wxh: init(H * V, 0.01), Whh: init(H * H, 0.01), Why: init(V * H, 0.01),  // row-major (rows, cols)
    bh: new Float64Array(H), by: new Float64Array(V),
  };
}

function train(msg) {
  const { ids, vocabSize: V, hidden: H, seqLength: T, steps } = msg;
  const m = makeModel(V, H, 1);
  const names = ["Wxh", "Whh", "Why", "bh", "by"];
  const grad = Object.fromEntries(names.map((n) => [n, new Float64Array(m[n].length)]));
  const mem = Object.fromEntries(names.map((n) => [n, new Float64Array(m[n].length)]));
  const hs = new Float64Array((T + 1) * H), ps = new Float64Array(T * V);
  const dh = new Float64Array(H), dhnext = new Float64Array(H), dhraw = new Float64Array(H);
  let hprev = new Float64Array(H), p = 0, smooth = Math.log(V);
  const t0 = performance.now();
  for (let n = 0; n < steps; n++) {
    if (p + T + 1 >= ids.length) { p = 0; hprev.fill(0); }
    hs.set(hprev, 0);
    let loss = 0;
    for (let t = 0; t < T; t++) {  // forward
      const x = ids[p + t], target = ids[p + t + 1], h = t * H, hn = (t + 1) * H;
      for (let i = 0; i < H; i++) {
        let a = m.Wxh[i * V + x] + m.bh[i];
        const row = i * H;
        for (let j = 0; j < H; j++) a += m.Whh[row + j] * hs[h + j];
        hs[hn + i] = Math.tanh(a);
      }
      let max = -Infinity;
      for (let k = 0; k < V; k++) {
        let y = m.by[k];
        const row = k * H;
        for (let j = 0; j < H; j++) y += m.Why[row + j] * hs[hn + j];
        ps[t * V + k] = y;
        if (y > max) max = y;
      }
      let sum = 0;
      for (let k = 0; k < V; k++) { const e = Math.exp(ps[t * V + k] - max); ps[t * V + k] = e; sum += e; }
      for (let k = 0; k < V; k++) ps[t * V + k] /= sum;
      loss -= Math.log(ps[t * V + target]);
    }
    for (const g of Object.values(grad)) g.fill(0);
    dhnext.fill(0);
    for (let t = T - 1; t >= 0; t--) {  // backward through time
      const x = ids[p + t], target = ids[p + t + 1], h = t * H, hn = (t + 1) * H;
      ps[t * V + target] -= 1;  // dy
      dh.set(dhnext);
      for (let k = 0; k < V; k++) {
        const dy = ps[t * V + k], row = k * H;
        grad.by[k] += dy;
        for (let j = 0; j < H; j++) { grad.Why[row + j] += dy * hs[hn + j]; dh[j] += m.Why[row + j] * dy; }
      }
      for (let i = 0; i < H; i++) {
        const v = hs[hn + i];
        dhraw[i] = (1 - v * v) * dh[i];
        grad.bh[i] += dhraw[i];
        grad.Wxh[i * V + x] += dhraw[i];
      }
      dhnext.fill(0);
      for (let i = 0; i < H; i++) {
        const d = dhraw[i], row = i * H;
        for (let j = 0; j < H; j++) { grad.Whh[row + j] += d * hs[h + j]; dhnext[j] += m.Whh[row + j] * d; }
      }
    }
    for (const name of names) {  // clip, then Adagrad
      const w = m[name], g = grad[name], mm = mem[name];
      for (let i = 0; i < w.length; i++) {
        const gi = Math.min(5, Math.max(-5, g[i]));
        mm[i] += gi * gi;
        w[i] -= 0.1 * gi / Math.sqrt(mm[i] + 1e-8);
      }
    }
    hprev = hs.slice(T * H, (T + 1) * H);
    smooth = 0.999 * smooth + 0.001 * loss / T;
    p += T;
  }
  return { steps, ms: performance.now() - t0, smoothLoss: smooth };
}

self.onmessage = (e) => self.postMessage(train(e.data));
