// Polls a bulk export's progress and updates the bar; without JavaScript the page refreshes itself.
(function () {
  "use strict";
  var root = document.getElementById("export-job");
  if (!root || root.dataset.finished === "1") { return; }
  // Numbers in the page's digits, as the server writes them: Bangla digits only on a Bangla page.
  var bangla = document.documentElement.lang.toLowerCase().indexOf("bn") === 0;
  var digits = "০১২৩৪৫৬৭৮৯";
  function bn(n) {
    return bangla ? String(n).replace(/[0-9]/g, function (d) { return digits[d]; }) : String(n);
  }
  function poll() {
    fetch(root.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) {
        var bar = document.getElementById("export-bar");
        bar.style.width = job.percent + "%";
        bar.textContent = bn(job.percent) + "%";
        bar.parentNode.setAttribute("aria-valuenow", job.percent);
        document.getElementById("export-status").textContent = job.status_display;
        document.getElementById("export-count").textContent = bn(job.done) + " / " + bn(job.total);
        if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
