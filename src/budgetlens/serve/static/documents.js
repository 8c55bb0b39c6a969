// The documents page: a filter takes effect as soon as it is chosen (the form also works without script).
(function () {
  "use strict";
  const form = document.getElementById("filters");
  if (!form) return;
  form.querySelectorAll("select.auto").forEach(function (select) {
    select.addEventListener("change", function () { form.submit(); });
  });
})();
