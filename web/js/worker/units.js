/**
 * @fileoverview The worker's side of the article's card "What the units track" (page/units/card.js
 * draws it). A passage — the held-out poem by default, or the reader's own — is read from an
 * empty memory by the network the card follows (the run, or in compare mode whichever network
 * the heatmap shows), and three things are computed from its hidden states:
 *
 *  - the feature table (Live.unit_features): for each of six features of the text, the unit whose
 *    activation correlates best with it now, beside the same at iteration 0 and the ceiling set by
 *    the current character alone;
 *  - one unit over the passage (Live.unit_view): its activation at every character, and the
 *    stretches where it peaks;
 *  - select and match (Live.unit_match): the units on across the reader's selection and off just
 *    before and after it, and the other places where they are on together.
 *
 * It is recomputed after a new run, Step, Pause and every change the reader makes; while training
 * at most every UNITS_MS and at most SHARE of the worker's time (as figures.js paces its figures).
 * Only what the card draws crosses to the page: {type: "units", ...} (../shared/protocol.js).
 * A passage or a choice that py_core refuses is an error with source "units"; the old one stays.
 */

const UNITS_MS = 1000; // while training, at most this often
const SHARE = 0.01; // while training, at most this share of the worker's time
const STATES = ["h", "c"]; // which memory: the hidden state, or (an LSTM's) cell state

export class Units {
  /**
   * `post(message)`; `call(fn, ...args)` calls Python for plain data (a ValueError throws a
   * `ReaderError`); `heldOut()` resolves to the held-out poem's raw text; `training()` is true
   * while the worker trains.
   */
  constructor({ post, call, ReaderError, heldOut, training }) {
    Object.assign(this, { post, call, ReaderError, heldOut, training });
    this.run = null;
    this.enabled = true; // the page shows the article
    this.next = 0; // performance.now() after which an update is due while training
    this.cost = 0; // ms the last update took
    // The reader's choices, kept across runs. text: null = the held-out poem.
    this.choice = { text: null, state: "h", unit: null, select: null, threshold: 0.5, of: "run" };
    this.defaultText = null; // the held-out poem's raw text, once fetched
  }

  /** Training starts (or starts again) at `now`: nothing is due until its share has been earned. */
  trainingStarts(now) {
    this.next = Math.max(this.next, now + Math.max(UNITS_MS, this.cost / SHARE));
  }

  /** A new run is on screen (its first update: as soon as the poem is here). */
  newRun(run) {
    this.run = run;
    if (this.enabled) this.catchUp(run);
  }

  /** The page shows the article (or not): bring the card up to date when it starts to. */
  enable(run, on) {
    const was = this.enabled;
    this.enabled = on;
    if (on && !was && run) this.catchUp(run);
  }

  async catchUp(run) {
    if (this.defaultText === null) {
      try {
        this.defaultText = await this.heldOut();
      } catch (e) {
        if (run === this.run) this.post({ type: "units", error: e.message });
        return;
      }
      if (run !== this.run || !this.enabled) return; // replaced meanwhile: its successor catches up
    }
    // (outside the message queue when it awaited the poem: nothing else would report a failure)
    try {
      this.update(run, true);
    } catch (e) {
      this.post({ type: "units", error: `The units card failed: ${e.message}` });
    }
  }

  /**
   * After a new run, a chunk (`force`: after a Step, Pause or the end of a skip); true if it
   * computed (and posted) anything. What the run
   * cannot read (a diverged run; the reader's passage in a new run that lacks its symbols, which
   * then falls back to the poem) is said in the card, never by stopping the training.
   */
  update(run, force) {
    if (!this.enabled || this.defaultText === null || run !== this.run) return false;
    if (!force && performance.now() < this.next) return false;
    try {
      this.postUpdate(run, this.choice);
      return true;
    } catch (e) {
      if (!(e instanceof this.ReaderError)) throw e;
      if (this.choice.text === null) {
        this.post({ type: "units", iteration: run.iteration, error: e.message });
        return true;
      }
      this.choice = { ...this.choice, text: null, select: null };
      return this.update(run, force);
    }
  }

  /**
   * The reader changed something ({text?, state?, unit?, select?, threshold?, of?}): computed with
   * the new choices at once; a ReaderError (and no change) if py_core refuses them.
   */
  set(run, changes) {
    const choice = { ...this.choice };
    if ("text" in changes) {
      choice.text = changes.text === null ? null : String(changes.text);
      choice.select = null; // a selection belongs to the passage it was made in
    }
    if ("state" in changes) choice.state = STATES.includes(changes.state) ? changes.state : "h";
    if ("unit" in changes) choice.unit = changes.unit === null ? null : changes.unit;
    if ("select" in changes) choice.select = changes.select ? { start: changes.select.start, end: changes.select.end } : null;
    if ("threshold" in changes) choice.threshold = changes.threshold;
    if ("of" in changes) choice.of = changes.of === "rival" ? "rival" : "run";
    if (this.defaultText === null) {
      this.choice = choice; // (the first update, once the poem is here, uses them)
      return;
    }
    this.postUpdate(run, choice, { unit: "unit" in changes, match: true }, true);
    this.choice = choice; // only once py_core has accepted them
  }

  /** Compute what the card draws with `choice` and post it (`answer`: to the reader's change). */
  postUpdate(run, choice, strict = {}, answer = false) {
    // The poem, prepared once per network (not counted in the cost that paces the updates).
    for (const net of [run, run.rival]) {
      if (net && !net.unitsPassage) net.unitsPassage = this.call(net.set_units_passage, this.defaultText);
    }
    const start = performance.now();
    const message = { ...this.compute(run, choice, strict), answer };
    // (The first reading of a passage also reads it with the seed's initial network, which py_core
    // then caches: that cost overstates the next ones a little, so the pacing errs on the safe side.)
    this.cost = performance.now() - start;
    this.next = start + Math.max(UNITS_MS, this.cost / SHARE);
    this.post(message);
  }

  /**
   * `strict.unit`: the reader's unit as chosen (py_core refuses one out of range), never a
   * fallback; `strict.match`: a selection py_core refuses is an error, not forgotten.
   */
  compute(run, choice, strict) {
    const net = choice.of === "rival" && run.rival ? run.rival : run; // the network the heatmap shows
    const { cell, hidden } = net.info;
    const state = cell === "lstm" ? choice.state : "h"; // an RNN has no cell state
    const text = choice.text; // null: the poem
    const table = this.call(net.unit_features, text, state);
    // The reader's unit, or else the unit that tracks the first feature best now (0 if none does).
    // (A unit beyond a smaller network's size falls back too, unless the reader has just chosen it.)
    const own = choice.unit !== null && (strict.unit || choice.unit < hidden);
    const unit = own ? choice.unit : (table.features.find((f) => f.unit !== null) || { unit: 0 }).unit;
    const view = this.call(net.unit_view, unit, text, state);
    let match = null;
    if (choice.select) {
      const { start, end } = choice.select;
      try {
        match = { start, end, threshold: choice.threshold, ...this.call(net.unit_match, start, end, choice.threshold, text, state) };
      } catch (e) {
        if (strict.match || !(e instanceof this.ReaderError)) throw e;
        choice.select = null; // (a stretch beyond a new run's shorter passage: forgotten)
      }
    }
    return {
      type: "units", iteration: table.iteration, cell, hidden, of: net === run ? "run" : "rival", state,
      custom: choice.text !== null, chars: [].concat(table.chars).join(""), features: table.features,
      view: { unit: view.unit, activations: view.activations, top: view.top }, match,
    };
  }
}
