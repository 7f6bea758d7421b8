// 自查报告 (assessments/rounds/selfcheck.html): the total of the self-scores typed so far.
(function () {
  "use strict";
  var total = document.querySelector("[data-selfcheck-total]");
  if (!total) return;
  var inputs = Array.prototype.slice.call(document.querySelectorAll("input[data-self-score]"));
  function update() {
    var sum = 0, any = false;
    inputs.forEach(function (input) {
      var v = parseFloat(String(input.value || "").replace("，", "."));
      if (!isNaN(v)) { sum += v; any = true; }
    });
    total.textContent = any ? String(Math.round(sum * 100) / 100) : "—";
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
