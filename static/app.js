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

  // The language links take the person back to the page they are on. htmx
  // changes the address without reloading the header, so the links follow
  // the address here.
  function syncLanguageLinks() {
    var here = window.location.pathname + window.location.search;
    document.querySelectorAll('a[href^="/sprak/"]').forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split("?")[0] + "?tilbake=" + encodeURIComponent(here));
    });
  }
  document.addEventListener("htmx:pushedIntoHistory", syncLanguageLinks);
  document.addEventListener("htmx:replacedInHistory", syncLanguageLinks);
  window.addEventListener("popstate", syncLanguageLinks);

  // When a request made by htmx never gets an answer (the connection broke,
  // or the server refused a body that was too large), say so instead of
  // doing nothing. Error answers with a page are swapped in like any other
  // page (see responseHandling in the htmx-config meta tag).
  var netError = document.getElementById("net-error");
  document.addEventListener("htmx:sendError", function () {
    if (!netError) return;
    netError.hidden = false;
    netError.focus();
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (netError && e.detail && e.detail.successful) netError.hidden = true;
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
        // Only 204 means the session was extended; an expired session
        // answers with a redirect to the login page, which is not followed
        // here, so the person sees the login page instead of a false "ok".
        fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual", headers: { "HX-Request": "true" } })
          .then(function (r) { if (r.status === 204) { dialog.close(); arm(); } else { window.location.reload(); } })
          .catch(function () { window.location.reload(); });
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
