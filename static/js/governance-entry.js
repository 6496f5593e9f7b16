/* Governance plan entry: what is typed is kept in this browser (localStorage) until the server shows it
   saved, so an expired session, a lost connection or a closed tab loses nothing. A draft is restored only
   onto the revision it was typed against; if a colleague saved the row since, the draft is dropped and
   the row says so. Plain JavaScript; the page works without it. */
(function () {
  "use strict";
  var form = document.getElementById("entry");
  if (!form || !form.dataset.key) return;
  var prefix = "apa-gov:" + form.dataset.key + ":";
  var banner = document.getElementById("drafts-restored");

  function read(key) { try { return JSON.parse(localStorage.getItem(prefix + key) || "null"); } catch (e) { return null; } }
  function write(key, draft) { try { if (draft) localStorage.setItem(prefix + key, JSON.stringify(draft)); else localStorage.removeItem(prefix + key); } catch (e) { /* storage off */ } }

  form.querySelectorAll("[data-row]").forEach(function (row) {
    var key = row.dataset.row;
    var value = row.querySelector("[name$='-value']");
    var remarks = row.querySelector("[name$='-remarks']");
    var revision = row.querySelector("[name$='-revision']");
    if (!value || value.disabled) return;
    var draft = read(key);
    if (draft) {
      if (draft.value === value.value && draft.remarks === remarks.value) {
        write(key, null);
      } else if (String(draft.revision) === revision.value) {
        value.value = draft.value; remarks.value = draft.remarks;
        row.classList.add("border-warning");
        if (banner) banner.hidden = false;
      } else {
        write(key, null);
        var note = row.querySelector("[data-conflict]");
        if (note) note.hidden = false;
      }
    }
    function keep() { write(key, { value: value.value, remarks: remarks.value, revision: revision.value }); }
    value.addEventListener("input", keep);
    remarks.addEventListener("input", keep);
  });
})();
