/**
 * @fileoverview The lineage view (#lineage in the article): the four models of the seed's story
 * trained in lockstep on the panel's text (worker/lineage.js), one loss chart, one card per model
 * (year, weights, smoothed loss, time per step, sample), and a sentence saying what this run
 * shows, computed from its numbers. Sends {type: "lineage", to | stop}; hears "lineage".
 */
import { LINEAGE, MODELS, theModel } from "../shared/models.js";
import { key, LineageChart } from "../charts/lineage-chart.js";
import { state, subscribe } from "./state.js";
import { capital } from "../shared/words.js";

const STEP = 5000; // each press trains this much further (the first to 5,000)
const MAX = 50_000; // worker/lineage.js's LINEAGE_MAX
const $ = (id) => document.getElementById(id);
const count = (n) => Math.round(n).toLocaleString("en-US");
const nats = (x) => (Number.isFinite(x) ? x.toFixed(2) : "—");
const CORPUS = { sonnets: "the sonnets", echo: "the echo text", own: "your text" };

/** "a, b and c" */
const list = (items) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

/**
 * What this run of the lineage shows, in words, from its own numbers: the order of the losses,
 * the fixed window against the RNN, and the time of a step against the RNN's.
 */
export function lineageWords(message) {
  const { models, iteration, corpus } = message;
  const by = Object.fromEntries(models.map((m) => [m.cell, m]));
  const usable = models.filter((m) => Number.isFinite(m.smoothLoss) && !m.diverged);
  if (!iteration || usable.length < 2) return "";
  const ranked = [...usable].sort((a, b) => a.smoothLoss - b.smoothLoss);
  const [best, ...rest] = ranked;
  const parts = [`After ${count(iteration)} steps on ${CORPUS[corpus] || "this text"}, ${theModel(best.cell)} is lowest, at ${nats(best.smoothLoss)} nats per character, then ${list(rest.map((m) => `${theModel(m.cell)} (${nats(m.smoothLoss)})`))}.`];
  const w = by.window;
  const r = by.rnn;
  if (w && r && usable.includes(w) && usable.includes(r)) {
    const d = w.smoothLoss - r.smoothLoss;
    const sees = `which sees only the last ${count(w.reach)} characters`;
    if (Math.abs(d) <= 0.02) parts.push(`The fixed-window model, ${sees}, is as good as the RNN here (${d >= 0 ? "+" : "−"}${Math.abs(d).toFixed(2)}): what predicts the next letter of this text is mostly in the last few letters.`);
    else if (d < 0) parts.push(`The fixed-window model, ${sees}, is ahead of the RNN by ${(-d).toFixed(2)}: on this text the RNN’s longer memory has not paid yet.`);
    else parts.push(`The fixed-window model, ${sees}, is behind the RNN by ${d.toFixed(2)}: the RNN’s memory of what came before pays on this text.`);
  }
  const diverged = models.filter((m) => m.diverged);
  if (diverged.length) parts.push(`${capital(list(diverged.map((m) => theModel(m.cell))))} diverged and stopped.`);
  if (r && r.msPerStep > 0) {
    const others = models.filter((m) => m !== r && m.msPerStep > 0)
      .map((m) => `${theModel(m.cell)} ${(m.msPerStep / r.msPerStep).toFixed(1)} times that`);
    if (others.length) parts.push(`In this browser one step took the RNN ${r.msPerStep.toFixed(2)} ms, ${list(others)}.`);
    // Strictly sequential: the recurrent models' positions wait for each other; the others' do not.
    const a = by.attention;
    const T = message.seq;
    if (a && a.msPerStep > 0 && T) {
      const ratio = a.msPerStep / r.msPerStep;
      parts.push(`Each update of the RNN and the LSTM is ${2 * T} computations that must wait for each other (${T} positions forward, then back); the fixed-window and attention models do all ${T} positions at once, one layer forward and back. ${ratio > 1
        ? `Even so, attention’s step took ${ratio.toFixed(1)} times the RNN’s here: it does more arithmetic per character, and this page trains on one thread, where work that could run in parallel does not.`
        : `Here that made attention’s step ${(1 / ratio).toFixed(1)} times as fast as the RNN’s.`}`);
    }
  }
  return parts.join(" ");
}

export function install({ send }) {
  const figure = $("lineage");
  if (!figure) return {};
  const button = $("lineage-train");
  const status = $("lineage-status");
  const words = $("lineage-words");
  const chart = new LineageChart($("lineage-chart"), LINEAGE);
  let last = null; // the last "lineage" message
  let error = "";

  // One card per model, in the story's order.
  const cards = {};
  for (const cell of LINEAGE) {
    const li = document.createElement("li");
    li.className = "lineage-model";
    li.dataset.testid = `loss-${cell}`;
    li.dataset.model = cell;
    const h = document.createElement("h5");
    const year = document.createElement("span");
    year.className = "year";
    year.textContent = String(MODELS[cell].year);
    h.append(key(cell), `${MODELS[cell].name} `, year);
    const numbers = document.createElement("p");
    numbers.className = "lineage-numbers";
    numbers.textContent = "Not trained yet.";
    const sample = document.createElement("p");
    sample.className = "lineage-sample";
    li.append(h, numbers, sample);
    $("lineage-models").append(li);
    cards[cell] = { li, numbers, sample };
  }

  function draw() {
    const ready = !!state.run && !state.fatal;
    const m = last;
    const training = !!(m && m.training);
    const at = m ? m.iteration : 0;
    const next = training ? null : at < STEP ? STEP : Math.min(MAX, (Math.floor(at / STEP) + 1) * STEP);
    button.disabled = !ready || (!training && (at >= MAX || !!(m && m.models.some((x) => x.diverged))));
    button.textContent = training ? "Pause" : !m || at === 0 ? `Train all four to ${count(STEP)}` : at < m.to ? `Go on to ${count(m.to)}` : `Train on to ${count(next)}`;
    button.dataset.to = String(training ? m.to : m && at < m.to ? m.to : next);
    if (error) status.textContent = error;
    else if (!m) status.textContent = ready ? "Not trained yet." : "Waiting for Python to load…";
    else if (training) status.textContent = `Training on ${CORPUS[m.corpus]}: iteration ${count(at)} of ${count(m.to)}.`;
    else status.textContent = at === 0 ? "Not trained yet." : `${at < m.to ? "Paused" : "Trained"} at ${count(at)} on ${CORPUS[m.corpus]}.`;
    status.classList.toggle("error", !!error);
  }

  button.addEventListener("click", () => {
    error = "";
    if (last && last.training) send({ type: "lineage", stop: true });
    else send({ type: "lineage", to: Number(button.dataset.to) });
    draw();
  });
  subscribe(draw);
  draw();

  return {
    lineage(message) {
      last = message;
      if (message.fresh) chart.reset(message.baseline);
      for (const m of message.models) {
        chart.add(m.cell, m.first, m.smoothLosses);
        const card = cards[m.cell];
        if (!card) continue;
        card.li.dataset.loss = Number.isFinite(m.smoothLoss) ? String(m.smoothLoss) : "";
        card.li.dataset.iteration = String(m.iteration);
        card.li.dataset.params = String(m.params);
        const reach = m.cell === "window" ? `n ${m.reach} · ` : m.cell === "attention" ? `span ${m.reach} · ` : "";
        card.numbers.replaceChildren(`${count(m.params)} weights · ${reach}H ${m.hidden} · loss `,
          Object.assign(document.createElement("b"), { textContent: m.diverged ? "diverged" : nats(m.smoothLoss) }),
          m.msPerStep ? ` · ${m.msPerStep.toFixed(2)} ms/step` : "");
        if (typeof m.sample === "string") card.sample.textContent = m.sample; // (data, never markup)
      }
      chart.label = `Smoothed loss against iteration, to ${count(message.iteration)}: ` + message.models
        .map((m) => `${MODELS[m.cell].name} ${m.diverged ? "diverged" : nats(m.smoothLoss)}`).join(", ") + ".";
      chart.invalidate();
      if (!message.training) {
        const said = lineageWords(message);
        if (said) words.textContent = said;
      }
      draw();
    },
    error({ source, message }) {
      if (source !== "lineage") return;
      error = message;
      draw();
    },
  };
}
