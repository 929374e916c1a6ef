/**
 * @fileoverview The worker protocol, imported by both sides: every message between the page
 * (page/main.js) and the training worker (worker/worker.js) is a plain object `{type, ...}`.
 * Nothing else crosses. Errors come back as data (`{type: "error"}`), never as exceptions, and
 * the worker handles messages strictly in the order they arrive.
 *
 * Page → worker
 *   {type: "reset", settings}          new run on the current corpus; settings: the page's values by
 *                                      name (the worker keeps those py_core.live.MODEL_SETTINGS names)
 *   {type: "corpus", text, settings}   new run on the reader's text; if it is refused the old run goes on
 *   {type: "sonnets", settings}        new run on the default corpus again
 *   {type: "echo", settings}           new run on the echo text (py_core.echo: needs memory; ?text=echo)
 *   {type: "compare", on, settings, rival}
 *                                      compare mode on or off (?compare=1): from then on every run has
 *                                      a rival, model `rival` (?rival=; absent or the run's own: the
 *                                      LSTM beside the RNN, the RNN beside any other) with about as
 *                                      many weights, trained in lockstep (worker/pair.js); a change
 *                                      of either starts a new run on
 *                                      the same text (sent before the first run, it only sets the mode)
 *   {type: "train"}                    train at the current speed until "pause" (or divergence)
 *   {type: "pause"}
 *   {type: "step"}                     exactly one iteration (pauses first if training)
 *   {type: "speed", speed}             one of the `speed` setting's choices; applies at once
 *   {type: "view", phrase?, units?, temperature?, of?}   heatmap phrase and units, sampling temperature;
 *                                      of: "rival" (compare mode) sets the rival's units alone
 *   {type: "skip", to}                 train at full speed to iteration `to`, posting a sample only
 *                                      at milestones; then pause and post everything (Pause stops it)
 *   {type: "step-times"}               time a step of each model at T = 10, 25, 50, 100 → "step-times"
 *                                      (Live.step_times: about a second, training waits for it)
 *   {type: "surprise", text}           the line "What it expected" reads from now on (Live.surprise);
 *                                      if it is refused (error source "surprise") the old line stays
 *   {type: "game", text?, index?}      the guessing game (page/game/): the network plays the reader's `text`,
 *                                      or verse line `index` (any integer, taken modulo their number) of
 *                                      the held-out poem → "game"; refused: error source "game"
 *   {type: "lineage", to?, stop?}     the lineage view (worker/lineage.js): train the four models
 *                                      (fixed window, RNN, LSTM, attention) on the run's text, in lockstep,
 *                                      to iteration `to` (≤ 50,000); stop: pause them; Train, Step and
 *                                      Skip of the run pause them too; refused: error source "lineage"
 *   {type: "figures", on}              whether the page shows the article's live figures ("memory",
 *                                      "comparison"); off in presenter and embed modes
 *   {type: "save", id}                 the run as checkpoint JSON (Live.save) → "checkpoint"
 *   {type: "load", text}               a new run resumed from checkpoint JSON (Live.load); if it is
 *                                      refused (error source "checkpoint") the old run goes on
 *   {type: "units", text?, state?, unit?, select?, threshold?, of?}   the card "What the units track"
 *                                      (worker/units.js): text = the passage (null: the held-out poem),
 *                                      state "h" | "c" (an LSTM's cell), unit (null: the best for the
 *                                      first feature), select = {start, end} in the passage or null,
 *                                      threshold (a unit is "on" above it), of "run" | "rival"; answered
 *                                      with "units" (a refusal: error source "units", nothing changes)
 *   {type: "debug-losses", id, n}      per-iteration losses of a fresh run with the current run's
 *                                      corpus and settings (the CPython parity test's hook)
 *   {type: "debug-memory", id}         the worker's wasm heap size (scripts/bench_browser.py)
 *   {type: "debug-times", id}          where the worker's time went since training last started
 *   {type: "debug-start", id}          when each stage of the worker's start was reached
 *                                      (worker/marks.js; scripts/bench_start.py)
 *
 * Worker → page
 *   {type: "handled", count}           after each page message, answered or ignored: how many it has
 *                                      dealt with so far (the page's watchdog, watchdog.js, knows from
 *                                      it which requests are still unanswered)
 *   {type: "loading", stage, status}   stage ∈ STAGES names; status "start" | "done"
 *   {type: "download", files}          bytes of the big downloads so far, sent only as they arrive
 *                                      (≤ 4/s): files = [{path, received, total, wireReceived,
 *                                      wireTotal, done}] (worker/downloads.js; page/load-progress.js)
 *   {type: "run", info, corpus, modelSettings, rival, text?}   a new run exists (info: Live.info();
 *                                      corpus: its report ({custom, echo?, chars, symbols, ...});
 *                                      rival: the rival's Live.info() in compare mode, else null
 *                                      (a loaded checkpoint trains alone: compare mode ends);
 *                                      modelSettings: the names a run is built from;
 *                                      text: the run's corpus if it is the reader's own (or a loaded
 *                                      checkpoint's), for Retry to start again on;
 *                                      resumed: {iteration, smoothLoss} for a loaded checkpoint)
 *   {type: "progress", first, smoothLosses, steps, iteration, smoothLoss, msPerStep, diverged, rival}
 *                                      after every chunk; smoothLosses[i] is iteration first + i;
 *                                      rival (compare mode, else null): {smoothLosses, smoothLoss,
 *                                      diverged, msPerStep} over the same iterations;
 *                                      diverged: the loss is no longer finite and training has
 *                                      stopped for good (the page explains; Reset starts again)
 *   {type: "snapshot", iteration, smoothLoss, sample, heatmap, heatmapError, surprise, surpriseError, rival}
 *                                      what the panel shows besides the curve (≤ ~7 per second);
 *                                      surprise: Live.surprise() of the current line, {chars, surprise, guesses};
 *                                      attention (the attention model, else null): Live.attention_map() of the
 *                                      heatmap's phrase, {chars, heads: [head][query][key], reach};
 *                                      rival (compare mode, else null): {cell, smoothLoss, sample,
 *                                      heatmap, heatmapError}
 *   {type: "lineage", fresh, training, iteration, to, corpus, baseline, seq, models}   after each lineage
 *                                      chunk (and on start, pause, end); fresh: new models (start the chart
 *                                      again); corpus "sonnets" | "echo" | "own"; models, in LINEAGE order:
 *                                      [{cell, params, hidden, reach (window n, attention span, else null), iteration, smoothLoss, diverged, msPerStep,
 *                                      first, smoothLosses (this chunk's, from iteration first), sample?}]
 *   {type: "surprise", surprise}       the answer to "surprise": the new line, read
 *   {type: "game", iteration, line, reading, rival}   the answer to "game": the weights of `iteration`
 *                                      read the line (worker/game.js); reading: {cell, ...Live.surprise()}
 *                                      ({chars, surprise, guesses, ranks}: ranks[t] = the guesses it needed
 *                                      at t); line: {index, count} of a held-out line, null for the reader's;
 *                                      rival: the same for compare mode's other cell, else null. The
 *                                      reader's guesses never leave the page.
 *   {type: "milestone", iteration, sample}   a pinned sample at an iteration in MILESTONES
 *   {type: "view", phrase, units, temperature}   what the heatmap and sampler now use
 *   {type: "training", on, skip?}      the loop started (true) or stopped (false); skip: the
 *                                      iteration a skip-ahead is heading for, else null
 *   {type: "memory", iteration, reach, rivalReach}   ‖∂h_t/∂h_{t−k}‖ for k = 1…25 (Live.memory_reach):
 *                                      after a new run, Step, Pause, and ≤ 1/s while training;
 *                                      rivalReach: the rival's, measured the same way (or null)
 *   {type: "echo", iteration, recall, attention}   on the echo text, with "memory": recall[cell] =
 *                                      Live.echo_recall() ({nats, baseline, lines}) for the run's cell and
 *                                      the rival's; attention: Live.echo_attention() of the attention model
 *                                      in play (where it looks before the closing key), else null
 *   {type: "step-times", iteration, seqs, steps, rows}   the answer to "step-times": rows[cell] =
 *                                      {ms (median per step at each T), dependent, hidden, params}
 *   {type: "comparison", iteration, held_out_chars, dropped, rnn, ngram} | {type: "comparison", error}
 *                                      the n-gram rival on held-out verse (Live.comparison; dropped:
 *                                      held-out symbols this corpus lacks); ≤ 1 per 5 s while training
 *   {type: "units", iteration, cell, hidden, of, state, custom, chars, features, view, match, answer}
 *                                      "What the units track", with the article's figures (≤ 1/s and ≤ 1% of
 *                                      the worker's time while training): chars = the passage as read;
 *                                      features = Live.unit_features' rows; view = {unit, activations, top}
 *                                      (Live.unit_view); match = {start, end, threshold, units, matches}
 *                                      (Live.unit_match) or null; answer: true when it answers the page's
 *                                      "units"; or {type: "units", error} when the run cannot be read
 *   {type: "checkpoint", id, iteration, json}   the answer to "save"
 *   {type: "error", source, message, fatal}  source: "load" | "corpus" | "settings" | "view" | "run" |
 *                                      "checkpoint" | "surprise" | "units" | "game";
 *                                      fatal: this worker cannot go on (the page offers Retry,
 *                                      which terminates it and starts a new one)
 *   {type: "debug-losses", id, losses, error?}
 *   {type: "debug-memory", id, wasmBytes}
 *   {type: "debug-times", id, times}   times: {wallMs, trainMs, pythonMs, snapshotMs, figuresMs,
 *                                      unitsMs, unitsUpdates, chunks, steps} (worker/loop.js)
 *   {type: "debug-start", id, marks, resources}  marks: {stage: epoch ms}; resources: the worker's
 *                                      fetches [{name, start, end, transferSize, decodedSize}]
 */

/** Ends every loading failure, on either side: what the reader can do, and what the site's owner can. */
export const LOAD_FIX = "Press Retry to try again. If it keeps failing, the site’s files are missing or damaged: " +
  "`python scripts/fetch_assets.py` restores them.";

/** The loading stages, in order, with a rough share of the loading time (for the bar). */
export const STAGES = [
  { name: "corpus", label: "Loading the corpus…", weight: 5 },
  { name: "python", label: "Starting Python…", weight: 55 },
  { name: "numpy", label: "Loading NumPy…", weight: 25 },
  { name: "model", label: "Building the model…", weight: 15 },
];

/** At or below this many iterations per second the worker posts a snapshot after every step; above
 * it the page is "busy" (frame.js) and draws fewer, cheaper frames. */
export const DRAW_EVERY_STEP = 10;

/** Iterations whose sample stays pinned on the timeline: the noise-to-words story. */
export const MILESTONES = [0, 100, 500, 1000, 2000, 5000];
