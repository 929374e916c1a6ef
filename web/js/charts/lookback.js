/**
 * @fileoverview Where the attention model looks just before an echo line's closing key, drawn:
 * one row per head, one cell per character it could look back at (the line before, then this
 * line up to the space after its filler), each character painted by that head's weight on it
 * (the attention map's ramp, with the ink that reads on it: ink.js). The line's opening key is
 * outlined and the query (the character whose output predicts the closing key) marked. Cells
 * carry data-testid="lookback-cell" with data-head, data-key and data-value. No Python:
 * `update()` takes Live.echo_attention() as the worker posted it.
 */
import { paint } from "./ink.js";
import { weightColour } from "./attention-map.js";

const shown = (c) => (c === " " ? "␣" : c === "\n" ? "↵" : c);

export class Lookback {
  constructor(root) {
    this.root = root;
    this.drawn = null;
  }

  /** Draw `look` = {chars, query, opening: [start, end), heads: [head][key]}. */
  update(look) {
    if (look === this.drawn) return;
    this.drawn = look;
    const table = document.createElement("table");
    table.className = "lookback-table";
    const body = table.createTBody();
    const [from, to] = look.opening;
    look.heads.forEach((weights, h) => {
      const tr = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = `Head ${h + 1}`;
      tr.append(th);
      weights.forEach((w, k) => {
        const td = tr.insertCell();
        td.dataset.testid = "lookback-cell";
        Object.assign(td.dataset, { head: String(h), key: String(k), value: String(w) });
        td.textContent = shown(look.chars[k]);
        td.title = `head ${h + 1}: ${Math.round(w * 100)}% on “${shown(look.chars[k])}”`;
        if (k >= from && k < to) td.classList.add("lookback-key");
        if (k === look.query) td.classList.add("lookback-query");
        paint(td, weightColour(w));
      });
    });
    this.root.replaceChildren(table);
  }
}
