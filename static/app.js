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
  // The database could not be reached (503): the form stays as it is,
  // with what was typed, and the page says so.
  var dbError = document.getElementById("db-error");
  document.addEventListener("htmx:afterRequest", function (e) {
    if (netError && e.detail && e.detail.successful) netError.hidden = true;
    if (!dbError || !e.detail || !e.detail.xhr) return;
    if (e.detail.xhr.status === 503) {
      dbError.hidden = false;
      dbError.focus();
    } else if (e.detail.successful) {
      dbError.hidden = true;
    }
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

  // The documents step. Without JavaScript (or htmx) the form posts every
  // chosen file at once and both buttons upload them. With htmx, each
  // chosen file is uploaded in a request of its own with its own progress
  // bar, whichever button was pressed: the main button goes on only when
  // every file was accepted. Otherwise the step is shown again by the
  // server, which names each refused file with its reason as it does
  // without JavaScript. A chosen file is never dropped.
  function uploadBox(form) {
    return form && form.tagName === "FORM" ? form.querySelector("[data-uploads]") : null;
  }

  function announce(text) {
    var status = document.getElementById("file-status");
    if (status) status.textContent = text;
  }

  function showChosen(box, files) {
    var list = box.querySelector("ul");
    var rows = [];
    list.textContent = "";
    Array.prototype.forEach.call(files, function (file, i) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.className = "upload-name";
      name.id = "upload-name-" + i;
      name.textContent = file.name;
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.hidden = true;
      bar.setAttribute("aria-labelledby", name.id);
      var status = document.createElement("span");
      status.className = "upload-status";
      status.textContent = box.getAttribute("data-waiting");
      li.appendChild(name);
      li.appendChild(bar);
      li.appendChild(status);
      list.appendChild(li);
      rows.push({ file: file, li: li, bar: bar, status: status });
    });
    box.hidden = rows.length === 0;
    return rows;
  }

  document.addEventListener("change", function (e) {
    var input = e.target;
    var box = input && input.type === "file" && uploadBox(input.form);
    if (box) showChosen(box, input.files || []);
  });

  // sendOne uploads one file with the form's other fields. The server
  // answers an accepted file with a redirect to the step with the file's
  // id, and a refused one with the step and the reason next to the field.
  function sendOne(form, row, done) {
    var fd = new FormData(form);
    fd.delete("file");
    fd.delete("videre");
    fd.append("file", row.file, row.file.name);
    var xhr = new XMLHttpRequest();
    var result = function (id, key) { done({ id: id, key: key, name: row.file.name }); };
    xhr.open("POST", form.getAttribute("action"));
    xhr.responseType = "document";
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable && ev.total > 0) row.bar.value = Math.round((ev.loaded / ev.total) * 100);
    });
    xhr.addEventListener("load", function () {
      var id = null;
      row.bar.value = 100;
      try { id = new URL(xhr.responseURL).searchParams.get("lagt-til"); } catch (err) { id = null; }
      if (xhr.status === 200 && id) return result(id, "");
      var refused = xhr.response && xhr.response.querySelector ? xhr.response.querySelector("#file-error [data-key]") : null;
      result("", refused ? refused.getAttribute("data-key") : "err.upload.failed");
    });
    xhr.addEventListener("error", function () { result("", "err.upload.failed"); });
    xhr.addEventListener("abort", function () { result("", "err.upload.failed"); });
    xhr.send(fd);
  }

  function uploadAll(form, box, input, goOn, issueRequest) {
    var rows = showChosen(box, input.files);
    var fd = new FormData();
    var refused = 0;
    var i = 0;
    form.setAttribute("data-uploading", "");
    var finish = function () {
      form.removeAttribute("data-uploading");
      input.value = "";
      if (goOn && !refused) {
        issueRequest(true);
        return;
      }
      var swap = { target: "#main", select: "#main", swap: "outerHTML" };
      if (!refused) {
        var url = new URL(box.getAttribute("data-refresh"), window.location.href);
        fd.getAll("lagt-til").forEach(function (id) { url.searchParams.append("lagt-til", id); });
        window.htmx.ajax("GET", url.pathname + url.search, swap);
        return;
      }
      ["_csrf", "tilbake"].forEach(function (n) { if (form.elements[n]) fd.append(n, form.elements[n].value); });
      if (goOn) fd.append("stoppet", "1");
      swap.values = fd;
      window.htmx.ajax("POST", form.getAttribute("action"), swap);
    };
    var next = function () {
      if (i >= rows.length) return finish();
      var row = rows[i++];
      announce(box.getAttribute("data-count").replace("{i}", i).replace("{n}", rows.length));
      row.bar.hidden = false;
      row.status.textContent = box.getAttribute("data-uploading");
      sendOne(form, row, function (r) {
        if (r.id) {
          fd.append("lagt-til", r.id);
        } else {
          refused++;
          fd.append("avvist-fil", r.name);
          fd.append("avvist-grunn", r.key);
        }
        row.li.className = r.id ? "done" : "failed";
        row.status.textContent = box.getAttribute(r.id ? "data-done" : "data-failed");
        next();
      });
    };
    next();
  }

  // The flag that tells the server to go on after the upload: htmx sends
  // the pressed button only while it has focus, so it is set here too.
  function setGoOn(form, goOn) {
    var flag = form.querySelector('input[type=hidden][name="videre"]');
    if (goOn && !flag) {
      flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "videre";
      flag.value = "1";
      form.appendChild(flag);
    } else if (!goOn && flag) {
      flag.parentNode.removeChild(flag);
    }
  }

  document.addEventListener("htmx:confirm", function (e) {
    var form = e.detail && e.detail.elt;
    var box = uploadBox(form);
    var input = box && form.querySelector('input[type="file"]');
    if (!input) return;
    if (form.hasAttribute("data-uploading")) {
      e.preventDefault();
      announce(box.getAttribute("data-busy"));
      return;
    }
    var submitter = e.detail.triggeringEvent && e.detail.triggeringEvent.submitter;
    var goOn = !!(submitter && submitter.name === "videre");
    setGoOn(form, goOn);
    if (!input.files || input.files.length === 0) return;
    e.preventDefault();
    uploadAll(form, box, input, goOn, e.detail.issueRequest);
  });

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
