/**
 * @fileoverview The first module the page runs, with no imports of its own: it starts the training
 * worker before the page's other modules have arrived. main.js imports some 30 modules, three
 * levels deep; on a 40 ms link they took half a second, and Pyodide's downloads could not start
 * until they had. The worker's messages and errors are kept until main.js takes the worker
 * (`takeWorker`), who handles them in order. Retry makes its own workers (main.js).
 */
let kept = []; // [kind, event] heard before main.js took the worker (then null)
let early = new Worker(new URL("../worker/worker.js", import.meta.url), { type: "module" });
for (const kind of ["message", "error", "messageerror"]) {
  early.addEventListener(kind, (event) => {
    if (kind === "error") event.preventDefault(); // (reported by main.js's handler, when it comes)
    if (kept) kept.push([kind, event]);
  });
}

/**
 * The worker started at boot and the events it has sent so far ([kind, event], in order), once;
 * null afterwards. The caller sets the worker's handlers, then hands it those events.
 */
export function takeWorker() {
  if (!early) return null;
  const taken = { worker: early, kept };
  early = kept = null;
  return taken;
}
