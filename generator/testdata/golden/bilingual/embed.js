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
window.addEventListener("message", function (e) {
var h = e.data && e.data.statuspressHeight;
if (e.origin === src.origin && e.source === f.contentWindow && h > 0 && h < 2000) f.style.height = Math.ceil(h) + "px";
});
var target = s.getAttribute("data-target") && document.querySelector(s.getAttribute("data-target"));
if (target) target.appendChild(f);
else s.parentNode.insertBefore(f, s.nextSibling);
})();
