/**
 * @fileoverview The sentence under "What it expected", in the article's voice, computed from the
 * numbers on screen: the mean surprise at the line's spaces against its letters. It claims only
 * what those two numbers support — at iteration 0 both are ln V, a blind guess, and it says so.
 */

const NEAR_BLIND = 0.1; // nats: both means this close to ln V is still a blind guess
const KNOWS = 1.0; // nats: spaces this much cheaper than letters — it knows where words end
const BEGINS = 0.3; // nats: this much cheaper — it is beginning to

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const one = (x) => x.toFixed(1);

/** The means at spaces and at letters (null where the line has none): {spaces, letters}. */
export function means({ chars, surprise }) {
  const at = (test) => {
    const xs = surprise.filter((_, i) => test(chars[i]));
    return xs.length ? mean(xs) : null;
  };
  return { spaces: at((c) => c === " "), letters: at((c) => c >= "a" && c <= "z") };
}

/** One or two sentences about Live.surprise's result; `V` symbols, `baseline` = ln V. */
export function verdict(data, V, baseline) {
  const { spaces, letters } = means(data);
  const blind = `ln\u00a0${V}\u00a0≈\u00a0${baseline.toFixed(2)}`; // (never broken across lines)
  if (letters === null) return `Spaces cost ${one(spaces)} nats here.`;
  if (spaces === null) {
    return `Letters cost ${one(letters)} nats each on average, against ${blind} for a blind guess; ` +
      "this line has no space to show whether it knows where words end.";
  }
  if (Math.abs(spaces - baseline) < NEAR_BLIND && Math.abs(letters - baseline) < NEAR_BLIND) {
    return `Spaces cost ${spaces.toFixed(2)} nats, letters ${letters.toFixed(2)}: a blind guess among ${V} ` +
      `symbols costs ${blind}. It does not know yet where words end.`;
  }
  const gap = letters - spaces;
  const costs = `Spaces now cost ${one(spaces)} nats, letters ${one(letters)}`;
  if (gap >= KNOWS) return `${costs}: it knows where words end.`;
  if (gap >= BEGINS) return `${costs}: it is beginning to guess where words end.`;
  if (gap > -BEGINS) return `${costs}: it cannot tell yet where a word ends.`;
  return `${costs}: it guesses letters better than where a word ends.`;
}
