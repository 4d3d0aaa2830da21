// statuspress: keeps a static page true when it is read: the reader's own
// time and a ticking "12 minutes ago" beside each time, when the site was
// checked, passed ETAs, maintenance by the clock, and every 60 s the
// statuses of api/v2/summary.json. Pages are complete without it.
(function () {
  "use strict";
  var d = document, body = d.body, lang = body.getAttribute("data-lang") || "en";
  var rtf = window.Intl && Intl.RelativeTimeFormat && new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  if (!rtf) return;
  var local = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  var RANK = ["operational", "degraded_performance", "under_maintenance", "partial_outage", "major_outage"];
  var STEPS = [[60, "minute"], [24, "hour"], [30, "day"], [12, "month"], [1e9, "year"]];
  var times = [], lastPoll = Date.now();
  var banner = d.querySelector(".banner[data-level]"), levels = d.getElementById("levels");
  var checked = d.querySelector(".checked"), built;

  function all(sel) { return d.querySelectorAll(sel); }
  function at(el, name) { return Date.parse(el.getAttribute(name)); }

  // rel says how far t lies from now: "now", "12 minutes ago", "in 2 hours".
  function rel(t, now) {
    var v = (t - now) / 60000;
    if (Math.abs(v) < 1) return rtf.format(0, "second");
    for (var i = 0; ; i++) {
      if (Math.abs(v) < STEPS[i][0]) return rtf.format(Math.trunc(v), STEPS[i][1]);
      v /= STEPS[i][0];
    }
  }

  // offset is the site zone's UTC offset in minutes, read off the
  // RFC 3339 value the page was built with.
  function offset(s) {
    var m = /([+-])(\d\d):(\d\d)$/.exec(s);
    return m ? (m[1] === "-" ? -1 : 1) * (m[2] * 60 + +m[3]) : 0;
  }

  function tick() {
    var now = Date.now();
    if (built) {
      checked.textContent = checked.getAttribute("data-words").replace("%s", rel(built, now));
      checked.hidden = false;
    }
    times.forEach(function (x) {
      var s = x.t.getAttribute("datetime"), t = Date.parse(s), parts = [];
      if (-new Date(t).getTimezoneOffset() !== offset(s)) parts.push(local.format(t));
      parts.push(rel(t, now));
      x.s.textContent = " (" + parts.join(" · ") + ")";
    });
    all(".eta[data-eta]").forEach(function (el) {
      var p = el.querySelector(".passed");
      if (p) p.hidden = now < at(el, "data-eta");
    });
    all("[data-start]").forEach(function (el) {
      var phase = now >= at(el, "data-end") ? 2 : now >= at(el, "data-start") ? 1 : 0;
      if (phase > +el.getAttribute("data-phase")) {
        el.setAttribute("data-phase", phase);
        el.querySelector(".tags .state").textContent = el.getAttribute("data-words").split("|")[phase - 1];
      }
    });
  }

  // level returns a fresh copy of the tag (icon and word) of a status.
  function level(l) {
    var n = levels && levels.content.querySelector('[data-level="' + l + '"]');
    return n && n.cloneNode(true);
  }

  function apply(sum) {
    var by = {}, worst = 0, n;
    sum.components.forEach(function (c) {
      by[c.id] = c.status;
      worst = Math.max(worst, RANK.indexOf(c.status));
    });
    all(".tag[data-component]").forEach(function (el) {
      var l = by[el.getAttribute("data-component")];
      if (l && l !== el.getAttribute("data-level") && (n = level(l))) {
        n.setAttribute("data-component", el.getAttribute("data-component"));
        el.replaceWith(n);
      }
    });
    if (!banner) return;
    var l = RANK[worst];
    if (l !== banner.getAttribute("data-level") && (n = level(l))) {
      banner.setAttribute("data-level", l);
      banner.className = "banner " + n.classList[1];
      banner.querySelector("svg").replaceWith(n.querySelector("svg"));
      banner.querySelector("h1").textContent = n.getAttribute("data-overall");
    }
    var t = banner.querySelector("time"), u = sum.page.updated_at;
    if (Date.parse(u) > Date.parse(t.getAttribute("datetime"))) {
      t.setAttribute("datetime", u);
      t.textContent = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: sum.page.time_zone }).format(Date.parse(u));
      banner.querySelector(".stale").hidden = false;
      tick();
    }
  }

  // get reads a file of the site; offline, the page stays as built.
  function get(p, f) {
    fetch(body.getAttribute("data-base") + p, { cache: "no-cache" })
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

  all("time[data-kind=datetime]").forEach(function (t) {
    var s = d.createElement("span");
    s.className = "rt";
    t.after(s);
    times.push({ t: t, s: s });
  });
  check();
  tick();
  setInterval(tick, 30000);
  var live = banner || levels; // pages with statuses to keep current
  if (live) setInterval(poll, 60000);
  d.addEventListener("visibilitychange", function () {
    if (d.hidden) return;
    tick();
    if (live && Date.now() - lastPoll > 60000) poll();
    check();
  });
})();
