// Attendance table of the record form (records/_attendance_row.html).
// Who is expected (应到) follows the type: party members, or only the committee at a 支委会. Expected
// people are 出席 / 缺席 / 不计; anyone else who came is 列席 and never enters the attendance rate.
// "全部出席" marks every expected person present; the server classifies again on save.
(function () {
  "use strict";
  var form = document.querySelector("form[data-attendance]");
  if (!form) return;
  var typeSelect = form.querySelector("select[name=type]");
  var hasCommittee = form.dataset.hasCommittee === "1";
  var parts = {
    expected: form.querySelector("[data-part=expected]"),
    observers: form.querySelector("[data-part=observers]"),
  };
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-person]"));
  var switchLabel = form.querySelector("[data-all-present]");
  var toggle = switchLabel ? switchLabel.querySelector("input") : null;

  function isExpected(row) {
    if (typeSelect && typeSelect.value === "committee_meeting" && hasCommittee) {
      return row.dataset.committee === "1";
    }
    return row.dataset.member === "1";
  }

  function stateOf(row) {
    var checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "none";
  }

  function setState(row, value) {
    var radio = row.querySelector("input[type=radio][value=" + value + "]");
    if (radio) radio.checked = true;
  }

  function expectedRows() {
    return rows.filter(function (row) { return row.dataset.expected === "1"; });
  }

  function update() {
    var counts = { expected: 0, present: 0, absent: 0, observers: 0 };
    rows.forEach(function (row) {
      var state = stateOf(row);
      var reason = row.querySelector("input[name^=reason_]");
      if (reason) reason.hidden = state !== "absent"; // asked only of those marked 缺席
      if (row.dataset.expected === "1") {
        if (state === "present") { counts.present += 1; counts.expected += 1; }
        if (state === "absent") { counts.absent += 1; counts.expected += 1; }
      } else if (state === "present") {
        counts.observers += 1;
      }
    });
    Object.keys(counts).forEach(function (key) {
      var el = form.querySelector("[data-count=" + key + "]");
      if (el) el.textContent = counts[key];
    });
    var exp = expectedRows();
    if (toggle) {
      toggle.checked = exp.length > 0 && exp.every(function (row) { return stateOf(row) === "present"; });
      toggle.disabled = exp.length === 0;
    }
    Object.keys(parts).forEach(function (key) {
      if (parts[key]) parts[key].hidden = !parts[key].querySelector("[data-person]");
    });
  }

  function regroup() {
    rows.forEach(function (row) {
      var expected = isExpected(row);
      row.dataset.expected = expected ? "1" : "0";
      row.querySelectorAll("[data-when=expected]").forEach(function (el) { el.classList.toggle("d-none", !expected); });
      row.querySelectorAll("[data-when=observer]").forEach(function (el) { el.classList.toggle("d-none", expected); });
      if (!expected && stateOf(row) === "absent") setState(row, "none");
      // Re-appending in the original order keeps the names sorted within each part.
      (expected ? parts.expected : parts.observers).appendChild(row);
    });
    update();
  }

  if (toggle) {
    toggle.addEventListener("change", function () {
      expectedRows().forEach(function (row) {
        if (toggle.checked) setState(row, "present");
        else if (stateOf(row) === "present") setState(row, "none");
      });
      update();
    });
    switchLabel.hidden = false;
  }
  form.addEventListener("change", function (e) {
    if (e.target.type === "radio" && e.target.name.indexOf("att_") === 0) update();
  });
  if (typeSelect) typeSelect.addEventListener("change", regroup);
  regroup();
})();
