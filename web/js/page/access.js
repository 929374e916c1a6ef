/**
 * @fileoverview For readers who do not see the panel. A polite live region says how training is
 * going — when it stops, and every ANNOUNCE_MS while it runs, never more often (the status line
 * already says Training / Paused). The heatmap's values are also offered as a plain table, built
 * while its <details> is open.
 */
import { state } from "./state.js";
import { onFrame } from "./frame.js";

const $ = (id) => document.getElementById(id);
const ANNOUNCE_MS = 10_000; // while training, one loss update this often
const count = (n) => n.toLocaleString("en-US");
const shown = (c) => (c === " " ? "space" : c);
const signed = (v) => (Math.abs(v) < 0.005 ? "0.00" : (v > 0 ? "+" : "−") + Math.abs(v).toFixed(2));

function lossText(s) {
  return s.smoothLoss == null ? "no loss value" : `loss ${s.smoothLoss.toFixed(2)} nats per character`;
}

/** One row per character read, one column per unit (so it fits, and reads in reading order). */
function table(el, heatmap) {
  el.replaceChildren();
  if (!heatmap) return;
  const caption = el.createCaption();
  caption.textContent = `The hidden units after reading each character of “${heatmap.phrase}”, from −1 to +1.`;
  const head = el.createTHead().insertRow();
  for (const text of ["After", ...heatmap.units.map((u) => `h${u}`)]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    head.append(th);
  }
  const body = el.createTBody();
  [...heatmap.phrase].forEach((c, col) => {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = shown(c);
    tr.append(th);
    for (const row of heatmap.values) tr.insertCell().textContent = signed(row[col]);
  });
}

export function install() {
  const announcer = $("announcer");
  const box = $("heatmap-table-box");
  let training = false;
  let last = 0;
  let tabled = null;
  const say = (text) => {
    announcer.textContent = text;
  };
  onFrame((s) => {
    const now = performance.now();
    if (s.training && !training) last = now; // the status line says "Training"
    else if (s.training && now - last >= ANNOUNCE_MS) {
      last = now;
      say(`Iteration ${count(s.iteration)}: ${lossText(s)}.`);
    } else if (!s.training && training) {
      say(`Stopped at iteration ${count(s.iteration)}: ${lossText(s)}.`);
    }
    training = s.training;
    if (box.open && s.heatmap !== tabled) {
      tabled = s.heatmap;
      table($("heatmap-table"), s.heatmap);
    }
  });
  box.addEventListener("toggle", () => {
    tabled = box.open ? state.heatmap : null;
    table($("heatmap-table"), tabled);
  });
  return null;
}
