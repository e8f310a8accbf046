/* The graph explorer. Every string from the data is written with textContent,
   never innerHTML: article text must not run as markup. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const types = data.types;
  const large = data.nodes.length > 800;
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  const hiddenTypes = new Set();
  const hiddenRelations = new Set();

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  const nodes = new vis.DataSet(
    data.nodes.map((n) => ({
      id: n.id,
      label: n.label,
      group: n.type,
      shape: types[n.type].shape,
      color: types[n.type].color,
      value: n.degree + 1,
      x: n.x,
      y: n.y,
    }))
  );
  const edges = new vis.DataSet(
    data.edges.map((e) => ({
      id: e.id,
      from: e.from,
      to: e.to,
      label: large ? undefined : e.label,
      arrows: "to",
      relation: e.predicate,
    }))
  );
  const hasLayout = data.nodes.length > 0 && data.nodes[0].x !== undefined && data.nodes[0].x !== null;
  const options = {
    autoResize: true,
    layout: { improvedLayout: data.nodes.length < 150 },
    nodes: {
      scaling: { min: 8, max: 40, label: { enabled: true, min: 12, max: 22 } },
      font: { face: "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif", size: 14 },
      borderWidth: 1,
    },
    edges: {
      font: { size: 10, align: "middle", face: "WenQuanYi Micro Hei, sans-serif" },
      color: { color: "#9aa5b1", highlight: "#333333" },
      smooth: large ? false : { type: "continuous" },
      width: 1,
    },
    interaction: { hover: !large, hideEdgesOnDrag: large, hideEdgesOnZoom: large, tooltipDelay: 150 },
    physics: {
          solver: large ? "barnesHut" : "forceAtlas2Based",
          // seeded positions need only a short refinement; the cap bounds the time to a stable view
          stabilization: { enabled: true, iterations: hasLayout ? 60 : large ? 120 : 300, updateInterval: 25 },
          barnesHut: { gravitationalConstant: -8000, springLength: 120 },
          forceAtlas2Based: { gravitationalConstant: -60, springLength: 110 },
        },
  };
  const container = document.getElementById("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  function markStable() {
    network.setOptions({ physics: false });
    document.body.dataset.stable = "true";
    document.getElementById("status").textContent = data.nodes.length + " 个节点 · " + data.edges.length + " 条关系";
  }
  network.once("stabilizationIterationsDone", markStable);
  network.on("stabilizationProgress", (p) => {
    document.getElementById("status").textContent = "布局中 " + Math.round((100 * p.iterations) / p.total) + "%";
  });

  /* ---------- legend and filters ---------- */
  function countBy(items, key) {
    const counts = {};
    items.forEach((item) => (counts[item[key]] = (counts[item[key]] || 0) + 1));
    return counts;
  }
  // one checkbox row: unchecking adds the value to the hidden set
  function filterRow(parent, hidden, value, dataKey, decorations) {
    const row = el("label", null, "filter-row");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset[dataKey] = value;
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(value);
      else hidden.add(value);
      applyFilters();
    });
    row.append(box, ...decorations);
    parent.appendChild(row);
  }
  const typeCounts = countBy(data.nodes, "type");
  const legend = document.getElementById("legend");
  Object.keys(types).forEach((type) => {
    if (!typeCounts[type]) return;
    const swatch = el("span", null, "swatch shape-" + types[type].shape);
    swatch.style.background = types[type].color;
    filterRow(legend, hiddenTypes, type, "type", [swatch, el("span", types[type].label + " " + type + " (" + typeCounts[type] + ")")]);
  });
  const relationCounts = countBy(data.edges, "predicate");
  const relationBox = document.getElementById("relations");
  Object.keys(relationCounts)
    .sort()
    .forEach((predicate) =>
      filterRow(relationBox, hiddenRelations, predicate, "relation", [
        el("span", (data.relationLabels[predicate] || predicate) + " " + predicate + " (" + relationCounts[predicate] + ")"),
      ])
    );

  function applyFilters() {
    nodes.update(data.nodes.map((n) => ({ id: n.id, hidden: hiddenTypes.has(n.type) })));
    edges.update(
      data.edges.map((e) => ({
        id: e.id,
        hidden:
          hiddenRelations.has(e.predicate) || hiddenTypes.has(byId.get(e.from).type) || hiddenTypes.has(byId.get(e.to).type),
      }))
    );
  }

  /* ---------- search ---------- */
  const fold = (s) => String(s).normalize("NFKC").replace(/[“”‘’「」『』"'《》\s]/g, "").toLowerCase();
  const searchIndex = data.nodes.map((n) => ({ id: n.id, keys: [n.label].concat(n.aliases).map(fold) }));
  const searchBox = document.getElementById("search");
  const results = document.getElementById("search-results");
  function search(query) {
    const q = fold(query);
    if (!q) return [];
    const exact = [], partial = [];
    searchIndex.forEach((entry) => {
      if (entry.keys.some((k) => k === q)) exact.push(entry.id);
      else if (entry.keys.some((k) => k.includes(q))) partial.push(entry.id);
    });
    return exact.concat(partial).slice(0, 30);
  }
  function showResults() {
    results.replaceChildren();
    search(searchBox.value).forEach((id) => {
      const n = byId.get(id);
      const item = el("button", n.label + " · " + types[n.type].label, "result");
      item.type = "button";
      item.addEventListener("click", () => focusNode(id));
      results.appendChild(item);
    });
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const found = search(searchBox.value);
      if (found.length) focusNode(found[0]);
    }
  });

  function focusNode(id) {
    const n = byId.get(id);
    if (hiddenTypes.has(n.type)) {
      hiddenTypes.delete(n.type);
      const box = legend.querySelector('input[data-type="' + n.type + '"]');
      if (box) box.checked = true;
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 300 } });
    highlight(id);
    showNode(id);
  }

  /* ---------- neighbour highlighting ---------- */
  let highlighted = false;
  function highlight(id) {
    const keep = new Set(network.getConnectedNodes(id).concat([id]));
    nodes.update(
      data.nodes.map((n) => ({ id: n.id, color: keep.has(n.id) ? types[n.type].color : "rgba(200,200,200,0.35)" }))
    );
    highlighted = true;
  }
  function clearHighlight() {
    if (!highlighted) return;
    nodes.update(data.nodes.map((n) => ({ id: n.id, color: types[n.type].color })));
    highlighted = false;
  }

  /* ---------- side panel ---------- */
  const panel = document.getElementById("panel-body");
  function evidenceBlock(e, ev) {
    const block = el("div", null, "evidence");
    const head = el("div", null, "evidence-head");
    head.append(
      el("span", byId.get(e.from).label),
      el("span", " —" + e.label + "→ ", "predicate"),
      el("span", byId.get(e.to).label)
    );
    block.appendChild(head);
    const extras = [];
    if (ev.role) extras.push("职务 " + ev.role);
    if (ev.amount) extras.push("金额 " + ev.amount);
    if (ev.year) extras.push("年份 " + ev.year);
    if (extras.length) block.appendChild(el("div", extras.join(" · "), "extras"));
    block.appendChild(el("blockquote", ev.sentence, "sentence"));
    const article = data.articles[ev.article];
    const meta = el("div", null, "meta");
    meta.append(el("span", article ? "《" + article.title + "》" : ""), el("span", " · " + ev.method + " · " + ev.confidence));
    block.appendChild(meta);
    return block;
  }
  function showNode(id) {
    const n = byId.get(id);
    panel.replaceChildren();
    panel.appendChild(el("h2", n.label));
    panel.appendChild(el("div", types[n.type].label + " · " + n.type + (n.subtype ? " / " + n.subtype : ""), "type"));
    if (n.aliases.length) panel.appendChild(el("div", "别名: " + n.aliases.join("、"), "aliases"));
    if (n.code) panel.appendChild(el("div", "行政区划代码: " + n.code, "aliases"));
    panel.appendChild(el("div", n.iri, "iri"));
    if (n.articles.length) {
      panel.appendChild(el("h3", "提及文章 (" + n.articles.length + ")"));
      const list = el("ul");
      n.articles.forEach((a) => list.appendChild(el("li", data.articles[a] ? data.articles[a].title : a)));
      panel.appendChild(list);
    }
    const related = data.edges.filter((e) => e.from === id || e.to === id);
    if (related.length) {
      panel.appendChild(el("h3", "关系 (" + related.length + ")"));
      related.forEach((e) => e.evidence.forEach((ev) => panel.appendChild(evidenceBlock(e, ev))));
    }
  }
  function showEdge(edgeId) {
    const e = edgeById.get(edgeId);
    panel.replaceChildren();
    panel.appendChild(el("h2", (data.relationLabels[e.predicate] || e.predicate) + " " + e.predicate));
    e.evidence.forEach((ev) => panel.appendChild(evidenceBlock(e, ev)));
  }
  network.on("click", (params) => {
    if (params.nodes.length) {
      highlight(params.nodes[0]);
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      clearHighlight();
      showEdge(params.edges[0]);
    } else {
      clearHighlight();
    }
  });

  window.kgViewer = { network: network, nodes: nodes, edges: edges, data: data, focusNode: focusNode, search: search };
})();
