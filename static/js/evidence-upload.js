/* Evidence files added in the entry row (Section 3 and the Annex 4-8 plan entry page): several files picked or
   dropped at once, each checked for size and type before it is sent (the limits come from the server, written
   on the table by the evidence_upload_attrs tag), each with its own progress bar, and a button to send it
   again after a lost connection. The server checks every file again by its content; without this script the
   evidence page (Section 3) or the form in the row (Annex 4-8) adds files one by one. */
(function () {
  "use strict";
  var table = document.getElementById("entry");
  if (!table || !table.dataset.evidenceMaxBytes) return;
  var maxBytes = Number(table.dataset.evidenceMaxBytes);
  var types = table.dataset.evidenceTypes.split(",");
  var sessionBox = document.getElementById("session-expired");

  // Files are sent one at a time: on a slow line the first arrives as soon as it can instead of sharing the
  // line with the others, and the server takes them in order. The rest wait in the queue, bars at zero.
  var queue = [];
  var sending = false;

  function text(name) { return table.dataset[name] || ""; }

  function enqueue(upload) {
    upload.retry.hidden = true;
    upload.progress.hidden = false;
    upload.progress.value = 0;
    upload.status.className = "evidence-status text-muted";
    upload.status.textContent = text("msgEvWaiting");
    queue.push(upload);
    sendNext();
  }

  function sendNext() {
    if (sending || !queue.length) return;
    sending = true;
    queue.shift().send();
  }

  function finished() {
    sending = false;
    sendNext();
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // What the server would refuse anyway, said before a byte is sent: on a slow line a file over the limit
  // would otherwise be sent in full first.
  function refusal(file) {
    var ending = file.name.lastIndexOf(".") > 0 ? file.name.split(".").pop().toLowerCase() : "";
    if (types.indexOf(ending) < 0) return text("msgEvType");
    if (file.size > maxBytes) return text("msgEvTooLarge");
    return "";
  }

  function errorText(data) {
    var errors = (data && data.errors) || {};
    var messages = [];
    Object.keys(errors).forEach(function (key) { messages = messages.concat(errors[key]); });
    return messages.join(" ") || (data && data.message) || text("msgEvError");
  }

  function Upload(cell, file) {
    this.cell = cell;
    this.file = file;
    this.li = document.createElement("li");
    this.li.className = "evidence-upload";
    var name = document.createElement("div");
    name.className = "text-break";
    name.textContent = file.name;
    this.progress = document.createElement("progress");
    this.progress.max = 100;
    this.progress.value = 0;
    this.progress.className = "evidence-progress";
    this.progress.setAttribute("aria-label", file.name);
    this.status = document.createElement("div");
    this.status.className = "evidence-status";
    this.retry = document.createElement("button");
    this.retry.type = "button";
    this.retry.className = "btn btn-sm btn-outline-primary evidence-retry";
    this.retry.textContent = text("msgEvRetry");
    this.retry.hidden = true;
    this.li.appendChild(name);
    this.li.appendChild(this.progress);
    this.li.appendChild(this.status);
    this.li.appendChild(this.retry);
    cell.querySelector(".evidence-uploads").appendChild(this.li);
    var self = this;
    this.retry.addEventListener("click", function () { enqueue(self); });
  }

  Upload.prototype.refuse = function (message) {
    this.progress.hidden = true;
    this.retry.hidden = true;
    this.status.className = "evidence-status text-danger";
    this.status.textContent = message;
  };

  Upload.prototype.send = function () {
    var self = this;
    var body = new FormData();
    body.append("kind", "file");
    body.append("file", this.file);
    body.append("quarter", table.dataset.quarter);
    var request = new XMLHttpRequest();
    request.open("POST", this.cell.dataset.evidenceUpload);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) self.progress.value = Math.round((100 * event.loaded) / event.total);
    });
    request.addEventListener("load", function () { self.answered(request); });
    // A lost connection or a server that never answers: the file is still in the page, to send again.
    request.addEventListener("error", function () { self.lost(); });
    request.addEventListener("timeout", function () { self.lost(); });
    request.addEventListener("loadend", finished);
    request.timeout = Number(table.dataset.uploadTimeout) || 300000;
    this.status.textContent = text("msgEvSending");
    request.send(body);
  };

  Upload.prototype.lost = function () {
    this.progress.hidden = true;
    this.status.className = "evidence-status text-danger";
    this.status.textContent = text("msgEvOffline");
    this.retry.hidden = false;
  };

  Upload.prototype.answered = function (request) {
    var data = null;
    try { data = JSON.parse(request.responseText); } catch (e) { /* an error page, not JSON */ }
    if (request.status === 401 && data) {
      this.lost();
      this.status.textContent = data.message;
      if (sessionBox) {
        sessionBox.querySelector(".msg").textContent = data.message;
        sessionBox.querySelector("a").href = data.login_url || table.dataset.loginUrl;
        sessionBox.hidden = false;
      }
    } else if (data && data.ok) {
      this.listed(data.item);
    } else if (data) {
      this.refuse(errorText(data)); // refused by the server: sending it again would not help
    } else {
      this.lost();
      this.status.textContent = text("msgEvError");
    }
  };

  // The stored file joins the row's evidence list, as the page lists it after a reload.
  Upload.prototype.listed = function (item) {
    var list = this.cell.querySelector(".evidence-list");
    if (!list) {
      list = document.createElement("ul");
      list.className = "list-unstyled mb-1 evidence-list";
      this.cell.insertBefore(list, this.cell.firstChild);
    }
    var none = this.cell.querySelector(".no-evidence");
    if (none) none.hidden = true;
    var li = document.createElement("li");
    var badge = document.createElement("span");
    badge.className = "badge text-bg-secondary";
    badge.textContent = text("msgEvFile");
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.name;
    li.appendChild(badge);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(link);
    list.appendChild(li);
    this.li.remove();
  };

  function add(cell, files) {
    Array.prototype.forEach.call(files, function (file) {
      var upload = new Upload(cell, file);
      var reason = refusal(file);
      if (reason) upload.refuse(reason);
      else enqueue(upload);
    });
  }

  var accept = types.map(function (ending) { return "." + ending; }).join(",");
  Array.prototype.forEach.call(table.querySelectorAll("[data-evidence-upload]"), function (cell) {
    var zone = cell.querySelector(".evidence-drop");
    var input = zone.querySelector(".evidence-files");
    input.accept = accept;
    zone.hidden = false;
    input.addEventListener("change", function () {
      add(cell, input.files);
      input.value = "";
    });
    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("evidence-drop-over");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("evidence-drop-over"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("evidence-drop-over");
      if (event.dataTransfer && event.dataTransfer.files.length) add(cell, event.dataTransfer.files);
    });
  });
})();
