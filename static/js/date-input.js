/* Dates are typed as দিন/মাস/বছর (day/month/year) in Bangla or ASCII digits, the same on every computer
   whatever its language (a browser's own date field shows mm/dd/yyyy on an English one). A calendar button
   beside each field marked data-date-input is only a helper: the chosen day is written into the field in
   the page's digits. The server parses what is typed (apa_portal.bangla.parse_date). */
(function () {
  "use strict";
  var BANGLA_DIGITS = "০১২৩৪৫৬৭৮৯";
  var bangla = (document.documentElement.lang || "").toLowerCase().indexOf("bn") === 0;
  var ICON = '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">' +
    '<rect x="1.5" y="2.5" width="13" height="12" rx="1.5" fill="none" stroke="currentColor"/>' +
    '<path d="M1.5 6h13M5 1v3M11 1v3" stroke="currentColor"/></svg>';

  function pageDigits(text) {
    return bangla ? text.replace(/[0-9]/g, function (d) { return BANGLA_DIGITS[d]; }) : text;
  }

  function asciiDigits(text) {
    return text.replace(/[০-৯]/g, function (d) { return String(BANGLA_DIGITS.indexOf(d)); });
  }

  function pad(part) { return part.length === 1 ? "0" + part : part; }

  // "১৫/০২/২০২৪" or "15.2.2024" → "2024-02-15" for the calendar to open at; "" when it is no such date.
  function isoOf(text) {
    var match = asciiDigits(text || "").trim().match(/^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/);
    return match ? match[3] + "-" + pad(match[2]) + "-" + pad(match[1]) : "";
  }

  function enhance(input) {
    var picker = document.createElement("input");
    picker.type = "date";
    picker.className = "date-picker-native";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary date-pick";
    button.innerHTML = ICON;
    button.title = input.dataset.pickerLabel || "";
    button.setAttribute("aria-label", input.dataset.pickerLabel || "");
    button.addEventListener("click", function () {
      picker.value = isoOf(input.value);
      try {
        picker.showPicker();
      } catch (e) {
        picker.focus();
        picker.click();
      }
    });
    picker.addEventListener("change", function () {
      if (!picker.value) return;
      var parts = picker.value.split("-");
      input.value = pageDigits(parts[2] + "/" + parts[1] + "/" + parts[0]);
      // As if typed: the entry page keeps a draft and previews the score.
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.focus();
    });
    input.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", picker);
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-date-input]"), enhance);
})();
