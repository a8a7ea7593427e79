/* The figures pages' charts. Every <figure data-shaoxing-chart> carries its figures as JSON (written
   by ckanext/shaoxing/charts.py from what the page shows: nothing is asked of the server again,
   nothing counted twice); this draws them with ECharts (SVG renderer) in the page's language, with
   a legend, axes, tooltips, the palette chosen on the server, arrow keys from bar to bar (read out
   through a live region) and a redraw when the figure's width changes. The server's SVG stays for
   a browser without JavaScript and is hidden once the chart is drawn; the table stays for everyone. */
(function () {
  "use strict";
  var zh = /^zh/i.test(document.documentElement.lang);
  var locale = zh ? "zh-CN" : "en";
  var exact = new Intl.NumberFormat(locale, {maximumFractionDigits: 2});
  var compact = new Intl.NumberFormat(locale, {notation: "compact", maximumFractionDigits: 1});

  // An axis's number: 12,345 → 1.2万 (1.2亿) in Chinese, 12.3K in English; smaller ones as they are.
  function short(n) {
    return Math.abs(n) >= 10000 ? compact.format(n) : exact.format(n);
  }

  function value(n) {
    return n === null || n === undefined ? "–" : exact.format(n);
  }

  // What a bar says, for the tooltip and for the live region alike.
  function reading(spec, i) {
    return {
      category: spec.categories[i],
      values: spec.series.map(function (s) { return {name: s.name, colour: s.colour, text: value(s.data[i])}; })
    };
  }

  function tooltip(spec) {
    var esc = echarts.format.encodeHTML;
    return function (params) {
      var r = reading(spec, (Array.isArray(params) ? params[0] : params).dataIndex);
      return '<div class="shaoxing-chart-tip-title">' + esc(r.category) + "</div>" + r.values.map(function (v) {
        return '<div><span class="shaoxing-chart-key" style="background:' + esc(v.colour) + '"></span>' +
          esc(v.name) + ": <strong>" + esc(v.text) + "</strong></div>";
      }).join("");
    };
  }

  function option(spec, style, width) {
    var size = parseFloat(style.fontSize) || 16;       // the 长辈版 sets a larger one
    var ranking = spec.kind === "ranking";
    var text = {color: style.color, fontSize: Math.round(size * 0.8)};
    var categories = {
      type: "category", data: spec.categories, inverse: ranking, name: ranking ? "" : spec.category_label,
      nameLocation: "middle", nameGap: size * 1.8, nameTextStyle: text, axisTick: {alignWithLabel: true},
      axisLine: {lineStyle: {color: "#767676"}},
      axisLabel: Object.assign({}, text, ranking
        ? {width: Math.min(width * 0.4, size * 12), overflow: "truncate"}
        : {hideOverlap: true, formatter: function (c) { return /^\d{4}-\d{2}/.test(c) ? c.slice(5) : c; }})
    };
    var counts = spec.series.every(function (s) {
      return s.data.every(function (v) { return v === null || Number.isInteger(v); });
    });
    var values = {
      type: "value", name: spec.value_label, nameTextStyle: text, minInterval: counts ? 1 : 0,
      nameLocation: ranking ? "middle" : "end", nameGap: ranking ? size * 1.8 : size,
      axisLabel: Object.assign({formatter: short}, text), splitLine: {lineStyle: {color: "#d9d9d9"}}
    };
    return {
      animation: false,                                // the figures at once, for every reader
      color: spec.series.map(function (s) { return s.colour; }),
      textStyle: {fontFamily: style.fontFamily, color: style.color},
      grid: {left: 4, right: size, top: size * 2.2, bottom: size * 2, containLabel: true},
      legend: {show: false},                           // the page's own, above the chart (see legend)
      tooltip: {
        trigger: "axis", axisPointer: {type: "shadow"}, confine: true, className: "shaoxing-chart-tip",
        textStyle: {color: "#1a1a1a", fontSize: Math.round(size * 0.85)}, formatter: tooltip(spec)
      },
      xAxis: ranking ? values : categories,
      yAxis: ranking ? categories : values,
      series: spec.series.map(function (s) {
        return {type: "bar", name: s.name, data: s.data, stack: spec.stacked ? "all" : undefined, barMaxWidth: size * 1.75};
      })
    };
  }

  // Arrow keys (Home, End) move from bar to bar, showing its tooltip and reading it out; Escape hides it.
  function keyboard(chart, box, spec, live) {
    var at = -1;
    var last = spec.categories.length - 1;
    box.addEventListener("keydown", function (e) {
      var to = {ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: last}[e.key];
      if (e.key === "Escape") {
        chart.dispatchAction({type: "hideTip"});
        return;
      }
      if (to === undefined) { return; }
      e.preventDefault();
      at = Math.max(0, Math.min(last, to));
      // the tooltip at the category's place just inside the axis: shown for a bar of 0 too
      var ranking = spec.kind === "ranking";
      var p = chart.convertToPixel({seriesIndex: 0}, ranking ? [0, at] : [at, 0]);
      chart.dispatchAction({type: "showTip", x: p[0] + (ranking ? 2 : 0), y: p[1] - (ranking ? 0 : 2)});
      var r = reading(spec, at);
      live.textContent = r.category + ": " + r.values.map(function (v) { return v.name + " " + v.text; }).join(", ");
    });
    box.addEventListener("blur", function () { chart.dispatchAction({type: "hideTip"}); });
  }

  // The legend as the page's text: it wraps on a phone, grows with the 长辈版, and with more than
  // one series each name is a button (Tab, Enter) that hides or shows its bars.
  function legend(chart, spec) {
    var list = document.createElement("div");
    list.className = "shaoxing-chart-legend";
    spec.series.forEach(function (s) {
      var item = document.createElement(spec.series.length > 1 ? "button" : "span");
      var key = document.createElement("span");
      key.className = "shaoxing-chart-key";
      key.style.background = s.colour;
      item.appendChild(key);
      item.appendChild(document.createTextNode(s.name));
      if (item.tagName === "BUTTON") {
        item.type = "button";
        item.className = "shaoxing-chart-legend-item";
        item.setAttribute("aria-pressed", "true");
        item.addEventListener("click", function () {
          item.setAttribute("aria-pressed", String(item.getAttribute("aria-pressed") !== "true"));
          chart.dispatchAction({type: "legendToggleSelect", name: s.name});
        });
      }
      list.appendChild(item);
    });
    return list;
  }

  function draw(figure) {
    var spec = JSON.parse(figure.querySelector('script[type="application/json"]').textContent);
    if (!spec.series.length) { return; }                   // nothing to draw: the server's empty axes say so
    var style = getComputedStyle(figure);
    var size = parseFloat(style.fontSize) || 16;
    var box = document.createElement("div");
    box.className = "shaoxing-chart-canvas";
    box.tabIndex = 0;
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", spec.name + ". " + spec.hint);
    box.style.height = (spec.kind === "ranking"
      ? Math.max(size * 8, spec.categories.length * size * 2 + size * 5) : size * 18) + "px";
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    figure.insertBefore(box, figure.querySelector("script").nextSibling);
    figure.insertBefore(live, box.nextSibling);
    var chart = echarts.init(box, null, {renderer: "svg", locale: zh ? "ZH" : "EN"});
    chart.setOption(option(spec, style, box.clientWidth));
    var fallback = figure.querySelector(".shaoxing-chart-fallback");
    if (fallback) { fallback.style.display = "none"; }
    figure.insertBefore(legend(chart, spec), box);
    keyboard(chart, box, spec, live);
    var width = box.clientWidth;
    new ResizeObserver(function () {
      if (box.clientWidth === width) { return; }
      width = box.clientWidth;
      chart.setOption(option(spec, style, width));
      chart.resize();
    }).observe(box);
    figure.setAttribute("data-drawn", "");
  }

  function start() {
    if (!window.echarts) { return; }                        // the server's drawing and table stay
    document.querySelectorAll("figure[data-shaoxing-chart]").forEach(function (figure) {
      try {
        draw(figure);
      } catch (e) {
        if (window.console) { console.error(e); }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
