// statuspress: shows times in the reader's zone too. Pages are complete
// without this script.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  var lang = document.body.getAttribute("data-lang") || "en";
  document.querySelectorAll("time[datetime]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (isNaN(d)) return;
    var opts = { dateStyle: "medium", timeStyle: "short", timeZoneName: "short" };
    var local = new Intl.DateTimeFormat(lang, opts).format(d);
    if (el.textContent.indexOf(local) >= 0) return;
    var span = document.createElement("span");
    span.className = "local";
    span.textContent = " (" + local + ")";
    el.appendChild(span);
  });
})();
