/**
 * @fileoverview Computed style values read once, not in every frame. Reading getComputedStyle in
 * a frame whose text has just changed forces a style recalculation of the page, and a chart that
 * redraws while training did that in every frame (Long Animation Frames, scripts/bench_tasks.py).
 * The values are kept until `clear()` (a resize) or until presenter or embed mode changes, the
 * only switches of the page that change a chart's custom properties (css/classroom.css).
 */
export function styleCache(element) {
  let kept = null; // {key, values: Map}
  const get = (name) => {
    const mode = document.documentElement.dataset;
    const key = `${mode.present}|${mode.embed}`;
    if (!kept || kept.key !== key) kept = { key, values: new Map() };
    if (!kept.values.has(name)) {
      const css = getComputedStyle(element);
      kept.values.set(name, name.startsWith("--") ? css.getPropertyValue(name).trim() : css[name]);
    }
    return kept.values.get(name);
  };
  get.clear = () => { kept = null; };
  return get;
}
