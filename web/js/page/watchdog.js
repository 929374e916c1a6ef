/**
 * @fileoverview The watchdog over the training worker. A worker can stop answering without any
 * error event: a fetch that never completes, Pyodide waiting forever for a file, Python stuck in a
 * call. The page would then say "Loading…" or "Training" forever, with every control dead.
 *
 * The page is waiting on the worker while it loads, while it trains (it posts progress after every
 * chunk, about once a second at the slowest speed) and while a request is unanswered (the worker
 * posts {type: "handled", count} after each message it has dealt with, see shared/protocol.js). If it
 * hears nothing at all from the worker for `limitMs` while waiting, `stalled(oldest)` is called
 * once, with the type of the oldest unanswered request (or null), and the watchdog stops.
 *
 * Silence is counted in ticks of an interval, not by comparing timestamps: a laptop that sleeps or
 * a background tab whose timers are throttled only makes the wait longer, never a false alarm.
 */

// Generous: the whole load takes ~3 s on the project's 2-core machine, and a request is answered
// within a training chunk. While the big files download, the worker posts their byte counts as
// they arrive (worker/downloads.js), so a slow link that keeps moving is never silent for long;
// a download that stops moving is, and a stall offers Retry.
export const STALL_MS = 60_000;
const TICKS = 20; // checks per limit, at most one a second (a 2 s test limit is checked every 100 ms)

export class Watchdog {
  /** `busy()`: the page expects news without having asked (loading, training). */
  constructor({ busy, stalled, limitMs = STALL_MS }) {
    this.busy = busy;
    this.stalled = stalled;
    this.timer = 0;
    this.setLimit(limitMs);
    this.watch();
  }

  /** Watch a new worker: nothing asked yet, silence from now. */
  watch() {
    this.pending = []; // types of the requests sent and not yet handled, oldest first
    this.handled = 0; // the worker's count of handled messages
    this.silentMs = 0;
    this.on = true;
  }

  /** Stop watching (the worker has failed, or has been ended, some other way). */
  stop() {
    this.on = false;
  }

  /** Declare a stall after `ms` of silence from now on (tests use a few seconds). */
  setLimit(ms) {
    this.limitMs = ms;
    clearInterval(this.timer);
    const tickMs = Math.min(1000, ms / TICKS);
    this.timer = setInterval(() => this.tick(tickMs), tickMs);
  }

  /** A request went to the worker. */
  sent(type) {
    this.pending.push(type);
  }

  /** The worker said something: it is alive; a "handled" count retires the requests it covers. */
  heard(message) {
    this.silentMs = 0;
    if (message && message.type === "handled" && message.count > this.handled) {
      this.pending.splice(0, message.count - this.handled);
      this.handled = message.count;
    }
  }

  tick(tickMs) {
    if (!this.on) return;
    if (!this.pending.length && !this.busy()) {
      this.silentMs = 0; // nothing expected: an idle worker is silent by right
      return;
    }
    this.silentMs += tickMs;
    if (this.silentMs < this.limitMs) return;
    this.on = false;
    this.stalled(this.pending[0] ?? null);
  }
}
