// The shell's behaviour for every page (loaded at the end of <body>; no inline handlers, CSP-safe).
(function () {
  "use strict";

  // Tables marked .table-cards turn into stacked cards on phones (see app.css). Each cell is captioned
  // with its column's heading unless the template gave it its own data-label (or data-label="").
  function labelCardTables(root) {
    root.querySelectorAll("table.table-cards").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return (th.getAttribute("data-label") || th.textContent || "").trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          var own = cell.hasAttribute("data-label") || cell.hasAttribute("data-card");  // titles and buttons go bare
          if (!own && heads[col] !== undefined && cell.colSpan === 1) {
            cell.setAttribute("data-label", heads[col]);
          }
          col += cell.colSpan || 1;
        });
      });
    });
  }

  // A form carrying an idempotency key (core/idempotency.py) is sent once: a second click while the first
  // submission is on its way is ignored and the button shows it is busy. The server-side key is the real guard
  // (it also covers no-JS browsers and the back button); the button keeps its name/value, it is not disabled.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.querySelector || !form.querySelector("input[name=idempotency_key]")) return;
    if (form.hasAttribute("data-submitting")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "");
    var button = event.submitter || form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
    if (button) {
      button.classList.add("btn-loading");
      button.setAttribute("aria-busy", "true");
    }
  });
  // Coming back to the page from the browser's cache (the back button) makes its forms usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      form.removeAttribute("data-submitting");
      form.querySelectorAll("[aria-busy]").forEach(function (b) {
        b.classList.remove("btn-loading");
        b.removeAttribute("aria-busy");
      });
    });
  });

  labelCardTables(document);
})();
