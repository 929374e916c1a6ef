/**
 * @fileoverview What the panel shows besides the loss curve, from the worker: the snapshot (loss,
 * sample, heatmap, the surprise line, the rival's part in compare mode), milestones pinned on the
 * timeline, and the article's live figures. While training fast a snapshot is due at most every
 * SNAPSHOT_MS and at most SNAPSHOT_SHARE of the worker's time; the figures pace themselves
 * (figures.js).
 */
import { MILESTONES } from "../shared/protocol.js";
import { call, heatmapOf, ReaderError } from "./bridge.js";
import { Figures } from "./figures.js";
import { heldOut } from "./load.js";
import * as pair from "./pair.js";
import { post } from "./post.js";
import { session } from "./session.js";
import { SurpriseLine } from "./surprise.js";
import { Units } from "./units.js";

const SNAPSHOT_MS = 250; // while training fast, at most one sample + heatmap this often (~3.5 ms each)
const SNAPSHOT_SHARE = 0.01; // ... and at most this share of the worker's time (a slow or busy machine)

let nextSnapshot = 0; // performance.now() after which a sample + heatmap is due while training fast
let snapshotMs = 0; // what the last snapshot cost

export const figures = new Figures({ post, call, ReaderError, heldOut, training: () => session.training }); // the article's live figures
export const surpriseLine = new SurpriseLine({ call, ReaderError }); // the line "What it expected" reads
export const unitsCard = new Units({ post, call, ReaderError, heldOut, training: () => session.training }); // "What the units track"

/** Training starts at `now`: no snapshot is due until its share of the training time is earned. */
export function trainingStarts(now) {
  nextSnapshot = Math.max(nextSnapshot, now + Math.max(SNAPSHOT_MS, snapshotMs / SNAPSHOT_SHARE));
  figures.trainingStarts(now);
  unitsCard.trainingStarts(now);
}

/** A snapshot is due while training fast. */
export const snapshotDue = () => performance.now() >= nextSnapshot;

/** Post the sample and heatmap if `force`d or a milestone is due; a milestone pins that sample. */
export function snapshot(force) {
  const run = session.run;
  if (!force && !(MILESTONES.includes(run.iteration) && !run.pinned.has(run.iteration))) return;
  const started = performance.now();
  const status = call(run.status);
  const sample = call(run.sample);
  const rival = run.rival ? pair.rivalSnapshot(call, run.rival) : null;
  post({ type: "snapshot", iteration: status.iteration, smoothLoss: status.smooth_loss, sample, ...heatmapOf(run),
    ...surpriseLine.read(run), rival });
  snapshotMs = performance.now() - started;
  nextSnapshot = started + Math.max(SNAPSHOT_MS, snapshotMs / SNAPSHOT_SHARE);
  if (MILESTONES.includes(status.iteration) && !run.pinned.has(status.iteration)) {
    run.pinned.add(status.iteration);
    post({ type: "milestone", iteration: status.iteration, sample });
  }
}
