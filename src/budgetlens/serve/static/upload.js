// The upload page: each dropped or chosen file is sent on its own request (so each has its progress bar),
// then its job is polled until it is done (a link to its review) or failed (the refusal's one line).
(function () {
  "use strict";
  const words = JSON.parse(document.getElementById("upload-words").textContent);
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("files");
  const table = document.getElementById("uploads");
  const body = table.querySelector("tbody");
  const finished = document.getElementById("finished");
  const lang = new URLSearchParams(location.search).get("lang");
  const suffix = lang ? "?lang=" + encodeURIComponent(lang) : "";
  let open = 0;

  function row(file) {
    const tr = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = file.name;
    const state = document.createElement("td");
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const label = document.createElement("span");
    label.textContent = " " + words.sending;
    state.append(bar, label);
    const result = document.createElement("td");
    tr.append(name, state, result);
    body.append(tr);
    table.hidden = false;
    return { tr: tr, bar: bar, label: label, result: result };
  }

  function settle(view, ok, text, href) {
    view.bar.value = 100;
    view.label.textContent = " " + (ok ? words.done : words.failed);
    view.tr.className = ok ? "ok" : "failed";
    view.result.textContent = "";
    if (href) {
      const link = document.createElement("a");
      link.href = href;
      link.textContent = words.open;
      view.result.append(link);
      if (text) view.result.append(text);
    } else {
      view.result.textContent = text;
      view.result.className = "error";
    }
    open -= 1;
    finished.hidden = open > 0;
  }

  function poll(view, job) {
    fetch("/api/v1/jobs/" + encodeURIComponent(job.id) + suffix, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.status === "done") {
          settle(view, true, j.already_stored ? words.known : "", "/documents/" + j.document + suffix);
        } else if (j.status === "failed" || j.error) {
          settle(view, false, j.error ? j.error.message : words.failed, null);
        } else {
          view.label.textContent = " " + (j.status === "running" ? words.running : words.queued);
          setTimeout(function () { poll(view, job); }, 500);
        }
      })
      .catch(function () { setTimeout(function () { poll(view, job); }, 1500); });
  }

  function send(file) {
    const view = row(file);
    open += 1;
    finished.hidden = true;
    const form = new FormData();
    form.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/uploads" + suffix);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) view.bar.value = Math.round((e.loaded * 100) / e.total);
    };
    xhr.onload = function () {
      let answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
      if (xhr.status === 202 && answer && answer.jobs && answer.jobs.length) {
        view.bar.removeAttribute("value");  // indeterminate while the file is read and checked
        view.label.textContent = " " + words.queued;
        poll(view, answer.jobs[0]);
      } else {
        const message = answer && answer.error ? answer.error.message : "HTTP " + xhr.status;
        settle(view, false, message, null);
      }
    };
    xhr.onerror = function () { settle(view, false, words.network, null); };
    xhr.send(form);
  }

  function take(files) {
    Array.prototype.forEach.call(files, send);
  }

  input.addEventListener("change", function () { take(input.files); input.value = ""; });
  zone.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") input.click(); });
  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) { if (e.dataTransfer) take(e.dataTransfer.files); });
})();
