// statuspress embed: shows this site's current status and active
// incidents on another site, in an iframe of /embed/ right where the
// script tag is. Copy into a page:
//   <script src="https://status.example.com/embed.js" async></script>
// Optional attributes: data-target="#id" (put it in that element instead),
// data-width="28rem". It loads nothing from any other host and sets no
// inline style attribute, so it works under a strict CSP that allows the
// status site in script-src and frame-src.
(function () {
  "use strict";
  var s = document.currentScript;
  if (!s || !window.URL) return;
  var src = new URL("embed/", s.src), f = document.createElement("iframe");
  f.src = src.href;
  f.title = s.getAttribute("data-title") || "Service status";
  f.loading = "lazy";
  f.style.border = "0";
  f.style.width = "100%";
  f.style.maxWidth = s.getAttribute("data-width") || "28rem";
  f.style.height = "7rem";
  // The page in the iframe says how tall it is; only it is listened to.
  window.addEventListener("message", function (e) {
    var h = e.data && e.data.statuspressHeight;
    if (e.origin === src.origin && e.source === f.contentWindow && h > 0 && h < 2000) f.style.height = Math.ceil(h) + "px";
  });
  var target = s.getAttribute("data-target") && document.querySelector(s.getAttribute("data-target"));
  if (target) target.appendChild(f);
  else s.parentNode.insertBefore(f, s.nextSibling);
})();
