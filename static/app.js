// KVP portal: small enhancements on top of pages that work without
// JavaScript. No inline script is used anywhere (strict CSP).
(function () {
  "use strict";

  // After htmx swaps a form step in place, move focus to the error summary
  // or to the new page's heading, so screen readers announce the change.
  document.addEventListener("htmx:afterSettle", function (e) {
    // A live update of a result region must not move focus away from the
    // field the person is typing in.
    if (e.detail && e.detail.target && e.detail.target.id !== "main") return;
    var target = document.querySelector(".error-summary") || document.querySelector("main h1");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
      window.scrollTo(0, 0);
    }
    initCounters(document);
  });

  // Character counters for textareas with a maximum length; the server
  // shows the same limit as text when JavaScript is off.
  function initCounters(root) {
    root.querySelectorAll("textarea[data-maxlength]").forEach(function (ta) {
      var out = document.getElementById(ta.getAttribute("data-counter"));
      if (!out || ta.dataset.counting) return;
      ta.dataset.counting = "1";
      var max = parseInt(ta.getAttribute("data-maxlength"), 10);
      var tpl = out.getAttribute("data-template") || "{n}";
      var over = out.getAttribute("data-over") || "{n}";
      var update = function () {
        var left = max - ta.value.length;
        out.textContent = (left >= 0 ? tpl : over).replace("{n}", Math.abs(left));
      };
      ta.addEventListener("input", update);
      update();
    });
  }
  initCounters(document);

  // Idle timeout warning: the session ends after data-idle-minutes without
  // a request. Warn a few minutes before, and let the person stay.
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-minutes") || "0", 10);
  var dialog = document.getElementById("idle-warning");
  if (idle > 0 && dialog && typeof dialog.showModal === "function") {
    var warnAfter = Math.max(idle - 5, 1) * 60 * 1000;
    var timer;
    var arm = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { dialog.showModal(); }, warnAfter);
    };
    document.addEventListener("htmx:afterRequest", arm);
    var stay = document.getElementById("idle-stay");
    if (stay) {
      stay.addEventListener("click", function (ev) {
        ev.preventDefault();
        var form = stay.form;
        fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
          .then(function (r) { if (r.ok) { dialog.close(); arm(); } else { window.location.reload(); } });
      });
    }
    arm();
  }

  // Print buttons on receipts.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
