/**
 * @fileoverview The article's live parts. Numbers in the prose follow the current run
 * (`data-live="hidden"`, "params", …); the memory-reach plot and its caption follow the worker's
 * "memory" messages; the measured cost of a step follows "progress"; the n-gram comparison
 * follows "comparison", its verdict written from the numbers whichever way they go (the worker
 * computes these two only while the article is shown). Links from a concept to the panel
 * (`a.panel-link`) scroll to that part and mark it for a moment.
 */
import { state, setState } from "./state.js";
import { onFrame } from "./frame.js";
import { DecayChart, decade } from "../charts/decay-chart.js";
import { rivalCurve, rivalCaption } from "./compare/captions.js";

const $ = (id) => document.getElementById(id);
const count = (n) => n.toLocaleString("en-US");
const FLASH_MS = 1600; // how long a linked part of the panel stays marked

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

export function install({ send }) {
  const decay = new DecayChart($("decay-chart"));
  let drawn = {}; // what was last drawn, by part
  let shown = true; // the article is on screen, so the worker computes its figures (its default)
  onFrame((s) => {
    if (shown !== (!s.embed && !s.present)) {
      shown = !shown;
      send({ type: "figures", on: shown });
    }
    if (s.run !== drawn.run) liveNumbers(s.run);
    if (s.memory !== drawn.memory || s.memoryStart !== drawn.memoryStart || s.memoryRival !== drawn.memoryRival) {
      decay.update(s.memory, s.memoryStart, rivalCurve(s)); // (compare mode: the rival's curve too)
      setText($("decay-caption"), decayCaption(s) + rivalCaption(s, keptPerStep));
    }
    if (s.msPerStep !== drawn.msPerStep || s.run !== drawn.run) cost(s);
    if (s.comparison !== drawn.comparison || s.corpus !== drawn.corpus || s.run !== drawn.run) comparison(s);
    if (s.sample !== drawn.sample) setText($("rnn-sample-copy"), s.sample);
    drawn = { run: s.run, memory: s.memory, memoryStart: s.memoryStart, memoryRival: s.memoryRival, msPerStep: s.msPerStep,
      comparison: s.comparison, corpus: s.corpus, sample: s.sample };
  });
  document.addEventListener("click", followLink);

  return {
    run() {
      setState({ memory: null, memoryStart: null, comparison: null, msPerStep: null });
      if (!shown) send({ type: "figures", on: false }); // (a new worker after Retry starts with them on)
    },
    memory({ iteration, reach }) {
      const memory = { iteration, reach };
      setState(iteration === 0 ? { memory, memoryStart: memory } : { memory });
    },
    comparison(message) {
      setState({ comparison: message });
    },
    progress({ steps, msPerStep }) {
      if (steps > 0 && msPerStep > 0) setState({ msPerStep });
    },
  };
}

/** The run's sizes, wherever the prose quotes them. */
function liveNumbers(run) {
  if (!run) return;
  const H = run.hidden;
  const V = run.vocab_size;
  const G = run.cell === "lstm" ? 4 : 1; // an LSTM's Wxh, Whh and bh stack its four gates' (the article's #cell-note says so)
  const values = {
    hidden: count(H), vocab: count(V), params: count(run.params), seq: count(run.seq),
    clip: String(run.clip), lr: String(run.lr), baseline: run.baseline.toFixed(2),
  };
  // The equations' counts: the run's own for the RNN and the LSTM; for the window and attention
  // models, which have no Wxh or Whh, those of an RNN with as many hidden units (their own notes,
  // #window-note and #attention-note, give their own count).
  Object.assign(values, { wxh: count(G * H * V), whh: count(G * H * H), why: count(V * H), biases: count(G * H + V),
    "equation-params": count(G * H * (V + H + 1) + V * H + V), reach: count(run.window), span: count(run.context) });
  for (const el of document.querySelectorAll("[data-live]")) {
    if (el.dataset.live in values) setText(el, values[el.dataset.live]);
  }
}

/** How many times smaller `small` is than `big`, in words a reader can picture. */
function timesSmaller(big, small) {
  const ratio = big / small;
  if (ratio < 1e6) return count(Number(ratio.toPrecision(2)));
  return `about ${decade(Math.round(Math.log10(ratio)))}`;
}

/** Per cent of the influence each step back keeps, on average over the curve. */
function keptPerStep(reach) {
  return Math.round(100 * (reach[reach.length - 1] / reach[0]) ** (1 / (reach.length - 1)));
}

function decayCaption(s) {
  const m = s.memory;
  if (!m) return s.run ? "Measuring…" : "Measuring once the network has loaded…";
  const { reach } = m;
  if (reach == null) { // (Python's None arrives as undefined)
    const cell = s.run && s.run.cell;
    const sees = cell === "window" ? `the last ${count(s.run.window)} characters` : `up to ${count(s.run.context)} characters back`;
    return `This run’s ${cell === "window" ? "fixed-window model" : "attention model"} carries no memory vector from one ` +
      `character to the next, so there is no reach to measure: it reads ${sees} directly, and nothing before them ` +
      "(its own view is under the heatmap).";
  }
  if (!reach.every((v) => typeof v === "number" && v > 0)) {
    return "The memory’s reach cannot be measured: the weights are no longer finite numbers (the run diverged).";
  }
  const first = reach[0];
  const last = reach[reach.length - 1];
  const keep = keptPerStep(reach);
  const when = m.iteration === 0 ? "Untrained (iteration 0)" : `At iteration ${count(m.iteration)}`;
  return `${when}, each step back keeps about ${keep}% of the influence of the step before: ` +
    `a change to the memory ${reach.length} characters back moves the present ` +
    `${timesSmaller(first, last)} times less than a change one character back.`;
}

function cost(s) {
  const ms = s.msPerStep;
  const known = ms > 0 && !!s.run;
  setText($("ms-per-step"), known ? (ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) : "—");
  const perChar = known ? (ms * 1000) / s.run.seq : null;
  setText($("us-per-char"), known ? (perChar >= 10 ? String(Math.round(perChar)) : perChar.toFixed(1)) : "—");
  $("cost-hint").hidden = known;
}

const nats = (x) => (typeof x === "number" ? x.toFixed(2) : "—");

/** “q”, “z” and line breaks. */
function symbolList(symbols) {
  const names = symbols.map((c) => (c === "\n" ? "line breaks" : c === " " ? "spaces" : `“${c}”`));
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function comparison(s) {
  const c = s.comparison;
  const cells = ["cmp-rnn-train", "cmp-rnn-held", "cmp-ngram-params", "cmp-ngram-train", "cmp-ngram-held"];
  if (!c || c.error) {
    for (const id of cells) setText($(id), "—");
    setText($("ngram-sample"), "");
    setText($("cmp-verdict"), c ? c.error : s.run ? "Fitting the n-gram model…" : "The comparison appears once the network has loaded.");
    return;
  }
  const { rnn, ngram } = c;
  setText($("cmp-iteration"), count(rnn.iteration));
  setText($("cmp-rnn-params"), `${count(rnn.params)} weights`);
  setText($("cmp-rnn-train"), nats(rnn.train_loss));
  setText($("cmp-rnn-held"), nats(rnn.held_out_loss));
  setText($("cmp-order"), String(ngram.order));
  setText($("cmp-ngram-params"), `${count(ngram.params)} counts`);
  setText($("cmp-ngram-train"), nats(ngram.train_loss));
  setText($("cmp-ngram-held"), nats(ngram.held_out_loss));
  setText($("ngram-sample"), ngram.sample);

  const name = `${ngram.order}-gram`;
  const at = `At iteration ${count(rnn.iteration)}`;
  let verdict;
  if (typeof rnn.held_out_loss !== "number") {
    verdict = "The network’s loss is no longer a finite number: the run diverged.";
  } else {
    const [a, b] = [rnn.held_out_loss, ngram.held_out_loss].map((x) => x.toFixed(2));
    if (a === b) verdict = `${at}, the network and the ${name} predict Lucrece equally well: ${a} nats per character each.`;
    else if (rnn.held_out_loss > ngram.held_out_loss) {
      verdict = `${at}, the ${name} predicts Lucrece better than the network: ${b} against ${a} nats per character.`;
    } else {
      verdict = `${at}, the network predicts Lucrece better than the ${name}: ${a} against ${b} nats per character.`;
    }
  }
  setText($("cmp-verdict"), verdict);

  let note = "Losses in nats per character (lower is better), on the first " +
    `${count(c.held_out_chars)} characters of Lucrece. The n-gram’s sample is drawn with the run’s seed.`;
  if (s.corpus && s.corpus.custom) note += " Both models were fitted on your text, not the sonnets.";
  if (ngram.fit_chars < ngram.corpus_chars) {
    note += ` The n-gram counted the first ${count(ngram.fit_chars)} of the text’s ${count(ngram.corpus_chars)} characters` +
      " (counting all of a long text would stall the network for a minute).";
  }
  if (c.dropped && c.dropped.length) {
    note += ` Your text has no ${symbolList(c.dropped)}, so those are dropped from Lucrece before either model is scored.`;
  }
  setText($("cmp-note"), note);
}

/** A concept's link to the panel: scroll there (gently, unless motion is reduced) and mark it. */
function followLink(event) {
  const link = event.target.closest && event.target.closest("a.panel-link");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!target) return;
  event.preventDefault();
  const reduce = matchMedia("(prefers-reduced-motion: reduce)").matches;
  const part = target.closest(".field, .card") || target;
  part.scrollIntoView({ behavior: reduce ? "auto" : "smooth", block: "center" });
  const focusable = target.matches("input, select, textarea, button") ? target : part;
  if (focusable === part && !part.hasAttribute("tabindex")) part.tabIndex = -1;
  focusable.focus({ preventScroll: true });
  part.classList.remove("flash");
  void part.offsetWidth; // restart the animation
  part.classList.add("flash");
  clearTimeout(part.flashTimer);
  part.flashTimer = setTimeout(() => part.classList.remove("flash"), FLASH_MS);
}
