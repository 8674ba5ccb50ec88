(function () {
  "use strict";
  var table = document.getElementById("findings");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var selects = document.querySelectorAll("[data-filter]");
  function apply() {
    rows.forEach(function (row) {
      var show = true;
      selects.forEach(function (s) {
        if (s.value && row.getAttribute("data-" + s.getAttribute("data-filter")) !== s.value) { show = false; }
      });
      row.classList.toggle("hidden", !show);
    });
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, i) {
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[i].getAttribute("data-sort") || a.cells[i].textContent;
        var y = b.cells[i].getAttribute("data-sort") || b.cells[i].textContent;
        return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
      });
      rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
    });
  });
})();
