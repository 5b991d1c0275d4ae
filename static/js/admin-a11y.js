// Give every field in the admin's table-style inlines, and every search-as-you-type box, an accessible name.
// The admin shows those fields under a column heading instead of a <label>, which screen readers cannot use.
// And a table too wide for its place (an agenda at 200% zoom) is stacked, one block per row with each cell
// under its heading, instead of making the page or the table scroll sideways (static/css/admin.css).
(function () {
  "use strict";

  function headingFor(cell) {
    var name = Array.prototype.find.call(cell.classList, function (c) { return c.indexOf("field-") === 0; });
    if (!name) { return ""; }
    var table = cell.closest("table");
    var th = table && table.querySelector("thead th.column-" + name.slice("field-".length));
    return th ? th.textContent.trim() : "";
  }

  function hasName(el) {
    if (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")) { return true; }
    return el.id && document.querySelector('label[for="' + el.id + '"]');
  }

  function nameTabularFields(root) {
    root.querySelectorAll(".tabular td[class*='field-'], #result_list td[class*='field-']").forEach(function (cell) {
      var heading = headingFor(cell);
      if (!heading) { return; }
      cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
        if (!hasName(el)) { el.setAttribute("aria-label", heading); }
      });
    });
  }

  function nameSearchBoxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.getAttribute("aria-label") ||
        (select.id && document.querySelector('label[for="' + select.id + '"]') || {}).textContent || "";
      label = label.replace(/:\s*$/, "").trim();
      var container = select.nextElementSibling;
      if (!label || !container) { return; }
      container.querySelectorAll("[role=combobox], [role=textbox], input.select2-search__field").forEach(function (el) {
        el.removeAttribute("aria-labelledby");
        el.setAttribute("aria-label", label);
      });
    });
  }

  // The list a search box opens is put at the end of the page, away from its field: name its search box after
  // the field (select2 links them by the field's id), and let the field say which list it controls while open.
  function nameOpenLists() {
    document.querySelectorAll("input.select2-search__field[aria-controls]").forEach(function (input) {
      var match = /^select2-(.+)-results$/.exec(input.getAttribute("aria-controls"));
      var select = match && document.getElementById(match[1]);
      var label = select && (select.getAttribute("aria-label") ||
        (document.querySelector('label[for="' + select.id + '"]') || {}).textContent || "");
      if (label) { input.setAttribute("aria-label", label.replace(/:\s*$/, "").trim()); }
    });
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
      var list = box.getAttribute("aria-owns");
      if (list) { box.setAttribute("aria-controls", list); } else { box.removeAttribute("aria-controls"); }
    });
  }

  function nameDeleteBoxes(root) {
    root.querySelectorAll(".tabular td.delete input[type=checkbox]").forEach(function (el) {
      var cell = el.closest("td");
      var th = cell.closest("table").querySelectorAll("thead th")[cell.cellIndex];
      var heading = th ? th.textContent.replace(/\?\s*$/, "").trim() : "";
      if (!hasName(el) && heading) { el.setAttribute("aria-label", heading); }
    });
  }

  var WIDE_TABLES = ".inline-related.tabular table, #result_list";

  function labelCells(table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/\s+/g, " ").replace(/\?\s*$/, "").trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.cells, function (cell) {
        var heading = row.cells.length === headings.length ? headings[cell.cellIndex] : "";
        if (heading && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heading); }
      });
    });
  }

  function stackWideTables(root) {
    root.querySelectorAll(WIDE_TABLES).forEach(function (table) {
      labelCells(table);
      table.classList.remove("stacked");
      var room = (table.closest("fieldset, .results, .module") || table.parentElement).clientWidth;
      if (table.scrollWidth > room + 1) { table.classList.add("stacked"); }
    });
  }

  function fix(root) {
    nameDeleteBoxes(root);
    nameTabularFields(root);
    nameSearchBoxes(root);
    nameOpenLists();
  }

  var pending = false;
  function stackSoon() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; stackWideTables(document); });
  }

  window.addEventListener("load", function () {
    fix(document);
    stackWideTables(document);
    // "Add another" rows and search boxes set up later get names too; a new width may stack or unstack a table.
    new MutationObserver(function () { fix(document); stackSoon(); })
      .observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", stackSoon);
  });
})();
