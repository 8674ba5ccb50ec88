// paperlint report: filter and sort rows that are already on the page. Nothing else: no
// network, no HTML built from strings (the page reads in full without this script).
(function () {
  "use strict";
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  // Filters: <div data-filters-for="TABLE"> holds <select data-filter="ATTR">; a row shows when
  // its data-ATTR equals every non-empty selection.
  each(document.querySelectorAll("[data-filters-for]"), function (bar) {
    var table = document.getElementById(bar.getAttribute("data-filters-for"));
    if (!table || !table.tBodies.length) { return; }
    var rows = table.tBodies[0].rows;
    var selects = bar.querySelectorAll("select[data-filter]");
    var count = bar.querySelector("[data-count-for]");
    function apply() {
      var shown = 0;
      each(rows, function (row) {
        var show = true;
        each(selects, function (s) {
          if (s.value && row.getAttribute("data-" + s.getAttribute("data-filter")) !== s.value) { show = false; }
        });
        row.classList.toggle("hidden", !show);
        if (show) { shown += 1; }
      });
      if (count) { count.textContent = "Showing " + shown + " of " + rows.length; }
    }
    each(selects, function (s) { s.addEventListener("change", apply); });
    bar.hidden = false;
    apply();
  });

  // Sorting: a button in each column header; numbers compare as numbers, text ignoring case
  // (then by code point, so the order is the same in every browser and locale).
  function compareText(x, y) {
    var a = x.toLowerCase(), b = y.toLowerCase();
    if (a !== b) { return a < b ? -1 : 1; }
    return x < y ? -1 : x > y ? 1 : 0;
  }
  each(document.querySelectorAll("table.sortable"), function (table) {
    var headers = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    each(headers, function (th, i) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        each(headers, function (h) { if (h.hasAttribute("aria-sort")) { h.setAttribute("aria-sort", "none"); } });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[i];
          var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
          return v;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var nx = Number(x), ny = Number(y);
          var c = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny : compareText(x, y);
          return asc ? c : -c;
        });
        each(rows, function (r) { body.appendChild(r); });
      });
    });
  });
})();
