/**
 * @fileoverview The worker's side of the surprise view ("What it expected"): which line the
 * network reads — the reader's, kept across runs while a run knows its symbols, or py_core's
 * default (live.SURPRISE_LINE, the opening of the held-out poem) — and reading it with
 * Live.surprise (~1–2 ms under Pyodide) for each snapshot.
 *
 * Messages: the snapshot carries {surprise, surpriseError}; the answer to the page's
 * {type: "surprise", text} is {type: "surprise", surprise} (a refusal is an error, source "surprise").
 */

export class SurpriseLine {
  /** `call(fn, ...args)` calls Python for plain data (a ValueError throws a `ReaderError`). */
  constructor({ call, ReaderError }) {
    Object.assign(this, { call, ReaderError });
    this.text = undefined; // the reader's line as typed; undefined: the default (None in Python)
  }

  /** Read the reader's `text` from now on; a ReaderError (and no change) if `run` cannot. */
  set(run, text) {
    const result = this.call(run.surprise, String(text));
    this.text = String(text);
    return result;
  }

  /** For a snapshot: {surprise: Live.surprise's result or null, surpriseError: "" or why not}. */
  read(run) {
    try {
      return { surprise: this.call(run.surprise, this.text), surpriseError: "" };
    } catch (e) {
      if (!(e instanceof this.ReaderError)) throw e;
      return { surprise: null, surpriseError: e.message };
    }
  }

  /** A new run: it keeps the reader's line if it knows some of its symbols, else the default. */
  newRun(run) {
    if (this.text === undefined) return;
    try {
      this.call(run.surprise, this.text);
    } catch (e) {
      if (!(e instanceof this.ReaderError)) throw e;
      this.text = undefined;
    }
  }
}
