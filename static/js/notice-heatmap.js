/* The unread heat map of a notice's receipts page (ECharts, loaded before this file): one cell per branch, its
   colour the number of people who have not signed, from the json_script named in data-chart-source. A click
   on a cell lists that branch's unsigned people. No inline script: the CSP allows our own files only. */
(function () {
  "use strict";

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart-source"));
    if (!source || typeof echarts === "undefined") { return; }
    var d = JSON.parse(source.textContent);
    var max = Math.max.apply(null, d.unsigned.concat([1]));
    var narrow = el.clientWidth < 480;
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: {
        formatter: function (p) {
          var i = p.data[1];
          return d.orgs[i] + "<br>未签收 " + d.unsigned[i] + " 人 / 应签收 " + d.recipients[i] + " 人";
        }
      },
      grid: {left: 8, right: 8, top: 8, bottom: 48, containLabel: true},
      xAxis: {type: "category", data: ["未签收"], show: false},
      yAxis: {type: "category", data: d.orgs, inverse: true,
              axisLabel: {width: narrow ? 120 : 240, overflow: "truncate", fontSize: 12}},
      visualMap: {min: 0, max: max, calculable: false, orient: "horizontal", left: "center", bottom: 0,
                  itemWidth: 12, inRange: {color: ["#f1f8e9", "#ffe082", "#c8161d"]}, text: ["多", "少"]},
      series: [{
        type: "heatmap",
        data: d.unsigned.map(function (v, i) { return [0, i, v]; }),
        label: {show: true, formatter: function (p) { return p.data[2] + " 人"; }},
        emphasis: {itemStyle: {borderColor: "#333", borderWidth: 1}}
      }]
    });
    chart.on("click", function (p) {
      var id = d.ids[p.data[1]];
      if (id) { window.location.href = d.url + "?org=" + id + "#unsigned"; }
    });
    el.setAttribute("data-chart-ready", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.querySelectorAll("[data-notice-heatmap]").forEach(draw);
})();
