/* Broadsheet search: vanilla JS over search-index.js (a script, so it loads from disk too). */
(function () {
  "use strict";
  var index = window.BROADSHEET_INDEX || [];
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  var root = document.body.getAttribute("data-root") || "";

  // Words of one or two letters (of, a, in) match too much to narrow anything.
  function terms(q) {
    return q.toLowerCase().split(/[^\p{L}\p{N}-]+/u).filter(function (t) { return t.length > 2 || /\d/.test(t); });
  }

  // Body words: a sorted vocabulary with the articles each word occurs in, built once, so a
  // term's prefix matches are a binary search away instead of a scan of every article.
  var postings = new Map();
  for (var i = 0; i < index.length; i++) {
    var d = index[i];
    d.tl = d.t.toLowerCase();
    d.o = (d.s || "").toLowerCase();
    d.d = d.d || "";
    var words = d.b.split(" ");
    for (var k = 0; k < words.length; k++) {
      var w = words[k];
      if (!w) continue;
      var ids = postings.get(w);
      if (!ids) postings.set(w, [i]);
      else if (ids[ids.length - 1] !== i) ids.push(i);
    }
  }
  var vocabulary = Array.from(postings.keys()).sort();

  function bodyMatches(t) {
    var marks = new Uint8Array(index.length);
    var lo = 0, hi = vocabulary.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (vocabulary[mid] < t) lo = mid + 1; else hi = mid;
    }
    for (var k = lo; k < vocabulary.length && vocabulary[k].lastIndexOf(t, 0) === 0; k++) {
      var ids = postings.get(vocabulary[k]);
      for (var j = 0; j < ids.length; j++) marks[ids[j]] = 1;
    }
    return marks;
  }

  // Title words weigh most, then outlet and date, then the body; every term must match.
  function score(doc, i, ts, bodies) {
    var s = 0;
    for (var k = 0; k < ts.length; k++) {
      var t = ts[k];
      if (doc.tl.indexOf(t) !== -1) s += 3;
      else if (doc.o.indexOf(t) !== -1 || doc.d.indexOf(t) !== -1) s += 2;
      else if (bodies[k][i]) s += 1;
      else return 0;
    }
    return s;
  }

  function run() {
    var started = performance.now();
    var q = input.value.trim();
    var ts = terms(q);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (ts.length === 0) {
      status.textContent = "";
      return;
    }
    var bodies = ts.map(bodyMatches);
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], i, ts, bodies);
      if (s > 0) hits.push([s, i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    var shown = hits.slice(0, 50);
    var items = document.createDocumentFragment();
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
      items.appendChild(li);
    }
    list.appendChild(items);
    var n = hits.length;
    status.textContent = n === 0 ? "No article matches “" + q + "”."
      : n + " article" + (n === 1 ? "" : "s") + " match" + (n === 1 ? "es" : "") + " “" + q + "”" + (n > 50 ? " (first 50 shown)." : ".");
    // How long this keystroke took, for the browser test's latency check.
    status.setAttribute("data-ms", (performance.now() - started).toFixed(1));
  }

  input.addEventListener("input", run);
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");
  run();
})();
