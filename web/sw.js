/**
 * @fileoverview The service worker: after a first visit the page loads from here, without the
 * network and without revalidating its files one by one (docs/offline.md).
 *
 * generated/precache.js (written by scripts/fetch_assets.py) lists every file the page needs with
 * its sha256, and a version that hashes the list. Install fetches them all (revalidated against
 * the server, `cache: "no-cache"`), checks each against its sha256 and only then fills the cache
 * `rnn-live-<version>`: a damaged or half-updated server gives no cache at all (install fails and
 * is tried again on a later visit), never a partial or mixed one. Activate deletes every other
 * `rnn-live-` cache. A new build is a new precache.js, so the browser's update check (which
 * compares imported scripts too) installs a new worker beside the old one; it takes over only
 * when no page of the old build is left, so one page never mixes files of two builds. A reload of
 * the only open page hands over at once (the old build's navigation answers "Refresh: 0" after
 * telling the new worker to take over).
 *
 * It never claims the page that registered it: the first visit stays on the network to the end
 * (its faults are its own), and only later navigations are served from the cache. Requests
 * outside the list (or with another method) go to the network as they would without it.
 */
importScripts("generated/precache.js");

const PREFIX = "rnn-live-";
const { version: VERSION, files: FILES } = self.RNN_LIVE_PRECACHE;
const CACHE = PREFIX + VERSION;
const SCOPE = new URL(self.registration.scope);
const LISTED = new Set(FILES.map(([path]) => new URL(path, SCOPE).pathname));
// The headers kept with a cached file: its type, and the policy a worker takes from its own script.
const KEEP_HEADERS = ["content-type", "last-modified", "content-security-policy", "x-content-type-options",
  "referrer-policy"];

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

/** One listed file, fetched and checked: a Response to cache (decoded body, plain headers). */
async function verified([path, sha256]) {
  const url = new URL(path, SCOPE);
  const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const body = await response.arrayBuffer(); // (any Content-Encoding already undone)
  if (hex(await crypto.subtle.digest("SHA-256", body)) !== sha256) {
    throw new Error(`${path}: its sha256 is not the one generated/precache.js lists`);
  }
  const headers = new Headers({ "X-RNN-Live-Build": VERSION });
  for (const name of KEEP_HEADERS) if (response.headers.has(name)) headers.set(name, response.headers.get(name));
  return [url.href, new Response(body, { status: 200, headers })];
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const entries = [];
    for (let i = 0; i < FILES.length; i += 6) { // a few at a time: it runs beside a training page
      entries.push(...await Promise.all(FILES.slice(i, i + 6).map(verified)));
    }
    await caches.delete(CACHE); // (a worker of the same build that failed half-way)
    const cache = await caches.open(CACHE);
    await Promise.all(entries.map(([url, response]) => cache.put(url, response)));
  })().catch(async (e) => {
    await caches.delete(CACHE);
    throw e; // install fails: the old worker (if any) stays, and the browser tries again later
  }));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "rnn-live:take-over") self.skipWaiting();
});

/** The cache key of a request for a listed file (query ignored: `?seed=3` is the same page), or null. */
function listedKey(request) {
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return null;
  let path = url.pathname;
  if (request.mode === "navigate" && path.endsWith("/")) path += "index.html";
  return LISTED.has(path) ? new URL(path, SCOPE).href : null;
}

async function respond(event, key) {
  const request = event.request;
  if (request.mode === "navigate" && request.destination === "document" && self.registration.waiting) {
    // A newer build is installed and waiting. If this navigation replaces the only page this
    // worker controls (frames inside it aside), let the new one take over now and load the page
    // again under it. (A frame's navigation never does: its page would mix two builds.)
    const pages = (await self.clients.matchAll({ type: "window" })).filter((c) => c.frameType === "top-level");
    if (pages.length <= 1) {
      self.registration.waiting.postMessage("rnn-live:take-over");
      return new Response("", { headers: { Refresh: "0", "Content-Type": "text/html; charset=utf-8" } });
    }
  }
  const cached = await caches.match(key, { cacheName: CACHE });
  if (!cached) return fetch(request);
  // (The worker checks Pyodide's files with HEAD before it loads them: answered here too.)
  return request.method === "HEAD" ? new Response(null, { status: 200, headers: cached.headers }) : cached;
}

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET" && event.request.method !== "HEAD") return;
  const key = listedKey(event.request);
  if (key) event.respondWith(respond(event, key));
});
