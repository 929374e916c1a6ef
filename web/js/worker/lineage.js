/**
 * @fileoverview The lineage, the worker's side: the four models of the seed's story (LINEAGE:
 * the fixed window, the RNN, the LSTM, attention) trained on the run's text, with its seed and
 * settings, in lockstep: each chunk trains every model the same number of steps, so their
 * iterations are always equal. Sizes: the fixed window, the RNN and attention take the run's
 * hidden size H; the LSTM takes the H that gives it about as many weights as an RNN of that H
 * (py_core.live.rival_hidden, 30 beside 64), as in compare mode and docs/lineage.md.
 *
 * It is a bounded job, like a skip: {type: "lineage", to} trains all four to iteration `to`
 * (building them first if there are none yet, or the run's text or settings changed), and any
 * training of the run itself (Train, Step, Skip) pauses it first: one worker, one loop at a time.
 * It posts {type: "lineage", ...} (../shared/protocol.js) after every chunk, with samples about
 * once a second and at the end.
 */
import { LINEAGE } from "../shared/models.js";
import { call, Run } from "./bridge.js";
import { post } from "./post.js";
import { session } from "./session.js";

const CHUNK_MS = 40; // one chunk of all four models
const SAMPLE_MS = 1000; // samples at most this often while training (and always at the end)
export const LINEAGE_MAX = 50_000; // the furthest `to` may aim

let job = null; // {runs: [Run], key, to, training, sampledAt, corpus}
let loop = 0; // bumped whenever the job stops or restarts, so stale ticks do nothing

const channel = new MessageChannel();
channel.port1.onmessage = (event) => tick(event.data);

/** What the lineage is built from: a new run text or new settings need new models. */
const keyOf = (run) => JSON.stringify([run.text.length, run.text.slice(0, 200), run.settings]);

function build(env, run) {
  destroy();
  const { settings } = run;
  const V = run.info.vocab_size;
  const runs = [];
  try {
    for (const cell of LINEAGE) {
      const hidden = cell === "lstm"
        ? call(env.matchedHidden, V, "rnn", settings.hidden, "lstm", settings.window ?? null, settings.context ?? null)
        : settings.hidden;
      runs.push(new Run(env, run.text, { ...settings, cell, hidden }, run.corpus));
    }
  } catch (e) {
    runs.forEach((r) => r.destroy());
    throw e;
  }
  const corpus = run.corpus.echo ? "echo" : run.corpus.custom ? "own" : "sonnets";
  job = { runs, key: keyOf(run), to: 0, training: false, sampledAt: -Infinity, corpus, baseline: run.info.baseline };
  post(report(true));
}

/** Forget the four models (a new text, or the worker's run replaced by a loaded one). */
export function destroy() {
  if (!job) return;
  loop += 1;
  job.runs.forEach((r) => r.destroy());
  job = null;
}

/** Train all four to iteration `to` (built on the run's text and settings if need be). */
export function startLineage(env, to) {
  const { run } = session;
  if (!run) return;
  const target = Math.floor(Number(to));
  if (!job || job.key !== keyOf(run)) build(env, run);
  if (!(target > job.runs[0].iteration) || target > LINEAGE_MAX || job.runs.some((r) => r.diverged)) return;
  job.to = target;
  job.training = true;
  loop += 1;
  post(report(false));
  channel.port2.postMessage(loop);
}

/** Stop where it is (its models are kept: the next `startLineage` goes on from here). */
export function pauseLineage() {
  if (!job || !job.training) return;
  job.training = false;
  loop += 1;
  post(report(false, [], true));
}

function tick(id) {
  if (id !== loop || !job || !job.training) return;
  if (session.training) return pauseLineage(); // the run itself trains: it has the worker
  const { runs } = job;
  const msPerStep = runs.reduce((sum, r) => sum + (r.msPerStep || 0), 0);
  const left = job.to - runs[0].iteration;
  const steps = Math.max(1, Math.min(left, msPerStep > 0 ? Math.floor(CHUNK_MS / msPerStep) : 5));
  const trained = runs.map((r) => {
    const out = call(r.train, steps, Number.MAX_VALUE);
    r.iteration = out.iteration;
    r.diverged = out.diverged;
    if (out.steps > 0) r.msPerStep = out.ms_per_step;
    return out;
  });
  const done = runs[0].iteration >= job.to || runs.some((r) => r.diverged);
  if (done) job.training = false;
  post(report(false, trained, done));
  if (!done) channel.port2.postMessage(id);
}

/**
 * The {type: "lineage"} message: `fresh` on a new set of models (the page starts its chart again);
 * `trained`, each model's Live.train result of this chunk; samples when due or `final`.
 */
function report(fresh, trained = [], final = false) {
  const now = performance.now();
  const sampled = final || fresh || now - job.sampledAt >= SAMPLE_MS;
  if (sampled) job.sampledAt = now;
  const models = job.runs.map((r, i) => {
    const status = call(r.status);
    const out = trained[i];
    return {
      cell: r.info.cell, params: r.info.params, hidden: r.info.hidden, iteration: r.iteration,
      reach: r.info.cell === "window" ? r.info.window : r.info.cell === "attention" ? r.info.context : null,
      smoothLoss: status.smooth_loss, diverged: r.diverged, msPerStep: r.msPerStep || null,
      first: out ? out.first : r.iteration, smoothLosses: out ? out.smooth_losses : [],
      ...(sampled ? { sample: call(r.sample) } : {}),
    };
  });
  return {
    type: "lineage", fresh, training: job.training, iteration: job.runs[0].iteration, to: job.to,
    corpus: job.corpus, baseline: job.baseline, seq: job.runs[0].info.seq, models,
  };
}
