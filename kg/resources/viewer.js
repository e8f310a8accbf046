/* The graph explorer. Every string from the data is written with textContent,
   never innerHTML: article text must not run as markup. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const types = data.types;
  const large = data.nodes.length > 800;
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  // a big graph ships only its most connected nodes in full, and an index of every name and edge
  const index = data.index || null;
  const hiddenTypes = new Set();
  const hiddenRelations = new Set();

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // nodes without an edge on the page stay out of the simulation (where they would repel each other into
  // a ring around everything else) and are packed in a block under the rest once the layout is stable
  const linked = new Set();
  data.edges.forEach((e) => linked.add(e.from).add(e.to));
  function visNode(n) {
    return {
      id: n.id,
      label: n.label,
      group: n.type,
      font: { color: types[n.type].fontColor }, // per node: vis lets the global font outrank a group's
      value: n.degree + 1,
      x: n.x,
      y: n.y,
      physics: linked.has(n.id),
    };
  }
  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, label: large ? undefined : e.label, arrows: "to", relation: e.predicate };
  }
  const nodes = new vis.DataSet(data.nodes.map(visNode));
  const edges = new vis.DataSet(data.edges.map(visEdge));
  const hasLayout = data.nodes.some((n) => n.x !== undefined && n.x !== null);
  // styles per type as vis groups: a node given them one by one loses them to vis's default palette on its first update
  const groups = {};
  Object.keys(types).forEach((t) => (groups[t] = { color: types[t].color, shape: types[t].shape }));
  const options = {
    autoResize: true,
    groups: groups,
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

  function packUnlinked() {
    const unlinked = data.nodes.filter((n) => !linked.has(n.id)).map((n) => n.id);
    if (!unlinked.length) return;
    const placed = Object.values(network.getPositions(data.nodes.filter((n) => linked.has(n.id)).map((n) => n.id)));
    const left = placed.length ? Math.min(...placed.map((p) => p.x)) : 0;
    const right = placed.length ? Math.max(...placed.map((p) => p.x)) : 0;
    const bottom = placed.length ? Math.max(...placed.map((p) => p.y)) : 0;
    const cellWidth = 90, cellHeight = 45;
    // as wide as the linked part, but never so narrow that the block becomes a tall column
    const columns = Math.max(Math.ceil(Math.sqrt(unlinked.length)), Math.floor((right - left) / cellWidth) + 1);
    nodes.update(unlinked.map((id, i) => ({
      id: id,
      x: left + (i % columns) * cellWidth,
      y: bottom + 2 * cellHeight + Math.floor(i / columns) * cellHeight,
    })));
  }
  function updateStatus() {
    document.getElementById("status").textContent = data.nodes.length + " 个节点 · " + data.edges.length + " 条关系";
    if (index) {
      const note = document.getElementById("subset");
      note.hidden = false;
      note.textContent = "显示 " + data.nodes.length + " / " + data.total.nodes + " 个节点 · showing " + data.nodes.length + " of " +
        data.total.nodes + " entities and articles, the most connected; search finds all";
    }
  }
  function markStable() {
    network.setOptions({ physics: false });
    packUnlinked();
    network.fit();
    document.body.dataset.stable = "true";
    updateStatus();
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
  // every name: from the index of a big graph (all nodes), otherwise from the nodes themselves
  const searchIndex = [];
  const indexAliases = new Map(index ? index.aliases.map((row) => [row[0], row.slice(1)]) : []);
  if (index) {
    index.labels.forEach((label, position) =>
      searchIndex.push({ id: "n" + position, label: label, type: index.typeNames[index.types[position]],
                         keys: [label].concat(indexAliases.get(position) || []).map(fold) }));
  } else {
    data.nodes.forEach((n) => searchIndex.push({ id: n.id, label: n.label, type: n.type, keys: [n.label].concat(n.aliases).map(fold) }));
  }
  const searchEntry = new Map(searchIndex.map((entry) => [entry.id, entry]));
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
  function closeResults() {
    results.replaceChildren();
  }
  function showResults() {
    closeResults();
    search(searchBox.value).forEach((id) => {
      const entry = searchEntry.get(id);
      const item = el("button", entry.label + " · " + types[entry.type].label, "result");
      item.type = "button";
      if (!byId.has(id)) item.appendChild(el("span", " (未显示 · off view)", "off-view"));
      item.addEventListener("click", () => {
        closeResults();
        focusNode(id);
      });
      results.appendChild(item);
    });
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const found = search(searchBox.value);
      closeResults();
      if (found.length) focusNode(found[0]);
    } else if (event.key === "Escape") {
      closeResults();
    }
  });

  /* ---------- bringing in nodes of a big graph ---------- */
  const MAX_NEIGHBOURS = 60; // a hub's whole neighbourhood would bury the view
  let adjacency = null; // node position -> edge positions, built on first use
  function edgesOf(position) {
    if (!adjacency) {
      adjacency = new Map();
      for (let k = 0; k < index.edges.length / 3; k++) {
        [index.edges[3 * k], index.edges[3 * k + 1]].forEach((end) => {
          if (!adjacency.has(end)) adjacency.set(end, []);
          adjacency.get(end).push(k);
        });
      }
    }
    return adjacency.get(position) || [];
  }
  function indexNode(position) {
    const id = "n" + position;
    if (!byId.has(id)) {
      const entry = searchEntry.get(id);
      const n = { id: id, iri: "", label: entry.label, type: entry.type, subtype: null, code: null, articles: [],
                  aliases: indexAliases.get(position) || [], degree: edgesOf(position).length };
      data.nodes.push(n);
      byId.set(id, n);
    }
    return byId.get(id);
  }
  function indexEdge(k) {
    const id = "e" + k;
    if (!edgeById.has(id)) {
      const predicate = index.predicates[index.edges[3 * k + 2]];
      const e = { id: id, from: "n" + index.edges[3 * k], to: "n" + index.edges[3 * k + 1], predicate: predicate,
                  label: data.relationLabels[predicate], evidence: [] };
      data.edges.push(e);
      edgeById.set(id, e);
    }
    return edgeById.get(id);
  }
  // add the node, its neighbours (most connected first) and the edges between them and the page
  function bringIn(id) {
    if (!index) return;
    const position = Number(id.slice(1));
    const ring = edgesOf(position)
      .map((k) => (index.edges[3 * k] === position ? index.edges[3 * k + 1] : index.edges[3 * k]))
      .filter((other, i, all) => all.indexOf(other) === i)
      .sort((a, b) => edgesOf(b).length - edgesOf(a).length)
      .slice(0, MAX_NEIGHBOURS);
    // centre the newcomers on the node if drawn, else beside a drawn neighbour, else in the middle of the view
    const drawnNeighbour = ring.find((p) => nodes.get("n" + p));
    let anchor = network.getViewPosition();
    if (nodes.get(id)) anchor = network.getPositions([id])[id];
    else if (drawnNeighbour !== undefined) {
      const beside = network.getPositions(["n" + drawnNeighbour])["n" + drawnNeighbour];
      anchor = { x: beside.x + 220, y: beside.y };
    }
    const fresh = [position].concat(ring).filter((p) => !nodes.get("n" + p));
    fresh.forEach((p) => indexNode(p));
    const onPage = new Set(nodes.getIds().concat(fresh.map((p) => "n" + p)));
    const newEdges = [];
    fresh.forEach((p) =>
      edgesOf(p).forEach((k) => {
        const e = indexEdge(k);
        if (onPage.has(e.from) && onPage.has(e.to) && !edges.get(e.id)) newEdges.push(e);
      })
    );
    newEdges.forEach((e) => linked.add(e.from).add(e.to));
    nodes.add(fresh.map((p, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, fresh.length - 1);
      const radius = p === position ? 0 : 160;
      return Object.assign(visNode(byId.get("n" + p)), { x: anchor.x + radius * Math.cos(angle), y: anchor.y + radius * Math.sin(angle), physics: false });
    }));
    edges.add(newEdges.filter((e, i, all) => all.findIndex((o) => o.id === e.id) === i).map(visEdge));
    updateStatus();
  }

  function focusNode(id) {
    bringIn(id);
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
  // only nodes whose state changes are updated: vis re-reads a node's options on every update,
  // which on a page of thousands of nodes takes seconds
  const DIM = "rgba(200,200,200,0.35)";
  const dimmed = new Set();
  function highlight(id) {
    const keep = new Set(network.getConnectedNodes(id).concat([id]));
    const changes = [];
    data.nodes.forEach((n) => {
      const dim = !keep.has(n.id);
      if (dim === dimmed.has(n.id)) return;
      if (dim) dimmed.add(n.id);
      else dimmed.delete(n.id);
      changes.push({ id: n.id, color: dim ? DIM : types[n.type].color });
    });
    nodes.update(changes);
  }
  function clearHighlight() {
    nodes.update([...dimmed].map((id) => ({ id: id, color: types[byId.get(id).type].color })));
    dimmed.clear();
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
  // an edge brought in from a big graph's index carries no evidence in the page
  function relationBlocks(e) {
    if (e.evidence.length) return e.evidence.map((ev) => evidenceBlock(e, ev));
    const block = el("div", null, "evidence");
    block.append(el("div", byId.get(e.from).label + " —" + e.label + "→ " + byId.get(e.to).label, "evidence-head"),
                 el("div", "证据句未收入本页 (kg query 可查) · evidence not in this page (kg query has it)", "meta"));
    return [block];
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
      related.forEach((e) => relationBlocks(e).forEach((block) => panel.appendChild(block)));
    }
  }
  function showEdge(edgeId) {
    const e = edgeById.get(edgeId);
    panel.replaceChildren();
    panel.appendChild(el("h2", (data.relationLabels[e.predicate] || e.predicate) + " " + e.predicate));
    relationBlocks(e).forEach((block) => panel.appendChild(block));
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
