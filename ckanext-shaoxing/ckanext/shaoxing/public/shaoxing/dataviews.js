/* The map, region and chart views (dataviews/): data from the portal's own actions, drawn with
   the vendored ECharts (SVG renderer), with a text description, a table of the same figures,
   keyboard reading (arrow keys) and a palette colour-blind readers can tell apart.
   Shared helpers on window.shaoxingViews: number (1.2万), PALETTE, SEQUENTIAL, table. */
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  // Okabe–Ito: eight colours told apart with every common colour-vision deficiency.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"];
  // Shades for the districts: light to dark blue (cividis-like), ordered by lightness.
  var SEQUENTIAL = ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"];
  var T = zh ? {count: "行数", sum: "合计", avg: "平均", other: "其他", rows: "行", key: "分组", value: "数值",
                loading: "正在读取数据…", failed: "数据读取失败：", none: "没有可显示的数据。",
                points: "地图显示 {n} 个点", clusters: "地图以 {c} 个网格显示 {n} 个点",
                name: "名称", lon: "经度", lat: "纬度", district: "区县", cell: "网格点数",
                top: "最大的是{k}（{v}）", groups: "共 {g} 组，{n} 行数据", region: "各区县{a}：",
                keys: "，方向键逐项读出"}
             : {count: "rows", sum: "sum", avg: "average", other: "other", rows: "rows", key: "group", value: "value",
                loading: "Loading the figures…", failed: "The figures could not be read: ", none: "Nothing to draw.",
                points: "The map shows {n} points", clusters: "The map shows {n} points in {c} cells",
                name: "name", lon: "longitude", lat: "latitude", district: "district", cell: "points in the cell",
                top: "the largest is {k} ({v})", groups: "{g} groups, {n} rows", region: "{a} by district: ",
                keys: "; arrow keys read the figures one by one"};

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  /* 12345 → 1.2万 (Chinese pages) or 12,345; 1.2亿 for hundreds of millions. */
  function number(v) {
    if (v === null || v === undefined || v === "") { return "—"; }
    v = Number(v);
    if (!zh) { return v.toLocaleString("en", {maximumFractionDigits: 2}); }
    var abs = Math.abs(v);
    if (abs >= 1e8) { return (v / 1e8).toFixed(abs >= 1e9 ? 0 : 1).replace(/\.0$/, "") + "亿"; }
    if (abs >= 1e4) { return (v / 1e4).toFixed(abs >= 1e5 ? 0 : 1).replace(/\.0$/, "") + "万"; }
    return v.toLocaleString("zh-CN", {maximumFractionDigits: 2});
  }

  /* A table of the same figures: head = [names], rows = [[cells]]. */
  function table(into, caption, head, rows) {
    var t = document.createElement("table");
    t.className = "table table-sm";
    var c = t.createCaption(); c.textContent = caption;
    var tr = t.createTHead().insertRow();
    head.forEach(function (h) { var th = document.createElement("th"); th.scope = "col"; th.textContent = h; tr.appendChild(th); });
    var body = t.createTBody();
    rows.forEach(function (r) {
      var row = body.insertRow();
      r.forEach(function (cell, i) {
        var td = i === 0 ? document.createElement("th") : document.createElement("td");
        if (i === 0) { td.scope = "row"; }
        td.textContent = cell; row.appendChild(td);
      });
    });
    into.innerHTML = ""; into.appendChild(t);
  }

  function ask(action, params) {
    var q = new URLSearchParams(params);
    return fetch("/api/3/action/" + action + "?" + q.toString(), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (b) { if (!b.success) { throw b.error; } return b.result; }); });
  }

  function errorText(e) {
    if (!e) { return ""; }
    var m = e.message || Object.keys(e).filter(function (k) { return k.charAt(0) !== "_"; }).map(function (k) { return [].concat(e[k]).join(" "); }).join(" ");
    var parts = String(m).split(" / ");
    return parts.length === 2 ? parts[zh ? 0 : 1] : m;
  }

  function notes(el, list) {
    var ul = el.querySelector(".sx-dataview-notes");
    ul.innerHTML = "";
    (list || []).forEach(function (n) { var li = document.createElement("li"); li.textContent = zh ? n.zh : n.en; ul.appendChild(li); });
  }

  function keyboard(canvas, chart, count, seriesIndex) {
    var i = -1;
    canvas.addEventListener("keydown", function (ev) {
      if (!count) { return; }
      if (ev.key === "ArrowRight" || ev.key === "ArrowDown") { i = (i + 1) % count; }
      else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") { i = (i - 1 + count) % count; }
      else if (ev.key === "Escape") { chart.dispatchAction({type: "hideTip"}); return; }
      else { return; }
      ev.preventDefault();
      chart.dispatchAction({type: "showTip", seriesIndex: seriesIndex || 0, dataIndex: i});
    });
  }

  function base(view) {
    if (echarts.getMap("shaoxing")) { return Promise.resolve(); }
    return fetch(view.geometry).then(function (r) { return r.json(); }).then(function (geo) { echarts.registerMap("shaoxing", geo); });
  }

  function districtName(view, code) { return zh ? view.districts[code] : view.districts_en[code]; }

  function nameMap(view) {
    var m = {};
    if (!zh) { Object.keys(view.districts).forEach(function (c) { m[view.districts[c]] = view.districts_en[c]; }); }
    return m;
  }

  function drawMap(el, view, canvas, desc) {
    var c = view.config, points = [], clusters = [], first = null;
    function page(after) {
      return ask("shaoxing_view_points", {resource_id: view.resource_id, longitude: c.longitude, latitude: c.latitude,
                                          crs: c.crs || "wgs84", label: c.label || "", after: after}).then(function (r) {
        if (!first) { first = r; }
        points = points.concat(r.points); clusters = clusters.concat(r.clusters);
        return r.next ? page(r.next) : r;
      });
    }
    return Promise.all([base(view), page(0)]).then(function () {
      var chart = echarts.init(canvas, null, {renderer: "svg", locale: zh ? "ZH" : "EN"});
      var cluster = first.mode === "clusters";
      var data = cluster ? clusters.map(function (p) { return {value: [p[0], p[1], p[2]]}; })
                         : points.map(function (p) { return {name: p[3] || ("#" + p[2]), value: [p[0], p[1]]}; });
      chart.setOption({
        aria: {enabled: true},
        tooltip: {trigger: "item", formatter: function (p) {
          // A tooltip formatter's text is HTML: a label cell of the table is escaped, never markup.
          return cluster ? T.cell + "：" + number(p.value[2])
            : echarts.format.encodeHTML(p.name) + "<br>" + T.lon + " " + p.value[0] + "，" + T.lat + " " + p.value[1];
        }},
        geo: {map: "shaoxing", roam: true, nameMap: nameMap(view), label: {show: true, color: "#333", fontSize: 11},
              itemStyle: {areaColor: "#f2f2f2", borderColor: "#666"}, emphasis: {itemStyle: {areaColor: "#e0e0e0"}}},
        series: [{type: "scatter", coordinateSystem: "geo", data: data, itemStyle: {color: PALETTE[3], borderColor: "#fff", borderWidth: 1},
                  symbolSize: cluster ? function (v) { return Math.min(30, 6 + Math.sqrt(v[2])); } : 9}]
      });
      keyboard(canvas, chart, data.length, 0);
      var drawn = cluster ? first.drawn : points.length;
      desc.textContent = (cluster ? fill(T.clusters, {n: number(drawn), c: data.length}) : fill(T.points, {n: number(drawn)})) + T.keys;
      canvas.setAttribute("aria-label", desc.textContent);
      canvas.setAttribute("data-drawn", String(data.length));
      notes(el, first.notes);
      table(el.querySelector(".sx-dataview-table-body"), desc.textContent,
            cluster ? [T.lon, T.lat, T.cell] : [T.name, T.lon, T.lat],
            cluster ? clusters.map(function (p) { return [p[0], p[1], number(p[2])]; })
                    : points.map(function (p) { return [p[3] || "#" + p[2], p[0], p[1]]; }));
      return chart;
    });
  }

  function aggregate(view) {
    var c = view.config;
    return ask("shaoxing_view_aggregate", {resource_id: view.resource_id, group_by: c.group_by, group: c.group,
                                           aggregation: c.aggregation || "count", value: c.value || "", bins: c.bins || 10});
  }

  function label(view, g, group) {
    if (group === "bin") { return number(g.key[0]) + "–" + number(g.key[1]); }
    if (group === "month") { return g.key.slice(0, 7); }
    if (group === "year") { return g.key.slice(0, 4); }
    return g.key;
  }

  function measure(view) {
    var c = view.config, a = c.aggregation || "count";
    return a === "count" ? T.count : T[a] + " · " + (view.labels[c.value] || c.value);
  }

  function drawRegion(el, view, canvas, desc) {
    return Promise.all([base(view), aggregate(view)]).then(function (all) {
      var r = all[1], chart = echarts.init(canvas, null, {renderer: "svg", locale: zh ? "ZH" : "EN"});
      var values = r.groups.map(function (g) { return g.value || 0; });
      var max = Math.max.apply(null, values.concat([1])), step = Math.ceil(max / SEQUENTIAL.length) || 1;
      var pieces = SEQUENTIAL.map(function (color, i) {
        return {min: i * step + (i ? 1e-9 : 0), max: (i + 1) * step, color: color, label: number(i * step) + "–" + number((i + 1) * step)};
      });
      var data = Object.keys(view.districts).map(function (code) {
        var g = r.groups.filter(function (x) { return x.key === code; })[0];
        return {name: districtName(view, code), value: g ? g.value : 0, code: code};
      });
      chart.setOption({
        aria: {enabled: true},
        tooltip: {trigger: "item", formatter: function (p) { return echarts.format.encodeHTML(p.name) + "：" + number(p.value); }},
        visualMap: {type: "piecewise", pieces: pieces, left: 0, bottom: 0, textStyle: {fontSize: 12}},
        series: [{type: "map", map: "shaoxing", nameMap: nameMap(view), roam: false, label: {show: true, fontSize: 11},
                  itemStyle: {borderColor: "#fff", borderWidth: 1}, data: data}]
      });
      keyboard(canvas, chart, data.length, 0);
      var top = data.slice().sort(function (x, y) { return y.value - x.value; })[0];
      desc.textContent = fill(T.region, {a: measure(view)}) + data.map(function (d) { return d.name + " " + number(d.value); }).join(zh ? "，" : ", ") + T.keys;
      canvas.setAttribute("aria-label", desc.textContent);
      canvas.setAttribute("data-shaded", String(data.filter(function (d) { return d.value > 0; }).length));
      notes(el, r.notes);
      table(el.querySelector(".sx-dataview-table-body"), measure(view), [T.district, measure(view)],
            data.map(function (d) { return [d.name, number(d.value)]; }));
      return chart;
    });
  }

  function drawChart(el, view, canvas, desc) {
    return aggregate(view).then(function (r) {
      var c = view.config, chart = echarts.init(canvas, null, {renderer: "svg", locale: zh ? "ZH" : "EN"});
      var names = r.groups.map(function (g) { return label(view, g, r.group); });
      var values = r.groups.map(function (g) { return g.value; });
      if (r.other) { names.push(T.other); values.push(r.other.value); }
      var line = c.chart === "line";
      chart.setOption({
        aria: {enabled: true},
        color: PALETTE,
        grid: {left: 8, right: 16, top: 24, bottom: 8, containLabel: true},
        tooltip: {trigger: "axis", valueFormatter: number},
        xAxis: {type: "category", data: names, name: view.labels[c.group_by] || c.group_by, nameLocation: "middle", nameGap: 28,
                axisLabel: {hideOverlap: true}},
        yAxis: {type: "value", name: measure(view), axisLabel: {formatter: number}},
        series: [{type: line ? "line" : "bar", name: measure(view), data: values, barMaxWidth: 32}]
      });
      keyboard(canvas, chart, values.length, 0);
      var topI = values.reduce(function (b, v, i) { return v > values[b] ? i : b; }, 0);
      desc.textContent = (values.length ? fill(T.groups, {g: values.length, n: number(r.rows)}) + (zh ? "，" : "; ") +
                          fill(T.top, {k: names[topI], v: number(values[topI])}) + T.keys : T.none);
      canvas.setAttribute("aria-label", desc.textContent);
      notes(el, r.notes);
      table(el.querySelector(".sx-dataview-table-body"), measure(view), [view.labels[c.group_by] || c.group_by, measure(view)],
            names.map(function (n, i) { return [n, number(values[i])]; }));
      return chart;
    });
  }

  function start(el) {
    var view = JSON.parse(el.getAttribute("data-sx-view"));
    var canvas = el.querySelector(".sx-dataview-canvas"), desc = el.querySelector(".sx-dataview-description");
    desc.textContent = T.loading;
    var draw = {shaoxing_map: drawMap, shaoxing_region: drawRegion, shaoxing_chart: drawChart}[view.type];
    draw(el, view, canvas, desc).then(function (chart) {
      el.setAttribute("data-ready", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    }, function (e) {
      desc.textContent = T.failed + errorText(e);
      canvas.hidden = true;
      el.setAttribute("data-ready", "error");
    });
  }

  window.shaoxingViews = {number: number, PALETTE: PALETTE, SEQUENTIAL: SEQUENTIAL, table: table};
  function all() { Array.prototype.forEach.call(document.querySelectorAll("[data-sx-view]"), start); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
