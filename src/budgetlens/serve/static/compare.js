// The compare page: presets tick documents, the form asks /api/v1/compare, ECharts draws, the line-up is a table.
"use strict";
(function () {
  const form = document.getElementById("compare-form");
  if (!form) return;
  const words = JSON.parse(form.dataset.words);
  const message = document.getElementById("compare-message");
  const result = document.getElementById("compare-result");
  const boxes = Array.from(form.querySelectorAll("input[name=documents]"));
  const charts = { bars: null, trend: null };
  window.compareCharts = charts;

  function say(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  function preset(name) {
    const department = document.getElementById("preset-department").value;
    const year = document.getElementById("preset-year").value;
    const kind = document.getElementById("preset-kind").value;
    const wanted = {
      over_years: (b) => b.dataset.department === department && b.dataset.kind === kind,
      budget_final: (b) => b.dataset.department === department && b.dataset.year === year,
      side_by_side: (b) => b.dataset.year === year && b.dataset.kind === kind,
      clear: () => false,
    }[name];
    boxes.forEach((b) => { b.checked = wanted(b); });
  }

  // A decimal string at two places, half up, with thousands separators (no float on the way).
  function amount(text) {
    if (text === null || text === undefined || text === "") return "";
    let [whole, fraction = ""] = text.replace(/^-/, "").split(".");
    fraction = (fraction + "000").slice(0, 3);
    let cents = BigInt(whole + fraction.slice(0, 2));
    if (fraction[2] >= "5") cents += 1n;
    const digits = cents.toString().padStart(3, "0");
    const units = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const negative = text.startsWith("-") && cents !== 0n;
    return (negative ? "-" : "") + units + "." + digits.slice(-2);
  }

  function cell(tag, text, css) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (css) el.className = css;
    return el;
  }

  function table(data) {
    const head = document.querySelector("#compare-table thead");
    const body = document.querySelector("#compare-table tbody");
    head.replaceChildren();
    body.replaceChildren();
    const labels = data.columns.map((c) => c.label);
    const top = document.createElement("tr");
    [words.code, words.name, ...labels].forEach((h) => top.append(cell("th", h)));
    (data.rows[0] ? data.rows[0].changes : []).forEach((c) => {
      top.append(cell("th", `${words.change} ${c.from}→${c.to}`));
      top.append(cell("th", words.percent));
    });
    top.append(cell("th", words.note));
    head.append(top);
    data.rows.forEach((row) => {
      const tr = document.createElement("tr");
      if (!row.code) tr.className = "total";
      tr.append(cell("td", row.code || ""), cell("td", row.name));
      labels.forEach((l) => tr.append(cell("td", amount(row.values[l]), "num")));
      row.changes.forEach((c) => {
        tr.append(cell("td", amount(c.change), "num"), cell("td", amount(c.percent), "num"));
      });
      tr.append(cell("td", row.note || "", "note"));
      body.append(tr);
    });
    const notes = document.getElementById("compare-notes");
    notes.replaceChildren();
    if (data.notes.length) {
      notes.append(cell("h3", words.notes));
      const list = document.createElement("ul");
      data.notes.forEach((n) => list.append(cell("li", `${n.code} ${n.name}：${n.note}`)));
      notes.append(list);
    }
  }

  function draw(id, option, height) {
    const el = document.getElementById(id);
    el.style.height = height + "px";
    const chart = echarts.getInstanceByDom(el) || echarts.init(el);
    chart.clear();
    chart.setOption(option);
    chart.resize();
    return chart;
  }

  async function run() {
    const picked = boxes.filter((b) => b.checked).map((b) => b.value.slice(0, 16));
    if (picked.length < 2) { say(form.dataset.needTwo); return; }
    const query = new URLSearchParams({
      documents: picked.join(","), by: form.by.value, level: form.level.value, measure: form.measure.value,
    });
    history.replaceState(null, "", "?" + query.toString());
    query.set("charts", "true");
    say(form.dataset.working);
    const response = await fetch("/api/v1/compare?" + query.toString(), { credentials: "same-origin" });
    const data = await response.json();
    if (!response.ok) { result.hidden = true; say(data.error ? data.error.message : response.statusText); return; }
    say("");
    result.hidden = false;
    document.getElementById("compare-title").textContent = data.title;
    charts.bars = draw("compare-bars", data.charts.bars, data.charts.bars_height);
    const trendBlock = document.getElementById("compare-trend-block");
    trendBlock.hidden = !data.charts.trend;
    charts.trend = data.charts.trend ? draw("compare-trend", data.charts.trend, 360) : null;
    table(data);
    result.dataset.ready = "true";
  }

  form.querySelectorAll("[data-preset]").forEach((b) => b.addEventListener("click", () => preset(b.dataset.preset)));
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c && c.resize()));
  if (boxes.filter((b) => b.checked).length >= 2) run();
})();
