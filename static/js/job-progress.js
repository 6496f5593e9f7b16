// Polls a background job's progress (a bulk export, an import) and updates the bar; when the job has ended
// the page reloads to show its result. Without JavaScript the page refreshes itself.
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root || root.dataset.finished === "1") { return; }
  // Numbers in the page's digits, as the server writes them: Bangla digits only on a Bangla page.
  var bangla = document.documentElement.lang.toLowerCase().indexOf("bn") === 0;
  var digits = "০১২৩৪৫৬৭৮৯";
  function bn(n) {
    return bangla ? String(n).replace(/[0-9]/g, function (d) { return digits[d]; }) : String(n);
  }
  // An export's offices that failed, as soon as their part is done (the server's list replaces the shown one).
  function showFailures(failures) {
    var list = document.getElementById("job-failure-list");
    if (!list || !failures) { return; }
    list.replaceChildren.apply(list, failures.map(function (f) {
      var item = document.createElement("li");
      item.textContent = f.name + " (" + f.office + "): " + f.message;
      return item;
    }));
    document.getElementById("job-failures").hidden = failures.length === 0;
  }
  function poll() {
    fetch(root.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) {
        var bar = document.getElementById("job-bar");
        bar.value = job.percent;
        bar.textContent = bn(job.percent) + "%";
        document.getElementById("job-percent").textContent = bn(job.percent) + "%";
        document.getElementById("job-status").textContent = job.status_display;
        document.getElementById("job-count").textContent = bn(job.done) + " / " + bn(job.total);
        showFailures(job.failures);
        // Without a broker each poll runs the next piece of the job itself, so the next one can follow at once.
        if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
