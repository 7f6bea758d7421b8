// 考核评分表 (assessments/rounds/grid.html): an assessor types points straight into the cells.
// Arrow keys move between cells (left/right when the caret is at the edge or the text is selected), Enter moves
// down (or to the reason when a deduction still needs one); every change is saved at once through
// PUT /api/v1/assessments/rounds/{id}/scores with the session's CSRF token. Below the item's maximum the reason
// input appears in the cell and the score is saved once the reason is given; the server checks everything again.
(function () {
  "use strict";
  var table = document.querySelector("table[data-grid]");
  if (!table) return;
  var editable = table.dataset.editable === "1";
  var api = table.dataset.api;
  var statusBox = document.querySelector("[data-grid-status]");
  var errorBox = document.querySelector("[data-grid-error]");
  var doneBox = document.querySelector("[data-grid-done]");
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-item]"));
  var matrix = rows.map(function (tr) { return Array.prototype.slice.call(tr.querySelectorAll("td[data-cell]")); });

  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function pointsOf(cell) { return cell.querySelector(".grid-points"); }
  function reasonOf(cell) { return cell.querySelector(".grid-reason"); }
  function msgOf(cell) { return cell.querySelector("[data-cell-msg]"); }
  function position(cell) {
    for (var r = 0; r < matrix.length; r++) {
      var c = matrix[r].indexOf(cell);
      if (c >= 0) return [r, c];
    }
    return null;
  }
  function focusCell(r, c) {
    if (r < 0 || r >= matrix.length) return;
    var row = matrix[r];
    if (!row.length) return;
    c = Math.max(0, Math.min(c, row.length - 1));
    var input = pointsOf(row[c]);
    input.focus();
    input.select();
  }
  function parse(text) {
    text = String(text || "").trim().replace("，", ".").replace(",", ".");
    if (text === "") return null;
    if (!/^\d+(\.\d{1,2})?$/.test(text)) return NaN;
    return parseFloat(text);
  }
  function format(n) { return String(Math.round(n * 100) / 100); }
  function needsReason(cell) {
    var v = parse(pointsOf(cell).value);
    return v !== null && !isNaN(v) && v < parseFloat(cell.dataset.max);
  }
  function showMessage(cell, text) {
    var box = msgOf(cell);
    box.textContent = text || "";
    box.classList.toggle("d-none", !text);
    cell.classList.toggle("is-error", !!text);
  }
  function refreshReason(cell) {
    var show = needsReason(cell);
    var reason = reasonOf(cell);
    reason.classList.toggle("d-none", !show);
    cell.classList.toggle("is-deducted", show);
  }
  function countDone() {
    var n = 0;
    matrix.forEach(function (row) { row.forEach(function (cell) { if (pointsOf(cell).dataset.saved !== "") n++; }); });
    if (doneBox) doneBox.textContent = n;
  }
  function totals() {
    var sums = {};
    matrix.forEach(function (row) {
      row.forEach(function (cell) {
        var v = parseFloat(pointsOf(cell).dataset.saved);
        sums[cell.dataset.org] = (sums[cell.dataset.org] || 0) + (isNaN(v) ? 0 : v);
      });
    });
    Object.keys(sums).forEach(function (org) {
      var box = table.querySelector("[data-total-org='" + org + "']");
      if (box) box.textContent = format(sums[org]);
    });
  }
  function say(text) { if (statusBox) statusBox.textContent = text; }

  function save(cell) {
    var points = pointsOf(cell), reason = reasonOf(cell);
    var value = parse(points.value);
    var max = parseFloat(cell.dataset.max);
    if (value !== null && isNaN(value)) { showMessage(cell, "请输入数字，最多两位小数。"); return; }
    if (value !== null && value > max) { showMessage(cell, "不能超过该项分值（" + format(max) + "分）。"); return; }
    var text = value === null ? "" : format(value);
    var why = value !== null && value < max ? reason.value.trim() : "";
    if (text === points.dataset.saved && why === (reason.dataset.saved || "")) { showMessage(cell, ""); return; }
    if (value !== null && value < max && !why) {
      showMessage(cell, "扣了" + format(max - value) + "分，请填写扣分理由。");
      return;
    }
    var key = text + "\u0000" + why;
    if (cell.dataset.pending === key) return;
    cell.dataset.pending = key;
    cell.classList.remove("is-saved");
    say("正在保存…");
    fetch(api, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ org: +cell.dataset.org, item: +cell.dataset.item, points: text === "" ? null : text, reason: why }),
    })
      .then(function (r) {
        if (r.status === 204) return { ok: true, body: {} };
        return r.json().catch(function () { return {}; }).then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
      })
      .then(function (res) {
        delete cell.dataset.pending;
        if (!res.ok) {
          var detail = res.body.detail || "未能保存，请稍后再试。";
          showMessage(cell, detail);
          say("");
          if (errorBox && res.status && res.status !== 400 && res.status !== 422) {
            errorBox.textContent = detail;
            errorBox.classList.remove("d-none");
          }
          return;
        }
        points.dataset.saved = text;
        reason.dataset.saved = why;
        if (text !== "") points.value = text;
        showMessage(cell, "");
        cell.classList.add("is-saved");
        countDone();
        totals();
        say("已保存");
      })
      .catch(function () { delete cell.dataset.pending; showMessage(cell, "网络连接失败，未能保存，请稍后再试。"); say(""); });
  }

  matrix.forEach(function (row) {
    row.forEach(function (cell) {
      var points = pointsOf(cell), reason = reasonOf(cell);
      refreshReason(cell);
      if (!editable) return;
      points.addEventListener("focus", function () { points.select(); });
      points.addEventListener("input", function () { refreshReason(cell); showMessage(cell, ""); });
      points.addEventListener("change", function () {
        refreshReason(cell);
        save(cell);  // a deduction without its reason is not sent: the cell asks for the reason
      });
      reason.addEventListener("change", function () { save(cell); });
      points.addEventListener("keydown", function (e) {
        var pos = position(cell);
        if (!pos) return;
        var atStart = points.selectionStart === 0 && points.selectionEnd === 0;
        var atEnd = points.selectionStart === points.value.length && points.selectionEnd === points.value.length;
        var all = points.selectionStart === 0 && points.selectionEnd === points.value.length;
        if (e.key === "Enter") {
          e.preventDefault();
          refreshReason(cell);
          if (needsReason(cell) && !reason.value.trim()) { reason.focus(); return; }
          save(cell);
          focusCell(pos[0] + (e.shiftKey ? -1 : 1), pos[1]);
        } else if (e.key === "ArrowDown") { e.preventDefault(); focusCell(pos[0] + 1, pos[1]); }
        else if (e.key === "ArrowUp") { e.preventDefault(); focusCell(pos[0] - 1, pos[1]); }
        else if (e.key === "ArrowRight" && (atEnd || all)) { e.preventDefault(); focusCell(pos[0], pos[1] + 1); }
        else if (e.key === "ArrowLeft" && (atStart || all)) { e.preventDefault(); focusCell(pos[0], pos[1] - 1); }
      });
      reason.addEventListener("keydown", function (e) {
        if (e.key !== "Enter") return;
        e.preventDefault();
        save(cell);
        var pos = position(cell);
        if (pos) focusCell(pos[0] + 1, pos[1]);
      });
    });
  });
})();
