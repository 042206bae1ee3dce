/* skillgap serve: drop zone, busy state, job progress, leaderboard filters, report height. */
(function () {
  "use strict";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  // list the chosen files; accept files dropped on the drop zone
  each(document.querySelectorAll("label.drop"), function (zone) {
    var input = zone.querySelector("input[type=file]");
    var list = document.getElementById("chosen");
    function show() {
      if (!list) { return; }
      list.textContent = "";
      each(input.files, function (f) {
        var li = document.createElement("li");
        li.textContent = f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " KB)";
        list.appendChild(li);
      });
    }
    input.addEventListener("change", show);
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
    });
  });

  // a job ad replaces the role: clear the role choice when one is given
  var role = document.getElementById("role");
  function jobGiven() {
    if (role && role.options.length) { role.selectedIndex = 0; }
  }
  var jobText = document.getElementById("job_description");
  var jobFile = document.getElementById("job_description_file");
  if (jobText) { jobText.addEventListener("input", function () { if (jobText.value.trim()) { jobGiven(); } }); }
  if (jobFile) { jobFile.addEventListener("change", function () { if (jobFile.files.length) { jobGiven(); } }); }

  // busy state while the form uploads
  each(document.querySelectorAll("form.upload"), function (form) {
    form.addEventListener("submit", function () {
      var busy = document.getElementById("busy");
      var button = document.getElementById("submit");
      if (busy) { busy.hidden = false; }
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  });

  // progress of a running job: poll, then reload to show the leaderboard
  var box = document.getElementById("progress-box");
  if (box) {
    var bar = document.getElementById("progress");
    var text = document.getElementById("progress-text");
    var poll = function () {
      fetch("/api/jobs/" + encodeURIComponent(box.getAttribute("data-job")), {cache: "no-store"})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          bar.max = Math.max(1, s.total);
          bar.value = s.done;
          text.textContent = "Analysing " + s.done + " of " + s.total + " files (" + s.candidates_done +
            " of " + s.candidates_total + " candidates)" + (s.errors ? ", " + s.errors + " errors" : "") + "…";
          if (s.status === "running") { setTimeout(poll, 400); } else { window.location.reload(); }
        })
        .catch(function () { setTimeout(poll, 1500); });
    };
    setTimeout(poll, 300);
  }

  // leaderboard filters
  var table = document.getElementById("leaderboard");
  if (table) {
    var q = function (id) { return document.getElementById(id); };
    var apply = function () {
      var name = (q("filter-text").value || "").toLowerCase();
      var other = (q("filter-other").value || "").trim().toLowerCase();
      var minFit = parseFloat(q("filter-fit").value || "0") / 100;
      var must = q("filter-must").checked;
      var shortOnly = q("filter-short") ? q("filter-short").checked : false;
      var hideErrors = q("filter-errors").checked;
      var shown = 0;
      each(table.tBodies[0].rows, function (row) {
        var fit = row.getAttribute("data-fit");
        var met = row.getAttribute("data-must-met");
        var total = row.getAttribute("data-must-total");
        var ok = row.getAttribute("data-name").indexOf(name) >= 0 &&
          (other === "" || row.getAttribute("data-other").indexOf(other) >= 0) &&
          (minFit <= 0 || (fit !== "" && parseFloat(fit) >= minFit - 1e-9)) &&
          (!must || (met !== "" && met === total)) &&
          (!shortOnly || row.getAttribute("data-short") === "1") &&
          (!hideErrors || row.getAttribute("data-error") !== "1");
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      q("shown").textContent = shown + " shown";
    };
    each(document.querySelectorAll("#filters input"), function (input) {
      input.addEventListener("input", apply);
      input.addEventListener("change", apply);
    });
  }

  // the inline report: as tall as its content, so the page scrolls as one
  var frame = document.getElementById("report-frame");
  if (frame) {
    var fit = function () {
      try {
        var doc = frame.contentDocument;
        if (doc && doc.documentElement) { frame.style.height = (doc.documentElement.scrollHeight + 24) + "px"; }
      } catch (e) { /* another origin: keep the default height */ }
    };
    frame.addEventListener("load", fit);
    if (frame.contentDocument && frame.contentDocument.readyState === "complete") { fit(); }
    window.addEventListener("resize", fit);
  }
}());
