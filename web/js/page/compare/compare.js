/**
 * @fileoverview Compare mode, the page's side (?compare=1, or the panel's "Compare with an LSTM"
 * button): two models train in lockstep on the same text with the same seed, the rival's hidden
 * size chosen so that its weight count is closest to the run's (the worker's part is
 * worker/pair.js). The rival is any model but the run's own: the reader's choice (the card's
 * select, ?rival=rnn|lstm|window|attention), else the LSTM beside the RNN and the RNN beside any
 * other. The panel then shows a card (data-testid="compare") with both smoothed losses
 * (loss-<model>) and both samples (sample-<model>) and a sentence saying what is compared; one
 * loss chart with both curves; the heatmap (and a model's own view) switchable between the two;
 * and the article's memory-reach plot with the curve of each that carries a memory. The
 * iteration is shared.
 *
 * The worker's run is "the run" (the cell of the `cell` setting) and the other is "the rival":
 * everything else on the page (timeline, n-gram comparison, Save) follows the run.
 */
import { state, setState } from "../state.js";
import { onFrame } from "../frame.js";
import { chart } from "../render.js";
import { LINEAGE, MODELS, aModel, isRecurrent, modelName, modelNoun, rivalFor, theModel } from "../../shared/models.js";
import { capital } from "../../shared/words.js";

const $ = (id) => document.getElementById(id);
const count = (n) => n.toLocaleString("en-US");
export const cellOf = (info) => (info && info.cell) || "rnn"; // a run from before cells existed is an RNN
export const cellName = modelName; // "RNN", "LSTM", "Fixed window", "Attention" (shared/models.js)
/**
 * How a model's curves are drawn, whichever is the run: the RNN solid green, the LSTM dashed
 * orange, the fixed window dotted purple, attention dash-dotted blue (the lineage chart's looks).
 */
const LOOKS = {
  rnn: { colour: "--chart-line", dash: null },
  lstm: { colour: "--chart-line-2", dash: [7, 4] },
  window: { colour: "--chart-line-window", dash: [2, 4] },
  attention: { colour: "--chart-line-attention", dash: [12, 3, 2, 3] },
};
export const lineStyle = (cell) => ({ name: cellName(cell), ...(LOOKS[cell] || LOOKS.rnn) });

/** The rival the reader has asked for beside a run of `cell` (state.rivalChoice, else the default). */
export const chosenRival = (s, cell = cellOf(s.run)) => rivalFor(cell, s.rivalChoice);

/** A model's size in the card: its reach (n, or span W), hidden units and weight count. */
function sizeOf(info) {
  const cell = cellOf(info);
  const reach = cell === "window" ? `n = ${info.window} · ` : cell === "attention" ? `span ${info.context} · ` : "";
  return `${reach}${info.hidden} units · ${count(info.params)} weights`;
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** What the two runs share and how they differ, in words, from their Live.info(). */
export function whatIsCompared(run, rival, corpus) {
  // In the order of their history (the RNN before the LSTM), whichever is the run.
  const [a, b] = byYear(run, rival);
  const text = corpus && corpus.custom ? "your text" : corpus && corpus.echo ? "the echo text" : "the sonnets";
  return `Same text (${text}), seed ${run.seed}, learning rate ${run.lr}, clip ±${run.clip} and ` +
    `${run.seq} characters per step; one step each in turn. Sizes matched by weight count, every ` +
    `weight and bias counted once: ${count(a.params)} in ${theModel(cellOf(a))}, ${count(b.params)} in ${theModel(cellOf(b))}.`;
}

/** Two Live.info()s in the order of their models' years (the RNN, 1990, before the LSTM, 1997). */
const byYear = (x, y) => ((MODELS[cellOf(x)] || {}).year <= (MODELS[cellOf(y)] || {}).year ? [x, y] : [y, x]);

export function install({ send }) {
  const toggle = $("compare-toggle");
  toggle.addEventListener("click", () => {
    // Both start again from iteration 0, so that they stay in lockstep: the worker says when.
    send({ type: "compare", on: !state.compare, settings: { ...state.settings }, rival: chosenRival(state) });
    setState({ compare: !state.compare, rivalChoice: chosenRival(state) });
  });
  const choice = $("rival-choice");
  choice.addEventListener("change", () => {
    const rival = choice.value;
    if (!LINEAGE.includes(rival) || rival === cellOf(state.run) || !state.compare) return;
    // A new pair, from iteration 0 (the run starts again beside it).
    send({ type: "compare", on: true, settings: { ...state.settings }, rival });
    setState({ rivalChoice: rival, errors: { ...state.errors, rival: "" } });
  });
  for (const radio of document.querySelectorAll('input[name="heatmap-of"]')) {
    radio.addEventListener("change", () => {
      if (!radio.checked || !state.rival) return;
      const heatmapOf = radio.value === cellOf(state.rival) ? "rival" : "run";
      const shown = heatmapOf === "rival" ? state.rivalHeatmap : state.runHeatmap;
      const attention = heatmapOf === "rival" ? state.rivalAttention : state.runAttention;
      setState({ heatmapOf, attention, ...(shown ? { heatmap: shown } : {}) });
    });
  }

  onFrame(draw);

  return {
    run({ info, rival }) {
      if (rival) chart.compare(lineStyle(cellOf(info)), lineStyle(cellOf(rival)));
      // (Whose memory stays shown across a new pair only while both models stay the same.)
      const same = state.rival && rival && cellOf(state.rival) === cellOf(rival) && cellOf(state.run) === cellOf(info);
      setState({
        compare: !!rival, rival, rivalLoss: rival ? rival.baseline : null, rivalSample: "", rivalHeatmap: null,
        runHeatmap: null, runAttention: null, rivalAttention: null, memoryRival: null,
        heatmapOf: same ? state.heatmapOf : "run",
      });
    },
    progress({ first, rival }) {
      if (!rival || !state.rival) return;
      chart.addRivalPoints(first, rival.smoothLosses);
      setState({ rivalLoss: rival.smoothLoss });
    },
    snapshot({ heatmap, heatmapError, attention, rival }) {
      if (!rival) {
        setState({ runHeatmap: heatmap, runAttention: attention || null });
        return;
      }
      const showRival = state.heatmapOf === "rival";
      setState({
        runHeatmap: heatmap, rivalHeatmap: rival.heatmap, rivalSample: rival.sample, rivalLoss: rival.smoothLoss,
        runAttention: attention || null, rivalAttention: rival.attention || null,
        ...(showRival ? { heatmap: rival.heatmap || state.heatmap, heatmapError: rival.heatmapError, attention: rival.attention || null }
          : { heatmapError }),
      });
    },
    memory({ iteration, rivalReach }) {
      // (A rival without a memory vector has no reach: Python's None arrives as undefined.)
      setState({ memoryRival: state.rival ? { iteration, reach: rivalReach ?? null } : null });
    },
  };
}

function draw(s) {
  const on = !!(s.rival && s.run);
  document.documentElement.dataset.compare = on ? "1" : "0";
  $("cell-note").hidden = cellOf(s.run) !== "lstm"; // the article's RNN equations, for an LSTM run
  $("window-note").hidden = cellOf(s.run) !== "window"; // ... and for the models without recurrence
  $("attention-note").hidden = cellOf(s.run) !== "attention";
  const runCell = cellOf(s.run);
  const rivalCell = on ? cellOf(s.rival) : chosenRival(s, runCell);
  setText($("compare-toggle"), s.compare ? "Stop comparing" : `Compare with ${aModel(rivalCell)}`);
  $("compare-toggle").classList.toggle("is-on", !!s.compare);
  $("compare-toggle").disabled = !s.run || s.fatal;
  $("compare").hidden = !on;
  $("heatmap-switch").hidden = !on;
  // The reach plot: one curve per model that carries a memory vector (the others have none to measure).
  const curves = on ? [runCell, rivalCell].filter(isRecurrent) : [];
  $("decay-legend").hidden = on;
  $("decay-legend-compare").hidden = !on || !curves.length;
  for (const span of $("decay-legend-compare").querySelectorAll("[data-cell]")) span.hidden = !curves.includes(span.dataset.cell);
  $("decay-note-compare").hidden = curves.length < 2;
  setText($("timeline-help"), on ? `What the ${cellName(runCell)} wrote at these iterations of this run.`
    : "What it wrote at these iterations of this run.");
  if (!on) return;
  const byCell = {
    [runCell]: { info: s.run, loss: s.smoothLoss, sample: s.sample },
    [rivalCell]: { info: s.rival, loss: s.rivalLoss, sample: s.rivalSample },
  };
  const [first, second] = byYear(s.run, s.rival).map(cellOf);
  setText($("compare-title"), `${capital(aModel(first))} and ${aModel(second)}, side by side`);
  setText($("compare-run-name"), `${modelNoun(runCell)}:`);
  choices(runCell, rivalCell);
  for (const el of $("compare").querySelectorAll(".contestant")) el.hidden = !(el.dataset.cell in byCell);
  for (const [cell, part] of Object.entries(byCell)) {
    setText($(`loss-${cell}`), part.loss == null ? "—" : part.loss.toFixed(3));
    setText($(`sample-${cell}`), part.sample || "");
    setText($(`size-${cell}`), sizeOf(part.info));
  }
  setText($("compare-what"), whatIsCompared(s.run, s.rival, s.corpus));
  const shownCell = s.heatmapOf === "rival" ? rivalCell : runCell;
  for (const radio of document.querySelectorAll('input[name="heatmap-of"]')) {
    radio.checked = radio.value === shownCell;
    radio.closest("label").hidden = !(radio.value in byCell);
  }
}


/** The select's options: every model but the run's own, in the lineage's order; `rival` chosen. */
let offered = "";
function choices(runCell, rivalCell) {
  const select = $("rival-choice");
  const key = `${runCell}|${rivalCell}`;
  if (key === offered) return;
  offered = key;
  select.replaceChildren(...LINEAGE.filter((c) => c !== runCell).map((cell) => {
    const option = document.createElement("option");
    option.value = cell;
    option.textContent = capital(modelNoun(cell));
    option.selected = cell === rivalCell;
    return option;
  }));
}
