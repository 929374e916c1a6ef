/**
 * @fileoverview The Embed sheet's builder: a check box for each piece of the panel (the parts
 * table, parts.js), the frame's width, and a live preview — an <iframe> of this page itself, same
 * origin, at that width — whose own height messages (messages.js) give the snippet its height.
 * share.js writes the snippet from `choice()`; this file tells it when the choice changes. The
 * preview loads only while the sheet is open (it is a second training worker).
 */
import { state } from "../state.js";
import { PARTS } from "./parts.js";
import { HEIGHT, STATE } from "./messages.js";

export const WIDTHS = [320, 480, 680, 960]; // the frame widths a writer can pick, CSS pixels
export const DEFAULT_WIDTH = 960;
export const WHOLE_HEIGHT = 940; // the whole panel at 960: room for a trained panel's timeline
const PREVIEW_DELAY_MS = 400; // a burst of ticks reloads the preview once

let boxes = {}; // part name -> its check box
let width = DEFAULT_WIDTH;
let measured = { key: null, height: null }; // the preview's content height, for the choice `key`
let preview = null; // the preview <iframe>, while the sheet is open
let latest = { height: null, loaded: false }; // its last height message; whether it has loaded (a height while loading is not the one to keep)
let reload = null;
let onChange = () => {};

/** The parts the panel has here (what "the whole panel" shows). */
const offered = (s) => PARTS.filter((part) => !part.compare || s.compare);

/** The parts ticked, or null for the whole panel (what `?embed=1` alone shows, or nothing ticked). */
function parts(s) {
  const ticked = offered(s).filter((part) => boxes[part.name] && boxes[part.name].checked);
  const whole = offered(s).filter((part) => part.whole);
  const same = ticked.length === whole.length && ticked.every((part) => part.whole);
  return ticked.length && !same ? ticked.map((part) => part.name) : null;
}

const keyOf = (show, w) => `${show || "*"}@${w}`;

/** {show: "loss,sample" | null, width, height, measured: whether the preview measured it}. */
export function choice(s = state) {
  const ticked = parts(s);
  const show = ticked ? ticked.join(",") : null;
  const seen = measured.key === keyOf(show, width) ? measured.height : null;
  const floor = show ? 0 : WHOLE_HEIGHT;
  return { show, width, height: Math.max(seen ?? WHOLE_HEIGHT, floor), measured: seen !== null };
}

function note() {
  const c = choice();
  const text = !c.show ? "The whole panel." : c.measured
    ? `Height ${c.height} pixels, as the preview measures it now (a timeline grows as the network trains; the script line keeps the frame fitted).`
    : "Measuring the height in the preview…";
  const element = document.getElementById("embed-size-note");
  if (element.textContent !== text) element.textContent = text;
}

function changed() {
  note();
  onChange();
}

/** Point the preview at `url`; its height messages count for the choice it shows. */
function navigate(url) {
  preview.dataset.show = choice().show || "";
  latest = { height: null, loaded: false };
  preview.src = url;
}

function load(url) {
  if (!preview) return;
  clearTimeout(reload);
  reload = setTimeout(() => {
    if (preview && preview.src !== url) navigate(url);
  }, PREVIEW_DELAY_MS);
}

/** Build the check boxes, the width and the preview's box into #embed-builder. */
export function install({ changed: tell, previewUrl }) {
  onChange = tell;
  const root = document.getElementById("embed-builder");
  const set = document.createElement("fieldset");
  set.className = "embed-parts";
  const legend = document.createElement("legend");
  legend.textContent = "Pieces to show";
  set.append(legend);
  for (const part of PARTS) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = "embed-part";
    box.value = part.name;
    box.dataset.testid = `embed-part-${part.name}`;
    box.checked = part.whole;
    box.addEventListener("change", () => {
      changed();
      load(previewUrl(choice()));
    });
    label.append(box, ` ${part.label}`);
    boxes[part.name] = box;
    set.append(label);
  }
  const field = document.createElement("div");
  field.className = "field embed-width";
  const label = document.createElement("label");
  label.htmlFor = "embed-width";
  label.textContent = "Frame width (pixels)";
  const select = document.createElement("select");
  select.id = "embed-width";
  select.dataset.testid = "embed-width";
  for (const w of WIDTHS) select.add(new Option(String(w), String(w), w === width, w === width));
  select.addEventListener("change", () => {
    width = Number(select.value);
    if (preview) preview.style.width = `${width}px`;
    changed();
    load(previewUrl(choice()));
  });
  field.append(label, select);
  const size = document.createElement("p");
  size.className = "help";
  size.id = "embed-size-note";
  size.setAttribute("aria-live", "polite");
  const box = document.createElement("div");
  box.className = "embed-preview";
  box.id = "embed-preview-box";
  box.tabIndex = 0; // it scrolls: a keyboard must reach it
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", "Preview at the chosen width");
  root.append(set, field, size, box);

  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!preview || event.source !== preview.contentWindow || event.origin !== location.origin) return;
    if (!data || typeof data !== "object") return;
    if (data.type === STATE && data.state !== "loading") latest.loaded = true;
    else if (data.type === HEIGHT && Number.isSafeInteger(data.height) && data.height >= 1) {
      latest.height = data.height;
      preview.style.height = `${data.height}px`;
    } else return;
    if (!latest.loaded || latest.height === null) return;
    measured = { key: keyOf(preview.dataset.show || null, width), height: latest.height };
    changed();
  });
}

/** The sheet opened (a preview of `url`) or closed (the preview and its worker go). */
export function setOpen(open, url) {
  const box = document.getElementById("embed-preview-box");
  if (!open) {
    clearTimeout(reload);
    if (preview) preview.remove();
    preview = null;
    return;
  }
  for (const part of PARTS) {
    const usable = !part.compare || state.compare;
    boxes[part.name].disabled = !usable;
    boxes[part.name].parentElement.hidden = !usable;
  }
  preview = document.createElement("iframe");
  preview.title = "Preview of the embedded panel";
  preview.dataset.testid = "embed-preview";
  preview.style.width = `${width}px`;
  box.append(preview);
  navigate(url);
  note();
}
