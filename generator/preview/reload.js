// statuspress live reload: served only by the preview server, never part
// of a built site. The page knows the build it was served from; the server
// streams the newest build number, and a difference reloads the page.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="statuspress-version"]');
  var shown = meta ? meta.getAttribute("content") : "";
  var es = new EventSource("/_statuspress/events");
  // Tests wait for this before they edit: the stream is open.
  es.onopen = function () { window.statuspressLive = true; };
  es.onmessage = function (e) {
    if (e.data !== shown) {
      es.close();
      location.reload();
    }
  };
})();
