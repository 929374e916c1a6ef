/**
 * @fileoverview The prose that quotes the heatmap, kept true of the reader's run: the intro's "the
 * heatmap shows four of those numbers while the network reads “shall i compare”" (how many units,
 * which phrase), how many of its values sit near ±1, and the article's sentence on which units lurch at a space (units/words.js
 * writes it from the heatmap's `lurch`, py_core/lurch.py), with a button that shows those two
 * units in the heatmap. Both follow the heatmap on screen (in compare mode, either network).
 */
import { state } from "./state.js";
import { onFrame } from "./frame.js";
import { lurchWords } from "./units/words.js";
import { cellName, cellOf } from "./compare/compare.js";

const $ = (id) => document.getElementById(id);
const EDGE = 0.9; // "near −1 or +1": beyond ±EDGE
const WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight"];

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/** Whose heatmap is on screen, in words: "this run", "this LSTM", "the LSTM" (compare mode). */
function whose(s) {
  const info = s.rival && s.heatmapOf === "rival" ? s.rival : s.run;
  if (s.rival) return `the ${cellName(cellOf(info))}`;
  return cellOf(info) === "lstm" ? "this LSTM" : "this run";
}

export function install({ send }) {
  let drawn = null;
  onFrame((s) => {
    const h = s.heatmap;
    if (!h || (h === drawn?.heatmap && s.heatmapOf === drawn.of)) return;
    drawn = { heatmap: h, of: s.heatmapOf };
    const n = h.units.length;
    setText($("intro-units"), WORDS[n] || String(n));
    setText($("intro-units-noun"), n === 1 ? "number" : "numbers");
    setText($("intro-phrase"), h.phrase);
    const values = h.values.flat();
    const edge = values.filter((v) => Math.abs(v) > EDGE).length;
    setText($("edge-words"), ` (in the heatmap now, ${edge} of its ${values.length} values lie beyond ±${EDGE})`);
    setText($("lurch-words"), lurchWords(h, `${whose(s)} at iteration ${s.iteration.toLocaleString("en-US")}`));
    const button = $("lurch-show");
    button.hidden = !h.lurch;
    if (h.lurch) {
      const units = h.lurch.units.map((u) => u.unit);
      button.dataset.units = units.join(" ");
      setText(button, `Show ${units.length === 1 ? `unit ${units[0]}` : `units ${units.join(" and ")}`} in the heatmap`);
    }
  });
  $("lurch-show").addEventListener("click", (e) => {
    const units = e.currentTarget.dataset.units.split(" ").map(Number);
    send({ type: "view", units, ...(state.rival && state.heatmapOf === "rival" ? { of: "rival" } : {}) });
  });
}
