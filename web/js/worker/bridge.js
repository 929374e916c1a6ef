/**
 * @fileoverview The bridge to Python. Every call into py_core goes through `call` (plain data
 * out, the proxy destroyed) or `raw` (a PyProxy kept on purpose, e.g. a new Live); a ValueError
 * from py_core becomes a `ReaderError` whose message is for the reader. A `Run` is one Live
 * with its bound methods (borrowed once, destroyed with it). `report` turns any failure into
 * the one {type: "error"} message the page expects. No PyProxy leaves the worker.
 */
import { post } from "./post.js";
import { session } from "./session.js";

/** A Python result as plain JS data (dicts → objects), the proxy destroyed. */
export function plain(value) {
  if (!value || typeof value.toJs !== "function") return value;
  try {
    return value.toJs({ dict_converter: Object.fromEntries });
  } finally {
    value.destroy();
  }
}

export class ReaderError extends Error {} // a ValueError from py_core: its message is for the reader

/** Call a Python callable for plain data; a ValueError becomes a ReaderError in py_core's words. */
export function call(fn, ...args) {
  return plain(raw(fn, ...args));
}

/** Call a Python callable and keep what it returns as it is (e.g. a PyProxy of a new object). */
export function raw(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    if (e && e.type === "ValueError") {
      const last = String(e.message).trim().split("\n").pop();
      throw new ReaderError(last.replace(/^ValueError: /, ""));
    }
    throw e;
  }
}

const METHODS = ["train", "status", "sample", "heatmap", "view", // Live's methods a run calls
  "memory_reach", "set_held_out", "comparison", "save", "surprise", "echo_recall",
  "set_units_passage", "unit_features", "unit_view", "unit_match", // (the last three: "What the units track", units.js)
  "attention_map", "echo_attention", // the attention model's memory view; where it looks on the echo text
  "step_times"]; // the article's step time as T grows

/** One training run: a Live, its bound methods (kept, then destroyed with it), its corpus. */
export class Run {
  constructor(env, text, settings, corpus, live = null) {
    settings = Object.fromEntries(env.modelSettings.filter((k) => k in settings).map((k) => [k, settings[k]]));
    if (live) {
      this.live = live; // resumed from a checkpoint (see `load`)
    } else {
      const values = env.pyodide.toPy(settings);
      try {
        this.live = raw(env.Live, text, values);
      } finally {
        values.destroy();
      }
    }
    this.text = text;
    this.settings = settings;
    this.corpus = corpus;
    this.pinned = new Set(); // milestones already posted
    this.iteration = 0;
    this.diverged = false;
    for (const name of METHODS) this[name] = this.live[name];
    const info = this.live.info;
    this.info = call(info); // {vocab, vocab_size, baseline, corpus_chars, params, hidden, seq, lr, clip, seed}
    info.destroy();
  }

  destroy() {
    this.live.destroy(); // its borrowed method proxies go with it
    if (this.rival) this.rival.destroy();
  }
}

/** A run's heatmap as a snapshot carries it: {heatmap, heatmapError: "" or why there is none}. */
export function heatmapOf(run) {
  try {
    // The attention model's own memory view, on the heatmap's phrase (Live.attention_map).
    const attention = run.info && run.info.cell === "attention" ? call(run.attention_map) : null;
    return { heatmap: call(run.heatmap), heatmapError: "", attention };
  } catch (e) {
    if (!(e instanceof ReaderError)) throw e;
    return { heatmap: null, heatmapError: e.message, attention: null };
  }
}

/** Post `e` as the page's {type: "error"}: fatal when Python broke or no run exists yet. */
export function report(e) {
  const source = e.source || "run";
  if (e && e.pyodide_fatal_error) {
    // Python itself broke (e.g. out of memory): nothing in this worker can run any more.
    post({ type: "error", source: "load", fatal: true, message: `Python stopped working: ${e.message}` });
    return;
  }
  if (!session.run) {
    // Without a first run there is nothing to show: that is a failed load.
    post({ type: "error", source: "load", fatal: true, message: `The first run could not start: ${e.message}` });
    return;
  }
  if (e instanceof ReaderError) post({ type: "error", source, fatal: false, message: e.message });
  else post({ type: "error", source, fatal: false, message: `Something went wrong in the worker: ${e.message}` });
}

/** Run `work()`; an error it throws is tagged with the error message's `source`. */
export function tagged(source, work) {
  try {
    return work();
  } catch (e) {
    e.source = source;
    throw e;
  }
}
