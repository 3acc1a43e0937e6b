/* gateway-sim operator console: live refresh by polling, and actions without reload.
   Plain JS, no dependencies; the server escapes all data (and CSP forbids inline scripts). */
(function () {
  "use strict";
  var POLL_MS = 2000;

  function showFlash(ok, code, message) {
    var box = document.getElementById("flash");
    if (!box) { return; }
    box.textContent = "";
    var div = document.createElement("div");
    div.className = "flash " + (ok ? "ok" : "bad");
    var b = document.createElement("b");
    b.textContent = code || "";
    div.appendChild(b);
    div.appendChild(document.createTextNode(" " + (message || "")));
    box.appendChild(div);
  }

  var live = document.getElementById("live");
  function refresh() {
    if (!live || !live.getAttribute("data-poll")) { return Promise.resolve(); }
    return fetch(live.getAttribute("data-poll"), {cache: "no-store", credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { live.innerHTML = html; } })
      .catch(function () { /* gateway gone or restarting: keep the last view */ });
  }
  if (live && live.getAttribute("data-poll")) {
    setInterval(function () {
      if (document.visibilityState === "visible") { refresh(); }
    }, POLL_MS);
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t && t.classList && t.classList.contains("pick")) {  // a tag path: fill the write form
      ev.preventDefault();
      var input = document.querySelector("form.tagwrite input[name=path]");
      if (input) {
        input.value = t.getAttribute("data-path");
        var value = document.querySelector("form.tagwrite input[name=value]");
        if (value) { value.focus(); }
      }
    }
  });

  document.addEventListener("change", function (ev) {
    var t = ev.target;
    if (t && t.getAttribute && t.getAttribute("data-autosubmit") && t.form) { t.form.submit(); }
  });

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form || (form.method || "").toLowerCase() !== "post" || form.action.indexOf("/action/") < 0) {
      return;
    }
    ev.preventDefault();
    var ask = form.getAttribute("data-confirm");
    if (ask && !window.confirm(ask)) { return; }
    var buttons = form.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: {"Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded"},
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (r) { return r.json(); }).then(function (resp) {
      showFlash(resp.ok, resp.code, resp.message);
      var here = window.location.pathname + window.location.search;
      if (resp.ok && resp.back && resp.back !== here && /\/action\/(start|fork)$/.test(form.action)) {
        window.location.href = resp.back;
        return;
      }
      return refresh();
    }).catch(function (e) {
      showFlash(false, "ERROR", "the console did not answer: " + e);
    }).then(function () {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
    });
  });
}());
