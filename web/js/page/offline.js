/**
 * @fileoverview Offline and fast return visits: once the page is ready, it registers the service
 * worker (web/sw.js), which keeps every file of this build in a cache and serves the next visits
 * from it, network or not (docs/offline.md). It is registered only after the first visit has
 * loaded, so that visit's downloads compete with nothing and its faults stay its own. Where
 * service workers are unavailable (an insecure origin, file://, a browser or policy without
 * them) the page simply stays a network page.
 */
let offered = false;

/** Register the service worker once, when the browser is next idle. Never throws. */
export function offerOffline() {
  if (offered) return;
  offered = true;
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  const root = new URL("../../", import.meta.url); // the site root (web/)
  const register = () => navigator.serviceWorker
    .register(new URL("sw.js", root), { scope: root.href, updateViaCache: "none" })
    .catch(() => {}); // (e.g. storage refused: the page works as before, from the network)
  if (window.requestIdleCallback) requestIdleCallback(register, { timeout: 2000 });
  else setTimeout(register, 500);
}
