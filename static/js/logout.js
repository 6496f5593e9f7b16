/* Logging out clears the user's unsaved entry drafts from this browser (entry.js keeps them in localStorage
   under "apa-entry:<user>:…"), so that the next person at a shared office computer never finds them; when
   there are some, the user is asked first, since they are lost with it. */
(function () {
  "use strict";
  var form = document.getElementById("logout-form");
  if (!form) return;

  function draftKeys() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf(form.dataset.drafts) === 0) keys.push(key);
      }
    } catch (e) { /* storage disabled: nothing kept */ }
    return keys;
  }

  form.addEventListener("submit", function (event) {
    var keys = draftKeys();
    if (!keys.length) return;
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    keys.forEach(function (key) { localStorage.removeItem(key); });
  });
})();
