// Built by esbuild 0.28.2 from workbench/static/*.js with `make static`; do not edit.
// sources sha256: 89b18f70642afbf0f5452541ac360557a7165337395a1ff6d2cb123e35419ec4

// workbench/static/common.js
var ANSWER_MS = 3e3;
var PING_MS = 2e3;
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
var NOT_ANSWERING = "This view's kernel is not answering (busy, restarted or stopped): nothing you do here is stored until it answers. After a restart, run this cell again to get a working view.";
var CONNECTION_GONE = "This view lost its kernel connection: nothing you do here is stored. Run this cell again to get a working view.";
function channel(model, on, root, banner) {
  let last = 0;
  let gone = false;
  const waiting = /* @__PURE__ */ new Map();
  const answered = /* @__PURE__ */ new Set();
  const goneWatchers = /* @__PURE__ */ new Set();
  const text = el("span", "wb-banner-text");
  const refused = el("div", "wb-refused");
  banner.replaceChildren(text, refused);
  const show = (message) => {
    text.textContent = message;
    if (!message) refused.textContent = "";
    banner.hidden = !message;
    root.classList.toggle("wb-offline", Boolean(message));
  };
  const away = () => gone || root.classList.contains("wb-offline");
  const lose = (id) => {
    const entry = waiting.get(id);
    if (!entry || entry.lost) return;
    entry.lost = true;
    entry.onLost?.(id);
  };
  const silent = (id) => {
    if (!gone) show(NOT_ANSWERING);
    lose(id);
  };
  const disconnect = () => {
    if (gone) return;
    gone = true;
    show(CONNECTION_GONE);
    waiting.forEach((entry, id) => lose(id));
    goneWatchers.forEach((callback) => callback());
  };
  const failed = (id) => {
    clearTimeout(waiting.get(id)?.timer);
    lose(id);
    waiting.delete(id);
    disconnect();
  };
  on.model("msg:custom", (message) => {
    if (message.event !== "ack") return;
    clearTimeout(waiting.get(message.id)?.timer);
    waiting.delete(message.id);
    if (!waiting.size && !gone) show("");
    answered.forEach((callback) => callback(message.id));
  });
  on.later(() => waiting.forEach((entry) => clearTimeout(entry.timer)));
  const send = (message, { what = "what you did", onLost, always = false, quiet = false } = {}) => {
    if (gone || away() && !always) {
      if (!quiet) refused.textContent = `Not done, nothing stored: ${what}.`;
      return 0;
    }
    const id = ++last;
    waiting.set(id, { timer: setTimeout(() => silent(id), ANSWER_MS), onLost, lost: false });
    try {
      Promise.resolve(model.send({ ...message, id })).catch(() => failed(id));
    } catch {
      failed(id);
    }
    return id;
  };
  let ping = 0;
  const beat = setInterval(() => {
    if (gone || !root.isConnected || document.visibilityState !== "visible" || waiting.has(ping)) return;
    ping = send({ event: "ping" }, { always: true });
  }, PING_MS);
  on.later(() => clearInterval(beat));
  return {
    send,
    away,
    gone: () => gone,
    waiting: (id) => waiting.has(id),
    onAnswer: (callback) => answered.add(callback),
    onGone: (callback) => goneWatchers.add(callback)
  };
}
function noteKeeper(io, on, label, message) {
  let timer;
  let unsent = null;
  let id = 0;
  let lost = false;
  const say = () => {
    if (unsent === null) return;
    if (io.gone()) label.textContent = "not saved: this view lost its kernel. Copy your note from here and run the cell again";
    else if (lost) label.textContent = "not saved: the kernel is not answering. Your note stays here to copy, and is sent again if it answers";
    else label.textContent = "saving…";
    label.classList.toggle("wb-error", io.gone() || lost);
  };
  const flush = () => {
    clearTimeout(timer);
    timer = void 0;
    if (unsent === null) return;
    lost = false;
    id = io.send(message(unsent), { always: true, quiet: true, onLost: () => {
      lost = true;
      say();
    } });
    if (!id) lost = true;
    say();
  };
  io.onAnswer((answer) => {
    if (unsent === null || timer !== void 0) return;
    if (answer === id) {
      unsent = null;
      lost = false;
      label.textContent = "saved";
      label.classList.remove("wb-error");
    } else if (lost && (answer > id || !io.waiting(id))) {
      flush();
    }
  });
  io.onGone(say);
  on.later(() => clearTimeout(timer));
  return {
    typed(text) {
      unsent = text;
      lost = false;
      say();
      clearTimeout(timer);
      timer = setTimeout(flush, NOTE_PAUSE_MS);
    },
    flush,
    pending: () => unsent !== null,
    lostText: () => unsent !== null && (lost || io.gone()) ? unsent : null,
    reset() {
      label.textContent = "";
      label.classList.remove("wb-error");
    }
  };
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

// workbench/static/grid_header.js
var TEXT_MIN_PX = 300;
var FILTER_PAUSE_MS = 350;
var TICKED = "☑";
var UNTICKED = "☐";
function layout(columns, room) {
  const widths = columns.map((c) => c.width);
  const text = columns.findIndex((c) => c.kind === "text" && c.pinned);
  const lastTag = columns.map((c) => c.kind).lastIndexOf("tag");
  if (text >= 0 && lastTag > text) {
    const needed = widths.slice(0, lastTag + 1).reduce((sum, width) => sum + width, 0);
    widths[text] = Math.max(TEXT_MIN_PX, Math.min(widths[text], widths[text] - (needed - room)));
  }
  const lefts = [];
  widths.reduce((left, width, i) => (lefts[i] = columns[i].pinned ? left : null, left + width), 0);
  const total = widths.reduce((sum, width) => sum + width, 0);
  return { template: widths.map((width) => `${width}px`).join(" "), lefts, total };
}
function pin(node, left) {
  if (left === null) return;
  node.classList.add("wb-pinned");
  node.style.left = `${left}px`;
}
function header(model, on, send, sizes) {
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
    const short = new Map(model.get("columns").map((c) => [c.name, c.short]));
    sorts.forEach((button2, name) => {
      button2.textContent = name === sorted ? `${short.get(name)} ${model.get("sort_descending") ? "▼" : "▲"}` : short.get(name);
    });
    controls.forEach((control, name) => {
      if (document.activeElement !== control && !timers.has(name)) control.value = filters[name] || "";
      control.setAttribute("aria-invalid", String(name in errors));
      control.style.outline = name in errors ? "2px solid #b00020" : "";
    });
  };
  on.model("change:columns", draw);
  on.model("change:filters", drawState);
  node.redraw = draw;
  on.model("change:filter_errors", drawState);
  on.model("change:sort_column", drawState);
  on.model("change:sort_descending", drawState);
  draw();
  return node;
}

// workbench/static/grid.js
var ROW_PX = 26;
var VIEW_PX = 440;
var OVERSCAN = 40;
var MAX_SCROLL_PX = 8e6;
var FOCUS_HINT = [
  "Click a row to use the keys.",
  "Keys: ↑ ↓ ← → move · Space ticks a tag or selects the row · Shift+↑↓ selects · typing or Enter edits a note · Ctrl+A selects all · Esc clears · u undoes."
];
function renderGrid({ model, el: root }) {
  const on = listeners(model);
  root.classList.add("wb-grid");
  root.style.setProperty("--wb-row-px", `${ROW_PX}px`);
  const banner = el("div", "wb-banner");
  banner.hidden = true;
  banner.setAttribute("role", "alert");
  const io = channel(model, on, root, banner);
  const { send } = io;
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
    button("Apply tag to selected rows", "Add the tag to every selected row", () => send({ event: "apply", tag: picker.value }, { what: `applying ${picker.value}` })),
    button("Remove tag from selected rows", "Take the tag off every selected row", () => send({ event: "remove", tag: picker.value }, { what: `removing ${picker.value}` })),
    button("Undo last change", "Undo your last change, a bulk change as a whole (u)", () => send({ event: "undo" }, { what: "undo" })),
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
  let sizes = layout(model.get("columns"), VIEW_PX * 2);
  const measure = () => sizes = layout(model.get("columns"), scroller.clientWidth || root.clientWidth || 900);
  const head = header(model, on, send, () => measure());
  scroller.append(head, body);
  const resized = new ResizeObserver(() => {
    const before = sizes.template;
    if (measure().template !== before) {
      head.redraw();
      redraw();
    }
  });
  resized.observe(scroller);
  on.later(() => resized.disconnect());
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
  const viewPx = () => scroller.clientHeight || VIEW_PX;
  const viewRows = () => Math.ceil(viewPx() / ROW_PX) + 1;
  const bodyPx = () => Math.min(model.get("row_count") * ROW_PX, MAX_SCROLL_PX);
  const headerPx = () => Math.ceil(head.getBoundingClientRect().height);
  const firstRow = () => {
    const count = model.get("row_count");
    const top = Math.max(0, scroller.scrollTop);
    if (count * ROW_PX <= MAX_SCROLL_PX) return Math.min(Math.floor(top / ROW_PX), Math.max(0, count - 1));
    const room = Math.max(1, bodyPx() - (viewPx() - headerPx()));
    return Math.round(Math.min(top, room) / room * Math.max(0, count - viewRows()));
  };
  const paneTop = (first) => model.get("row_count") * ROW_PX <= MAX_SCROLL_PX ? first * ROW_PX : scroller.scrollTop;
  const ask = (first) => {
    const start = Math.max(0, first - OVERSCAN);
    const count = viewRows() + 2 * OVERSCAN;
    const key = `${start}:${count}:${model.get("revision")}`;
    if (key === asked) return;
    asked = key;
    if (!send({ event: "window", start, count }, { what: "showing other rows", always: true })) asked = "";
  };
  const covered = (first) => rows.revision === model.get("revision") && first >= rows.start && Math.min(first + viewRows(), model.get("row_count")) <= rows.start + rows.cells.length;
  const cellNode = (c, value, row, col) => {
    const node = el("div", `wb-cell wb-kind-${c.kind}`);
    node.dataset.row = row;
    node.dataset.col = col;
    pin(node, sizes.lefts[col]);
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
    body.style.width = `${sizes.total}px`;
    const template = sizes.template;
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
      const room = Math.max(1, bodyPx() - (viewPx() - headerPx()));
      scroller.scrollTop = row / Math.max(1, count - viewRows()) * room;
    } else {
      const top = row * ROW_PX;
      const inSight = viewPx() - headerPx() - ROW_PX;
      if (top < scroller.scrollTop) scroller.scrollTop = top;
      else if (top > scroller.scrollTop + inSight) scroller.scrollTop = top - inSight;
    }
    redraw();
  };
  const flip = (row, col) => {
    const offset = row - rows.start;
    if (offset >= 0 && offset < rows.cells.length) rows.cells[offset][col] = !rows.cells[offset][col];
    draw();
  };
  const toggle = (row, col) => {
    const name = columns()[col].name;
    const what = `the tick of ${name} in row ${row + 1}`;
    const revision = rows.revision;
    const sent = send({ event: "toggle", row, column: name }, { what, onLost: () => rows.revision === revision && flip(row, col) });
    if (sent) flip(row, col);
  };
  const noteState = el("span", "wb-label wb-note-state");
  noteState.setAttribute("role", "status");
  let noteRow = 0;
  const notes = noteKeeper(io, on, noteState, (text) => ({ event: "note", row: noteRow, text }));
  const unsaved = el("div", "wb-unsaved-note");
  const drawUnsaved = () => {
    const text = notes.lostText();
    unsaved.hidden = text === null;
    unsaved.textContent = text === null ? "" : `Your note on row ${noteRow + 1}, not stored: ${text}`;
  };
  io.onGone(drawUnsaved);
  on.model("msg:custom", (message) => message.event === "ack" && setTimeout(drawUnsaved));
  const placeEditor = () => {
    const col = columns().findIndex((c) => c.kind === "note");
    const target = pane.querySelector(`.wb-cell[data-row="${editing.row}"][data-col="${col}"]`);
    if (!target) return;
    target.replaceChildren(editing.input);
    if (document.activeElement !== editing.input) editing.input.focus({ preventScroll: true });
  };
  const closeEditor = () => {
    if (!editing) return;
    notes.flush();
    drawUnsaved();
    editing = null;
    scroller.focus({ preventScroll: true });
    draw();
  };
  const editNote = (row, col, typed = "") => {
    if (editing && editing.row === row) return;
    closeEditor();
    if (notes.pending() && row !== noteRow) notes.flush();
    const offset = row - rows.start;
    const input = el("input", "wb-grid-note");
    input.value = offset >= 0 && offset < rows.cells.length ? rows.cells[offset][col] || "" : "";
    input.setAttribute("aria-label", `Note on row ${row + 1}`);
    const changed = () => {
      if (offset >= 0 && offset < rows.cells.length) rows.cells[offset][col] = input.value;
      noteRow = row;
      notes.typed(input.value);
    };
    input.addEventListener("input", changed);
    input.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter" || event.key === "Escape") {
        event.preventDefault();
        closeEditor();
      }
    });
    input.addEventListener(
      "blur",
      () => setTimeout(() => editing && editing.input === input && document.activeElement !== input && closeEditor())
    );
    editing = { row, input };
    placeEditor();
    if (typed) {
      input.value += typed;
      changed();
    }
  };
  on.dom(pane, "click", (event) => {
    const cell = event.target.closest(".wb-cell");
    if (!cell || editing && cell.contains(editing.input)) return;
    const row = Number(cell.dataset.row);
    const col = Number(cell.dataset.col);
    cursor = { row, col };
    const kind = columns()[col].kind;
    if (kind === "tag") toggle(row, col);
    else if (kind !== "note") send({ event: "select", row, extend: event.shiftKey, toggle: event.ctrlKey || event.metaKey }, { what: `selecting row ${row + 1}` });
    if (kind !== "note") scroller.focus({ preventScroll: true });
    draw();
    if (kind === "note") editNote(row, col);
  });
  on.dom(root, "keydown", (event) => {
    event.stopPropagation();
    if (["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(event.target.tagName)) return;
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
    const typing = event.key.length === 1 && !chord && !event.altKey;
    if (typing && count && columns()[cursor.col].kind === "note") {
      editNote(cursor.row, cursor.col, event.key);
    } else if (moves[event.key] && count) {
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
      send({ event: "undo" }, { what: "undo" });
    } else if (event.key === "Escape") {
      send({ event: "clear_selection" });
    } else {
      handled = false;
    }
    if (handled) event.preventDefault();
  });
  unsaved.hidden = true;
  root.append(banner, tools, confirmBar, hint, scroller, noteState, unsaved, statusLine(model, on));
  drawFocus();
  draw();
  return () => on.removeAll();
}
var grid_default = { render: renderGrid };
export {
  grid_default as default
};
