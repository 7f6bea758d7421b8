// The Gantt chart of a project (甘特图) on top of the vendored frappe-gantt 1.2 (static/vendor/frappe-gantt).
//
// Markup (no inline script; the page loads frappe-gantt.css, css/gantt.css, frappe-gantt.umd.js, then this file;
// not class "gantt": frappe-gantt styles that class for its own svg):
//   <div class="gantt-chart" data-src="/api/v1/projects/1/tasks" data-update="/api/v1/tasks/{id}" [data-view="Week"]
//        [data-readonly] [data-push-toggle="#checkbox"]></div>
// data-src answers a list of rows, bare or as {"items": [...]} / {"tasks": [...]}:
//   {"id", "title", "owner": "name" | {"name"}, "start": "YYYY-MM-DD", "end": "YYYY-MM-DD" (inclusive),
//    "progress": 0..100, "milestone": bool, "parent": id | null,
//    "depends_on": [id | {"id", "lag"} | [id, lag]], "baseline": {"start", "end"} | null,
//    "slip": days | null, "critical": bool, "float": days | null}
// "owner_name" and "dependencies": [{"id", "lag"}] are read before "owner" / "depends_on" when a row has them.
// Dragging or resizing a bar sends PATCH data-update (with {id} replaced) {"start", "end", "push": true} (push: the
// data-push-toggle checkbox's state when the chart names one) and
// reloads the rows (then fires "gantt:saved" on the chart, for a page that shows the schedule elsewhere too); a refusal (422/409 {"detail", "errors"}) is shown above the chart and the bar goes back.
(function () {
  "use strict";
  if (typeof window.Gantt !== "function") return;

  var DAY = 86400000;
  var VIEWS = [
    { name: "Day", label: "日" },
    { name: "Week", label: "周" },
    { name: "Month", label: "月" },
  ];

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function ymd(date) { return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()); }
  function parse(text) {
    var p = String(text).split("-");
    return new Date(+p[0], +p[1] - 1, +p[2]);
  }
  function addDays(date, n) { return new Date(date.getFullYear(), date.getMonth(), date.getDate() + n); }
  function cn(date) { return (date.getMonth() + 1) + "月" + date.getDate() + "日"; }
  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function slipText(slip) {
    if (!slip) return "";
    return slip > 0 ? "延误" + slip + "天" : "提前" + -slip + "天";
  }
  function ownerName(owner) {
    if (!owner) return "";
    return typeof owner === "object" ? owner.name || owner.full_name || "" : owner;
  }
  function predecessors(row) {
    return (row.dependencies || row.depends_on || []).map(function (dep) {
      if (dep && typeof dep === "object" && !Array.isArray(dep)) return { id: String(dep.id), lag: dep.lag || 0 };
      if (Array.isArray(dep)) return { id: String(dep[0]), lag: dep[1] || 0 };
      return { id: String(dep), lag: 0 };
    });
  }

  var UNIT_DAYS = { hour: 1 / 24, day: 1, month: 30, year: 365 };

  // The same arithmetic frappe-gantt uses to place its bars (x from diff, width from whole days), so a baseline equal to the plan lies exactly under it.
  function diff(a, b, unit) {
    var days = (a - b + (b.getTimezoneOffset() - a.getTimezoneOffset()) * 60000) / DAY;
    var months = (a.getFullYear() - b.getFullYear()) * 12 + a.getMonth() - b.getMonth() + a.getDate() / 31;
    if (a.getDate() < b.getDate()) months--;
    var v = unit === "month" ? months : unit === "year" ? months / 12 : unit === "hour" ? days * 24 : days;
    return Math.round(v * 100) / 100;
  }

  // Chinese headers for the three views (the library's defaults spell English month names).
  function viewModes() {
    var sameMonth = function (a, b) { return b && a.getMonth() === b.getMonth() && a.getFullYear() === b.getFullYear(); };
    return [
      {
        name: "Day", padding: "7d", step: "1d", date_format: "YYYY-MM-DD", column_width: 38, snap_at: "1d",
        lower_text: function (d) { return String(d.getDate()); },
        upper_text: function (d, prev) { return sameMonth(d, prev) ? "" : d.getFullYear() + "年" + (d.getMonth() + 1) + "月"; },
        thick_line: function (d) { return d.getDay() === 1; },
      },
      {
        name: "Week", padding: "14d", step: "7d", date_format: "YYYY-MM-DD", column_width: 112, snap_at: "1d",
        lower_text: function (d) { return (d.getMonth() + 1) + "/" + d.getDate() + "–" + (addDays(d, 6).getMonth() + 1) + "/" + addDays(d, 6).getDate(); },
        upper_text: function (d, prev) { return sameMonth(d, prev) ? "" : d.getFullYear() + "年" + (d.getMonth() + 1) + "月"; },
        thick_line: function (d) { return d.getDate() >= 1 && d.getDate() <= 7; },
        upper_text_frequency: 4,
      },
      {
        name: "Month", padding: "1m", step: "1m", date_format: "YYYY-MM", column_width: 96, snap_at: "1d",
        lower_text: function (d) { return (d.getMonth() + 1) + "月"; },
        upper_text: function (d, prev) { return prev && d.getFullYear() === prev.getFullYear() ? "" : d.getFullYear() + "年"; },
        thick_line: function (d) { return d.getMonth() % 3 === 0; },
      },
    ];
  }

  function mount(root) {
    var src = root.getAttribute("data-src");
    var update = root.getAttribute("data-update");
    var readonly = root.hasAttribute("data-readonly") || !update;
    var view = root.getAttribute("data-view") || "Week";
    var pushToggle = root.getAttribute("data-push-toggle");
    var rows = [];
    var byId = {};
    var summaries = {};
    var chart = null;
    var pending = {};
    var busy = false;

    root.classList.add("gantt-widget");
    root.innerHTML =
      '<div class="gantt-toolbar">' +
      '<div class="btn-group btn-group-sm" role="group" aria-label="视图">' +
      VIEWS.map(function (v) {
        return '<button type="button" class="btn btn-outline-secondary" data-gantt-view="' + v.name + '">' + v.label + "</button>";
      }).join("") +
      "</div>" +
      '<div class="gantt-legend" aria-hidden="true">' +
      '<span><i class="gantt-key gantt-key-plan"></i>当前计划</span>' +
      '<span><i class="gantt-key gantt-key-baseline"></i>基线（立项时）</span>' +
      '<span><i class="gantt-key gantt-key-critical"></i>关键路径</span>' +
      "</div></div>" +
      '<div class="gantt-message alert alert-danger" role="alert" hidden></div>' +
      '<div class="gantt-status text-secondary small" aria-live="polite"></div>' +
      '<div class="gantt-scroll"><div class="gantt-host"></div></div>';
    var message = root.querySelector(".gantt-message");
    var status = root.querySelector(".gantt-status");
    var host = root.querySelector(".gantt-host");

    function showError(detail, errors) {
      var lines = [];
      Object.keys(errors || {}).forEach(function (key) {
        [].concat(errors[key]).forEach(function (m) { if (m && lines.indexOf(m) < 0 && m !== detail) lines.push(m); });
      });
      message.innerHTML = "<strong>" + esc(detail || "未能保存。") + "</strong>" +
        (lines.length ? "<ul>" + lines.map(function (m) { return "<li>" + esc(m) + "</li>"; }).join("") + "</ul>" : "");
      message.hidden = false;
    }
    function clearError() { message.hidden = true; message.textContent = ""; }

    function setView(name) {
      view = name;
      root.querySelectorAll("[data-gantt-view]").forEach(function (b) {
        var on = b.getAttribute("data-gantt-view") === name;
        b.classList.toggle("active", on);
        b.setAttribute("aria-pressed", on ? "true" : "false");
      });
      if (chart) chart.change_view_mode(name);
    }

    function toTasks() {
      var parents = {};
      rows.forEach(function (r) { if (r.parent != null) parents[String(r.parent)] = true; });
      summaries = parents;
      return rows.map(function (r) {
        var id = String(r.id);
        var label = (r.milestone ? "◆ " : "") + esc(r.title) + (r.slip ? " · " + slipText(r.slip) : "");
        return {
          id: id,
          name: label,
          start: r.start,
          end: r.end,
          progress: Math.max(0, Math.min(100, r.progress || 0)),
          dependencies: predecessors(r).map(function (p) { return p.id; }).filter(function (p) { return byId[p]; }),
        };
      });
    }

    // After each render: the classes of each bar (frappe-gantt's custom_class takes one token only) and the
    // baseline, a thin bar under the current one from the dates frozen at approval.
    function decorate(gantt) {
      var unit = gantt.config.unit, step = gantt.config.step, width = gantt.config.column_width;
      (gantt.bars || []).forEach(function (bar) {
        var row = byId[bar.task.id];
        var group = bar.group;
        if (!group) return;
        group.setAttribute("data-testid", "gantt-bar");
        if (row) {
          group.classList.toggle("is-critical", !!row.critical);
          group.classList.toggle("is-milestone", !!row.milestone);
          group.classList.toggle("is-summary", !!summaries[bar.task.id]);
          group.classList.toggle("is-late", row.slip > 0);
        }
        if (!row || !row.baseline || !row.baseline.start || !row.baseline.end) return;
        var start = parse(row.baseline.start);
        var end = addDays(parse(row.baseline.end), 1);
        var x = (diff(start, gantt.gantt_start, unit) / step) * width;
        var days = Math.round((end - start) / DAY);
        var w = Math.max((days / (UNIT_DAYS[unit] || 1) / step) * width, 3);
        var ghost = document.createElementNS("http://www.w3.org/2000/svg", "rect");
        ghost.setAttribute("class", "gantt-baseline");
        ghost.setAttribute("x", String(Math.max(x, 0)));
        ghost.setAttribute("y", String(bar.y + bar.height + 3));
        ghost.setAttribute("width", String(x < 0 ? Math.max(w + x, 0) : w));
        ghost.setAttribute("height", "5");
        ghost.setAttribute("rx", "2");
        var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        title.textContent = "基线：" + cn(parse(row.baseline.start)) + "至" + cn(parse(row.baseline.end));
        ghost.appendChild(title);
        group.insertBefore(ghost, group.firstChild);
      });
    }

    function popup(ctx) {
      var row = byId[ctx.task.id] || {};
      ctx.set_title(esc(row.title));
      var owner = ownerName(row.owner_name || row.owner);
      ctx.set_subtitle(esc(owner ? "负责人：" + owner : ""));
      var lines = [];
      lines.push(row.milestone ? "里程碑：" + cn(parse(row.start)) : "计划：" + cn(parse(row.start)) + "至" + cn(parse(row.end)));
      if (row.baseline) lines.push("基线：" + cn(parse(row.baseline.start)) + "至" + cn(parse(row.baseline.end)));
      if (row.slip) lines.push(slipText(row.slip));
      else if (row.baseline) lines.push("与基线一致");
      lines.push("进度：" + (row.progress || 0) + "%");
      if (row.critical) lines.push("关键路径上的任务");
      else if (row.float != null) lines.push("可延后" + row.float + "天不影响完成时间");
      var preds = predecessors(row).map(function (p) {
        var t = byId[p.id];
        return (t ? t.title : p.id) + (p.lag ? "（间隔" + p.lag + "天）" : "");
      });
      if (preds.length) lines.push("前置任务：" + preds.join("、"));
      ctx.set_details(lines.map(esc).join("<br>"));
    }

    function render() {
      if (!rows.length) {
        chart = null;
        host.innerHTML = '<div class="gantt-empty text-secondary">暂无任务。</div>';
        return;
      }
      var tasks = toTasks();
      if (chart) {
        // Redraw where the user was looking (frappe-gantt would scroll back to the first task).
        var left = chart.$container.scrollLeft;
        chart.refresh(tasks);
        chart.$container.scrollTo({ left: left, behavior: "instant" });
        return;
      }
      host.innerHTML = "";
      // frappe-gantt starts in the first of the view modes it is given.
      var modes = viewModes().sort(function (a, b) { return (b.name === view) - (a.name === view); });
      chart = new window.Gantt(host, tasks, {
        view_modes: modes,
        view_mode: view,
        language: "zh",
        bar_height: 22,
        padding: 24,
        upper_header_height: 36,
        lower_header_height: 26,
        infinite_padding: false,
        move_dependencies: false,
        readonly: readonly,
        readonly_progress: true,
        today_button: false,
        view_mode_select: false,
        scroll_to: rows.reduce(function (m, r) { return !m || r.start < m ? r.start : m; }, ""),
        popup_on: "click",
        popup: popup,
        on_view_change: function () { decorate(this); },
        on_date_change: function (task, start, end) {
          pending[task.id] = { start: ymd(start), end: ymd(end) };
        },
      });
    }

    function load() {
      status.textContent = "正在加载…";
      return fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then(
          function (data) {
            rows = Array.isArray(data) ? data : data.items || data.tasks || [];
            byId = {};
            rows.forEach(function (r) { byId[String(r.id)] = r; });
            status.textContent = "";
            render();
            root.setAttribute("data-loaded", "");
          },
          function () {
            status.textContent = "";
            showError("甘特图数据加载失败，请刷新页面重试。");
          }
        );
    }

    function pushWanted() {
      if (!pushToggle) return true;
      var box = document.querySelector(pushToggle);
      return box ? !!box.checked : true;
    }

    function send(id, dates) {
      var row = byId[id];
      if (!row) return;
      if (row.milestone) dates.end = dates.start;
      if (dates.start === row.start && dates.end === row.end) return;
      busy = true;
      root.setAttribute("aria-busy", "true");
      status.textContent = "正在保存…";
      fetch(update.replace("{id}", encodeURIComponent(id)), {
        method: "PATCH",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ start: dates.start, end: dates.end, push: pushWanted() }),
      })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
        })
        .then(function (res) {
          if (res.ok) {
            clearError();
            return load().then(function () {
              status.textContent = "已保存：" + row.title + " " + cn(parse(dates.start)) + "至" + cn(parse(dates.end));
              root.dispatchEvent(new CustomEvent("gantt:saved", { bubbles: true, detail: { id: id } }));
            });
          }
          var detail = res.body.detail || (res.status === 403 ? "您无权调整该任务。" : "未能保存，请稍后再试。");
          showError(detail, res.body.errors);
          status.textContent = "";
          render();  // the bar goes back where the server has it
        })
        .catch(function () {
          showError("网络连接失败，未能保存，请稍后再试。");
          status.textContent = "";
          render();
        })
        .then(function () {
          busy = false;
          root.removeAttribute("aria-busy");
        });
    }

    // frappe-gantt reports dates while the bar moves; the move is sent once, when the mouse is released.
    document.addEventListener("mouseup", function () {
      window.setTimeout(function () {
        var ids = Object.keys(pending);
        var all = pending;
        pending = {};
        if (busy) { if (ids.length) render(); return; }
        ids.forEach(function (id) { send(id, all[id]); });
      }, 0);
    });
    root.addEventListener("click", function (e) {
      var b = e.target.closest("[data-gantt-view]");
      if (b) setView(b.getAttribute("data-gantt-view"));
    });

    setView(view);
    load();
  }

  document.querySelectorAll(".gantt-chart[data-src]").forEach(mount);
})();
