/**
 * @fileoverview The card "What it expected" (index.html #surprise-card): the line the network
 * reads, each character coloured by its surprise (charts/surprise.js), a legend from 0 to ln V,
 * the sentence under it (surprise-words.js), the text field for another line and, for readers
 * who do not see the colours, the same numbers as a table (built while its <details> is open).
 * It draws what the worker's snapshots carry, so it is redrawn exactly as often as the sample
 * and the heatmap. A line the worker refuses leaves the last good one on screen.
 */
import { state, setState } from "./state.js";
import { onFrame } from "./frame.js";
import { SurpriseLine, percent, rampGradient } from "../charts/surprise.js";
import { verdict } from "./surprise-words.js";

const $ = (id) => document.getElementById(id);
const shown = (c) => (c === " " ? "space" : c);
const without = (object, key) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

/** The legend: the ramp, and ticks at whole nats up to ln V. */
function legend(el, V, max) {
  el.replaceChildren();
  const ramp = document.createElement("span");
  ramp.className = "ramp";
  ramp.style.backgroundImage = rampGradient();
  const ticks = document.createElement("span");
  ticks.className = "ticks";
  for (let n = 0; n <= max; n++) {
    const tick = document.createElement("span");
    tick.style.left = `${(n / max) * 100}%`;
    tick.textContent = String(n);
    ticks.append(tick);
  }
  const unit = document.createElement("span");
  unit.className = "unit";
  unit.textContent = `nats of surprise: 0 when it was sure and right; the scale ends at ln ${V} = ${max.toFixed(2)}, a blind guess`;
  el.append(ramp, ticks, unit);
}

/** One row per character: its surprise and the network's top guesses there. */
function table(el, data, max) {
  el.replaceChildren();
  if (!data) return;
  el.createCaption().textContent = `What the network expected at each character of “${data.chars.join("")}”: ` +
    `its surprise in nats (0 = sure and right, ${max.toFixed(2)} = a blind guess) and its top guesses.`;
  const head = el.createTHead().insertRow();
  for (const text of ["Character", "Surprise (nats)", "Its top guesses"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    head.append(th);
  }
  const body = el.createTBody();
  data.chars.forEach((c, i) => {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = shown(c);
    tr.append(th, cell(data.surprise[i].toFixed(2)), cell(data.guesses[i].map(([s, p]) => `${shown(s)} ${percent(p)}`).join(", ")));
  });
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

export function install({ send }) {
  const view = new SurpriseLine($("surprise"), $("surprise-readout"));
  const input = $("surprise-input");
  const box = $("surprise-table-box");
  let drawn = null; // the result on screen
  let tabled = null; // the result in the table
  let legendFor = null;
  let typed = null; // the reader's line as the worker last accepted it, for a new worker after a Retry
  let pending = null; // the line sent, not answered yet
  let freshWorker = false;

  let sent = null; // the text last sent (a "change" after Enter does not send it again)
  const commit = (again) => {
    const text = input.value;
    if (!again && text === sent) return;
    if (drawn && text === drawn.chars.join("")) {
      setState({ errors: without(state.errors, "surprise") });
      input.setAttribute("aria-invalid", "false");
      return;
    }
    pending = sent = text;
    send({ type: "surprise", text });
  };
  input.addEventListener("change", () => commit(false));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") commit(true);
  });
  box.addEventListener("toggle", () => {
    tabled = box.open ? drawn : null;
    table($("surprise-table"), tabled, state.run ? state.run.baseline : Math.log(28));
  });

  onFrame((s) => {
    const data = s.surprise;
    const V = s.run ? s.run.vocab_size : 28;
    const max = s.run ? s.run.baseline : Math.log(V);
    if (legendFor !== V) {
      legendFor = V;
      legend($("surprise-legend"), V, max);
    }
    if (data && data !== drawn) {
      drawn = data;
      view.update(data, max);
      $("surprise-verdict").textContent = verdict(data, V, max);
      const line = data.chars.join("");
      if (document.activeElement !== input && input.getAttribute("aria-invalid") !== "true" && input.value !== line) input.value = line;
    }
    const refused = !!s.errors.surprise;
    input.setAttribute("aria-invalid", refused ? "true" : "false");
    $("surprise-error").textContent = s.surpriseError || "";
    $("surprise-error").hidden = !s.surpriseError;
    if (box.open && drawn !== tabled) {
      tabled = drawn;
      table($("surprise-table"), tabled, max);
    }
  });

  return {
    loading() {
      freshWorker = true; // a new worker (the first, or a Retry's) knows only the default line
    },
    run() {
      if (freshWorker && typed !== null) send({ type: "surprise", text: typed });
      freshWorker = false;
    },
    snapshot({ surprise, surpriseError }) {
      setState({ surprise: surprise ?? state.surprise, surpriseError: surpriseError || "" });
    },
    surprise({ surprise }) {
      typed = pending;
      setState({ surprise, surpriseError: "", errors: without(state.errors, "surprise") });
    },
  };
}
