/**
 * @fileoverview Compare mode, the page's side (?compare=1, or the panel's "Compare with an LSTM"
 * button): an RNN and an LSTM train in lockstep on the same text with the same seed, the LSTM's
 * hidden size chosen so that its weight count is closest to the RNN's (the worker's part is
 * worker/pair.js). The panel then shows a card (data-testid="compare") with both smoothed
 * losses (loss-rnn, loss-lstm) and both samples (sample-rnn, sample-lstm) and a sentence saying
 * what is compared; one loss chart with both curves; the heatmap switchable between the two; and
 * the article's memory-reach plot with both curves. The iteration is shared.
 *
 * The worker's run is "the run" (the cell of the `cell` setting) and the other is "the rival":
 * everything else on the page (timeline, n-gram comparison, Save) follows the run.
 */
import { state, setState } from "../state.js";
import { onFrame } from "../frame.js";
import { chart } from "../render.js";
import { defaultRival, isRecurrent, modelName, theModel } from "../../shared/models.js";

const $ = (id) => document.getElementById(id);
const count = (n) => n.toLocaleString("en-US");
export const cellOf = (info) => (info && info.cell) || "rnn"; // a run from before cells existed is an RNN
export const cellName = modelName; // "RNN", "LSTM", "Fixed window", "Attention" (shared/models.js)
/** How a cell's curves are drawn, whichever is the run: the RNN solid green, the LSTM dashed orange. */
export const lineStyle = (cell) => ({ name: cellName(cell), colour: cell === "lstm" ? "--chart-line-2" : "--chart-line", dash: cell === "lstm" ? [7, 4] : null });

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** What the two runs share and how they differ, in words, from their Live.info(). */
export function whatIsCompared(run, rival, corpus) {
  // In the order of their history (the RNN before the LSTM), whichever is the run.
  const order = ["rnn", "lstm", "window", "attention"];
  const [a, b] = order.indexOf(cellOf(run)) <= order.indexOf(cellOf(rival)) ? [run, rival] : [rival, run];
  const text = corpus && corpus.custom ? "your text" : corpus && corpus.echo ? "the echo text" : "the sonnets";
  return `Same text (${text}), seed ${run.seed}, learning rate ${run.lr}, clip ±${run.clip} and ` +
    `${run.seq} characters per step; one step each in turn. Sizes matched by weight count, every ` +
    `weight and bias counted once: ${count(a.params)} in ${theModel(cellOf(a))}, ${count(b.params)} in ${theModel(cellOf(b))}.`;
}

export function install({ send }) {
  const toggle = $("compare-toggle");
  toggle.addEventListener("click", () => {
    // Both start again from iteration 0, so that they stay in lockstep: the worker says when.
    send({ type: "compare", on: !state.compare, settings: { ...state.settings } });
    setState({ compare: !state.compare });
  });
  for (const radio of document.querySelectorAll('input[name="heatmap-of"]')) {
    radio.addEventListener("change", () => {
      if (!radio.checked || !state.rival) return;
      const heatmapOf = radio.value === cellOf(state.rival) ? "rival" : "run";
      const shown = heatmapOf === "rival" ? state.rivalHeatmap : state.runHeatmap;
      setState({ heatmapOf, ...(shown ? { heatmap: shown } : {}) });
    });
  }

  onFrame(draw);

  return {
    run({ info, rival }) {
      if (rival) chart.compare(lineStyle(cellOf(info)), lineStyle(cellOf(rival)));
      setState({
        compare: !!rival, rival, rivalLoss: rival ? rival.baseline : null, rivalSample: "", rivalHeatmap: null,
        runHeatmap: null, memoryRival: null, heatmapOf: state.rival && rival ? state.heatmapOf : "run",
      });
    },
    progress({ first, rival }) {
      if (!rival || !state.rival) return;
      chart.addRivalPoints(first, rival.smoothLosses);
      setState({ rivalLoss: rival.smoothLoss });
    },
    snapshot({ heatmap, heatmapError, rival }) {
      if (!rival) {
        setState({ runHeatmap: heatmap });
        return;
      }
      const showRival = state.heatmapOf === "rival";
      setState({
        runHeatmap: heatmap, rivalHeatmap: rival.heatmap, rivalSample: rival.sample, rivalLoss: rival.smoothLoss,
        ...(showRival ? { heatmap: rival.heatmap || state.heatmap, heatmapError: rival.heatmapError } : { heatmapError }),
      });
    },
    memory({ iteration, rivalReach }) {
      setState({ memoryRival: rivalReach ? { iteration, reach: rivalReach } : null });
    },
  };
}

function draw(s) {
  const on = !!(s.rival && s.run);
  document.documentElement.dataset.compare = on ? "1" : "0";
  $("cell-note").hidden = cellOf(s.run) !== "lstm"; // the article's RNN equations, for an LSTM run
  $("window-note").hidden = cellOf(s.run) !== "window"; // ... and for the models without recurrence
  $("attention-note").hidden = cellOf(s.run) !== "attention";
  const rivalName = modelName(defaultRival(cellOf(s.run)));
  setText($("compare-toggle"), s.compare ? "Stop comparing" : `Compare with an ${rivalName}`);
  $("compare-toggle").classList.toggle("is-on", !!s.compare);
  // The compare panel is built for the RNN and the LSTM: a window or attention run trains alone.
  $("compare-toggle").disabled = !s.run || s.fatal || !isRecurrent(cellOf(s.run));
  $("compare").hidden = !on;
  $("heatmap-switch").hidden = !on;
  $("decay-legend").hidden = on;
  $("decay-legend-compare").hidden = !on;
  $("decay-note-compare").hidden = !on;
  const runCell = cellOf(s.run);
  setText($("timeline-help"), on ? `What the ${cellName(runCell)} wrote at these iterations of this run.`
    : "What it wrote at these iterations of this run.");
  if (!on) return;
  const byCell = {
    [runCell]: { info: s.run, loss: s.smoothLoss, sample: s.sample },
    [cellOf(s.rival)]: { info: s.rival, loss: s.rivalLoss, sample: s.rivalSample },
  };
  for (const cell of ["rnn", "lstm"]) {
    const part = byCell[cell];
    if (!part) continue;
    setText($(`loss-${cell}`), part.loss == null ? "—" : part.loss.toFixed(3));
    setText($(`sample-${cell}`), part.sample || "");
    setText($(`size-${cell}`), `${part.info.hidden} units · ${count(part.info.params)} weights`);
  }
  setText($("compare-what"), whatIsCompared(s.run, s.rival, s.corpus));
  const shownCell = s.heatmapOf === "rival" ? cellOf(s.rival) : runCell;
  for (const radio of document.querySelectorAll('input[name="heatmap-of"]')) radio.checked = radio.value === shownCell;
}
