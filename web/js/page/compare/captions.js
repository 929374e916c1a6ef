/**
 * @fileoverview Compare mode in the article's memory-reach plot: the rival's curve for the
 * chart, and a sentence for its caption that sets the two cells' numbers side by side.
 */
import { cellOf, cellName } from "./compare.js";
import { theModel } from "../../shared/models.js";
import { capital } from "../../shared/words.js";


/** The rival's curve for DecayChart.update, or null outside compare mode. */
export function rivalCurve(s) {
  if (!s.rival || !s.memoryRival || !s.run) return null;
  return { reach: s.memoryRival.reach, cell: cellOf(s.run), rivalCell: cellOf(s.rival) };
}

/** " The LSTM's keeps about N% per step." — appended to the run's caption ("" outside compare mode). */
export function rivalCaption(s, keptPerStep) {
  const curve = rivalCurve(s);
  if (!curve || !s.memory) return "";
  const [mine, theirs] = [s.memory.reach, curve.reach];
  const rival = cellName(curve.rivalCell);
  // (Python's None arrives as undefined: a model without a memory vector has no reach.)
  if (theirs == null) {
    return mine == null ? ` Nor does ${theModel(curve.rivalCell)} beside it.`
      : ` ${capital(theModel(curve.rivalCell))} beside it carries no memory vector: it has no curve here.`;
  }
  const fine = (r) => r.every((v) => typeof v === "number" && v > 0);
  if (!fine(theirs)) return ` The ${rival}’s reach cannot be measured (its run diverged).`;
  if (mine == null) return ` The curve is ${theModel(curve.rivalCell)}’s, beside it: it keeps about ${keptPerStep(theirs)}% per step back.`;
  if (!fine(mine)) return "";
  const name = cellName(curve.cell);
  const k = theirs.length;
  const ratio = theirs[k - 1] / mine[k - 1];
  const times = (r) => (r >= 100 ? Math.round(r).toLocaleString("en-US") : r.toPrecision(2));
  const compared = ratio >= 1 ? `${times(ratio)} times the ${name}’s` : `${times(1 / ratio)} times smaller than the ${name}’s`;
  return ` (That is the ${name}.) The ${rival} keeps about ${keptPerStep(theirs)}% per step, and ${k} characters ` +
    `back its reach is ${compared}.`;
}
