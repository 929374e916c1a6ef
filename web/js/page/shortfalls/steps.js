/**
 * @fileoverview "It is strictly sequential", measured in the reader's tab: a button asks the
 * worker to time a step of each of the four models at T = 10, 25, 50 and 100 (Live.step_times,
 * py_core/steptime.py), and the table shows, beside each model's milliseconds, how many
 * computations of one update must wait for each other — 2T for the RNN and the LSTM, 2 for the
 * fixed-window and attention models — with a sentence written from the numbers.
 */
import { state, setState } from "../state.js";
import { onFrame } from "../frame.js";
import { LINEAGE, modelName, theModel } from "../../shared/models.js";
import { capital } from "../../shared/words.js";

const $ = (id) => document.getElementById(id);
const count = (n) => n.toLocaleString("en-US");
const ms = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));
const times = (r) => (r >= 10 ? r.toFixed(0) : r.toFixed(1));

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/** "2T" when the count grows with T (dependent[i] = 2·seqs[i]), else the count itself. */
export function waits(row, seqs) {
  const perT = row.dependent.map((d, i) => d / seqs[i]);
  return perT.every((k) => k === perT[0]) && row.dependent[0] !== row.dependent[row.dependent.length - 1]
    ? `${perT[0]}T` : count(row.dependent[0]);
}

/** The figure's sentence, from the numbers ({seqs, rows} as the worker posted them). */
export function stepsVerdict({ seqs, rows }) {
  const cells = LINEAGE.filter((c) => rows[c]);
  const [first, last] = [0, seqs.length - 1];
  const growth = (c) => rows[c].ms[last] / rows[c].ms[first];
  const recurrent = cells.filter((c) => waits(rows[c], seqs).endsWith("T"));
  const parallel = cells.filter((c) => !recurrent.includes(c));
  const span = `from T = ${seqs[first]} to ${seqs[last]}`;
  const parts = [];
  if (recurrent.length) {
    parts.push(`${capital(span)}, ${recurrent.map((c) => `${theModel(c)}’s step took ${times(growth(c))}×`).join(" and ")} as long, ` +
      `as the computations that must wait for each other grew from ${count(rows[recurrent[0]].dependent[first])} to ` +
      `${count(rows[recurrent[0]].dependent[last])}.`);
  }
  if (parallel.length) {
    parts.push(`${capital(parallel.map((c) => `${theModel(c)}’s`).join(" and "))} took ${parallel.map((c) => `${times(growth(c))}×`).join(" and ")}, ` +
      `with ${count(rows[parallel[0]].dependent[first])} waiting at every T: their work grows with T too, but no position waits for the one before it.`);
  }
  const byTime = cells.slice().sort((a, b) => rows[a].ms[last] - rows[b].ms[last]);
  const [fast, slow] = [byTime[0], byTime[byTime.length - 1]];
  parts.push(`At T = ${seqs[last]} the fastest step in this tab was ${theModel(fast)}’s (${ms(rows[fast].ms[last])} ms), ` +
    `the slowest ${theModel(slow)}’s (${ms(rows[slow].ms[last])} ms): on one thread every computation runs in turn anyway; ` +
    "on hardware that runs positions side by side, only the recurrent models’ 2T must still wait.");
  return parts.join(" ");
}

export function install({ send }) {
  const button = $("steps-measure");
  let asked = false;
  button.addEventListener("click", () => {
    if (asked || !state.run) return;
    asked = true;
    setState({ stepTimes: { pending: true } });
    send({ type: "step-times" });
  });
  let drawn = null;
  onFrame((s) => {
    const result = s.stepTimes;
    button.disabled = !s.run || s.fatal || !!(result && result.pending);
    setText(button, result && result.pending ? "Timing…" : result ? "Time them again" : button.textContent);
    if (result === drawn) return;
    drawn = result;
    if (!result || result.pending) return;
    if (result.error) {
      setText($("steps-verdict"), result.error);
      return;
    }
    // The columns: the sequence lengths measured (steptime.SEQS), the first one named.
    const [model, wait] = $("steps-head").querySelectorAll("th");
    $("steps-head").replaceChildren(model, wait, ...result.seqs.map((T, i) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.className = "num";
      if (i === 0) {
        const sub = document.createElement("span");
        sub.className = "sub";
        sub.textContent = `at T = ${T}`;
        th.append("ms per step ", sub);
      } else th.textContent = String(T);
      return th;
    }));
    const rows = LINEAGE.filter((c) => result.rows[c]).map((cell) => {
      const row = result.rows[cell];
      const tr = document.createElement("tr");
      tr.dataset.cell = cell;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = modelName(cell);
      const w = document.createElement("td");
      w.className = "num waits";
      w.dataset.testid = "steps-waits";
      w.textContent = waits(row, result.seqs);
      tr.append(th, w, ...row.ms.map((x, i) => {
        const td = document.createElement("td");
        td.className = "num";
        td.dataset.testid = "steps-ms";
        Object.assign(td.dataset, { cell, seq: String(result.seqs[i]), value: String(x) });
        td.textContent = ms(x);
        return td;
      }));
      return tr;
    });
    $("steps-body").replaceChildren(...rows);
    setText($("steps-verdict"), stepsVerdict(result));
  });
  return {
    run() {
      // (A new run has other settings or text: its times are measured again when asked.)
      if (!(state.stepTimes && state.stepTimes.pending)) setState({ stepTimes: null });
    },
    "step-times"({ seqs, steps, rows, iteration }) {
      asked = false;
      setState({ stepTimes: { seqs, steps, rows, iteration } });
    },
    error({ source, message }) {
      if (source !== "step-times") return;
      asked = false;
      setState({ stepTimes: { error: message } });
    },
  };
}
