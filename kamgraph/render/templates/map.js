// kamgraph relationship map: filters, search and highlighting over vis-network.
// User text is only ever written with textContent / option.text, never as HTML.
(function () {
  "use strict";
  // Milliseconds from the page's start to each step, for benchmarks/map_benchmark.py (kamgraphMap.timings).
  var timings = { script: performance.now() };
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  // Nodes and edges come as columns, each key's few distinct values stored once (see relationship_map.table).
  function unpack(t) {
    return t.rows.map(function (row) {
      var item = {};
      t.keys.forEach(function (key, i) {
        var v = row[i];
        if (v === null || v === undefined) return;
        if (t.dicts[key]) { v = t.dicts[key][v]; if (v !== null && typeof v === "object") v = JSON.parse(JSON.stringify(v)); }
        item[key] = v;
      });
      return item;
    });
  }
  data.nodes = unpack(data.nodes);
  data.edges = unpack(data.edges);
  timings.data = performance.now();
  data.nodes.forEach(function (n) { n.physics = false; n.search = n.title.split("\n")[0].toLowerCase(); });
  var nameOf = {};
  data.nodes.forEach(function (n) { nameOf[n.id] = n.title.split("\n")[0]; });
  data.edges.forEach(function (e, i) { e.id = "e" + i; });
  // An edge's tooltip is written when the edge is first handed to vis-network, not for every edge up front.
  function titled(e) {
    var a = nameOf[e.from], b = nameOf[e.to], f = e.facts;
    if (e.kind === "relationship") {
      e.title = a + " → " + b + ": strength " + f[0].toFixed(2) + "\n" + f[1] + " interaction(s), last " + (f[2] || "never") +
        (f[3] ? "\ndeclared: " + f[3].replace(/_/g, " ") : "") + (f[4] ? "\nstale" : "") + (f[5] ? "" : "\nheld by someone who has left");
    } else if (e.kind === "reports_to") e.title = a + " reports to " + b;
    else if (e.kind === "influences") e.title = a + " influences " + b;
    else if (e.kind === "conflict") e.title = a + " and " + b + " are in conflict";
    return e;
  }
  var legend = document.getElementById("legend");
  // On a phone the legend starts folded, so the drawing has the screen; it is never drawn over the map.
  if (window.matchMedia("(max-width: 700px)").matches) legend.open = false;
  // The org chart comes wrapped twice, for a wide window and for an upright phone: use the one that fits.
  var frame = document.getElementById("map");
  var tall = false;
  function wantTall() { return !!data.tall_bands && frame.clientHeight > frame.clientWidth * 1.1; }
  function placed(n) { return tall && n.tall ? { x: n.tall[0], y: n.tall[1] } : { x: n.x, y: n.y }; }
  tall = wantTall();
  var nodes = new vis.DataSet(data.nodes.map(function (n) { return Object.assign({}, n, placed(n)); }));
  // vis-network is handed only the lines drawn by default (each contact's strongest active relationship, every
  // line a finding is about, reporting lines...); the rest join its DataSet when first asked for (lines()).
  var added = {};
  var edges = new vis.DataSet(data.edges.filter(function (e) { return !e.hidden; }).map(function (e) {
    added[e.id] = true;
    return titled(e);
  }));
  timings.prepared = performance.now();
  var network = new vis.Network(document.getElementById("map"), { nodes: nodes, edges: edges }, data.options);
  timings.network = performance.now();
  var byId = {}, edgeById = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var api = window.kamgraphMap = {
    // edges: the lines vis-network holds (those drawn so far); lines: every line the page can draw
    network: network, nodes: nodes, edges: edges, lines: data.edges, ready: false, timings: timings,
    visibleIds: function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; }); },
    visibleCount: function () { return api.visibleIds().length; }
  };

  // Our team's band: a tinted box behind them, drawn under the network.
  // The top leaves room for the band's name above the dots (an executive's diamond reaches 18 above its centre).
  var BAND_PAD = { x: 85, top: 62, bottom: 52 };
  function bandBoxes() {
    return ((tall ? data.tall_bands : data.bands) || []).map(function (b) {
      return { left: b[0] - BAND_PAD.x, top: b[1] - BAND_PAD.top, right: b[2] + BAND_PAD.x, bottom: b[3] + BAND_PAD.bottom };
    });
  }
  network.on("beforeDrawing", function (ctx) {
    api.captions = [];
    bandBoxes().forEach(function (b) {
      ctx.save();
      ctx.fillStyle = "#eaf2fc";
      ctx.strokeStyle = "#b6d0f0";
      ctx.lineWidth = 1 / network.getScale();
      ctx.fillRect(b.left, b.top, b.right - b.left, b.bottom - b.top);
      ctx.strokeRect(b.left, b.top, b.right - b.left, b.bottom - b.top);
      ctx.fillStyle = "#0550ae";
      ctx.font = "600 22px system-ui, sans-serif";
      ctx.textBaseline = "top";
      ctx.fillText("Our team", b.left + 8, b.top + 8);
      api.captions.push({ text: "Our team", left: b.left + 8, top: b.top + 8,
                          right: b.left + 8 + ctx.measureText("Our team").width, bottom: b.top + 8 + 24 });
      ctx.restore();
    });
  });

  // Fit the whole drawing, labels and band included, into the map's box.
  function fit() {
    var box = null;
    function add(b) {
      if (!box) { box = { left: b.left, top: b.top, right: b.right, bottom: b.bottom }; return; }
      box.left = Math.min(box.left, b.left); box.top = Math.min(box.top, b.top);
      box.right = Math.max(box.right, b.right); box.bottom = Math.max(box.bottom, b.bottom);
    }
    nodes.get({ filter: function (n) { return !n.hidden; } }).forEach(function (n) { add(network.getBoundingBox(n.id)); });
    if (!box) return;
    bandBoxes().forEach(add);
    var pad = 10, w = Math.max(frame.clientWidth - 2 * pad, 50), h = Math.max(frame.clientHeight - 2 * pad, 50);
    var scale = Math.min(w / Math.max(box.right - box.left, 1), h / Math.max(box.bottom - box.top, 1), 1.5);
    network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 }, scale: scale });
    api.fits = (api.fits || 0) + 1;
  }
  api.fit = fit;
  network.once("afterDrawing", function () {
    timings.first_drawing = performance.now();
    fit();
    network.once("afterDrawing", function () {
      api.ready = true;
      api.readyAt = timings.ready = performance.now();
      document.body.setAttribute("data-ready", "true");
    });
    network.redraw();
  });
  var resizing = null;
  function refit() {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      network.setSize("100%", "100%");
      if (wantTall() !== tall) {
        tall = !tall;
        nodes.update(data.nodes.map(function (n) { return Object.assign({ id: n.id }, placed(n)); }));
        network.once("afterDrawing", fit);  // again, once the moved labels have been measured
      }
      network.redraw();
      fit();
    }, 60);
  }
  window.addEventListener("resize", refit);
  legend.addEventListener("toggle", refit);

  function el(id) { return document.getElementById(id); }
  function fill(select, values, label) {
    values.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.text = label ? label(v) : v;
      select.appendChild(option);
    });
  }
  var pretty = function (v) { return v.replace(/_/g, " "); };
  fill(el("f-department"), data.filters.departments);
  fill(el("f-role"), data.filters.roles, pretty);
  fill(el("f-attitude"), data.filters.attitudes);
  var names = el("f-names");
  data.nodes.forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label.replace(/^⚠ /, "");
    names.appendChild(option);
  });

  var neighbours = {};
  data.edges.forEach(function (e) {
    (neighbours[e.from] = neighbours[e.from] || []).push(e.to);
    (neighbours[e.to] = neighbours[e.to] || []).push(e.from);
  });

  function matches(n, f) {
    if (f.side && n.side !== f.side) return false;
    if (f.department && n.department !== f.department) return false;
    if (f.role && n.roles.indexOf(f.role) < 0) return false;
    if (f.attitude && n.attitude !== f.attitude) return false;
    if (f.risks && !n.severity) return false;
    return true;
  }

  // Only what changed is handed to vis-network: updating thousands of unchanged items costs seconds.
  // A line not yet in its DataSet is added (with its tooltip) the first time it is to be drawn, and only then.
  var memos = { hidden: {}, opacity: {}, lines: {} };
  function changed(set, items, memo) {
    var fresh = [];
    var todo = items.filter(function (item) {
      if (set === edges && !added[item.id]) {
        if (item.hidden) return false;
        added[item.id] = true;
        memo[item.id] = JSON.stringify(item);
        fresh.push(Object.assign({}, titled(edgeById[item.id]), item));
        return false;
      }
      var key = JSON.stringify(item), was = memo[item.id];
      memo[item.id] = key;
      return was === undefined ? !initial(item) : was !== key;
    });
    if (todo.length) set.update(todo);
    if (fresh.length) set.add(fresh);
  }
  function initial(item) {  // whether an item asks for what the data already says
    var source = byId[item.id] || edgeById[item.id];
    return Object.keys(item).every(function (k) {
      if (k === "id") return true;
      if (k === "hidden") return !!source.hidden === item.hidden;
      if (k === "opacity") return item.opacity === 1;
      if (k === "width") return source.width === item.width;
      if (k === "color") return JSON.stringify(source.color) === JSON.stringify(item.color);
      return false;
    });
  }

  function apply() {
    var f = {
      side: el("f-side").value, department: el("f-department").value, role: el("f-role").value,
      attitude: el("f-attitude").value, risks: el("f-risks").checked
    };
    var shown = {};
    data.nodes.forEach(function (n) { if (matches(n, f)) shown[n.id] = true; });
    // Filtering their people by department, role or attitude keeps in view the ones of ours who reach them.
    if (!f.side && (f.department || f.role || f.attitude)) {
      data.nodes.forEach(function (n) {
        if (n.side === "ours" && !f.risks && (neighbours[n.id] || []).some(function (m) { return shown[m] && byId[m].side === "theirs"; })) {
          shown[n.id] = true;
        }
      });
    }
    changed(nodes, data.nodes.map(function (n) { return { id: n.id, hidden: !shown[n.id] }; }), memos.hidden);
    var count = Object.keys(shown).length;
    const people = (n) => n + (n === 1 ? " person" : " people");
    el("status").textContent = count === data.nodes.length ? people(count) : count + " of " + people(data.nodes.length) + " shown";
  }

  // Relationship lines: by default each contact's strongest active one and those a finding is about;
  // all of a selected person's, or everyone's with "all relationships" (then faded by strength).
  var selected = null;
  function lines() {
    var all = el("f-all").checked;
    changed(edges, data.edges.map(function (e) {
      var mine = selected !== null && (e.from === selected || e.to === selected);
      var base = e.kind !== "relationship" || e.primary || e.finding;
      var extra = !base && all && !mine;
      var opacity = e.color.opacity || 1;
      if (extra) opacity = Math.min(opacity, 0.1 + 0.5 * opacity * opacity);
      if (selected !== null && !mine) opacity = Math.min(opacity, 0.06);
      return { id: e.id, hidden: !(base || all || mine), width: mine ? e.width * 1.6 : (extra ? Math.max(0.5, e.width * 0.6) : e.width),
               color: opacity === (e.color.opacity || 1) ? e.color : Object.assign({}, e.color, { opacity: opacity }) };
    }), memos.lines);
    api.shownLines = edges.get({ filter: function (e) { return !e.hidden && e.kind === "relationship"; } }).length;
  }
  function highlight(id) {
    selected = id;
    var near = {};
    if (id !== null) {
      near[id] = true;
      (neighbours[id] || []).forEach(function (m) { near[m] = true; });
    }
    changed(nodes, data.nodes.map(function (n) { return { id: n.id, opacity: id === null || near[n.id] ? 1 : 0.15 }; }), memos.opacity);
    lines();
  }
  el("f-all").addEventListener("change", lines);
  network.on("click", function (params) { highlight(params.nodes.length ? params.nodes[0] : null); });

  el("f-search").addEventListener("change", function () {
    var q = this.value.trim().toLowerCase();
    if (!q) return;
    var hit = data.nodes.filter(function (n) { return n.search === q; })[0] ||
              data.nodes.filter(function (n) { return n.search.indexOf(q) >= 0; })[0];
    if (!hit) { el("status").textContent = "nobody matches " + JSON.stringify(this.value); return; }
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: 1.2, animation: { duration: 400 } });
    highlight(hit.id);
  });
  ["f-side", "f-department", "f-role", "f-attitude", "f-risks"].forEach(function (id) { el(id).addEventListener("change", apply); });
  el("f-reset").addEventListener("click", function () {
    ["f-side", "f-department", "f-role", "f-attitude", "f-search"].forEach(function (id) { el(id).value = ""; });
    el("f-risks").checked = false;
    el("f-all").checked = false;
    network.unselectAll();
    apply();
    highlight(null);
    fit();
  });
  // A page opened with every control at its default draws what the data says: nothing to hand vis-network again.
  var defaults = ["f-side", "f-department", "f-role", "f-attitude"].every(function (id) { return !el(id).value; }) &&
                 !el("f-risks").checked && !el("f-all").checked;
  if (defaults) {
    el("status").textContent = data.nodes.length + (data.nodes.length === 1 ? " person" : " people");
    api.shownLines = edges.get({ filter: function (e) { return !e.hidden && e.kind === "relationship"; } }).length;
  } else {
    apply();
    lines();
  }
  timings.filters = performance.now();
})();
