/**
 * @fileoverview Counting the big downloads (Pyodide's wasm, the standard library, NumPy) as their
 * bytes arrive, in the worker. Pyodide fetches these files itself, so `countDownloads` wraps the
 * worker's `fetch`: a response for one of the listed paths is handed on as it is, its bytes
 * counted as they arrive on a clone, and the counts are posted as {type: "download", files} at most every
 * POST_MS. A message goes out only when bytes have arrived: a download that stops moving goes
 * silent, and the page's watchdog (watchdog.js) then declares a stall; one that moves, however
 * slowly, is progress.
 *
 * Counted bytes are the decoded body. When the server compressed the file (Content-Encoding), the
 * bytes on the wire are estimated in proportion: decoded share × Content-Length.
 */
const POST_MS = 250; // at most this often

/**
 * Count fetches of `sizes`' paths ({path relative to root: decoded size}); `post` gets
 * {type: "download", files: [{path, received, total, wireReceived, wireTotal, done}]}.
 */
export function countDownloads(root, sizes, post) {
  const files = new Map(); // absolute URL → its count
  for (const [path, size] of Object.entries(sizes)) {
    if (size > 0) files.set(new URL(path, root).href, { path, received: 0, total: size, wireTotal: size, done: false, started: false });
  }
  let last = 0;
  let timer = 0;
  const report = (force) => {
    const now = performance.now();
    if (!force && now - last < POST_MS) {
      timer ||= setTimeout(() => { timer = 0; report(true); }, POST_MS - (now - last));
      return;
    }
    last = now;
    post({
      type: "download",
      files: [...files.values()].map(({ path, received, total, wireTotal, done }) => ({
        path, received, total, done, wireTotal, wireReceived: Math.round((received / total) * wireTotal),
      })),
    });
  };
  async function count(file, reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      file.received = Math.min(file.total, file.received + value.byteLength);
      report(false);
    }
    file.received = file.total;
    file.done = true;
    report(true);
  }
  const realFetch = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url, root);
    url.search = "";
    const file = files.get(url.href);
    const method = (init && init.method) || (input instanceof Request ? input.method : "GET");
    // Only a GET has the bytes (a HEAD check has none); a second fetch of a file already counted
    // (e.g. from the HTTP cache) is not counted again.
    if (!file || method.toUpperCase() !== "GET" || file.started || !response.ok || !response.body) return response;
    file.started = true;
    const encoded = response.headers.get("Content-Encoding");
    const length = Number(response.headers.get("Content-Length"));
    if (encoded && encoded !== "identity" && length > 0) file.wireTotal = length;
    // The bytes are counted on a clone: the response handed on is the browser's own, so
    // WebAssembly.instantiateStreaming knows its URL and Chromium can keep (and reuse) the
    // compiled wasm in its code cache; a stream wrapped in a new Response has no URL.
    count(file, response.clone().body.getReader()).catch(() => {});
    return response;
  };
}
