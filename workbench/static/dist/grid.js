// Built by esbuild 0.28.2 from workbench/static/*.js with `make static`; do not edit.
// sources sha256: f5ea60665689233dd6e3edc8dda114fbf41cec337fe388770070d51a39fbb493

// workbench/static/common.js
var ANSWER_MS = 3e3;
var NOTE_PAUSE_MS = 400;
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== void 0) node.textContent = text;
  return node;
}
function button(label, title, onClick) {
  const node = el("button", "wb-button", label);
  node.title = title;
  node.addEventListener("click", onClick);
  return node;
}
function listeners(model) {
  const removers = [];
  return {
    model(name, callback) {
      model.on(name, callback);
      removers.push(() => model.off(name, callback));
    },
    dom(node, name, callback) {
      node.addEventListener(name, callback);
      removers.push(() => node.removeEventListener(name, callback));
    },
    later(callback) {
      removers.push(callback);
    },
    removeAll() {
      removers.splice(0).forEach((remove) => remove());
    }
  };
}
function channel(model, on, root, banner) {
  let last = 0;
  const waiting = /* @__PURE__ */ new Map();
  const show = (text) => {
    banner.textContent = text;
    banner.hidden = !text;
    root.classList.toggle("wb-offline", Boolean(text));
  };
  const silent = () => show("The kernel is not answering: keys are paused. If it stopped, restart the kernel and run this cell again.");
  on.model("msg:custom", (message) => {
    if (message.event !== "ack") return;
    clearTimeout(waiting.get(message.id));
    waiting.delete(message.id);
    if (!waiting.size) show("");
  });
  on.later(() => waiting.forEach((timer) => clearTimeout(timer)));
  const send = (message) => {
    const id = ++last;
    waiting.set(id, setTimeout(silent, ANSWER_MS));
    try {
      Promise.resolve(model.send({ ...message, id })).catch(silent);
    } catch {
      silent();
    }
    return id;
  };
  return { send, offline: () => root.classList.contains("wb-offline"), waiting };
}
function statusLine(model, on) {
  const node = el("div", "wb-status");
  const draw = () => {
    node.textContent = model.get("status");
    node.classList.toggle("wb-error", model.get("status_error"));
  };
  on.model("change:status", draw);
  on.model("change:status_error", draw);
  draw();
  return node;
}
function option(value, label) {
  const node = el("option", "", label);
  node.value = value;
  return node;
}

// workbench/static/grid.js
var ROW_PX = 26;
var VIEW_PX = 440;
var OVERSCAN = 40;
var MAX_SCROLL_PX = 8e6;
var FILTER_PAUSE_MS = 350;
var TICKED = "☑";
var UNTICKED = "☐";
var FOCUS_HINT = [
  "Click a row to use the keys.",
  "Keys: ↑ ↓ ← → move · Space ticks a tag or selects the row · Shift+↑↓ selects · Enter edits a note · Ctrl+A selects all · Esc clears · u undoes."
];
function gridTemplate(columns) {
  return columns.map((c) => `${c.width}px`).join(" ");
}
function header(model, on, send) {
  const node = el("div", "wb-grid-header");
  const timers = /* @__PURE__ */ new Map();
  on.later(() => timers.forEach((timer) => clearTimeout(timer)));
  const controls = /* @__PURE__ */ new Map();
  const sorts = /* @__PURE__ */ new Map();
  const problems = el("div", "wb-status wb-error wb-grid-filter-errors");
  problems.style.gridColumn = "1 / -1";
  problems.style.whiteSpace = "pre-line";
  problems.setAttribute("role", "alert");
  const sendFilter = (name, value) => {
    clearTimeout(timers.get(name));
    timers.delete(name);
    send({ event: "filter", column: name, value });
  };
  const nextSort = (name) => {
    if (model.get("sort_column") !== name) return { column: name, descending: false };
    return model.get("sort_descending") ? { column: "", descending: false } : { column: name, descending: true };
  };
  const draw = () => {
    const columns = model.get("columns");
    node.style.gridTemplateColumns = gridTemplate(columns);
    controls.clear();
    sorts.clear();
    node.replaceChildren(...columns.map((c) => {
      const cell = el("div", `wb-grid-hcell wb-kind-${c.kind}`);
      if (c.color) cell.style.setProperty("--wb-color", c.color);
      const name = el("button", "wb-grid-sort", c.name);
      name.title = `Sort by ${c.name} (click again to reverse, a third time for corpus order)`;
      on.dom(name, "click", () => send({ event: "sort", ...nextSort(c.name) }));
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
      filter.title = c.help;
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
    sorts.forEach((button2, name) => {
      button2.textContent = name === sorted ? `${name} ${model.get("sort_descending") ? "▼" : "▲"}` : name;
    });
    controls.forEach((control, name) => {
      if (document.activeElement !== control && !timers.has(name)) control.value = filters[name] || "";
      control.setAttribute("aria-invalid", String(name in errors));
      control.style.outline = name in errors ? "2px solid #b00020" : "";
    });
  };
  on.model("change:columns", draw);
  on.model("change:filters", drawState);
  on.model("change:filter_errors", drawState);
  on.model("change:sort_column", drawState);
  on.model("change:sort_descending", drawState);
  draw();
  return node;
}
function renderGrid({ model, el: root }) {
  const on = listeners(model);
  root.classList.add("wb-grid");
  const banner = el("div", "wb-banner");
  banner.hidden = true;
  banner.setAttribute("role", "alert");
  const { send, offline, waiting } = channel(model, on, root, banner);
  const picker = el("select", "wb-filter wb-grid-picker");
  picker.title = "The tag the buttons apply or remove";
  const fillPicker = () => picker.replaceChildren(...model.get("tags").map(([tag, label]) => option(tag, label)));
  on.model("change:tags", fillPicker);
  fillPicker();
  const counts = el("span", "wb-label wb-grid-counts");
  const drawCounts = () => {
    const shown = model.get("row_count");
    const total = model.get("total");
    const chosen = model.get("selected");
    counts.textContent = `${shown.toLocaleString()} of ${total.toLocaleString()} shown · ${chosen.toLocaleString()} selected`;
  };
  ["row_count", "total", "selected"].forEach((name) => on.model(`change:${name}`, drawCounts));
  drawCounts();
  const tools = el("div", "wb-nav wb-grid-tools");
  tools.append(
    el("span", "wb-label", "Tag"),
    picker,
    button("Apply tag to selected rows", "Add the tag to every selected row", () => send({ event: "apply", tag: picker.value })),
    button("Remove tag from selected rows", "Take the tag off every selected row", () => send({ event: "remove", tag: picker.value })),
    button("Undo last change", "Undo your last change, a bulk change as a whole (u)", () => send({ event: "undo" })),
    button("Select all shown", "Select every row the filters show (Ctrl+A)", () => send({ event: "select_all" })),
    button("Clear selection", "Select nothing (Esc)", () => send({ event: "clear_selection" })),
    counts
  );
  const question = el("span", "wb-grid-question");
  const confirmBar = el("div", "wb-nav wb-grid-confirm");
  const yes = button("Yes, change them", "Carry out the change", () => send({ event: "confirm" }));
  yes.classList.add("wb-warning");
  confirmBar.append(question, yes, button("Cancel", "Change nothing", () => send({ event: "cancel" })));
  const drawQuestion = () => {
    question.textContent = model.get("question");
    confirmBar.style.display = model.get("question") ? "" : "none";
  };
  on.model("change:question", drawQuestion);
  drawQuestion();
  const scroller = el("div", "wb-grid-scroll");
  scroller.tabIndex = 0;
  scroller.style.height = `${VIEW_PX}px`;
  const body = el("div", "wb-grid-body");
  const pane = el("div", "wb-grid-pane");
  body.append(pane);
  scroller.append(header(model, on, send), body);
  const hint = el("div", "wb-focus-hint");
  const drawFocus = () => {
    const focused = root.contains(document.activeElement);
    root.classList.toggle("wb-focused", focused);
    hint.textContent = FOCUS_HINT[focused ? 1 : 0];
  };
  on.dom(root, "focusin", drawFocus);
  on.dom(root, "focusout", () => setTimeout(drawFocus));
  let rows = { start: 0, revision: -1, cells: [], selected: [] };
  let asked = "";
  let cursor = { row: 0, col: 1 };
  let editing = null;
  let frame = 0;
  const columns = () => model.get("columns");
  const viewRows = () => Math.ceil(VIEW_PX / ROW_PX) + 1;
  const bodyPx = () => Math.min(model.get("row_count") * ROW_PX, MAX_SCROLL_PX);
  const headerPx = () => body.offsetTop;
  const firstRow = () => {
    const count = model.get("row_count");
    const top = Math.max(0, scroller.scrollTop);
    if (count * ROW_PX <= MAX_SCROLL_PX) return Math.min(Math.floor(top / ROW_PX), Math.max(0, count - 1));
    const room = Math.max(1, bodyPx() - (VIEW_PX - headerPx()));
    return Math.round(Math.min(top, room) / room * Math.max(0, count - viewRows()));
  };
  const paneTop = (first) => model.get("row_count") * ROW_PX <= MAX_SCROLL_PX ? first * ROW_PX : scroller.scrollTop;
  const ask = (first) => {
    const start = Math.max(0, first - OVERSCAN);
    const count = viewRows() + 2 * OVERSCAN;
    const key = `${start}:${count}:${model.get("revision")}`;
    if (key === asked) return;
    asked = key;
    send({ event: "window", start, count });
  };
  const covered = (first) => rows.revision === model.get("revision") && first >= rows.start && Math.min(first + viewRows(), model.get("row_count")) <= rows.start + rows.cells.length;
  const cellNode = (c, value, row, col) => {
    const node = el("div", `wb-cell wb-kind-${c.kind}`);
    node.dataset.row = row;
    node.dataset.col = col;
    if (c.kind === "tag") {
      node.setAttribute("role", "checkbox");
      node.setAttribute("aria-checked", String(Boolean(value)));
      node.setAttribute("aria-label", `${c.name}, row ${row + 1}`);
      node.textContent = value ? TICKED : UNTICKED;
      if (value) {
        node.style.background = c.color;
        node.style.color = c.ink;
        node.classList.add("wb-on");
      }
    } else {
      node.textContent = value === null || value === void 0 ? "" : String(value);
      if (c.kind !== "number" && node.textContent) node.title = node.textContent;
    }
    if (cursor.row === row && cursor.col === col) node.classList.add("wb-cursor");
    return node;
  };
  const draw = () => {
    frame = 0;
    const count = model.get("row_count");
    body.style.height = `${bodyPx()}px`;
    const template = gridTemplate(columns());
    const first = firstRow();
    if (!covered(first) && count) ask(first);
    pane.style.top = `${paneTop(first)}px`;
    const shown = [];
    for (let row = first; row < Math.min(first + viewRows(), count); row++) {
      const line = el("div", "wb-grid-row");
      line.style.gridTemplateColumns = template;
      const offset = row - rows.start;
      const cells = rows.revision >= 0 && offset >= 0 && offset < rows.cells.length ? rows.cells[offset] : null;
      if (cells) {
        line.classList.toggle("wb-selected", Boolean(rows.selected[offset]));
        line.append(...columns().map((c, col) => cellNode(c, cells[col], row, col)));
      } else {
        line.classList.add("wb-loading");
      }
      line.setAttribute("aria-rowindex", String(row + 1));
      shown.push(line);
    }
    pane.replaceChildren(...shown);
    if (editing) placeEditor();
  };
  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  on.later(() => cancelAnimationFrame(frame));
  on.model("msg:custom", (message) => {
    if (message.event !== "rows" || message.revision < model.get("revision")) return;
    rows = message;
    asked = "";
    draw();
  });
  on.model("change:revision", redraw);
  on.model("change:row_count", () => {
    cursor.row = Math.min(cursor.row, Math.max(0, model.get("row_count") - 1));
    redraw();
  });
  on.model("change:columns", redraw);
  on.dom(scroller, "scroll", redraw);
  const reveal = (row) => {
    const count = model.get("row_count");
    if (count * ROW_PX > MAX_SCROLL_PX) {
      const room = Math.max(1, bodyPx() - (VIEW_PX - headerPx()));
      scroller.scrollTop = row / Math.max(1, count - viewRows()) * room;
    } else {
      const top = row * ROW_PX;
      const inSight = VIEW_PX - headerPx() - ROW_PX;
      if (top < scroller.scrollTop) scroller.scrollTop = top;
      else if (top > scroller.scrollTop + inSight) scroller.scrollTop = top - inSight;
    }
    redraw();
  };
  const toggle = (row, col) => {
    const offset = row - rows.start;
    if (offset >= 0 && offset < rows.cells.length) rows.cells[offset][col] = !rows.cells[offset][col];
    draw();
    send({ event: "toggle", row, column: columns()[col].name });
  };
  const noteState = el("span", "wb-label wb-note-state");
  let noteTimer;
  let noteMessage;
  const saveNote = () => {
    clearTimeout(noteTimer);
    noteTimer = void 0;
    if (editing) noteMessage = send({ event: "note", row: editing.row, text: editing.input.value });
  };
  on.later(() => clearTimeout(noteTimer));
  on.model("msg:custom", (message) => {
    if (message.event === "ack" && message.id === noteMessage && noteTimer === void 0) noteState.textContent = "note saved";
  });
  const placeEditor = () => {
    const col = columns().findIndex((c) => c.kind === "note");
    const target = pane.querySelector(`.wb-cell[data-row="${editing.row}"][data-col="${col}"]`);
    if (!target) return;
    target.replaceChildren(editing.input);
    if (document.activeElement !== editing.input) editing.input.focus({ preventScroll: true });
  };
  const closeEditor = () => {
    if (!editing) return;
    if (noteTimer !== void 0) saveNote();
    editing = null;
    scroller.focus({ preventScroll: true });
    draw();
  };
  const editNote = (row, col) => {
    const offset = row - rows.start;
    const input = el("input", "wb-grid-note");
    input.value = offset >= 0 && offset < rows.cells.length ? rows.cells[offset][col] || "" : "";
    input.setAttribute("aria-label", `Note on row ${row + 1}`);
    input.addEventListener("input", () => {
      noteState.textContent = "note saving…";
      clearTimeout(noteTimer);
      noteTimer = setTimeout(saveNote, NOTE_PAUSE_MS);
    });
    input.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter" || event.key === "Escape") {
        event.preventDefault();
        closeEditor();
      }
    });
    input.addEventListener("blur", () => setTimeout(() => editing && editing.input === input && closeEditor()));
    editing = { row, input };
    placeEditor();
  };
  on.dom(pane, "click", (event) => {
    const cell = event.target.closest(".wb-cell");
    if (!cell || editing && cell.contains(editing.input)) return;
    const row = Number(cell.dataset.row);
    const col = Number(cell.dataset.col);
    cursor = { row, col };
    const kind = columns()[col].kind;
    if (kind === "tag") toggle(row, col);
    else if (kind === "note") editNote(row, col);
    else send({ event: "select", row, extend: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
    if (kind !== "note") scroller.focus({ preventScroll: true });
    draw();
  });
  on.dom(root, "keydown", (event) => {
    event.stopPropagation();
    if (["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(event.target.tagName)) return;
    if (offline() && waiting.size) return;
    const count = model.get("row_count");
    const last = columns().length - 1;
    const chord = event.ctrlKey || event.metaKey;
    const moves = {
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
      PageDown: [viewRows() - 2, 0],
      PageUp: [2 - viewRows(), 0]
    };
    let handled = true;
    if (moves[event.key] && count) {
      const [down, right] = moves[event.key];
      cursor = {
        row: Math.max(0, Math.min(count - 1, cursor.row + down)),
        col: Math.max(0, Math.min(last, cursor.col + right))
      };
      if (event.shiftKey && down) send({ event: "select", row: cursor.row, extend: true });
      reveal(cursor.row);
    } else if ((event.key === "Home" || event.key === "End") && count) {
      cursor.row = event.key === "Home" ? 0 : count - 1;
      reveal(cursor.row);
    } else if (event.key === " " && count) {
      if (columns()[cursor.col].kind === "tag") toggle(cursor.row, cursor.col);
      else send({ event: "select", row: cursor.row, toggle: true });
    } else if (event.key === "Enter" && count) {
      if (columns()[cursor.col].kind === "note") editNote(cursor.row, cursor.col);
      else send({ event: "select", row: cursor.row });
    } else if (chord && event.key.toLowerCase() === "a") {
      send({ event: "select_all" });
    } else if (chord && event.key.toLowerCase() === "z" || event.key === "u") {
      send({ event: "undo" });
    } else if (event.key === "Escape") {
      send({ event: "clear_selection" });
    } else {
      handled = false;
    }
    if (handled) event.preventDefault();
  });
  root.append(banner, tools, confirmBar, hint, scroller, noteState, statusLine(model, on));
  drawFocus();
  draw();
  return () => on.removeAll();
}
var grid_default = { render: renderGrid };
export {
  grid_default as default
};
