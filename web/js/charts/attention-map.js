/**
 * @fileoverview The attention model's memory, drawn: one table per head, a row for each
 * character of the phrase as the query (the prediction made after reading it), a column for each
 * character it may look back at (the key), and in each cell how much that head weighs the key
 * (0…1, written as a percentage; a row sums to 1 over the keys up to its query). Cells are DOM table cells
 * (data-testid="attention-cell", with data-head, data-query, data-key and data-value), coloured on
 * a sequential ramp with the ink that reads on it (ink.js), so a screen reader and a test read
 * the same numbers a reader sees. No Python: `update()` takes what the worker posted.
 */
import { paint } from "./ink.js";

const PALE = [247, 247, 247]; // weight 0
const DEEP = [8, 48, 107]; // weight 1 (ColorBrewer Blues' darkest)
const shown = (c) => (c === " " ? "␣" : c);

/** The colour of weight w in [0, 1]. */
export const weightColour = (w) => PALE.map((c, i) => Math.round(c + (DEEP[i] - c) * Math.max(0, Math.min(1, w))));

export class AttentionMap {
  constructor(root) {
    this.root = root;
    this.drawn = null;
  }

  /** Draw `map` = {chars, heads: [head][query][key], reach}. */
  update(map) {
    if (map === this.drawn) return;
    this.drawn = map;
    const tables = map.heads.map((head, h) => {
      const table = document.createElement("table");
      table.className = "attention-table";
      const caption = table.createCaption();
      caption.textContent = `Head ${h + 1}`;
      const top = table.createTHead().insertRow();
      const corner = document.createElement("td");
      top.append(corner);
      for (const c of map.chars) {
        const th = document.createElement("th");
        th.scope = "col";
        th.textContent = shown(c);
        top.append(th);
      }
      const body = table.createTBody();
      head.forEach((row, q) => {
        const tr = body.insertRow();
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = shown(map.chars[q]);
        tr.append(th);
        row.forEach((w, k) => {
          const td = tr.insertCell();
          if (k > q) return; // a key after the query: it cannot be seen (no cell)
          td.dataset.testid = "attention-cell";
          Object.assign(td.dataset, { head: String(h), query: String(q), key: String(k), value: String(w) });
          td.textContent = String(Math.round(w * 100)); // per cent
          td.title = `head ${h + 1}: after “${shown(map.chars[q])}”, ${Math.round(w * 100)}% on “${shown(map.chars[k])}”`;
          paint(td, weightColour(w));
        });
      });
      return table;
    });
    this.root.replaceChildren(...tables);
  }
}
