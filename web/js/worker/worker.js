/**
 * @fileoverview The training worker's entry (a module Web Worker) and its message table. Loading
 * starts the moment load.js is evaluated; then one `py_core.live.Live` runs in time-sliced chunks
 * (loop.js), so a Pause, Step or Reset is read between two chunks and answered within a frame.
 * Messages are handled strictly in the order they arrive, each after the load has finished; every
 * one is acknowledged with {type: "handled", count} (the page's watchdog counts on it). The
 * message list is in ../shared/protocol.js; Python never runs on the page's thread and no PyProxy
 * ever leaves the worker.
 *
 *   worker.js    this table            load.js     Pyodide, NumPy, py_core, the corpus
 *   bridge.js    calls into Python     runs.js     a new run, a resumed one, the heatmap's view
 *   loop.js      training, pacing      snapshot.js what the panel shows, milestones, figures
 *   lineage.js   the four models of the lineage view, trained in lockstep beside the run
 */
import { call, report, Run, tagged } from "./bridge.js";
import { ready } from "./load.js";
import { startMarks } from "./marks.js";
import { chunk, debugTimes, setSpeed, SKIP_MAX, startLoop, stopLoop } from "./loop.js";
import { post } from "./post.js";
import { applyView, resume, start, viewRival } from "./runs.js";
import { session } from "./session.js";
import { figures, snapshot, surpriseLine, unitsCard } from "./snapshot.js";
import { playLine } from "./game.js";
import { LINEAGE, rivalFor } from "../shared/models.js";
import { pauseLineage, startLineage } from "./lineage.js";

let queue = Promise.resolve();
let handled = 0; // messages dealt with so far: the page's watchdog counts its requests against it

self.onmessage = (event) => {
  const message = event.data;
  queue = queue.then(() => handle(message)).catch(report)
    .finally(() => post({ type: "handled", count: ++handled }));
};

async function handle(message) {
  let env;
  try {
    env = await ready;
  } catch {
    return; // the load error has been posted once already
  }
  const handler = HANDLERS[message && message.type];
  if (handler) await handler(env, message); // (an async one, "game", holds the queue until it is done)
}

/** Page → worker, one handler per message type; anything else is acknowledged and ignored. */
const HANDLERS = {
  reset(env, { settings }) {
    const { run } = session;
    tagged("settings", () => start(env, run ? run.text : env.sonnets, settings, run ? run.corpus : null, true));
  },
  sonnets(env, { settings }) {
    tagged("settings", () => start(env, env.sonnets, settings, null, false));
  },
  echo(env, { settings }) {
    session.echoText ??= call(env.echoText);
    tagged("settings", () => start(env, session.echoText, settings, { custom: false, echo: true }, false));
  },
  compare(env, { on, settings, rival }) {
    session.compare = !!on;
    session.rival = LINEAGE.includes(rival) ? rival : null; // (the page checked it: anything else is the default)
    const { run } = session;
    // Both start from iteration 0 (a new pair, another rival, or the run alone again), on the same text.
    const want = session.compare ? rivalFor(run ? run.info.cell : "rnn", session.rival) : null;
    const has = run && run.rival ? run.rival.info.cell : null;
    if (run && has !== want) tagged("settings", () => start(env, run.text, settings, run.corpus, true));
  },
  corpus(env, { text, settings }) {
    tagged("corpus", () => {
      const report = call(env.corpusReport, String(text));
      start(env, String(text), settings, { custom: true, ...report }, false);
    });
  },
  train() {
    const { run } = session;
    pauseLineage(); // (one loop at a time: the run's own training comes first)
    if (run && !run.diverged && !session.training) startLoop();
  },
  pause() {
    const { run } = session;
    if (session.training) stopLoop();
    if (run) snapshot(true);
    if (run) figures.update(run, true);
    if (run) unitsCard.update(run, true);
  },
  step() {
    const { run } = session;
    if (!run) return;
    pauseLineage();
    if (session.training) stopLoop();
    if (!run.diverged) chunk(1, Number.MAX_VALUE);
    snapshot(true);
    figures.update(run, true);
    unitsCard.update(run, true);
  },
  skip(env, { to }) {
    const { run } = session;
    const target = Math.floor(Number(to));
    if (!run || run.diverged || !(target > run.iteration) || target > SKIP_MAX) return;
    pauseLineage();
    if (session.training) stopLoop();
    startLoop(target);
  },
  lineage(env, { to, stop }) {
    if (stop) return pauseLineage();
    if (session.training) stopLoop(); // the lineage takes the worker while it trains
    tagged("lineage", () => startLineage(env, to));
  },
  figures(env, { on }) {
    figures.enable(session.run, !!on);
    unitsCard.enable(session.run, !!on);
  },
  units(env, changes) {
    const { run } = session;
    if (run) tagged("units", () => unitsCard.set(run, changes));
  },
  save(env, { id }) {
    const { run } = session;
    if (!run) return;
    tagged("checkpoint", () => post({ type: "checkpoint", id, iteration: run.iteration, json: call(run.save) }));
  },
  load(env, { text }) {
    tagged("checkpoint", () => start(env, null, null, null, true, resume(env, String(text))));
  },
  speed(env, message) {
    setSpeed(message.speed);
  },
  "step-times"(env) {
    const { run } = session;
    if (run) tagged("step-times", () => post({ type: "step-times", iteration: run.iteration, ...call(run.step_times) }));
  },
  surprise(env, { text }) {
    const { run } = session;
    if (run) tagged("surprise", () => post({ type: "surprise", surprise: surpriseLine.set(run, text) }));
  },
  async game(env, message) {
    if (!session.run) return;
    try {
      post(await playLine(call, session.run, message)); // (nothing else runs while it waits: see `handle`)
    } catch (e) {
      e.source = "game";
      throw e;
    }
  },
  view(env, { phrase, units, temperature, of }) {
    tagged("view", () => {
      if (!session.run) return;
      if (of === "rival" && session.run.rival && units) {
        // Compare mode: units for the rival's heatmap alone ("What the units track" follows it).
        viewRival(env, units);
        snapshot(true);
        return;
      }
      const chosen = applyView(env, { phrase, units, temperature });
      Object.assign(session.view, chosen);
      snapshot(true);
    });
  },
  "debug-losses"(env, { id, n }) {
    const { run } = session;
    if (!run) return post({ type: "debug-losses", id, losses: [], error: "No run yet." });
    const count = Math.max(1, Math.min(1000, Math.floor(Number(n)) || 1));
    const probe = new Run(env, run.text, run.settings, null);
    const losses = [];
    try {
      for (let i = 0; i < count; i++) losses.push(call(probe.train, 1, Number.MAX_VALUE).loss);
    } finally {
      probe.destroy();
    }
    post({ type: "debug-losses", id, losses });
  },
  "debug-times"(env, { id }) {
    post({ type: "debug-times", id, times: debugTimes() });
  },
  "debug-start"(env, { id }) {
    post({ type: "debug-start", id, ...startMarks() });
  },
  "debug-memory"(env, { id }) {
    // The wasm heap is where Python and NumPy live; it only ever grows, so it shows leaks.
    post({ type: "debug-memory", id, wasmBytes: env.pyodide._module.HEAP8.buffer.byteLength });
  },
};
