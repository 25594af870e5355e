/* Broadsheet search: vanilla JS over search-index.js (a script, so it loads from disk too). */
(function () {
  "use strict";
  var index = window.BROADSHEET_INDEX || [];
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  var root = document.body.getAttribute("data-root") || "";

  function terms(q) {
    // Words of one or two letters (of, a, in) match too much to narrow anything.
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 2 || /\d/.test(t); });
  }

  function score(doc, ts) {
    var s = 0;
    for (var i = 0; i < ts.length; i++) {
      var t = ts[i];
      if (doc.tl.indexOf(t) !== -1) s += 3;
      else if (doc.o.indexOf(t) !== -1 || doc.d.indexOf(t) !== -1) s += 2;
      else if (doc.w.some(function (w) { return w.lastIndexOf(t, 0) === 0; })) s += 1;
      else return 0;
    }
    return s;
  }

  for (var i = 0; i < index.length; i++) {
    var d = index[i];
    d.tl = d.t.toLowerCase();
    d.o = (d.s || "").toLowerCase();
    d.d = d.d || "";
    d.w = d.b.split(" ");
  }

  function run() {
    var q = input.value.trim();
    var ts = terms(q);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (ts.length === 0) { status.textContent = ""; return; }
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], ts);
      if (s > 0) hits.push([s, i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    var shown = hits.slice(0, 50);
    for (var j = 0; j < shown.length; j++) {
      var doc = index[shown[j][1]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + doc.u;
      a.textContent = doc.t;
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "meta-inline";
      meta.textContent = [doc.s, doc.h].filter(Boolean).join(" · ");
      li.appendChild(meta);
      list.appendChild(li);
    }
    status.textContent = hits.length === 0 ? "No article matches “" + q + "”."
      : hits.length + " article" + (hits.length === 1 ? "" : "s") + " match" + (hits.length === 1 ? "es" : "") + " “" + q + "”" + (hits.length > 50 ? " (first 50 shown)." : ".");
  }

  input.addEventListener("input", run);
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  run();
})();
