/**
 * @fileoverview The training loop: chunks of ~CHUNK_MS, so a Pause, Step or Reset (read between
 * two chunks) is answered within a frame; paced for the slower speeds; a skip-ahead in longer
 * chunks with snapshots only at milestones. Each chunk posts {type: "progress"}; starting and
 * stopping post {type: "training"}. It also keeps `times`, where the worker's time went since
 * training last started ("debug-times").
 */
import { DRAW_EVERY_STEP, MILESTONES } from "../shared/protocol.js";
import { call, report } from "./bridge.js";
import * as pair from "./pair.js";
import { post } from "./post.js";
import { session } from "./session.js";
import { figures, snapshot, snapshotDue, trainingStarts, unitsCard } from "./snapshot.js";

const CHUNK_MS = 30; // the time slice of one training chunk
const MAX_CHUNK_STEPS = 100_000; // a chunk's step cap; the time budget ends it long before
const SKIP_CHUNK_MS = 200; // skipping ahead: longer chunks, no sample or heatmap between milestones
export const SKIP_MAX = 10_000_000; // the furthest a skip may aim (the `steps` setting's maximum)

let speed = "max"; // one of the `speed` setting's choices: steps per second, or "max"
let loop = 0; // bumped whenever the loop stops or restarts, so stale ticks do nothing
let pace = { since: 0, done: 0 }; // steps done since `since` (for the slower speeds)
let skipTo = null; // skipping ahead to this iteration (full speed, few snapshots), or null
// Where the worker's time went since training last started, in ms: the calls to train (trainMs;
// pythonMs of it inside Live.train), snapshots, the article's figures; the rest of wallMs is the
// loop's own (messages, the yield between chunks).
let times = null;

const channel = new MessageChannel(); // a zero-delay yield (setTimeout(0) is clamped to 4 ms)
channel.port1.onmessage = (event) => tick(event.data);

function schedule(delay) {
  const id = loop;
  if (delay <= 0) channel.port2.postMessage(id);
  else setTimeout(() => tick(id), delay);
}

/** Train at the current speed (or to `to`, at full speed) until stopped. */
export function startLoop(to = null) {
  skipTo = to;
  session.training = true;
  loop += 1;
  const now = performance.now();
  pace = { since: now, done: 0 };
  times = { start: now, end: null, trainMs: 0, pythonMs: 0, snapshotMs: 0, figuresMs: 0, unitsMs: 0, unitsUpdates: 0, chunks: 0, steps: 0 };
  trainingStarts(now); // nothing extra is due until its share of the training time has been earned
  post({ type: "training", on: true, skip: skipTo });
  schedule(0);
}

export function stopLoop() {
  session.training = false;
  skipTo = null;
  loop += 1;
  if (times) times.end = performance.now();
  post({ type: "training", on: false });
}

/** A new speed applies at once. */
export function setSpeed(value) {
  speed = String(value);
  pace = { since: performance.now(), done: 0 };
}

/** {wallMs, trainMs, pythonMs, snapshotMs, figuresMs, unitsMs, unitsUpdates, chunks, steps} since training last started. */
export function debugTimes() {
  const wallMs = times ? (times.end ?? performance.now()) - times.start : 0;
  const { start, end, ...spent } = times || {};
  return { wallMs, ...spent };
}

/** Time `work()` into times[key] while training. */
function timed(key, work) {
  const start = performance.now();
  try {
    return work();
  } finally {
    if (times && session.training) times[key] += performance.now() - start;
  }
}

function tick(id) {
  if (id !== loop || !session.training || !session.run) return;
  try {
    trainSlice();
  } catch (e) {
    stopLoop();
    report(e);
  }
}

/** One slice of the training loop, then the next one scheduled. */
function trainSlice() {
  if (skipTo !== null) return skipSlice();
  const run = session.run;
  const now = performance.now();
  let steps = MAX_CHUNK_STEPS;
  const perSecond = Number(speed); // NaN for "max"
  if (perSecond > 0) {
    steps = Math.floor(((now - pace.since) * perSecond) / 1000) + 1 - pace.done; // due by now
    if (steps <= 0) return schedule(pace.since + (pace.done * 1000) / perSecond - now);
    steps = Math.min(steps, Math.ceil(perSecond / 10));
  }
  const progress = chunk(steps, CHUNK_MS);
  if (progress.diverged) {
    stopLoop();
    snapshot(true);
    return;
  }
  const slow = perSecond <= DRAW_EVERY_STEP;
  timed("snapshotMs", () => snapshot(slow || snapshotDue()));
  timed("figuresMs", () => figures.update(run, false));
  if (timed("unitsMs", () => unitsCard.update(run, false)) && times) times.unitsUpdates += 1;
  if (!(perSecond > 0)) return schedule(0);
  pace.done += progress.steps;
  if (progress.steps < progress.asked) pace = { since: performance.now(), done: 0 }; // can't keep up: no burst
  schedule(pace.since + (pace.done * 1000) / perSecond - performance.now());
}

/** Skip ahead: full speed, long chunks, a sample only at milestones; at the target, show it all. */
function skipSlice() {
  const run = session.run;
  const progress = chunk(skipTo - run.iteration, SKIP_CHUNK_MS);
  timed("snapshotMs", () => snapshot(false)); // a milestone still pins its sample
  if (!progress.diverged && run.iteration < skipTo) return schedule(0);
  stopLoop();
  snapshot(true);
  figures.update(run, true);
  unitsCard.update(run, true);
}

/** Train up to `steps` iterations within `budgetMs`, never past the next milestone; post it. */
export function chunk(steps, budgetMs) {
  const run = session.run;
  const next = MILESTONES.find((m) => m > run.iteration);
  if (next !== undefined) steps = Math.min(steps, next - run.iteration);
  // In compare mode the run gets its share of the budget, then the rival trains as many steps.
  const share = run.rival ? pair.budgetShare(run.msPerStep, run.rival.msPerStep) : 1;
  const r = timed("trainMs", () => call(run.train, steps, budgetMs * share));
  if (times && session.training) Object.assign(times, { pythonMs: times.pythonMs + r.elapsed_ms, chunks: times.chunks + 1, steps: times.steps + r.steps });
  r.asked = steps;
  run.msPerStep = r.ms_per_step;
  const rival = run.rival ? timed("trainMs", () => pair.trainRival(call, run.rival, r.steps)) : null;
  run.iteration = r.iteration;
  run.diverged = r.diverged || !!(rival && rival.diverged);
  post({
    type: "progress", first: r.first, smoothLosses: r.smooth_losses, steps: r.steps,
    iteration: r.iteration, smoothLoss: r.smooth_loss, msPerStep: r.ms_per_step, diverged: run.diverged, rival,
  });
  r.diverged = run.diverged;
  return r; // (a divergence is in the progress report: the page explains it)
}
