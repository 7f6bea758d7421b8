// 所属年度 on the record form: asked only when the record counts as a yearly duty (组织生活会,
// 民主评议党员 …); left blank it means "a first-quarter meeting is last year's", shown as the placeholder.
(function () {
  "use strict";
  var form = document.querySelector("form[data-annual-types]");
  if (!form) return;
  var wrap = form.querySelector("[data-for-year]");
  if (!wrap) return;
  var annual = form.dataset.annualTypes.split(" ");
  var input = wrap.querySelector("input");
  var typeSelect = form.querySelector("select[name=type]");
  var dateInput = form.querySelector("input[name=date]");

  function codes() {
    var out = typeSelect ? [typeSelect.value] : [];
    form.querySelectorAll("input[name=also_counts_as]:checked").forEach(function (cb) { out.push(cb.value); });
    return out;
  }

  function refresh() {
    var shown = codes().some(function (c) { return annual.indexOf(c) >= 0; });
    wrap.classList.toggle("d-none", !shown);
    var m = /^(\d{4})-(\d{2})-\d{2}$/.exec(dateInput ? dateInput.value : "");
    if (m) {
      var year = parseInt(m[1], 10) - (parseInt(m[2], 10) <= 3 ? 1 : 0);
      input.placeholder = "留空即计为" + year + "年度";
    } else {
      input.placeholder = "";
    }
  }

  form.addEventListener("change", function (e) {
    if (e.target === typeSelect || e.target === dateInput || e.target.name === "also_counts_as") refresh();
  });
  if (dateInput) dateInput.addEventListener("input", refresh);
  refresh();
})();
