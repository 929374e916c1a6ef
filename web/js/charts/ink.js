/**
 * @fileoverview Text over a data colour: the ink (black or white) that stands out more from a
 * background, by WCAG 2's contrast ratio. Black or white against any colour reaches at least
 * 4.58:1, above AA's 4.5:1 for normal text, so a character drawn over an activation, a surprise
 * or any other data colour stays readable whatever its value (issue 24: a fixed threshold on the
 * value left some mid-scale cells at ~3:1). Used by heatmap.js, unit-passage.js and surprise.js.
 */

const BLACK = [0, 0, 0]; // (not the page's softer ink: only pure black or white always reaches 4.58:1)
const WHITE = [255, 255, 255];

/** WCAG 2 relative luminance of an sRGB colour [r, g, b] (0–255). */
export function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours (1 to 21). */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The text colour for a background: black or white, whichever stands out more (always ≥ 4.58:1). */
export function textOn(rgb) {
  return contrast(rgb, BLACK) >= contrast(rgb, WHITE) ? BLACK : WHITE;
}

/** A colour [r, g, b] as CSS. */
export const css = ([r, g, b]) => `rgb(${r} ${g} ${b})`;

/** Paint `el` with background `rgb` and the ink that reads on it. */
export function paint(el, rgb) {
  el.style.backgroundColor = css(rgb);
  el.style.color = css(textOn(rgb));
}
