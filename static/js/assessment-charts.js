/* Charts of 考核评星 (ECharts, loaded before this file): each element [data-chart] names its kind and the id of
   the json_script holding its data in data-chart-source. Kinds: radar (categories, this round vs the last, in
   percent of each category's maximum), distribution (organisations per star level), trend (score and stars by
   round). No inline script: the CSP allows our own files only. */
(function () {
  "use strict";
  var RED = "#c8161d", GOLD = "#d4a017", GREY = "#8a94a6";

  function radar(data) {
    return {
      tooltip: {},
      legend: {bottom: 0, data: data.series.map(function (s) { return s.name; })},
      radar: {indicator: data.indicators, radius: "55%", center: ["50%", "46%"],
             axisName: {color: "#333", fontSize: 11, width: 56, overflow: "break"}},
      series: [{type: "radar", data: data.series.map(function (s, i) {
        return {name: s.name, value: s.value, areaStyle: {opacity: i ? 0.08 : 0.2},
                lineStyle: {color: i ? GREY : RED, type: i ? "dashed" : "solid"}, itemStyle: {color: i ? GREY : RED}};
      })}]
    };
  }

  function distribution(data) {
    return {
      tooltip: {trigger: "axis"},
      grid: {left: 8, right: 16, top: 16, bottom: 8, containLabel: true},
      xAxis: {type: "category", data: data.labels, axisLabel: {interval: 0}},
      yAxis: {type: "value", minInterval: 1},
      series: [{name: "组织数", type: "bar", data: data.counts, itemStyle: {color: GOLD}, label: {show: true, position: "top"}}]
    };
  }

  function trend(data) {
    return {
      tooltip: {trigger: "axis"},
      legend: {bottom: 0},
      grid: {left: 8, right: 8, top: 24, bottom: 32, containLabel: true},
      xAxis: {type: "category", data: data.labels, axisLabel: {interval: 0}},
      yAxis: [{type: "value", name: "得分", min: 0, max: 100}, {type: "value", name: "星级", min: 0, max: 5, interval: 1}],
      series: [
        {name: "得分", type: "line", data: data.scores, itemStyle: {color: RED}, label: {show: true}},
        {name: "星级", type: "bar", yAxisIndex: 1, data: data.stars, itemStyle: {color: GOLD}, barMaxWidth: 24}
      ]
    };
  }

  var BUILD = {radar: radar, distribution: distribution, trend: trend};

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart-source"));
    var build = BUILD[el.getAttribute("data-chart")];
    if (!source || !build || typeof echarts === "undefined") { return; }
    var chart = echarts.init(el);
    chart.setOption(build(JSON.parse(source.textContent)));
    el.setAttribute("data-chart-ready", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
})();
