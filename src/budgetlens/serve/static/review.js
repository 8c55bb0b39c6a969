// The review page: accept or waive a finding, undo it, mark the document reviewed (fetch to /api/v1).
(function () {
  "use strict";
  var head = document.querySelector(".review-head");
  if (!head) { return; }
  var sha = head.dataset.sha;
  var lang = head.dataset.lang;
  var api = "/api/v1/documents/" + sha;

  function call(method, url, body) {
    var options = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "lang=" + lang, options).then(function (response) {
      if (response.status === 204) { return null; }
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error((data.error && data.error.message) || head.dataset.failed); }
        return data;
      });
    });
  }

  function show(article, decision) {
    var state = article.querySelector(".state");
    state.textContent = "";
    article.classList.remove("decided-accepted", "decided-waived");
    article.dataset.decision = decision ? decision.decision : "";
    article.querySelector(".undo").hidden = !decision;
    if (!decision) { return; }
    article.classList.add("decided-" + decision.decision);
    var badge = document.createElement("span");
    badge.className = "badge " + decision.decision;
    badge.textContent = head.dataset["word" + (decision.decision === "waived" ? "Waived" : "Accepted")];
    var when = document.createElement("span");
    when.className = "muted";
    when.textContent = " " + head.dataset.wordDecided.replace("{by}", decision.decided_by).replace("{at}", decision.decided_at) + " ";
    state.appendChild(badge);
    state.appendChild(when);
    if (decision.reason) {
      var reason = document.createElement("span");
      reason.className = "reason";
      reason.textContent = decision.reason;
      state.appendChild(reason);
    }
  }

  function fail(article, error) {
    var state = article.querySelector(".state");
    var note = document.createElement("span");
    note.className = "error failure";
    note.textContent = " " + error.message;
    state.appendChild(note);
  }

  document.querySelectorAll("form.decide").forEach(function (form) {
    var article = form.closest("article");
    var url = api + "/findings/" + form.dataset.index + "/decision";
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector(".accept").addEventListener("click", function () {
      call("PUT", url, { decision: "accepted", reason: form.reason.value }).then(function (d) { show(article, d); },
        function (e) { fail(article, e); });
    });
    form.querySelector(".waive").addEventListener("click", function () {
      var reason = form.reason.value.trim();
      if (!reason) { form.reason.focus(); form.reason.placeholder = head.dataset.needsReason; return; }
      call("PUT", url, { decision: "waived", reason: reason }).then(function (d) { show(article, d); },
        function (e) { fail(article, e); });
    });
    form.querySelector(".undo").addEventListener("click", function () {
      call("DELETE", url).then(function () { show(article, null); }, function (e) { fail(article, e); });
    });
  });

  var mark = document.getElementById("mark-review");
  if (mark) {
    mark.addEventListener("click", function () {
      call("PUT", api + "/review", { status: mark.dataset.status }).then(function (review) {
        var status = document.getElementById("review-status");
        status.className = "review-status " + review.status;
        status.textContent = head.dataset["word" + (review.status === "reviewed" ? "Reviewed" : "Pending")] +
          (review.reviewed_by ? " · " + review.reviewed_by + " " + review.reviewed_at : "");
        mark.dataset.status = review.status === "reviewed" ? "pending" : "reviewed";
        mark.textContent = mark.dataset[review.status === "reviewed" ? "labelPending" : "labelReviewed"];
      }, function (e) { window.alert(e.message); });
    });
  }
}());
