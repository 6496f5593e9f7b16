// A form sent once: its buttons are disabled after the first press, so a double click on a slow line does
// not send it twice. Forms marked data-confirm ask first.
document.addEventListener("submit", function (event) {
  if (event.defaultPrevented) return; // a page script sends this form itself (entry.js saves a row)
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); return; }
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) { b.disabled = true; });
  }, 0);
});
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sent]").forEach(function (form) {
    delete form.dataset.sent;
    form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
  });
});
