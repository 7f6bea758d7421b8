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

  labelCardTables(document);
  document.body.addEventListener("htmx:afterSwap", function (e) { labelCardTables(e.target); });
})();
