// The grid's header (workbench/static/grid.js): the column widths in the space the grid has, and
// above each column its name (click to sort) and its filter box, with why a filter cannot be read.

import { el, option } from "./common.js";

const TEXT_MIN_PX = 300; // the text column narrows to this, no less, so the tag columns fit beside it
const FILTER_PAUSE_MS = 350; // a filter is sent this long after the last key typed in it
export const TICKED = "☑";
export const UNTICKED = "☐";

// Column widths in the space the grid has: the text column gives up room (down to TEXT_MIN_PX)
// so that every tag column is in sight beside it; pinned columns get their left offsets.
export function layout(columns, room) {
  const widths = columns.map((c) => c.width);
  const text = columns.findIndex((c) => c.kind === "text" && c.pinned);
  const lastTag = columns.map((c) => c.kind).lastIndexOf("tag");
  if (text >= 0 && lastTag > text) {
    const needed = widths.slice(0, lastTag + 1).reduce((sum, width) => sum + width, 0);
    widths[text] = Math.max(TEXT_MIN_PX, Math.min(widths[text], widths[text] - (needed - room)));
  }
  const lefts = [];
  widths.reduce((left, width, i) => ((lefts[i] = columns[i].pinned ? left : null), left + width), 0);
  const total = widths.reduce((sum, width) => sum + width, 0);
  return { template: widths.map((width) => `${width}px`).join(" "), lefts, total };
}

// A pinned cell stays at its left offset while the columns after it scroll sideways.
export function pin(node, left) {
  if (left === null) return;
  node.classList.add("wb-pinned");
  node.style.left = `${left}px`;
}

// The header: each column's name (click to sort) above its filter.
export function header(model, on, send, sizes) {
  const node = el("div", "wb-grid-header");
  const timers = new Map();
  on.later(() => timers.forEach((timer) => clearTimeout(timer)));
  const controls = new Map(); // column name -> its filter control
  const sorts = new Map(); // column name -> its sort button
  // Under the boxes, across every column: why a filter cannot be read (the kernel then shows no rows).
  const problems = el("div", "wb-status wb-error wb-grid-filter-errors");
  problems.style.gridColumn = "1 / -1";
  problems.style.whiteSpace = "pre-line";
  problems.setAttribute("role", "alert");
  const sendFilter = (name, value) => {
    clearTimeout(timers.get(name));
    timers.delete(name);
    send({ event: "filter", column: name, value }, { what: `the filter on ${name}` });
  };
  const nextSort = (name) => {
    if (model.get("sort_column") !== name) return { column: name, descending: false };
    return model.get("sort_descending") ? { column: "", descending: false } : { column: name, descending: true };
  };
  const draw = () => {
    const columns = model.get("columns");
    const { template, lefts } = sizes();
    node.style.gridTemplateColumns = template;
    controls.clear();
    sorts.clear();
    node.replaceChildren(...columns.map((c, col) => {
      const cell = el("div", `wb-grid-hcell wb-kind-${c.kind}`);
      cell.dataset.name = c.name;
      pin(cell, lefts[col]);
      if (c.color) cell.style.setProperty("--wb-color", c.color);
      const name = el("button", "wb-grid-sort", c.short);
      name.title = `${c.name}: sort by it (click again to reverse, a third time for corpus order)`;
      on.dom(name, "click", () => send({ event: "sort", ...nextSort(c.name) }, { what: `sorting by ${c.name}` }));
      sorts.set(c.name, name);
      let filter;
      if (c.kind === "tag") {
        filter = el("select", "wb-grid-filter");
        filter.append(option("", "any"), option("ticked", `${TICKED} ticked`), option("unticked", `${UNTICKED} unticked`));
        on.dom(filter, "change", () => sendFilter(c.name, filter.value));
      } else {
        filter = el("input", "wb-grid-filter");
        filter.type = "search";
        filter.placeholder = c.kind === "number" ? "> 5, 2-10" : "filter";
        on.dom(filter, "input", () => {
          clearTimeout(timers.get(c.name));
          timers.set(c.name, setTimeout(() => sendFilter(c.name, filter.value), FILTER_PAUSE_MS));
        });
        on.dom(filter, "keydown", (event) => event.key === "Enter" && sendFilter(c.name, filter.value));
      }
      filter.title = c.help; // the kernel states the filter language once, for every box
      filter.setAttribute("aria-label", `Filter ${c.name}`);
      controls.set(c.name, filter);
      cell.append(name, filter);
      return cell;
    }), problems);
    drawState();
  };
  const drawState = () => {
    const filters = model.get("filters");
    const errors = model.get("filter_errors");
    problems.textContent = Object.entries(errors).map(([name, message]) => `${name}: ${message}`).join("\n");
    problems.hidden = !problems.textContent;
    const sorted = model.get("sort_column");
    const short = new Map(model.get("columns").map((c) => [c.name, c.short]));
    sorts.forEach((button, name) => {
      button.textContent = name === sorted ? `${short.get(name)} ${model.get("sort_descending") ? "▼" : "▲"}` : short.get(name);
    });
    controls.forEach((control, name) => {
      if (document.activeElement !== control && !timers.has(name)) control.value = filters[name] || "";
      control.setAttribute("aria-invalid", String(name in errors));
      control.style.outline = name in errors ? "2px solid #b00020" : "";
    });
  };
  on.model("change:columns", draw);
  on.model("change:filters", drawState);
  node.redraw = draw; // the page calls it when the grid's width changes
  on.model("change:filter_errors", drawState);
  on.model("change:sort_column", drawState);
  on.model("change:sort_descending", drawState);
  draw();
  return node;
}
