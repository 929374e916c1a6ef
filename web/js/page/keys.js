/**
 * @fileoverview Keyboard shortcuts for a room: Space = Train/Pause, → or S = Step, R = Reset,
 * P = presenter mode, F = full screen, ? = the list of keys (a modal <dialog>; Escape closes it).
 * A shortcut presses the panel's own button (so a disabled button stays disabled) and lights it
 * for a moment, so the room sees what happened. Nothing fires while the reader types in a field;
 * Space (and Enter) are left alone on buttons, links and other controls that use them.
 */
import { togglePresent, toggleFullscreen } from "./present.js";

const $ = (id) => document.getElementById(id);
const PRESSED_MS = 180; // how long a button stays lit after its key
const NON_TEXT_INPUTS = new Set(["button", "checkbox", "radio", "file", "submit", "reset", "color", "image"]);

/** The reader is typing: a text field, a select, anything editable. */
function typing(el) {
  if (!el || !el.tagName) return false;
  if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  return el.tagName === "INPUT" && !NON_TEXT_INPUTS.has(el.type);
}

/** The element uses Space itself (buttons, links, check boxes, <summary>, file pickers). */
function usesSpace(el) {
  return !!(el && el.closest && el.closest("button, a[href], summary, input, label, [role=button], [role=checkbox], [role=link]"));
}

function press(id) {
  const button = $(id);
  if (!button || button.disabled) return;
  button.click();
  button.classList.add("key-pressed");
  setTimeout(() => button.classList.remove("key-pressed"), PRESSED_MS);
}

export function install() {
  const help = $("keys-help");
  const open = () => {
    if (!help.open) help.showModal();
  };
  $("keys").addEventListener("click", open);
  $("keys-close").addEventListener("click", () => help.close());
  help.addEventListener("click", (e) => {
    if (e.target === help) help.close(); // a click on the backdrop
  });

  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (help.open) {
      if (e.key === "?") {
        help.close();
        e.preventDefault();
      }
      return; // (Escape closes the dialog by itself)
    }
    if (typing(e.target)) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === " ") {
      if (usesSpace(e.target)) return;
      press("train");
    } else if (key === "ArrowRight" || key === "s") press("step");
    else if (key === "r") press("reset");
    else if (key === "p") togglePresent();
    else if (key === "f") toggleFullscreen();
    else if (key === "?") open();
    else return;
    e.preventDefault();
  });
  return null;
}
