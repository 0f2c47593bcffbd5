// The live page: polls the JSON API every second and redraws the query list, the selected
// query's plots, its plan and its batch history. Values are put in the page as text, never as HTML.
"use strict";

const POLL_MILLIS = 1000;
/** A batch's phases, in the order they run; they add up to its duration. */
const PHASES = ["plan", "read", "execute", "sink", "commit"];
let selected = decodeURIComponent(location.hash.slice(1)) || null;

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text == null ? "" : String(text);
  if (cls) td.className = cls;
  return td;
}

function fixed(v, digits) { return v == null ? "" : Number(v).toFixed(digits); }

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  return response.json();
}

function renderList(queries) {
  const body = document.querySelector("#queries tbody");
  body.replaceChildren();
  if (!queries.some(q => q.id === selected)) selected = queries.length ? queries[0].id : null;
  for (const q of queries) {
    const row = body.insertRow();
    row.className = "selectable" + (q.id === selected ? " selected" : "");
    row.dataset.query = q.id;
    row.addEventListener("click", () => { selected = q.id; location.hash = q.id; refresh(); });
    cell(row, q.id);
    cell(row, q.status, "status-" + q.status);
    cell(row, q.sink || "(SELECT)");
    cell(row, q.trigger);
    cell(row, q.outputMode);
    cell(row, q.batches, "num");
    cell(row, q.inputRows, "num");
    cell(row, q.outputRows, "num");
    cell(row, q.error);
  }
  if (!queries.length) cell(body.insertRow(), "No continuous query runs.").colSpan = 9;
}

/** One plot: its series from the batches, its latest values as text beside the caption. */
function plot(name, batches, series, stacked, unit) {
  const figure = document.querySelector(`figure[data-plot="${name}"]`);
  const xs = batches.map(b => String(b.batchId));
  Plot.draw(figure.querySelector("canvas"), xs, series, stacked);
  figure.querySelector("output").textContent = series
    .map(s => s.label + " " + Plot.shortNumber(s.values.length ? s.values[s.values.length - 1] || 0 : 0) + (unit || ""))
    .join(" · ");
}

function renderPlots(batches) {
  plot("rows", batches, [
    { label: "in", values: batches.map(b => b.inputRowsPerSecond) },
    { label: "processed", values: batches.map(b => b.processedRowsPerSecond) }], false);
  plot("duration", batches, PHASES.map(phase =>
    ({ label: phase, values: batches.map(b => b.durationSeconds[phase] * 1000) })), true, " ms");
  plot("lag", batches, [{ label: "lag", values: batches.map(b => b.watermarkLagSeconds) }], false, " s");
  const operators = [...new Set(batches.flatMap(b => b.operators.map(o => o.name)))];
  for (const [name, field, unit] of [["state", "stateBytes", " B"], ["state-rows", "stateRows", ""]]) {
    plot(name, batches, operators.map(operator => ({ label: operator, values: batches.map(b =>
      (b.operators.find(o => o.name === operator) || { [field]: 0 })[field]) })), true, unit);
  }
  plot("late", batches, [
    { label: "late", values: batches.map(b => b.lateRows) },
    { label: "malformed", values: batches.map(b => b.malformedRows.dropped + b.malformedRows.kept) },
    { label: "dead letters", values: batches.map(b => b.deadLetterRows) }], false);
  // a query without a checkpoint has none: its plots stay at zero
  plot("checkpoint-size", batches, [{ label: "written", values: batches.map(b => b.checkpoint ? b.checkpoint.bytes : 0) }],
    false, " B");
  plot("checkpoint-time", batches, [{ label: "checkpoint", values: batches.map(b =>
    b.checkpoint ? b.checkpoint.seconds * 1000 : 0) }], false, " ms");
}

function renderBatches(q) {
  const body = document.querySelector("#batches tbody");
  body.replaceChildren();
  for (const b of q.recentBatches.slice().reverse().slice(0, 30)) {
    const row = body.insertRow();
    const d = b.durationSeconds;
    cell(row, b.batchId, "num");
    cell(row, new Date(b.start).toLocaleTimeString());
    cell(row, b.inputRows, "num");
    cell(row, b.outputRows, "num");
    cell(row, fixed(b.inputRowsPerSecond, 0), "num");
    cell(row, fixed(PHASES.reduce((sum, phase) => sum + d[phase], 0) * 1000, 1), "num");
    cell(row, b.watermark == null ? "" : new Date(b.watermark).toISOString().replace("T", " ").replace("Z", ""));
    cell(row, b.lateRows, "num");
    cell(row, b.operators.reduce((sum, o) => sum + o.stateRows, 0), "num");
    cell(row, b.checkpoint ? Plot.shortNumber(b.checkpoint.bytes) + "B" : "", "num");
    cell(row, Object.entries(b.endOffsets).map(([source, offset]) => source + ": " + offset).join(", "));
    const replay = cell(row, "");
    if (b.replay) { const code = document.createElement("code"); code.textContent = b.replay; replay.append(code); }
  }
}

async function refresh() {
  const status = document.getElementById("connection");
  try {
    const list = await getJson("api/queries");
    renderList(list.queries);
    const detail = document.getElementById("detail");
    if (selected == null) { detail.hidden = true; status.textContent = "updated " + new Date().toLocaleTimeString(); return; }
    const q = await getJson("api/queries/" + encodeURIComponent(selected));
    detail.hidden = false;
    document.getElementById("query-id").textContent = q.id;
    const badge = document.getElementById("query-status");
    badge.textContent = q.status;
    badge.className = "status status-" + q.status;
    document.getElementById("query-text").textContent = q.text;
    document.getElementById("plan").textContent = q.plan;
    renderPlots(q.recentBatches);
    renderBatches(q);
    status.textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    status.textContent = "cannot reach Sluice: " + e.message;
  }
}

refresh();
setInterval(refresh, POLL_MILLIS);
