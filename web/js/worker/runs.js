/**
 * @fileoverview Runs: building a new one (from a text and settings, or resumed from a checkpoint),
 * replacing the old one only once the new one exists (a refused corpus changes nothing), and the
 * heatmap's view (phrase, units, temperature), which outlives a run. Posts {type: "run"} and
 * {type: "view"}, then the new run's first snapshot and figures.
 */
import { MILESTONES } from "../shared/protocol.js";
import { call, raw, ReaderError, Run } from "./bridge.js";
import { stopLoop } from "./loop.js";
import { mark } from "./marks.js";
import * as pair from "./pair.js";
import { post } from "./post.js";
import { session } from "./session.js";
import { figures, snapshot, surpriseLine, unitsCard } from "./snapshot.js";

const DEFAULT_UNITS = [0, 1, 2, 3]; // as py_core.live.DEFAULT_UNITS, trimmed for tiny networks
const PHRASE_LENGTH = 15; // a new corpus's heatmap phrase: about this long, like "shall i compare"

/**
 * Build a new run; only once it exists does the old one go (a refused corpus changes nothing).
 * The heatmap keeps the reader's phrase on a Reset; a new corpus starts with its own first words
 * (the sonnets with "shall i compare").
 */
export function start(env, text, settings, corpus, samePhrase, resumed = null) {
  mark("run-start"); // (the first run's marks only: mark ignores repeats)
  const next = resumed || new Run(env, text, settings, corpus);
  if (resumed) ({ text, corpus } = resumed);
  if (resumed) session.compare = false; // a loaded model trains alone (the page hears it: no rival)
  // Compare mode: the rival, same text and seed, another model (a loaded model runs alone).
  if (session.compare) {
    try {
      const matched = (...args) => call(env.matchedHidden, ...args); // (V, cell, H, rival, window, context)
      const settings = pair.rivalSettings(next.settings, next.info.vocab_size, matched, session.rival);
      next.rival = new Run(env, next.text, settings, corpus);
    } catch (e) {
      next.destroy();
      throw e;
    }
  }
  if (session.training) stopLoop();
  if (session.run) session.run.destroy();
  const run = next;
  session.run = run;
  if (!corpus || !corpus.chars) {
    run.corpus = { custom: false, echo: !!(corpus && corpus.echo), chars: run.info.corpus_chars, symbols: run.info.vocab_size };
  }
  const from = resumed ? { resumed: { iteration: run.iteration, smoothLoss: run.smoothLoss } } : {};
  // The reader's own text goes back with the run: a Retry after this worker is lost starts on it again.
  const own = run.corpus.custom ? { text: run.text } : {};
  const rival = run.rival ? run.rival.info : null;
  post({ type: "run", info: run.info, corpus: run.corpus, modelSettings: env.modelSettings, rival, ...own, ...from });
  // Carry the units over, without those this network doesn't have.
  const H = run.info.hidden;
  let units = (session.view.units || DEFAULT_UNITS).filter((u) => u < H);
  if (!units.length) units = DEFAULT_UNITS.filter((u) => u < H);
  const opening = text.slice(0, 400); // py_core normalises it and keeps the first 40 symbols
  const ownWords = corpus && (corpus.custom || corpus.echo); // not the sonnets: its own first words
  const phrases = samePhrase ? [session.view.phrase, null, opening] : ownWords ? [opening, null] : [null, opening];
  for (const phrase of phrases) {
    try {
      let chosen = applyView(env, { phrase, units, temperature: session.view.temperature });
      if (phrase === opening && run.corpus.echo) {
        chosen = applyView(env, { phrase: text.split("\n")[0] }); // a key, the filler, the key again
      } else if (phrase === opening && chosen.phrase.length > PHRASE_LENGTH) {
        chosen = applyView(env, { phrase: firstWords(chosen.phrase) });
      }
      session.view.phrase = chosen.phrase; // (not the units: a small network's trimmed list is not a choice)
      call(run.heatmap); // the default phrase may hold a symbol this corpus lacks
      break;
    } catch (e) {
      if (!(e instanceof ReaderError)) throw e;
    }
  }
  mark("run-view");
  surpriseLine.newRun(run);
  mark("run-surprise");
  snapshot(true);
  mark("run-snapshot");
  figures.newRun(run);
  mark("run-figures");
  unitsCard.newRun(run);
}

/** A Run resumed from checkpoint JSON (Live.load); a ReaderError if the file is unusable. */
export function resume(env, json) {
  const load = env.Live.load;
  let live;
  try {
    live = raw(load, json);
  } finally {
    load.destroy();
  }
  try {
    const trainer = live.trainer;
    const text = trainer.text; // the saved corpus, normalised
    trainer.destroy();
    const resumed = new Run(env, text, {}, null, live);
    resumed.settings = Object.fromEntries(env.modelSettings.map((k) => [k, resumed.info[k]]));
    const status = call(resumed.status);
    resumed.iteration = status.iteration;
    resumed.smoothLoss = status.smooth_loss;
    resumed.pinned = new Set(MILESTONES.filter((m) => m <= status.iteration)); // from before the save
    resumed.corpus = text === env.sonnets ? null
      : { custom: true, saved: true, chars: text.length, original: text.length, dropped: 0, symbols: resumed.info.vocab_size };
    return resumed;
  } catch (e) {
    live.destroy();
    throw e;
  }
}

/** The first words of `phrase`, about as long as the default heatmap phrase. */
function firstWords(phrase) {
  const cut = phrase.slice(0, PHRASE_LENGTH + 1).replace(/\s+\S*$/, "");
  return cut || phrase.slice(0, PHRASE_LENGTH);
}

/** Compare mode: show `units` in the rival's heatmap (its phrase and temperature stay the run's). */
export function viewRival(env, units) {
  const pyUnits = env.pyodide.toPy(units);
  try {
    call(session.run.rival.view, null, pyUnits, null);
  } finally {
    pyUnits.destroy();
  }
}

/** Apply heatmap phrase, units and temperature (nulls keep the current ones); post the result. */
export function applyView(env, { phrase = null, units = null, temperature = null }) {
  const pyUnits = units === null ? null : env.pyodide.toPy(units);
  try {
    const run = session.run;
    const chosen = call(run.view, phrase, pyUnits, temperature);
    if (run.rival) pair.viewRival(env, call, run.rival, chosen);
    post({ type: "view", ...chosen });
    return chosen;
  } finally {
    if (pyUnits) pyUnits.destroy();
  }
}
