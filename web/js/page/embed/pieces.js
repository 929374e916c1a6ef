/**
 * @fileoverview An embed of some pieces of the panel (`?embed=1&show=loss,sample`): every element
 * the parts table (parts.js) names but the URL did not ask for gets `data-embed-hidden`, and
 * <html data-show="…"> lets css/embed.css lay the chosen pieces out for the frame's width. A
 * `show` that cannot be honoured gets its message in the panel's error area and the whole panel
 * (never a blank frame). Without `show`, or on the full page, nothing changes here.
 */
import { state, setState } from "../state.js";
import { PARTS, parseShow } from "./parts.js";

/** Show only `names` (null: everything). */
export function showParts(names) {
  const root = document.documentElement;
  if (names) root.dataset.show = names.join(" ");
  else delete root.dataset.show;
  for (const part of PARTS) {
    const hide = !!names && !names.includes(part.name);
    for (const selector of part.elements) {
      for (const element of document.querySelectorAll(selector)) element.toggleAttribute("data-embed-hidden", hide);
    }
  }
}

export function install() {
  const params = new URLSearchParams(location.search);
  if (!state.embed || !params.has("show")) return;
  const parsed = parseShow(params.get("show"), { compare: state.compare });
  if (parsed.message) {
    showParts(null);
    setState({ errors: { ...state.errors, show: parsed.message } });
  } else showParts(parsed.parts);
}
