/**
 * @fileoverview The hidden-state heatmap as DOM cells: one row per hidden unit, one column per
 * character of the phrase, each cell coloured by the unit's tanh activation (−1…1) right after
 * the network read that character, on ColorBrewer's diverging RdBu scale (blue negative, near
 * white at 0, red positive; colour-blind safe). Each cell carries its value in data-value and in
 * its accessible name; hovering or focusing one shows it in the readout. Arrow keys move between
 * cells (one tab stop for the whole grid). No Python: `update()` takes what the worker posted.
 */

import { css, paint } from "./ink.js";

/** ColorBrewer RdBu, 11 classes, from −1 (dark blue) through white to +1 (dark red). */
const RAMP = ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
  "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"].map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));

/** The colour [r, g, b] of activation v in [−1, 1], linearly between the ramp's stops. */
export function colourOf(v) {
  const t = (Math.max(-1, Math.min(1, v)) + 1) / 2 * (RAMP.length - 1);
  const i = Math.min(Math.floor(t), RAMP.length - 2);
  const f = t - i;
  return RAMP[i].map((c, k) => Math.round(c + (RAMP[i + 1][k] - c) * f));
}

/** The ramp as a CSS gradient, for the legend. */
export const rampGradient = () => `linear-gradient(to right, ${RAMP.map(css).join(", ")})`;

const shown = (c) => (c === " " ? "␣" : c); // a space, made visible
const signed = (v) => (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(3);

export class Heatmap {
  /** `root` holds the grid (role=grid); `readout` is the line that shows the focused value. */
  constructor(root, readout) {
    this.root = root;
    this.readout = readout;
    this.cells = []; // [row][col]
    this.shape = "";
    this.active = [0, 0]; // the cell that holds the grid's one tab stop
    this.hint = readout.textContent;
    root.addEventListener("keydown", (e) => this.onKey(e));
    root.addEventListener("pointerover", (e) => this.show(e.target.closest("[data-col]")));
    root.addEventListener("focusin", (e) => this.show(e.target.closest("[data-col]")));
    root.addEventListener("pointerleave", () => this.show(root.contains(document.activeElement) ? document.activeElement : null));
    root.addEventListener("focusout", (e) => { if (!root.contains(e.relatedTarget)) this.show(null); });
  }

  /** Draw {phrase, units, values[row][col]}; cells are rebuilt only if the shape changed. */
  update({ phrase, units, values }) {
    this.phrase = phrase;
    this.units = units;
    this.values = values;
    const shape = `${units.join(",")}|${phrase}`;
    if (shape !== this.shape) this.build(phrase, units);
    this.shape = shape;
    values.forEach((row, r) => row.forEach((v, c) => {
      const cell = this.cells[r][c];
      cell.dataset.value = String(v);
      paint(cell, colourOf(v)); // with the ink that reads on it (ink.js)
      cell.setAttribute("aria-label", `unit ${units[r]} after “${shown(phrase[c])}”: ${signed(v)}`);
    }));
    const focused = this.root.contains(document.activeElement) ? document.activeElement : this.hovered;
    if (focused) this.show(focused);
  }

  build(phrase, units) {
    this.root.replaceChildren();
    this.hovered = null; // its cell is gone (and may name a row or column that no longer exists)
    this.root.style.setProperty("--cols", phrase.length);
    this.cells = units.map((unit, r) => {
      const row = document.createElement("div");
      row.setAttribute("role", "row");
      row.className = "heatmap-row";
      const head = document.createElement("div");
      head.setAttribute("role", "rowheader");
      head.className = "heatmap-unit";
      head.textContent = `h${unit}`;
      head.title = `hidden unit ${unit}`;
      row.append(head);
      const cells = [...phrase].map((ch, c) => {
        const cell = document.createElement("div");
        cell.setAttribute("role", "gridcell");
        cell.className = "heatmap-cell";
        cell.dataset.testid = "heatmap-cell";
        cell.dataset.row = String(r);
        cell.dataset.col = String(c);
        cell.tabIndex = -1;
        const glyph = document.createElement("span");
        glyph.setAttribute("aria-hidden", "true");
        glyph.textContent = shown(ch);
        if (ch === " ") glyph.className = "space";
        cell.append(glyph);
        row.append(cell);
        return cell;
      });
      this.root.append(row);
      return cells;
    });
    this.active = [0, 0];
    if (this.cells.length && this.cells[0].length) this.cells[0][0].tabIndex = 0;
  }

  /** Show a cell's value in the readout (null: the hint). */
  show(cell) {
    this.hovered = cell && cell.dataset && cell.dataset.col !== undefined ? cell : null;
    if (!this.hovered || !this.values) {
      this.readout.textContent = this.hint;
      return;
    }
    const r = Number(cell.dataset.row);
    const c = Number(cell.dataset.col);
    const v = this.values[r][c];
    this.readout.replaceChildren();
    const strong = document.createElement("strong");
    strong.textContent = signed(v);
    this.readout.append(`Unit ${this.units[r]} after reading “${this.phrase.slice(0, c + 1)}”: `, strong);
  }

  onKey(e) {
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const rows = this.cells.length;
    if (!rows) return;
    const cols = this.cells[0].length;
    let [r, c] = this.active;
    if (moves[e.key]) {
      r = Math.max(0, Math.min(rows - 1, r + moves[e.key][0]));
      c = Math.max(0, Math.min(cols - 1, c + moves[e.key][1]));
    } else if (e.key === "Home") c = 0;
    else if (e.key === "End") c = cols - 1;
    else return;
    e.preventDefault();
    this.cells[this.active[0]][this.active[1]].tabIndex = -1;
    this.active = [r, c];
    const cell = this.cells[r][c];
    cell.tabIndex = 0;
    cell.focus();
  }
}
