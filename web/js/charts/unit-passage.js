/**
 * @fileoverview A passage, one element per character (data-testid="units-char", with data-char
 * and data-activation), coloured by one unit's activation on the heatmap's diverging scale
 * (ColorBrewer RdBu, heatmap.js): the card "What the units track". The passage is a read-only
 * text box with a caret (contenteditable, every edit refused), so a stretch can be selected with
 * the mouse or with Shift and the arrow keys; `selection()` says which characters it covers.
 * Characters can be marked as picked (the stretch the units were matched on) or matched (where
 * the same units are on together). No Python: `update()` takes what the worker posted.
 */
import { colourOf } from "./heatmap.js";
import { paint } from "./ink.js";

const NEWLINE = "↵"; // a line break, made visible (then the line breaks)

export class UnitPassage {
  /** `root`: the passage's element (contenteditable, role=textbox, aria-readonly). */
  constructor(root) {
    this.root = root;
    this.text = null; // the passage on screen
    this.chars = []; // its characters' elements
    // Read-only: the caret moves and selects, nothing is typed, pasted, cut or dropped.
    for (const type of ["beforeinput", "paste", "cut", "drop"]) root.addEventListener(type, (e) => e.preventDefault());
    root.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === "Backspace" || e.key === "Delete") e.preventDefault();
    });
  }

  /** Draw `text` coloured by `activations` (one per character); rebuilt only if the text changed. */
  update(text, activations) {
    if (text !== this.text) this.build(text);
    activations.forEach((v, i) => {
      const el = this.chars[i];
      if (!el) return;
      el.dataset.activation = String(v);
      paint(el, colourOf(v)); // the ink (black or white) that reads on it: ≥ 4.58:1 (issue 24)
    });
  }

  build(text) {
    this.text = text;
    this.root.replaceChildren();
    this.chars = [...text].map((c, i) => {
      const el = document.createElement("span");
      el.className = "unit-char";
      el.dataset.testid = "units-char";
      el.dataset.char = c;
      el.dataset.index = String(i);
      el.textContent = c === "\n" ? NEWLINE : c;
      this.root.append(el);
      if (c === "\n") this.root.append(document.createElement("br"));
      return el;
    });
  }

  /** The characters [start, end) the page's selection covers inside the passage, or null. */
  selection() {
    const sel = document.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!this.root.contains(range.commonAncestorContainer)) return null;
    let start = -1;
    let end = -1;
    this.chars.forEach((el, i) => {
      // A character is selected when its glyph is (partly) inside the range.
      if (!range.intersectsNode(el.firstChild)) return;
      const glyph = el.firstChild;
      const from = range.startContainer === glyph ? range.startOffset : 0;
      const to = range.endContainer === glyph ? range.endOffset : glyph.length;
      if (to <= from) return;
      if (start < 0) start = i;
      end = i + 1;
    });
    return start < 0 ? null : { start, end };
  }

  /** Select characters [start, end) (and scroll them into view). */
  select(start, end) {
    const first = this.chars[start];
    const last = this.chars[end - 1];
    if (!first || !last) return;
    const range = document.createRange();
    range.setStart(first.firstChild, 0);
    range.setEnd(last.firstChild, last.firstChild.length);
    const sel = document.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    first.scrollIntoView({ block: "nearest" });
  }

  /** Mark [start, end) as picked and each [s, e) of `matches` as matched (null: no marks). */
  mark(picked, matches) {
    const flag = new Uint8Array(this.chars.length); // 1 picked, 2 matched
    for (const [s, e] of matches || []) flag.fill(2, s, e);
    if (picked) flag.fill(1, picked.start, picked.end);
    this.chars.forEach((el, i) => {
      el.classList.toggle("picked", flag[i] === 1);
      el.classList.toggle("matched", flag[i] === 2);
    });
  }
}
