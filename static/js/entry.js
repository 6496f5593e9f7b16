/* Quarterly entry page: live score preview, saving a row without reloading, and drafts kept in
   localStorage so that nothing typed is lost to a lost connection, an error or an expired session.
   Plain JavaScript, no build step; the page works without it (each row is an ordinary form). */
(function () {
  "use strict";
  var table = document.getElementById("entry");
  if (!table || table.dataset.editable !== "1") return;

  // Drafts are the user's own: on a shared office computer the next person never gets them (logging out
  // clears them, see logout.js), and a draft older than a week is stale, whoever typed it.
  var DRAFT_MAX_AGE = 7 * 24 * 3600 * 1000;
  var prefix = table.dataset.draftPrefix;
  var totalBox = document.getElementById("total-score");
  var totalPreview = document.getElementById("total-preview");
  var restoredBanner = document.getElementById("drafts-restored");
  var sessionBox = document.getElementById("session-expired");

  function text(name) { return table.dataset[name] || ""; }

  function store(id, draft) {
    try {
      if (draft) localStorage.setItem(prefix + id, JSON.stringify(draft));
      else localStorage.removeItem(prefix + id);
    } catch (e) { /* storage full or disabled: the page still saves normally */ }
  }

  function load(id) {
    try { return JSON.parse(localStorage.getItem(prefix + id) || "null"); } catch (e) { return null; }
  }

  // Drop stale drafts of every user, and drafts kept before they carried their user.
  function dropStaleDrafts() {
    try {
      var now = Date.now(), stale = [];
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf("apa-entry:") !== 0) continue;
        var draft = null;
        try { draft = JSON.parse(localStorage.getItem(key)); } catch (e) { /* unreadable: stale */ }
        var ownerKnown = key.split(":").length === 5; // apa-entry:user:agreement:quarter:indicator
        if (!ownerKnown || !draft || typeof draft.at !== "number" || now - draft.at > DRAFT_MAX_AGE) stale.push(key);
      }
      stale.forEach(function (key) { localStorage.removeItem(key); });
    } catch (e) { /* storage disabled */ }
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Other figures a save changes (the plan entry page: the plan's governance indicator in Section 3, the
  // agreement's total): elements marked data-live="key" show them, data-live-preview="key" what a save would.
  function showLive(live, preview) {
    Object.keys(live || {}).forEach(function (key) {
      var selector = preview ? "[data-live-preview='" + key + "']" : "[data-live='" + key + "']";
      Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
        element.textContent = (element.dataset.prefix || "") + live[key];
        element.hidden = false;
      });
    });
  }

  function hideLivePreviews() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-preview]"), function (element) {
      element.hidden = true;
    });
  }

  function showSession(message, url) {
    sessionBox.querySelector(".msg").textContent = message;
    sessionBox.querySelector("a").href = url || table.dataset.loginUrl;
    sessionBox.hidden = false;
    sessionBox.scrollIntoView({ block: "center" });
  }

  function Row(tr) {
    this.tr = tr;
    this.id = tr.dataset.indicator;
    this.form = tr.querySelector("form.entry-form");
    this.value = this.form.querySelector(".value-input");
    this.remarks = this.form.querySelector(".remarks-input");
    this.revision = this.form.querySelector("input[name=revision]");
    this.button = this.form.querySelector(".save-btn");
    this.status = this.form.querySelector(".row-status");
    this.error = this.form.querySelector(".row-error");
    this.lines = this.form.querySelector(".preview-lines");
    this.conflict = this.form.querySelector(".conflict");
    this.annual = tr.querySelector(".annual-cell");
    this.weighted = tr.querySelector(".score-cell .weighted");
    this.saved = { value: this.value.value, remarks: this.remarks.value };
    this.savedAnnual = this.annual.innerHTML;
    this.savedWeighted = this.weighted.textContent;
    this.saving = false;
    this.saves = 0; // a preview asked for before the latest save began answers for a row that moved on
    this.previewError = false;
    this.timer = null;
    this.bind();
  }

  Row.prototype.bind = function () {
    var self = this;
    var onInput = function (event) {
      self.keepDraft();
      if (event.target === self.value) self.schedulePreview();
    };
    this.value.addEventListener("input", onInput);
    this.remarks.addEventListener("input", onInput);
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.save();
    });
  };

  Row.prototype.isDirty = function () {
    return this.value.value !== this.saved.value || this.remarks.value !== this.saved.remarks;
  };

  Row.prototype.keepDraft = function () {
    var dirty = this.isDirty();
    if (dirty) {
      store(this.id, { value: this.value.value, remarks: this.remarks.value, revision: this.revision.value, at: Date.now() });
      this.tr.classList.add("row-dirty");
    } else {
      store(this.id, null);
      this.tr.classList.remove("row-dirty", "row-restored");
    }
    // While a save is on its way the row says so until the answer comes: a retry that went through must
    // not look failed. The answer sets the status.
    if (!this.saving) this.status.textContent = dirty ? text("msgUnsaved") : "";
  };

  Row.prototype.restore = function () {
    var draft = load(this.id);
    if (!draft) return false;
    if (draft.value === this.saved.value && draft.remarks === this.saved.remarks) {
      store(this.id, null);
      return false;
    }
    this.value.value = draft.value;
    this.remarks.value = draft.remarks;
    // The draft was typed against this revision: if someone saved since, saving it shows both values.
    if (draft.revision !== undefined) this.revision.value = draft.revision;
    this.tr.classList.add("row-dirty", "row-restored");
    this.status.textContent = text("msgUnsaved");
    this.schedulePreview();
    return true;
  };

  Row.prototype.schedulePreview = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.preview(); }, 250);
  };

  Row.prototype.preview = function () {
    var self = this;
    var typed = this.value.value;
    var saves = this.saves;
    if (typed === this.saved.value) {
      this.annual.innerHTML = this.savedAnnual;
      this.weighted.textContent = this.savedWeighted;
      this.tr.classList.remove("row-preview");
      this.lines.hidden = true;
      if (this.previewError) {
        this.error.textContent = "";
        this.value.classList.remove("is-invalid");
        this.previewError = false;
      }
      totalPreview.hidden = true;
      hideLivePreviews();
      return;
    }
    var url = this.tr.dataset.previewUrl + "?value=" + encodeURIComponent(typed);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (data) { return [response, data]; }); })
      .then(function (pair) {
        var data = pair[1];
        if (typed !== self.value.value || saves !== self.saves) return; // an older answer
        if (data.ok) {
          // Clear only what a preview said: a save's message (a conflict, a lock) stays until the next save.
          if (self.previewError) {
            self.error.textContent = "";
            self.value.classList.remove("is-invalid");
            self.previewError = false;
          }
          self.annual.textContent = data.annual_display || "—";
          self.weighted.textContent = data.weighted_display;
          self.tr.classList.add("row-preview");
          self.lines.textContent = (data.lines || []).join(" · ");
          self.lines.hidden = !data.lines || !data.lines.length;
          if (data.total_display) {
            totalPreview.querySelector("span").textContent = data.total_display;
            totalPreview.hidden = false;
          }
          showLive(data.live, true);
        } else if (data.message) {
          self.error.textContent = data.message;
          self.value.classList.add("is-invalid");
          self.previewError = true;
        }
      })
      .catch(function () { /* the preview is a courtesy; saving reports connection problems */ });
  };

  Row.prototype.save = function () {
    var self = this;
    if (this.saving) return; // a double click or a second Enter sends nothing twice
    // A blank saved over a stored value removes it: only when the person says so.
    if (!this.value.value.trim() && this.saved.value.trim() && !window.confirm(text("msgConfirmClear"))) {
      this.value.focus();
      return;
    }
    this.saving = true;
    this.saves += 1;
    clearTimeout(this.timer); // the save's answer shows the row's figures
    this.button.disabled = true;
    this.keepDraft();
    this.status.textContent = text("msgSaving");
    var sent = { value: this.value.value, remarks: this.remarks.value };
    // A hanging line must not leave the button disabled for ever: give up after a while, keeping the draft.
    var controller = window.AbortController ? new AbortController() : null;
    var timedOut = false;
    var timeout = setTimeout(function () {
      timedOut = true;
      if (controller) controller.abort();
    }, Number(table.dataset.saveTimeout) || 20000);
    fetch(this.form.action, {
      method: "POST",
      body: new FormData(this.form),
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(this.form) },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        return response.json().then(
          function (data) { return [response, data]; },
          function () { return [response, null]; }
        );
      })
      .then(function (pair) {
        if (timedOut) throw new Error("timeout"); // answered after the row already said it gave up
        var response = pair[0], data = pair[1];
        if (response.status === 401) {
          showSession(data && data.message, data && data.login_url);
          self.status.textContent = text("msgUnsaved");
        } else if (!data) {
          // Not JSON: a stale CSRF token after logging in elsewhere, or a server error page.
          self.failed(text("msgError"));
          if (response.status === 403) showSession(text("msgError"), window.location.pathname);
        } else if (response.ok && data.ok) {
          self.applySaved(data, sent);
        } else if (response.status === 409 && data.conflict) {
          self.showConflict(data);
        } else {
          var errors = data.errors || {};
          var messages = [].concat(errors.value || [], errors.remarks || [], errors.__all__ || []);
          self.failed(messages.join(" ") || data.message || text("msgError"));
        }
      })
      .catch(function () { self.failed(text(timedOut ? "msgTimeout" : "msgOffline")); })
      .then(function () {
        clearTimeout(timeout);
        self.saving = false;
        self.button.disabled = false;
      });
  };

  Row.prototype.failed = function (message) {
    this.previewError = false;
    this.error.textContent = message;
    this.value.classList.add("is-invalid");
    this.status.textContent = text("msgUnsaved");
  };

  // `sent` is what the save carried: anything typed while it was on its way stays a draft.
  Row.prototype.applySaved = function (data, sent) {
    var achievement = data.achievement;
    this.revision.value = achievement.revision;
    this.tr.dataset.revision = achievement.revision;
    this.saved = sent;
    this.keepDraft();
    this.tr.classList.remove("row-restored", "row-preview");
    this.error.textContent = "";
    this.value.classList.remove("is-invalid");
    this.conflict.hidden = true;
    this.lines.hidden = true;
    // The server says whether the save stored a value or removed one.
    this.status.textContent = this.isDirty() ? text("msgUnsaved") : data.message || text("msgSaved");
    this.showStored(data);
    if (!document.querySelector(".row-restored")) restoredBanner.hidden = true;
  };

  // The row's annual value and score and the agreement's total as the server now stores them.
  Row.prototype.showStored = function (data) {
    this.annual.textContent = data.annual_display || "—";
    this.weighted.textContent = data.weighted_display || "—";
    this.savedAnnual = this.annual.innerHTML;
    this.savedWeighted = this.weighted.textContent;
    if (data.total_display) totalBox.textContent = data.total_display;
    totalPreview.hidden = true;
    showLive(data.live, false);
    hideLivePreviews();
  };

  Row.prototype.showConflict = function (data) {
    var self = this, theirs = data.theirs, mine = data.mine;
    this.error.textContent = data.message;
    this.status.textContent = text("msgUnsaved");
    // Until the person chooses, the row shows what is stored (their value's annual value and score), not
    // the preview of the value that lost.
    this.tr.classList.remove("row-preview");
    this.lines.hidden = true;
    this.showStored(theirs);
    var box = this.conflict;
    box.textContent = "";
    var list = document.createElement("dl");
    list.className = "small mb-1 conflict-values";
    var theirsLabel = text("msgTheirs") + (theirs.by ? " (" + theirs.by + ", " + theirs.at + ")" : "");
    [[text("msgMine"), mine.value, mine.remarks], [theirsLabel, theirs.value_display, theirs.remarks]].forEach(function (entry) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = entry[0];
      dd.textContent = (entry[1] || "—") + (entry[2] ? " (" + entry[2] + ")" : "");
      list.appendChild(dt);
      list.appendChild(dd);
    });
    box.appendChild(list);
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "btn btn-sm btn-warning me-1 keep-mine";
    keep.textContent = text("msgKeepMine");
    keep.addEventListener("click", function () {
      self.revision.value = theirs.revision;
      box.hidden = true;
      self.save();
    });
    var take = document.createElement("button");
    take.type = "button";
    take.className = "btn btn-sm btn-outline-secondary take-theirs";
    take.textContent = text("msgTakeTheirs");
    take.addEventListener("click", function () {
      // Their value as the field shows values (the page's digits), and the row as stored with it.
      self.value.value = theirs.input;
      self.remarks.value = theirs.remarks;
      self.revision.value = theirs.revision;
      self.tr.dataset.revision = theirs.revision;
      self.saved = { value: self.value.value, remarks: self.remarks.value };
      store(self.id, null);
      box.hidden = true;
      self.error.textContent = "";
      self.value.classList.remove("is-invalid");
      self.tr.classList.remove("row-dirty", "row-restored", "row-preview");
      self.lines.hidden = true;
      self.status.textContent = "";
      self.showStored(theirs);
    });
    box.appendChild(keep);
    box.appendChild(take);
    box.hidden = false;
  };

  dropStaleDrafts();
  var restored = 0;
  Array.prototype.forEach.call(table.querySelectorAll("tr.entry-row"), function (tr) {
    if (!tr.querySelector("form.entry-form")) return;
    var row = new Row(tr);
    if (row.restore()) restored += 1;
  });
  if (restored) restoredBanner.hidden = false;

  var submit = document.getElementById("submit-report");
  if (submit) {
    submit.addEventListener("click", function (event) {
      var unsaved = document.querySelectorAll("tr.row-dirty").length;
      if (unsaved && !window.confirm(submit.dataset.confirm || text("msgUnsaved"))) event.preventDefault();
    });
  }
})();
