/**
 * @fileoverview "What it expected" as DOM cells: one cell per character of a line, its background
 * the network's surprise at that character, −ln p in nats, on ColorBrewer's sequential YlOrRd
 * scale (pale yellow at 0, dark red at ln V and beyond; colour-blind safe). Each cell's text
 * colour is the one of black or white with the higher contrast against its background (ink.js),
 * so it never falls below 4.5:1. Hovering or focusing a cell shows, in the readout, the network's top guesses
 * for that position with their probabilities, the character that came highlighted among them.
 * Arrow keys move between cells (one tab stop for the whole line). Words never break across
 * lines. No Python: `update()` takes what the worker posted (Live.surprise).
 */

import { css, paint } from "./ink.js";

/** ColorBrewer YlOrRd, 9 classes, from 0 nats (pale yellow) to ln V (dark red). */
const RAMP = ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"]
  .map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));

/** The colour of `nats` on a scale from 0 to `max` (clamped), linearly between the ramp's stops. */
export function colour(nats, max) {
  const t = Math.max(0, Math.min(1, nats / max)) * (RAMP.length - 1);
  const i = Math.min(Math.floor(t), RAMP.length - 2);
  const f = t - i;
  return RAMP[i].map((c, k) => Math.round(c + (RAMP[i + 1][k] - c) * f));
}

/** The ramp as a CSS gradient, for the legend. */
export const rampGradient = () => `linear-gradient(to right, ${RAMP.map(css).join(", ")})`;

const shown = (c) => (c === " " ? "␣" : c); // a space, made visible
const quoted = (c) => (c === " " ? "a space" : c === "\n" ? "a line break" : `“${c}”`);

/** A probability as a percentage a reader can take in: 41%, 3.2%, 0.41%, <0.01%. */
export function percent(p) {
  const x = p * 100;
  if (x >= 9.95) return `${Math.round(x)}%`;
  if (x >= 0.995) return `${x.toFixed(1)}%`;
  if (x >= 0.01) return `${x.toFixed(2)}%`;
  return "<0.01%";
}

/** "it gave “e” 41%: 0.89 nats" — the probability the character got, and its surprise. */
export function gave(char, nats) {
  return `it gave ${quoted(char)} ${percent(Math.exp(-nats))}: ${nats.toFixed(2)} nats`;
}

export class SurpriseLine {
  /** `root` holds the cells (role=grid); `readout` shows the focused cell's guesses. */
  constructor(root, readout) {
    this.root = root;
    this.readout = readout;
    this.hint = readout.textContent;
    this.cells = [];
    this.line = null; // the characters shown, joined
    this.data = null; // the last Live.surprise result drawn
    this.active = 0; // the cell that holds the line's one tab stop
    this.hovered = null;
    root.addEventListener("keydown", (e) => this.onKey(e));
    root.addEventListener("pointerover", (e) => this.show(e.target.closest("[data-index]")));
    root.addEventListener("focusin", (e) => this.show(e.target.closest("[data-index]")));
    root.addEventListener("pointerleave", () => this.show(root.contains(document.activeElement) ? document.activeElement : null));
    root.addEventListener("focusout", (e) => { if (!root.contains(e.relatedTarget)) this.show(null); });
  }

  /** Draw Live.surprise's {chars, surprise, guesses} on a scale up to `max` nats (ln V). */
  update(data, max) {
    this.data = data;
    this.max = max;
    const line = data.chars.join("");
    if (line !== this.line) this.build(data.chars);
    this.line = line;
    data.chars.forEach((c, i) => {
      const cell = this.cells[i];
      const nats = data.surprise[i];
      const guesses = data.guesses[i];
      const bg = colour(nats, max);
      cell.dataset.surprise = String(nats);
      cell.dataset.guesses = JSON.stringify(guesses);
      paint(cell, bg);
      cell.setAttribute("aria-label", `${quoted(c)}: ${nats.toFixed(2)} nats; it expected ${quoted(guesses[0][0])} most, ${percent(guesses[0][1])}`);
    });
    const focused = this.root.contains(document.activeElement) ? document.activeElement : this.hovered;
    if (focused) this.show(focused);
  }

  /** One cell per character; each word (with the space after it) in a group that never breaks. */
  build(chars) {
    this.root.replaceChildren();
    this.hovered = null;
    const row = document.createElement("div");
    row.setAttribute("role", "row");
    row.className = "surprise-row";
    let word = null;
    this.cells = chars.map((c, i) => {
      if (!word) {
        word = document.createElement("span");
        word.setAttribute("role", "none");
        word.className = "surprise-word";
        row.append(word);
      }
      const cell = document.createElement("span");
      cell.setAttribute("role", "gridcell");
      cell.className = "surprise-cell";
      cell.dataset.testid = "surprise-char";
      cell.dataset.char = c;
      cell.dataset.index = String(i);
      cell.tabIndex = -1;
      const glyph = document.createElement("span");
      glyph.setAttribute("aria-hidden", "true");
      glyph.textContent = shown(c);
      cell.append(glyph);
      word.append(cell);
      if (c === " ") word = null; // the next word starts a new group
      return cell;
    });
    this.root.append(row);
    this.active = 0;
    if (this.cells.length) this.cells[0].tabIndex = 0;
  }

  /** Show a cell's guesses in the readout (null: the hint). */
  show(cell) {
    this.hovered = cell && cell.dataset && cell.dataset.index !== undefined ? cell : null;
    if (!this.hovered || !this.data) {
      this.readout.replaceChildren(this.hint);
      return;
    }
    const i = Number(cell.dataset.index);
    const { chars, surprise, guesses } = this.data;
    const before = chars.slice(Math.max(0, i - 24), i).join("");
    const head = document.createElement("p");
    head.className = "surprise-context";
    head.textContent = i === 0 ? "At the start of the line it expected:" : `After “${i > 24 ? "…" : ""}${before}” it expected:`;
    const list = document.createElement("ol");
    list.className = "guesses";
    for (const [symbol, p] of guesses[i]) {
      const item = document.createElement("li");
      const name = document.createElement("span");
      name.className = "guess-symbol";
      name.textContent = shown(symbol === "\n" ? "↵" : symbol);
      const bar = document.createElement("span");
      bar.className = "guess-bar";
      bar.style.setProperty("--p", String(p));
      const value = document.createElement("span");
      value.className = "guess-p";
      value.textContent = percent(p);
      item.append(name, bar, value);
      if (symbol === chars[i]) {
        item.className = "actual";
        const note = document.createElement("span");
        note.className = "visually-hidden";
        note.textContent = " (what came)";
        item.append(note);
      }
      item.setAttribute("aria-label", `${quoted(symbol)} ${percent(p)}${symbol === chars[i] ? ", what came" : ""}`);
      list.append(item);
    }
    const verdict = document.createElement("p");
    verdict.className = "surprise-gave";
    const said = gave(chars[i], surprise[i]); // "it gave “e” 41%: 0.89 nats"
    const cut = said.lastIndexOf(": ") + 2;
    const strong = document.createElement("strong");
    strong.textContent = said.slice(cut);
    const listed = guesses[i].some(([s]) => s === chars[i]) ? "" : ", not among those";
    verdict.append(`Next came ${quoted(chars[i])}${listed}; ${said.slice(0, cut)}`, strong, ".");
    this.readout.replaceChildren(head, list, verdict);
  }

  onKey(e) {
    const n = this.cells.length;
    if (!n) return;
    let i = this.active;
    if (e.key === "ArrowLeft") i = Math.max(0, i - 1);
    else if (e.key === "ArrowRight") i = Math.min(n - 1, i + 1);
    else if (e.key === "Home") i = 0;
    else if (e.key === "End") i = n - 1;
    else if (e.key === "ArrowUp" || e.key === "ArrowDown") i = this.below(i, e.key === "ArrowDown" ? 1 : -1);
    else return;
    e.preventDefault();
    this.cells[this.active].tabIndex = -1;
    this.active = i;
    this.cells[i].tabIndex = 0;
    this.cells[i].focus();
  }

  /** The cell nearest in x to cell i on the visual row above (-1) or below (+1), else i. */
  below(i, direction) {
    const from = this.cells[i].getBoundingClientRect();
    let best = i;
    let bestKey = Infinity;
    for (const [j, cell] of this.cells.entries()) {
      const r = cell.getBoundingClientRect();
      const dy = (r.top - from.top) * direction;
      if (dy < from.height / 2) continue;
      const key = dy * 1000 + Math.abs(r.left - from.left); // the nearest row first, then the nearest x
      if (key < bestKey) {
        bestKey = key;
        best = j;
      }
    }
    return best;
  }
}
