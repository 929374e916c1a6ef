/**
 * @fileoverview The worker's side of the article's two live figures (worker.js owns the loop):
 *
 *  - memory reach: ‖∂h_t/∂h_{t−k}‖ for k = 1…25 (Live.memory_reach, a few ms), posted after every
 *    new run, Step and Pause, and at most once a second while training;
 *  - the n-gram rival: Live.comparison on held-out verse (The Rape of Lucrece, which neither model
 *    trains on). Its first call fits the n-gram (~0.5 s under Pyodide), so it runs once a run is
 *    on screen, between two training chunks; after that the RNN's side is re-scored after a Step
 *    or Pause and every few seconds while training.
 *
 * Messages: {type: "memory", iteration, reach} and {type: "comparison", iteration, dropped, ...}
 * (Live.comparison's fields) or {type: "comparison", error}. Neither is computed while the page
 * does not show the article (presenter and embed modes: `enable(run, false)`).
 */

const MEMORY_MS = 1000; // while training, memory reach at most this often
const COMPARE_MS = 5000; // while training, the comparison at most this often
const FIRST_COMPARE_MS = 300; // after a new run is posted, wait this long before fitting the n-gram

export class Figures {
  /**
   * `post(message)`; `call(fn, ...args)` calls Python for plain data (a ValueError throws a
   * `ReaderError`); `heldOut()` resolves to the held-out poem's raw text.
   */
  constructor({ post, call, ReaderError, heldOut }) {
    Object.assign(this, { post, call, ReaderError, heldOut });
    this.run = null;
    this.enabled = true; // the page shows the figures
    this.lastMemory = 0;
    this.lastCompare = 0;
  }

  /** A new run is on screen: its memory reach now, the comparison a moment later. */
  newRun(run) {
    this.run = run;
    run.heldOut = null; // set_held_out's report, once done
    run.compared = false; // the n-gram is fitted
    if (this.enabled) this.catchUp(run);
  }

  /** The page shows the figures (or not): bring them up to date when it starts to. */
  enable(run, on) {
    const was = this.enabled;
    this.enabled = on;
    if (on && !was && run) this.catchUp(run);
  }

  catchUp(run) {
    this.postMemory(run);
    if (run.compared) this.postComparison(run);
    else setTimeout(() => this.firstComparison(run), FIRST_COMPARE_MS);
  }

  /** After a chunk (`force`: after a Step, Pause or the end of a skip). */
  update(run, force) {
    if (!this.enabled) return;
    const now = performance.now();
    if (force || now - this.lastMemory >= MEMORY_MS) this.postMemory(run);
    if (run.compared && (force || now - this.lastCompare >= COMPARE_MS)) this.postComparison(run);
  }

  postMemory(run) {
    this.lastMemory = performance.now();
    this.post({ type: "memory", iteration: run.iteration, reach: this.call(run.memory_reach) });
  }

  async firstComparison(run) {
    let text;
    try {
      text = await this.heldOut();
    } catch (e) {
      if (run === this.run) this.post({ type: "comparison", error: e.message });
      return;
    }
    if (run !== this.run || run.compared || !this.enabled) return; // replaced, done, or not wanted now
    try {
      run.heldOut = this.call(run.set_held_out, text);
      this.postComparison(run);
    } catch (e) {
      // (outside the message queue: nothing else would report it)
      const message = e instanceof this.ReaderError ? e.message : `The comparison failed: ${e.message}`;
      this.post({ type: "comparison", error: message });
    }
  }

  postComparison(run) {
    this.lastCompare = performance.now();
    const c = this.call(run.comparison);
    run.compared = true;
    this.post({ type: "comparison", iteration: run.iteration, dropped: run.heldOut.dropped, ...c });
  }
}
