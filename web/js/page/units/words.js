/**
 * @fileoverview Sentences written from the units' numbers, in the article's voice:
 *
 *  - `verdict(features, iteration)`: which of the six features the card's network tracks beyond
 *    what the current character tells. The rule: the best unit's |r| exceeds η (the correlation
 *    ratio of the feature on the current character alone) by at least MARGIN. Below that, a unit
 *    may only be reading the letter in front of it.
 *  - `lurchWords(heatmap, who)`: which two units of the heatmap's network lurch most at a space,
 *    from `heatmap.lurch` (py_core/lurch.py: per unit, mean |Δh| at spaces / mean |Δh| between two
 *    letters, on the heatmap's phrase).
 * Both claim only what their numbers say, whichever way they go.
 */

export const MARGIN = 0.05; // |r| must beat η by this much to count as "beyond the letter"

/** The features as the card names them (py_core/units.py FEATURES). */
export const FEATURE_NAMES = {
  space: "reads a space",
  vowel: "reads a vowel",
  "word-position": "letters into the word",
  "line-position": "characters into the line",
  "next-space": "next is a space",
  "next-newline": "next is a line break",
};

const two = (x) => x.toFixed(2);
const NUMBERS = ["no", "one", "two", "three", "four", "five", "six"];
const count = (n) => n.toLocaleString("en-US");

/** “a”, “a and b”, “a, b and c”. */
export function list(items) {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The features whose best unit beats the current character by MARGIN or more. */
export const beyond = (features) =>
  features.filter((f) => f.unit !== null && f.r_char !== null && Math.abs(f.r) - f.r_char >= MARGIN);

/** The card's sentence for Live.unit_features' rows at `iteration`. */
export function verdict(features, iteration) {
  const at = iteration === 0 ? "Untrained (iteration 0)" : `At iteration ${count(iteration)}`;
  const known = features.filter((f) => f.unit !== null);
  if (!known.length) return `${at}: the passage gives none of the six features anything to vary.`;
  const over = beyond(features);
  if (!over.length) {
    return `${at}, no unit knows more about any of these features than the character being read tells: ` +
      `none beats η by ${two(MARGIN)} or more.`;
  }
  const parts = over.map((f) => {
    const also = f.r_untrained !== null && f.r_untrained - f.r_char >= MARGIN ? ", as the untrained network already did" : "";
    return `${FEATURE_NAMES[f.name]} (unit ${f.unit}: |r| = ${two(Math.abs(f.r))} against η = ${two(f.r_char)}${also})`;
  });
  const rest = known.length - over.length;
  const tail = rest === 0 ? "" : ` For the other ${rest === 1 ? "feature" : `${NUMBERS[rest]} features`}, its best units know no more than the letter does.`;
  return `${at}, the network tracks ${list(parts)} beyond what the current character tells.${tail}`;
}

/** The sentence on which units lurch at a space, for the heatmap `heatmap` of `who` ("this run", "the LSTM"). */
export function lurchWords(heatmap, who) {
  if (!heatmap) return "";
  const phrase = `“${heatmap.phrase}”`;
  const lurch = heatmap.lurch;
  if (!lurch) {
    if (!heatmap.phrase.slice(1).includes(" ")) {
      return `The heatmap’s phrase, ${phrase}, has no space, so there is no step at a space to compare; ` +
        "give it a phrase of several words.";
    }
    if (!/[a-z]{2}/.test(heatmap.phrase)) return `The heatmap’s phrase, ${phrase}, has no two letters in a row to compare a space with.`;
    return `On ${phrase}, ${who}’s memory does not move between two letters, so no unit can be said to lurch at a space.`;
  }
  const [a, b] = lurch.units;
  const units = b ? `units ${a.unit} and ${b.unit}` : `unit ${a.unit}`;
  const ratios = b ? `${two(a.ratio)} and ${two(b.ratio)} times` : `${two(a.ratio)} times`;
  const whole = `(the whole memory: ${two(lurch.overall)} times)`;
  const [lurches, changes, come] = b ? ["lurch", "they change", "come"] : ["lurches", "it changes", "comes"];
  if (a.ratio > 1) {
    return `In ${who}, reading ${phrase}, ${units} ${lurches} most at a space: ${changes} ${ratios} as much ` +
      `at a space as between two letters ${whole}.`;
  }
  return `In ${who}, reading ${phrase}, no unit changes more at a space than between two letters: ` +
    `even ${units}, which ${come} closest, ${changes.split(" ")[1]} ${ratios} as much ${whole}.`;
}
