/* 驾驶舱 charts (ECharts, loaded before this file). The widgets' data come from the json_script "cockpit-data":
   [{key, title, value, unit, status, drill, items: [{name, id, value, status}]}]. A rate gets a gauge
   ([data-cockpit-gauge]); the rows per branch get bars ([data-cockpit-bars]) — clicking a bar opens the widget's
   drill-down at that branch. The dark full-screen display (body.cockpit-screen) draws the same in light text.
   No inline script: the CSP allows our own files only. */
(function () {
  "use strict";
  var source = document.getElementById("cockpit-data");
  if (!source || typeof echarts === "undefined") { return; }
  var widgets = JSON.parse(source.textContent);
  var dark = document.body.classList.contains("cockpit-screen");
  var TEXT = dark ? "#e6edf6" : "#333", MUTED = dark ? "#9fb0c8" : "#8a94a6";
  var COLOURS = {red: "#d63939", amber: "#f59f00", green: "#2fb344"};
  var PLAIN = dark ? "#ffd666" : "#c8161d";
  var charts = [];

  function byKey(key) {
    for (var i = 0; i < widgets.length; i++) { if (widgets[i].key === key) { return widgets[i]; } }
    return null;
  }

  function gauge(w) {
    return {
      series: [{
        type: "gauge", min: 0, max: 100, radius: "95%", center: ["50%", "58%"], startAngle: 210, endAngle: -30,
        progress: {show: true, width: 12, itemStyle: {color: COLOURS[w.status] || PLAIN}},
        axisLine: {lineStyle: {width: 12, color: [[1, dark ? "#22314f" : "#eef1f5"]]}},
        axisTick: {show: false}, splitLine: {show: false}, axisLabel: {show: false}, pointer: {show: false},
        anchor: {show: false}, title: {show: false},
        detail: {valueAnimation: false, offsetCenter: [0, "5%"], fontSize: dark ? 30 : 22, fontWeight: "bold",
                 color: TEXT, formatter: function (v) { return (v === null || isNaN(v)) ? "—" : v + "%"; }},
        data: [{value: w.value === null ? NaN : w.value}]
      }]
    };
  }

  function bars(w) {
    var items = w.items.slice(0, dark ? 10 : 15);
    return {
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      grid: {left: 8, right: 28, top: 8, bottom: 8, containLabel: true},
      xAxis: {type: "value", max: w.unit === "%" ? 100 : null, axisLabel: {color: MUTED, fontSize: dark ? 14 : 11},
              splitLine: {lineStyle: {color: dark ? "#22314f" : "#eef1f5"}}},
      yAxis: {type: "category", inverse: true, data: items.map(function (i) { return i.name; }),
              axisLabel: {color: TEXT, fontSize: dark ? 15 : 11, width: dark ? 200 : 150, overflow: "truncate"}},
      series: [{
        type: "bar", barMaxWidth: dark ? 22 : 14, cursor: w.drill ? "pointer" : "default",
        label: {show: true, position: "right", color: TEXT, fontSize: dark ? 14 : 11},
        data: items.map(function (i) {
          return {value: i.value, orgId: i.id, itemStyle: {color: COLOURS[i.status] || PLAIN}};
        })
      }]
    };
  }

  function draw(el, option, w) {
    var chart = echarts.init(el);
    chart.setOption(option);
    if (w.drill && !dark) {
      chart.on("click", function (p) {
        var id = p.data && p.data.orgId;
        window.location.href = w.drill + (id ? "#org-" + id : "");
      });
    }
    charts.push(chart);
  }

  document.querySelectorAll("[data-cockpit-gauge]").forEach(function (el) {
    var w = byKey(el.getAttribute("data-cockpit-gauge"));
    if (w) { draw(el, gauge(w), w); }
  });
  document.querySelectorAll("[data-cockpit-bars]").forEach(function (el) {
    var w = byKey(el.getAttribute("data-cockpit-bars"));
    if (w && w.items.length) {
      var rows = Math.min(w.items.length, dark ? 10 : 15);
      el.style.height = Math.max(dark ? 160 : 110, rows * (dark ? 30 : 22) + 40) + "px";
      draw(el, bars(w), w);
    }
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
