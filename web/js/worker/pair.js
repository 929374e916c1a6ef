/**
 * @fileoverview Compare mode, the worker's side (loop.js owns the loop). In compare mode every
 * run has a rival: a second `Live` on the same text, with the same seed and settings, but another
 * model — the one the reader chose (session.rival), else the LSTM beside an RNN and the RNN beside
 * any other — whose hidden size gives it about as many weights (py_core.live.rival_hidden: H = 30
 * for the LSTM beside the RNN's 64 at V = 28).
 * Both live in this one worker and train in lockstep: each chunk trains the run, then the rival
 * exactly as many steps, so their iterations are always equal (measured against two workers in
 * scripts/bench_lstm_browser.py; see docs/lstm.md).
 *
 * What crosses to the page (added to the usual messages, see ../shared/protocol.js): `rival` on "run"
 * (its Live.info(), or null), on "progress" ({smoothLosses, smoothLoss, diverged}) and on
 * "snapshot" ({smoothLoss, sample, heatmap}); `rivalReach` on "memory"; and the echo figure
 * {type: "echo", iteration, recall: {rnn?, lstm?, …}, attention} (Live.echo_recall of each model in
 * play; Live.echo_attention of the attention model, if one is in play, else null).
 */

import { heatmapOf } from "./bridge.js";
import { rivalFor } from "../shared/models.js";

/**
 * The rival's settings: the run's, with the rival's model (`chosen`, unless absent or the run's
 * own: shared/models.js rivalFor) and a hidden size that matches the run's weight count.
 * `matched(V, cell, H, rival, window, context)` is Python's answer (see runs.js).
 */
export function rivalSettings(settings, vocabSize, matched, chosen = null) {
  const cell = rivalFor(settings.cell || "rnn", chosen);
  return { ...settings, cell, hidden: matched(vocabSize, settings.cell || "rnn", settings.hidden, cell,
    settings.window ?? null, settings.context ?? null) };
}

/**
 * The run's share of a chunk's time budget, so that the run and then its rival (which trains as
 * many steps) together take about the whole budget: ms per step of each, when known.
 */
export function budgetShare(runMs, rivalMs) {
  return runMs > 0 && rivalMs > 0 ? runMs / (runMs + rivalMs) : 0.5;
}

/** Train the rival exactly `steps` iterations (the run's chunk): the progress report's `rival`. */
export function trainRival(call, rival, steps) {
  const r = call(rival.train, steps, Number.MAX_VALUE);
  rival.iteration = r.iteration;
  rival.diverged = r.diverged;
  if (r.steps > 0) rival.msPerStep = r.ms_per_step;
  return { smoothLosses: r.smooth_losses, smoothLoss: r.smooth_loss, diverged: r.diverged, msPerStep: r.ms_per_step };
}

/** The rival's part of a snapshot: its loss, sample and heatmap (or heatmapError). */
export function rivalSnapshot(call, rival) {
  const status = call(rival.status);
  return { cell: rival.info.cell, smoothLoss: status.smooth_loss, sample: call(rival.sample), ...heatmapOf(rival) };
}

/**
 * Give the rival the run's heatmap phrase and temperature, and the run's units where it has them
 * (a smaller network keeps those below its size, or its first four).
 */
export function viewRival(env, call, rival, chosen) {
  const H = rival.info.hidden;
  let units = chosen.units.filter((u) => u < H);
  if (!units.length) units = [0, 1, 2, 3].filter((u) => u < H);
  const pyUnits = env.pyodide.toPy(units);
  try {
    call(rival.view, chosen.phrase, pyUnits, chosen.temperature);
  } finally {
    pyUnits.destroy();
  }
}

/** Live.echo_attention of the attention model in play (the run or its rival), else null. */
export function echoAttention(call, run) {
  const net = [run, run.rival].find((n) => n && n.info.cell === "attention");
  return net ? call(net.echo_attention) : null;
}

/** Live.echo_recall for the run and its rival, keyed by cell. */
export function echoRecall(call, run) {
  const recall = { [run.info.cell]: call(run.echo_recall) };
  if (run.rival) recall[run.rival.info.cell] = call(run.rival.echo_recall);
  return recall;
}
