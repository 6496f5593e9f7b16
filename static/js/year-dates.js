// The new-year form (governance/year_new.html): its dates are filled in for the year its label proposes.
// Typing another year moves every date of the form by the same number of years, so that nothing is retyped;
// 29 February becomes the 28th in a common year, as on the server (services.years.shift_years).
(function () {
  "use strict";
  var BANGLA_DIGITS = "০১২৩৪৫৬৭৮৯";

  function startYear(text) {
    var ascii = text.replace(/[০-৯]/g, function (d) { return String(BANGLA_DIGITS.indexOf(d)); });
    var match = ascii.match(/^\s*(\d{4})/);
    return match ? Number(match[1]) : null;
  }

  function isLeap(year) {
    return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  }

  function shift(iso, years) {
    var match = iso.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    if (!match) return iso;
    var year = Number(match[1]) + years;
    var day = match[2] === "02" && match[3] === "29" && !isLeap(year) ? "28" : match[3];
    return year + "-" + match[2] + "-" + day;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-year-dates]");
    if (!form) return;
    var label = form.querySelector("[name=label]");
    var current = startYear(label.value);
    label.addEventListener("change", function () {
      var year = startYear(label.value);
      if (year === null || current === null || year === current) return;
      form.querySelectorAll("input[type=date]").forEach(function (input) {
        if (input.value) input.value = shift(input.value, year - current);
      });
      current = year;
    });
  });
})();
