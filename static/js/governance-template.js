/* The template editor: move a row up or down and insert a new row below any row. The positions (the
   formset's ORDER fields) are renumbered to the rows' order on the page, which is the order saved. Plain
   JavaScript; without it the position numbers are typed and new rows go in the last, blank row. */
(function () {
  "use strict";
  var table = document.getElementById("items");
  var blank = document.getElementById("new-row");
  var total = document.getElementById("id_items-TOTAL_FORMS");
  if (!table || !blank || !total || table.closest("fieldset[disabled]")) return;

  function rows() { return table.querySelectorAll("tbody.item-row"); }

  // Positions in the page's digits: Bangla digits on a Bangla page (the server reads either).
  var bangla = /^bn/i.test(document.documentElement.lang);
  function digits(n) {
    return bangla ? String(n).replace(/[0-9]/g, function (d) { return "০১২৩৪৫৬৭৮৯"[d]; }) : String(n);
  }

  function renumber() {
    Array.prototype.forEach.call(rows(), function (row, n) {
      var order = row.querySelector("input[name$='-ORDER']");
      if (order) order.value = digits(n + 1);
    });
  }

  function reveal(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("[data-row-action]"), function (b) { b.hidden = false; });
  }

  table.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-row-action]");
    if (!button) return;
    var row = button.closest("tbody.item-row");
    var action = button.dataset.rowAction;
    if (action === "up" && row.previousElementSibling && row.previousElementSibling.matches("tbody.item-row")) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
    } else if (action === "down" && row.nextElementSibling && row.nextElementSibling.matches("tbody.item-row")) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
    } else if (action === "insert") {
      var index = total.value;
      var holder = document.createElement("table");
      holder.innerHTML = blank.innerHTML.replace(/__prefix__/g, index);
      var added = holder.querySelector("tbody.item-row");
      row.parentNode.insertBefore(added, row.nextElementSibling);
      total.value = Number(index) + 1;
      reveal(added);
      var first = added.querySelector("textarea, input[type=text]");
      if (first) first.focus();
    }
    renumber();
    if (action !== "insert") button.focus();
  });
  reveal(table);
  var problems = document.getElementById("problems");
  if (problems) problems.focus();
})();
