/**
 * @fileoverview The article's card "What the units track" (index.html #units; the worker's side is
 * worker/units.js). It draws the worker's "units" messages: the feature table (which unit follows
 * each feature best now, beside this run's network at iteration 0 and the current character
 * alone), a sentence written from it (words.js), one unit over the passage
 * (charts/unit-passage.js) with the stretches where it peaks, and select-and-match — select a
 * stretch of the passage and the units on all through it (and off just around it) are listed,
 * the other places where they are on together marked, and one click shows them in the heatmap.
 * For an LSTM the reader picks h or the cell state c; in compare mode the card follows the
 * network the heatmap shows. Text the reader types is data (textContent only); a passage or a
 * unit the worker refuses is said in the card and the old one stays.
 */
import { state, setState } from "../state.js";
import { onFrame } from "../frame.js";
import { UnitPassage } from "../../charts/unit-passage.js";
import { rampGradient } from "../../charts/heatmap.js";
import { FEATURE_NAMES, verdict, list } from "./words.js";
import { cellName } from "../compare/compare.js";
import { isRecurrent, theModel } from "../../shared/models.js";

const $ = (id) => document.getElementById(id);
const without = (object, key) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
const two = (x) => (typeof x === "number" ? x.toFixed(2) : "—");
const signed = (v) => (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(2);
const MAX_SHOWN = 8; // the heatmap shows at most this many units (Live.view)
const SELECT_MS = 200; // a selection is sent once it has stayed put this long
const visible = (text) => text.replace(/\n/g, " ↵ ");

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export function install({ send }) {
  const passage = new UnitPassage($("units-passage"));
  $("units-ramp").style.backgroundImage = rampGradient();
  const unitInput = $("units-choose");
  const threshold = $("units-threshold");
  const textBox = $("units-text");
  let of = "run"; // the network the card follows: the run, or in compare mode the rival
  let drawn = null; // the message on screen
  let sent = {}; // what the reader chose, as last sent (a new worker after Retry is told again)
  let pending = null; // the field of the reader's last change ("text", "unit", …), until answered
  let invalid = null; // the field whose value was refused, while its message shows
  let freshWorker = false;
  let selectTimer = 0;
  let lastSelect = null;

  /** Send one of the reader's changes; remember it for a new worker. */
  const choose = (field, changes) => {
    pending = field;
    sent = { ...sent, ...changes };
    send({ type: "units", ...changes });
  };
  const refuse = (field, message) => {
    invalid = field;
    setState({ errors: { ...state.errors, units: message } });
  };

  // The unit: a number typed (Enter or leaving the field), or a row's button.
  let typedUnit = null; // the text last sent (a "change" after Enter does not send it again)
  const commitUnit = (again) => {
    const raw = unitInput.value.trim();
    if (!again && raw === typedUnit) return;
    typedUnit = raw;
    if (drawn && raw === String(drawn.view.unit) && !state.errors.units) return;
    choose("unit", { unit: /^\d{1,6}$/.test(raw) ? Number(raw) : raw });
  };
  unitInput.addEventListener("change", () => commitUnit(false));
  unitInput.addEventListener("keydown", (e) => { if (e.key === "Enter") commitUnit(true); });
  $("units-rows").addEventListener("click", (e) => {
    const button = e.target.closest("button[data-unit]");
    if (button) choose("unit", { unit: Number(button.dataset.unit) });
  });

  // The threshold above which a unit is "on" (py_core's rule: strictly between −1 and 1).
  let typedThreshold = "0.5";
  const commitThreshold = (again) => {
    const raw = threshold.value.trim();
    if (!again && raw === typedThreshold) return;
    typedThreshold = raw;
    const value = Number(raw);
    if (!/^-?\d*\.?\d+$/.test(raw) || !(value > -1 && value < 1)) {
      refuse("threshold", `The threshold must be a number between −1 and 1; got “${raw}”.`);
      return;
    }
    choose("threshold", { threshold: value });
  };
  threshold.addEventListener("change", () => commitThreshold(false));
  threshold.addEventListener("keydown", (e) => { if (e.key === "Enter") commitThreshold(true); });

  // h or c (an LSTM's).
  for (const radio of document.querySelectorAll('input[name="units-state"]')) {
    radio.addEventListener("change", () => { if (radio.checked) choose("state", { state: radio.value }); });
  }

  // The passage: the reader's own, or the poem again.
  $("units-read").addEventListener("click", () => choose("text", { text: textBox.value }));
  $("units-poem").addEventListener("click", () => choose("text", { text: null }));

  // Select and match: a selection in the passage, once it has stayed put for a moment.
  document.addEventListener("selectionchange", () => {
    clearTimeout(selectTimer);
    selectTimer = setTimeout(() => {
      const sel = document.getSelection();
      const inside = sel && sel.anchorNode && $("units-passage").contains(sel.anchorNode);
      if (!inside) return;
      const picked = passage.selection();
      const key = picked ? `${picked.start}-${picked.end}` : null;
      if (key === lastSelect) return;
      lastSelect = key;
      choose("select", { select: picked });
    }, SELECT_MS);
  });
  $("units-top").addEventListener("click", (e) => {
    const button = e.target.closest("button[data-start]");
    if (!button) return;
    $("units-passage").focus({ preventScroll: true });
    passage.select(Number(button.dataset.start), Number(button.dataset.end));
  });
  $("units-show").addEventListener("click", () => {
    const units = drawn && drawn.match ? drawn.match.units.slice(0, MAX_SHOWN) : [];
    if (units.length) send({ type: "view", units, ...(drawn.of === "rival" ? { of: "rival" } : {}) });
  });

  onFrame((s) => {
    // In compare mode the card follows the network the heatmap shows.
    const want = s.rival && s.heatmapOf === "rival" ? "rival" : "run";
    if (want !== of) {
      of = want;
      choose("of", { of });
    }
    if (!s.errors.units) invalid = null;
    unitInput.setAttribute("aria-invalid", String(invalid === "unit"));
    threshold.setAttribute("aria-invalid", String(invalid === "threshold"));
    textBox.setAttribute("aria-invalid", String(invalid === "text"));
    $("units-error").hidden = !s.errors.units;
    setText($("units-error"), s.errors.units || "");
    if (s.units !== drawn) draw(s.units, s);
  });

  /** Draw the worker's "units" message. */
  function draw(u, s) {
    if (!u) return;
    if (u.error) {
      setText($("units-verdict"), u.error);
      return;
    }
    drawn = u;
    const card = $("units-card");
    card.dataset.iteration = String(u.iteration);
    card.dataset.state = u.state;
    card.dataset.cell = u.cell;
    const lstm = u.cell === "lstm";
    $("units-state").hidden = !lstm;
    for (const radio of document.querySelectorAll('input[name="units-state"]')) radio.checked = radio.value === u.state;
    const compare = !!s.rival;
    const memory = u.state === "c" ? "cell state c" : "h";
    const recurrent = isRecurrent(u.cell);
    const layer = `${theModel(u.cell)} has no recurrent state, nothing carried from one character to the next, ` +
      `so these are its hidden layer’s ${u.hidden} units, which read only the characters it sees`;
    setText($("units-whose"), !recurrent ? `${layer.replace(/^the /, "The ")}.`
      : compare ? `Following the heatmap: the ${cellName(u.cell)}’s ${memory} (${u.hidden} units).`
      : `This run’s ${lstm ? `LSTM, its ${memory}` : "h"} (${u.hidden} units).`);
    setText($("units-passage-name"), u.custom ? "your passage" : "the opening of The Rape of Lucrece");
    rows(u.features);
    setText($("units-verdict"), verdict(u.features, u.iteration));
    setText($("units-range"), `0 to ${u.hidden - 1}`);
    if (document.activeElement !== unitInput && invalid !== "unit") unitInput.value = String(u.view.unit);
    if (u.chars !== passage.text) lastSelect = null; // a new passage: no stretch is selected in it yet
    passage.update(u.chars, u.view.activations);
    const beyond = u.state === "c" ? " The cell state can pass ±1: beyond, it is drawn at the ends of the scale." : "";
    const a = u.view.activations;
    const span = a.length ? ` (here from ${signed(Math.min(...a))} to ${signed(Math.max(...a))})` : "";
    setText($("units-caption"), `Unit ${u.view.unit} (${memory}) after each character of ${u.custom ? "your passage" : "the poem"}: ` +
      `blue below 0, red above${span}.${beyond}`);
    top(u.view.top, u.view.unit);
    matched(u.match, u.chars);
  }

  function rows(features) {
    const body = $("units-rows");
    if (body.rows.length !== features.length) {
      body.replaceChildren();
      for (const f of features) {
        const tr = body.insertRow();
        tr.dataset.testid = "units-feature";
        tr.dataset.feature = f.name;
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = FEATURE_NAMES[f.name] || f.name;
        tr.append(th);
        for (const cls of ["unit", "num", "num", "num"]) tr.insertCell().className = cls;
      }
    }
    features.forEach((f, i) => {
      const tr = body.rows[i];
      for (const [key, value] of [["unit", f.unit], ["r", f.r], ["rUntrained", f.r_untrained], ["rChar", f.r_char]]) {
        tr.dataset[key] = value === null ? "" : String(value);
      }
      const [unitCell, r, r0, eta] = [...tr.cells].slice(1);
      if (f.unit === null) {
        setText(unitCell, "—");
        setText(r, "—");
        setText(r0, "—");
        setText(eta, "constant here");
        return;
      }
      let button = unitCell.querySelector("button");
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "unit-pick";
        button.dataset.testid = "units-pick";
        unitCell.replaceChildren(button);
      }
      button.dataset.unit = String(f.unit);
      setText(button, `unit ${f.unit}`);
      button.setAttribute("aria-label", `Show unit ${f.unit} over the passage`);
      setText(r, signed(f.r));
      setText(r0, two(f.r_untrained));
      setText(eta, two(f.r_char));
    });
  }

  function top(contexts, unit) {
    setText($("units-top-title"), `Where unit ${unit} is most active`);
    const ol = $("units-top");
    ol.replaceChildren(...contexts.map((c) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "context";
      button.dataset.start = String(c.start);
      button.dataset.end = String(c.end);
      button.textContent = `…${visible(c.text)}`;
      button.setAttribute("aria-label", `Select “${c.text.replace(/\n/g, " / ")}” in the passage`);
      const peak = document.createElement("span");
      peak.className = "peak";
      peak.textContent = signed(c.peak);
      li.append(button, " ", peak);
      return li;
    }));
  }

  function matched(match, chars) {
    const show = $("units-show");
    if (!match) {
      passage.mark(null, null);
      setText($("units-match"), "Select a stretch of the passage, with the mouse or with Shift and the arrow keys, " +
        "to find the units that are on all through it.");
      show.hidden = true;
      return;
    }
    passage.mark(match, match.matches);
    const stretch = `“${visible(chars.slice(match.start, match.end))}”`;
    const at = `characters ${match.start + 1}–${match.end}`;
    if (!match.units.length) {
      setText($("units-match"), `No unit is above ${match.threshold} all through ${stretch} (${at}) and not just before and ` +
        "after it. Try a shorter stretch, or another threshold.");
      show.hidden = true;
      return;
    }
    const names = match.units.map((u) => `unit ${u}`);
    const n = match.matches.length;
    const places = n === 0 ? "They are on together nowhere else in the passage."
      : `They are on together at ${n} other ${n === 1 ? "place" : "places"}, underlined in the passage.`;
    setText($("units-match"), `Above ${match.threshold} all through ${stretch} (${at}) and not just around it: ` +
      `${list(names)}. ${places}`);
    const shown = match.units.slice(0, MAX_SHOWN);
    setText(show, `Show ${shown.length === 1 ? "it" : shown.length < match.units.length ? `the first ${shown.length}` : "them"} in the heatmap`);
    show.hidden = false;
  }

  return {
    loading() {
      freshWorker = true; // a new worker (the first, or a Retry's) knows only the defaults
    },
    run() {
      if (freshWorker && Object.keys(sent).length) send({ type: "units", ...without(sent, "select") });
      freshWorker = false;
    },
    units(message) {
      if (!message.answer) return setState({ units: message });
      // The answer to the reader's change: it was accepted.
      pending = null;
      invalid = null;
      setState({ units: message, errors: without(state.errors, "units") });
    },
    error({ source }) {
      if (source === "units" && pending) invalid = pending; // refused: the old choice stays
    },
  };
}
