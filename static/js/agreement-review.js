/* The reviewer's agreement page: the action bar counts the comments typed but not yet sent (each section's
   comment box and the general one belong to the return form), as they are typed. */
(function () {
  "use strict";
  var counter = document.getElementById("drafted-count");
  var form = document.getElementById("review-form");
  if (!counter || !form) return;
  // The page's digits, as the server writes them: Bangla digits only on a Bangla page.
  var bangla = document.documentElement.lang.toLowerCase().indexOf("bn") === 0;
  var digits = "০১২৩৪৫৬৭৮৯";
  function shown(n) {
    return bangla ? String(n).replace(/[0-9]/g, function (d) { return digits[d]; }) : String(n);
  }
  function drafted() {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.tagName === "TEXTAREA" && field.name.indexOf("comment-") === 0 && field.value.trim() !== "";
    }).length;
  }
  document.addEventListener("input", function (event) {
    if (event.target.form === form) counter.textContent = shown(drafted());
  });
  counter.textContent = shown(drafted());
})();
