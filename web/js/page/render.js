/**
 * @fileoverview State → DOM. Subscribes to the page state and, at most once per frame (frame.js),
 * writes what changed into the page: status, buttons, numbers, sample, heatmap, timeline,
 * controls, error area. Text from the reader or the network is only ever set as textContent.
 */
import { statusOf } from "./state.js";
import { STAGES, MILESTONES } from "../shared/protocol.js";
import { LossChart } from "../charts/loss-chart.js";
import { Heatmap, rampGradient } from "../charts/heatmap.js";
import { Timeline } from "./timeline.js";
import { format } from "./settings.js";
import { recoveryRate } from "./faults.js";
import { busy, onFrame } from "./frame.js";

const $ = (id) => document.getElementById(id);
const STATUS_TEXT = { loading: "Loading…", ready: "Ready", training: "Training", paused: "Paused", error: "Error" };
const count = (n) => n.toLocaleString("en-US");
const BYTES_SHARE = 70; // of the loading bar's 100: on a slow link the downloads are most of the wait

export const chart = new LossChart($("loss-chart"));
const heatmap = new Heatmap($("heatmap"), $("readout"));
const timeline = new Timeline($("timeline"), MILESTONES);
$("ramp").style.backgroundImage = rampGradient();

let controls = {};
let labels = {};
let lrSetting = null; // the learning rate's row of the settings table (for the divergence Reset)

/** The settings' controls, by name (built by main.js from the table). */
export function registerControls(inputs, table) {
  controls = inputs;
  labels = Object.fromEntries(table.settings.map((s) => [s.name, s.label]));
  lrSetting = table.byName.lr;
  schedule();
}

// Loading stages: one list item each.
const stageItems = Object.fromEntries(STAGES.map(({ name, label }) => {
  const item = document.createElement("li");
  item.textContent = label;
  $("load-stages").append(item);
  return [name, item];
}));

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

const schedule = onFrame(render); // (also asked for by registerControls)

function render(s) {
  const status = statusOf(s);
  const el = $("status");
  if (el.dataset.state !== status) el.dataset.state = status;
  setText(el, STATUS_TEXT[status]);
  const root = document.documentElement.dataset;
  for (const [key, on] of [["embed", s.embed], ["present", s.present],
    // Training faster than one snapshot per step: the page keeps its frames cheap (page.css).
    ["busy", busy(s)]]) {
    if (root[key] !== (on ? "1" : "0")) root[key] = on ? "1" : "0";
  }

  // Loading: the bar fills by each stage's share; the list names the stages.
  setHidden($("loading"), !!s.run || s.fatal);
  let done = 0;
  for (const { name, label, weight } of STAGES) {
    const stage = s.loading[name];
    done += stage === "done" ? weight : stage === "start" ? weight / 4 : 0;
    stageItems[name].className = stage || "waiting";
    setText(stageItems[name], stage === "done" ? label.replace(/…$/, "") : label);
  }
  // While the big files download, their bytes fill most of the bar (BYTES_SHARE of it).
  $("load-bar").value = Math.max(done, BYTES_SHARE * (s.downloaded || 0));

  // The error area: every current message, one per line; hidden when there is none.
  const messages = Object.values(s.errors).filter(Boolean).join("\n");
  setText($("error"), messages);
  setHidden($("error"), !messages);
  setHidden($("alert"), !messages);
  // Its buttons: Retry after a fatal error (Dismiss would leave nothing usable), Reset after a divergence.
  const recover = s.diverged && !s.fatal && !!s.run && !!lrSetting;
  setHidden($("retry"), !s.fatal);
  setHidden($("dismiss"), s.fatal || recover);
  setHidden($("error-reset"), !recover);
  if (recover) setText($("error-reset"), `Reset with learning rate ${format(recoveryRate(s, lrSetting))}`);

  // Buttons.
  const usable = !!s.run && !s.fatal;
  setText($("train"), s.training ? "Pause" : "Train");
  $("train").classList.toggle("is-training", s.training);
  $("train").disabled = !usable || (s.diverged && !s.training);
  $("step").disabled = !usable || s.diverged;
  $("reset").disabled = !usable;
  $("corpus-apply").disabled = !usable;

  // Numbers.
  setText($("iteration"), String(s.iteration));
  setText($("loss"), s.smoothLoss == null ? "—" : s.smoothLoss.toFixed(3));
  setText($("baseline"), s.run ? `from ln ${s.run.vocab_size} = ${s.run.baseline.toFixed(3)}` : "");
  setText($("throughput"), s.training && s.throughput != null ? count(Math.round(s.throughput)) : "—");
  if (s.run) {
    $("loss-chart").setAttribute("aria-label", `Loss curve: ${s.smoothLoss == null ? "no value" : s.smoothLoss.toFixed(2)} nats per character at iteration ${s.iteration}, starting from ${s.run.baseline.toFixed(2)}.`);
  }

  // What the network writes, its memory, the pinned timeline.
  setText($("sample"), s.sample);
  if (s.heatmap && s.heatmap !== heatmap.drawn) {
    heatmap.update(s.heatmap);
    heatmap.drawn = s.heatmap;
  }
  setText($("heatmap-error"), s.heatmapError);
  setHidden($("heatmap-error"), !s.heatmapError);
  timeline.update(s.timeline);

  // Controls show the state, except while the reader is typing or has typed something refused.
  for (const [name, input] of Object.entries(controls)) {
    input.setAttribute("aria-invalid", s.invalid[name] ? "true" : "false");
    if (document.activeElement !== input && !s.invalid[name] && s.settings[name] !== undefined) {
      const text = format(s.settings[name]);
      if (input.value !== text) input.value = text;
    }
  }
  for (const [id, value] of [["phrase", s.view.phrase], ["units", (s.view.units || []).join(" ")]]) {
    const input = $(id);
    if (document.activeElement !== input && value && input.value !== value) input.value = value;
  }

  // Model settings that differ from the run's: they apply on Reset.
  const changes = s.runSettings
    ? Object.keys(s.runSettings).filter((k) => s.settings[k] !== undefined && s.settings[k] !== s.runSettings[k])
    : [];
  setHidden($("pending"), !changes.length);
  setText($("pending-text"), changes.map((k) => `${labels[k]} ${format(s.runSettings[k])} → ${format(s.settings[k])}`).join(", ") +
    (changes.length ? ". These take effect in a new run." : ""));
  $("reset").classList.toggle("is-pending", changes.length > 0);

  // The corpus in use.
  const c = s.corpus;
  let corpusText = "Corpus: Shakespeare’s sonnets.";
  if (c && c.custom) {
    corpusText = `Corpus: your text — ${count(c.chars)} characters kept of ${count(c.original)}` +
      (c.dropped ? ` (${count(c.dropped)} dropped: punctuation, digits, emoji, other alphabets)` : "") +
      `, ${c.symbols} distinct symbols.`;
  } else if (c && c.echo) {
    corpusText = `Corpus: the echo text — ${count(c.chars)} characters, ${c.symbols} symbols; every line closes with the key word it opened with.`;
  } else if (c) {
    corpusText = `Corpus: Shakespeare’s sonnets — ${count(c.chars)} characters, ${c.symbols} symbols.`;
  }
  if (s.corpusFile && !(c && c.custom)) corpusText += ` Loaded “${s.corpusFile}”: press “Train on this text”.`;
  setText($("corpus-status"), corpusText);
  setHidden($("corpus-sonnets"), !(c && c.custom));
}
