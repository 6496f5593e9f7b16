// The export form's office picker as one types: the options shown are filtered at once, then replaced by the
// server's search (the same bounded, scope-checked list the page shows after "খুঁজুন" without JavaScript).
(function () {
  "use strict";
  var input = document.getElementById("office-q");
  var select = input && document.getElementById(input.dataset.pickerSelect);
  if (!select) { return; }
  var more = document.getElementById("office-more");
  var timer = null;
  var asked = 0;
  // Bangla typed in another Unicode form than the stored names still matches (the server does the same).
  function key(text) { return text.normalize("NFC").trim().toLowerCase(); }
  function filterShown(text) {
    Array.prototype.forEach.call(select.options, function (option) {
      var keep = !option.value || option.selected || key(option.textContent).indexOf(text) !== -1;
      option.hidden = !keep;
      option.disabled = !keep;
    });
  }
  function replaceOptions(options) {
    var chosen = select.value;
    var kept = Array.prototype.filter.call(select.options, function (o) { return !o.value || o.value === chosen; });
    var fresh = options.filter(function (o) { return o.value !== chosen; }).map(function (o) {
      var option = document.createElement("option");
      option.value = o.value;
      option.textContent = o.label;
      return option;
    });
    select.replaceChildren.apply(select, kept.concat(fresh));
  }
  function search() {
    var text = input.value;
    var mine = ++asked;
    var url = input.dataset.pickerUrl + "?q=" + encodeURIComponent(text.normalize("NFC"));
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (answer) {
        if (mine !== asked) { return; }  // an older answer arriving after a newer one
        replaceOptions(answer.options);
        if (more) { more.hidden = !answer.more; }
      })
      .catch(function () { /* the options shown stay; the search button still reloads the page */ });
  }
  input.addEventListener("input", function () {
    filterShown(key(input.value));
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  input.form.addEventListener("submit", function (event) {
    // Searching in place keeps what was already chosen in the export form below.
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
})();
