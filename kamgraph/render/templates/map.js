// kamgraph relationship map: filters, search and highlighting over vis-network.
// User text is only ever written with textContent / option.text, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("map"), { nodes: nodes, edges: edges }, data.options);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var api = window.kamgraphMap = {
    network: network, nodes: nodes, edges: edges, ready: false,
    visibleIds: function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; }); },
    visibleCount: function () { return api.visibleIds().length; }
  };
  network.once("afterDrawing", function () {
    api.ready = true;
    api.readyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  });

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
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !shown[n.id] }; }));
    var count = Object.keys(shown).length;
    el("status").textContent = count === data.nodes.length ? data.nodes.length + " people" : count + " of " + data.nodes.length + " people shown";
  }

  function highlight(id) {
    var near = {};
    if (id !== null) {
      near[id] = true;
      (neighbours[id] || []).forEach(function (m) { near[m] = true; });
    }
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: id === null || near[n.id] ? 1 : 0.15 }; }));
    edges.update(data.edges.map(function (e) {
      var on = id === null || e.from === id || e.to === id;
      return { id: e.id, width: on && id !== null ? e.width * 1.6 : e.width,
               color: Object.assign({}, e.color, { opacity: on ? (e.color.opacity || 1) : 0.06 }) };
    }));
  }
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
    apply();
    highlight(null);
    network.fit();
  });
  apply();
})();
