/**
 * @fileoverview The worker's one way out: every message to the page is a plain object posted
 * here (the list is in ../shared/protocol.js).
 */
export const post = (message) => self.postMessage(message);
