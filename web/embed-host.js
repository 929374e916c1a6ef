/**
 * @fileoverview RNN live's host script: include it once on a page that embeds RNN live frames,
 *
 *   <script src="https://PANEL-SITE/embed-host.js" async></script>
 *
 * and every such frame on the page follows its content's height. An embedded panel (?embed=1)
 * posts {type: "rnn-live:height", height} to its parent whenever its content height changes
 * (web/js/page/embed/messages.js); this script sets that frame's height. A message counts only if
 * it comes from an <iframe> of this page whose address has embed=1 (event.source is that frame's
 * contentWindow) and from that address's origin (event.origin). No dependencies, no globals, no
 * requests; without it a frame still works at the height its snippet gave it.
 */
(function () {
  "use strict";
  var MAX_HEIGHT = 20000; // pixels: a frame never grows past this, whatever it says

  /** The RNN live frame whose window is `source`, posting from `origin`; or null. */
  function frameOf(source, origin) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== source) continue;
      var url;
      try {
        url = new URL(frame.src, document.baseURI);
      } catch (e) {
        return null;
      }
      return url.searchParams.get("embed") === "1" && url.origin === origin ? frame : null;
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "rnn-live:height") return;
    var height = data.height;
    if (typeof height !== "number" || !(height >= 1) || height % 1 !== 0) return;
    var frame = frameOf(event.source, event.origin);
    if (!frame) return;
    frame.style.height = Math.min(height, MAX_HEIGHT) + "px";
  });
})();
