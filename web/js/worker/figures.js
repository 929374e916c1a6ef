/**
 * @fileoverview The worker's side of the article's two live figures (loop.js owns the loop; snapshot.js holds the instance):
 *
 *  - memory reach: ‖∂h_t/∂h_{t−k}‖ for k = 1…25 (Live.memory_reach, ~25 ms), posted after every
 *    new run, Step and Pause, and about every second or two while training;
 *  - the n-gram rival: Live.comparison on held-out verse (The Rape of Lucrece, which neither model
 *    trains on). Live.set_held_out fits the n-gram (~0.5 s under Pyodide), so it runs once a run
 *    is on screen and the worker is not training (or has trained for COMPARE_MS: a reader who
 *    presses Train at once does not wait for it); after that the RNN's side (~130 ms) is re-scored
 *    after a Step or Pause and every several seconds while training.
 *
 * While training, each figure waits at least its minimum interval and at least its own last
 * cost divided by SHARE, counted from its last run or from the moment training started, so
 * together they take at most 2% of the worker's time from training in any stretch of it (the
 * page's budget over the bare Trainer is 5%: docs/performance.md, "In the browser").
 *
 * Messages: {type: "memory", iteration, reach, rivalReach} (rivalReach: the rival's in compare
 * mode, else null), {type: "echo", iteration, recall} (on the echo text: pair.js) and {type: "comparison", iteration, dropped, ...}
 * (Live.comparison's fields) or {type: "comparison", error}. Neither is computed while the page
 * does not show the article (presenter and embed modes: `enable(run, false)`).
 */

import { echoAttention, echoRecall } from "./pair.js";

const MEMORY_MS = 1000; // while training, memory reach at most this often
const COMPARE_MS = 5000; // while training, the comparison at most this often
const SHARE = 0.01; // while training, each figure takes at most this share of the worker's time
const FIRST_COMPARE_MS = 300; // after a new run is posted, wait this long before fitting the n-gram

export class Figures {
  /**
   * `post(message)`; `call(fn, ...args)` calls Python for plain data (a ValueError throws a
   * `ReaderError`); `heldOut()` resolves to the held-out poem's raw text; `training()` is true
   * while the worker trains.
   */
  constructor({ post, call, ReaderError, heldOut, training }) {
    Object.assign(this, { post, call, ReaderError, heldOut, training });
    this.run = null;
    this.enabled = true; // the page shows the figures
    this.nextMemory = 0; // performance.now() after which memory reach is due while training
    this.nextCompare = 0; // likewise for the comparison
    this.cost = { memory: 0, compare: 0 }; // ms each took last time
  }

  /** Training starts (or starts again) at `now`: nothing is due until its share has been earned. */
  trainingStarts(now) {
    this.nextMemory = Math.max(this.nextMemory, now + Math.max(MEMORY_MS, this.cost.memory / SHARE));
    this.nextCompare = Math.max(this.nextCompare, now + Math.max(COMPARE_MS, this.cost.compare / SHARE));
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
    else this.fitLater(run, FIRST_COMPARE_MS);
  }

  /** Fit the n-gram and post the first comparison in `ms`, or later if training has just begun. */
  fitLater(run, ms) {
    const asked = performance.now();
    const attempt = () => {
      if (this.training() && performance.now() - asked < COMPARE_MS) setTimeout(attempt, 250);
      else this.firstComparison(run);
    };
    setTimeout(attempt, ms);
  }

  /** After a chunk (`force`: after a Step, Pause or the end of a skip). */
  update(run, force) {
    if (!this.enabled) return;
    const now = performance.now();
    if (force || now >= this.nextMemory) this.postMemory(run);
    if (run.compared && (force || now >= this.nextCompare)) this.postComparison(run);
  }

  postMemory(run) {
    const start = performance.now();
    const reach = this.call(run.memory_reach);
    const rivalReach = run.rival ? this.call(run.rival.memory_reach) : null; // compare mode
    // On the echo text: how well each cell recalls the opening key (pair.js).
    const recall = run.corpus && run.corpus.echo ? echoRecall(this.call, run) : null;
    const attention = recall ? echoAttention(this.call, run) : null; // (where attention looks there)
    [this.nextMemory, this.cost.memory] = due(start, MEMORY_MS);
    this.post({ type: "memory", iteration: run.iteration, reach, rivalReach });
    if (recall) this.post({ type: "echo", iteration: run.iteration, recall, attention });
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
      run.heldOut = this.call(run.set_held_out, text); // (fits the n-gram)
      this.postComparison(run);
    } catch (e) {
      // (outside the message queue: nothing else would report it)
      const message = e instanceof this.ReaderError ? e.message : `The comparison failed: ${e.message}`;
      this.post({ type: "comparison", error: message });
    }
  }

  postComparison(run) {
    const start = performance.now();
    const c = this.call(run.comparison);
    [this.nextCompare, this.cost.compare] = due(start, COMPARE_MS);
    run.compared = true;
    this.post({ type: "comparison", iteration: run.iteration, dropped: run.heldOut.dropped, ...c });
  }
}

/** [when a figure that started at `start` (and just finished) is next due while training, its cost]. */
function due(start, minimumMs) {
  const cost = performance.now() - start;
  return [start + Math.max(minimumMs, cost / SHARE), cost];
}
