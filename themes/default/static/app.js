// statuspress: keeps a static page true when it is read: the reader's own
// time and a ticking "12 minutes ago" beside each time, when the site was
// checked, passed ETAs, maintenance by the clock (pill, section, component
// tags), every 60 s the statuses of api/v2/summary.json, and a tooltip
// for each day of the uptime bars. Pages are complete without it.
(function () {
  "use strict";
  var d = document, body = d.body, lang = ga(body, "data-lang") || "en";
  var rtf = window.Intl && Intl.RelativeTimeFormat && new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  if (!rtf) return;
  var local = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });
  var dayFmt = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", timeZone: "UTC" });
  var MT = "under_maintenance", RANK = ["operational", "degraded_performance", MT, "partial_outage", "major_outage"];
  var words = (ga(body, "data-rel") || "in %s|%s ago").split("|");
  var dayWords = (ga(body, "data-day") || "%s: %s|-|%d|%d").split("|");
  var times = [], lastPoll = Date.now(), by = {}, mt = {};
  var banner = d.querySelector(".banner[data-level]"), levels = d.getElementById("levels");
  var checked = d.querySelector(".checked"), built;

  function all(sel, root) { return (root || d).querySelectorAll(sel); }
  function at(el, name) { return Date.parse(ga(el, name)); }
  function ga(el, name) { return el.getAttribute(name); }
  function sa(el, name, v) { el.setAttribute(name, v); }
  function unit(n, u) { return new Intl.NumberFormat(lang, { style: "unit", unit: u, unitDisplay: "short" }).format(n); }

  // rel says how far t lies from now, to the nearest minute (a test
  // clock, or a slow tab, is a few ms past the minute): "now", "12 minutes ago", "in 2 hr
  // 49 min", "in 3 days". Under two days it counts hours and minutes, so
  // a day and a half is never "tomorrow" and 2 h 49 min never "2 hours".
  function rel(t, now) {
    var v = Math.round((t - now) / 60000), a = Math.abs(v);
    if (Math.abs(t - now) < 60000) return rtf.format(0, "second");
    if (a < 60) return rtf.format(v, "minute");
    if (a < 2880) {
      var s = unit(Math.floor(a / 60), "hour") + (a % 60 ? " " + unit(a % 60, "minute") : "");
      return words[v < 0 ? 1 : 0].replace("%s", s).replace(/ /g, "\u00a0");
    }
    a = Math.floor(a / 1440);
    var u = a < 60 ? "day" : a < 730 ? "month" : "year";
    a = u === "day" ? a : u === "month" ? Math.floor(a / 30) : Math.floor(a / 365);
    return rtf.format(v < 0 ? -a : a, u);
  }

  // offset is the site zone's UTC offset in minutes, read off the
  // RFC 3339 value the page was built with.
  function offset(s) {
    var m = /([+-])(\d\d):(\d\d)$/.exec(s);
    return m ? (m[1] === "-" ? -1 : 1) * (m[2] * 60 + +m[3]) : 0;
  }

  // level returns a fresh copy of the tag (icon and word) of a status.
  function level(l) {
    var n = levels && levels.content.querySelector('[data-level="' + l + '"]');
    return n && n.cloneNode(true);
  }

  function worse(a, b) { return RANK.indexOf(a) > RANK.indexOf(b) ? a : b; }

  // components shows each component tag at the worse of its status in
  // summary.json and maintenance in progress by the clock.
  function components() {
    var worst = "operational", n;
    all(".tag[data-component]").forEach(function (el) {
      var id = ga(el, "data-component"), l = worse(by[id] || ga(el, "data-built") || ga(el, "data-level"), mt[id] ? MT : "operational");
      if (!el.hasAttribute("data-built")) sa(el, "data-built", ga(el, "data-level"));
      worst = worse(worst, l);
      if (l !== ga(el, "data-level") && (n = level(l))) {
        sa(n, "data-component", id);
        sa(n, "data-built", ga(el, "data-built"));
        el.replaceWith(n);
      }
    });
    if (!banner || !all(".tag[data-component]").length) return;
    if (worst !== ga(banner, "data-level") && (n = level(worst))) {
      sa(banner, "data-level", worst);
      banner.className = "banner " + n.classList[1];
      banner.querySelector("svg").replaceWith(n.querySelector("svg"));
      banner.querySelector("h1").textContent = ga(n, "data-overall");
    }
  }

  // phases moves maintenance on by the clock: its pill, the home page
  // section it is listed in, and the tags of the components in scope.
  function phases(now) {
    var moved = false;
    mt = {};
    all("[data-start]").forEach(function (el) {
      var end = el.hasAttribute("data-end") ? at(el, "data-end") : Infinity;
      var phase = now >= end ? 2 : now >= at(el, "data-start") ? 1 : 0;
      if (phase === 1) ga(el, "data-scope").split(",").forEach(function (id) { mt[id] = 1; });
      if (phase <= +ga(el, "data-phase")) return;
      sa(el, "data-phase", phase);
      el.querySelector(".tags .state").textContent = ga(el, "data-words").split("|")[phase - 1];
      var sec = el.parentNode, to = d.getElementById("ongoing");
      if (!el.classList.contains("card")) return;
      if (phase === 2) {
        el.remove();
      } else if (to && sec !== to) {
        to.appendChild(el);
        to.hidden = false;
      }
      if (!all(".card", sec).length) sec.hidden = true;
      moved = true;
    });
    if (moved || Object.keys(mt).length) components();
  }

  function tick() {
    var now = Date.now();
    if (built) {
      checked.textContent = ga(checked, "data-words").replace("%s", rel(built, now));
      checked.hidden = false;
    }
    times.forEach(function (x) {
      // On a phone (style.css) the <span> is hidden: the banner and start
      // times (x.c) keep the reader's own clock, the others only the
      // relative time; the .rt title keeps the reader's time for all.
      var s = ga(x.t, "datetime"), t = Date.parse(s), l = "", r = rel(t, now);
      if (-new Date(t).getTimezoneOffset() !== offset(s)) x.s.title = l = local.format(t).replace(/-(?=\d)/, "\u2212");
      x.s.innerHTML = " (" + (l ? x.c ? l + "<span> · " + r + "</span>" : "<span>" + l + " · </span>" + r : r) + ")";
    });
    all(".eta[data-eta] .passed").forEach(function (p) { p.hidden = now < at(p.closest(".eta"), "data-eta"); });
    phases(now);
  }

  function apply(sum) {
    sum.components.forEach(function (c) { by[c.id] = c.status; });
    components();
    if (!banner) return;
    var t = banner.querySelector("time"), u = sum.page.updated_at;
    if (Date.parse(u) > Date.parse(ga(t, "datetime"))) {
      sa(t, "datetime", u);
      t.textContent = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: sum.page.time_zone }).format(Date.parse(u));
      banner.querySelector(".stale").hidden = false;
      tick();
    }
  }

  // get reads a file of the site; offline, the page stays as built.
  function get(p, f) {
    fetch(ga(body, "data-base") + p, { cache: "no-cache" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(f)
      .catch(function () {});
  }

  function poll() {
    lastPoll = Date.now();
    get("api/v2/summary.json", apply);
  }

  // check reads the build time: only generated.json carries it.
  function check() {
    if (checked) get("generated.json", function (g) { built = Date.parse(g.generated); tick(); });
  }

  // bars gives each day of a home page uptime bar a tooltip, by pointer,
  // touch (a first tap shows it, the next opens it) and arrow keys; the
  // link then leads to that day on the component page.
  function bars() {
    var w = d.querySelector("[data-first]");
    if (w) all("a.days", w).forEach(function (a) {
      var n = +ga(w, "data-n"), first = Date.parse(ga(w, "data-first") + "T00:00:00Z"), info = {}, cur = -1;
      var href = ga(a, "href"), tip = d.createElement("div"), svg = a.querySelector("svg");
      var mark = d.createElementNS("http://www.w3.org/2000/svg", "rect");
      (ga(a, "data-u") || "").split(" ").forEach(function (s) { var p = s.split(":"); info[p[0]] = p; });
      tip.className = "tip";
      sa(tip, "role", "status");
      tip.hidden = true;
      a.after(tip);
      sa(mark, "width", ".8");
      sa(mark, "height", "1");
      sa(mark, "class", "on");
      function show(i) {
        i = Math.max(0, Math.min(n - 1, i));
        cur = i;
        sa(mark, "x", i);
        svg.appendChild(mark);
        var day = new Date(first + i * 864e5), p = info[i], c = p ? +p[2] : 0;
        tip.textContent = dayWords[0].replace("%s", dayFmt.format(day)).replace("%s", (p ? p[1] : "100.00") + "%")
          .replace("%s", c ? dayWords[c === 1 ? 2 : 3].replace("%d", c) : dayWords[1]);
        sa(a, "href", href.replace(/#.*$/, "#d" + day.toISOString().slice(0, 10).replace(/-/g, "")));
        tip.hidden = false;
        tip.style.left = Math.max(0, Math.min(i / n * a.offsetWidth - tip.offsetWidth / 2, a.offsetWidth - tip.offsetWidth)) + "px";
      }
      function hide() {
        tip.hidden = true;
        sa(a, "href", href);
        mark.remove();
        cur = -1;
      }
      function index(e) {
        var r = a.getBoundingClientRect();
        return Math.floor((e.clientX - r.left) / r.width * n);
      }
      // A finger leaves the bar at each lift: only a mouse leaving hides.
      a.addEventListener("pointermove", function (e) { if (e.pointerType === "mouse") show(index(e)); });
      a.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") hide(); });
      a.addEventListener("blur", hide);
      a.addEventListener("click", function (e) {
        var i = index(e);
        if (e.detail && i !== cur) {
          e.preventDefault();
          show(i);
        }
      });
      a.addEventListener("keydown", function (e) {
        var k = e.key, i = { ArrowLeft: cur < 0 ? n - 1 : cur - 1, ArrowRight: cur + 1, Home: 0, End: n - 1 }[k];
        if (i === undefined) return;
        e.preventDefault();
        show(i);
      });
    });
  }

  // In an iframe of /embed/, tell embed.js how tall the page is.
  if (body.hasAttribute("data-embed") && window.parent !== window && window.ResizeObserver) {
    new ResizeObserver(function () { window.parent.postMessage({ statuspressHeight: d.documentElement.scrollHeight }, "*"); }).observe(body);
  }
  all("time:not([data-kind])").forEach(function (t) {
    var s = d.createElement("span");
    s.className = "rt";
    // after the whole "by 10:30" or "10:30 までに", not inside it
    (t.closest("[data-rt]") || t).after(s);
    times.push({ t: t, s: s, c: t.matches(".banner *,dd>*") });
  });
  bars();
  check();
  tick();
  setInterval(tick, 30000);
  var live = banner || levels;
  if (live) setInterval(poll, 60000);
  d.addEventListener("visibilitychange", function () {
    if (d.hidden) return;
    tick();
    if (live && Date.now() - lastPoll > 60000) poll();
    check();
  });
})();
