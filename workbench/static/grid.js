// Front end of the sheet (workbench/widgets/_sheet.py): a virtualised grid. The kernel holds the
// table, sorts, filters and selects; this module draws only the rows in sight, asks for a window
// of rows as the analyst scrolls, and sends one message per click, key or filter typed. Text
// reaches the page as textContent only. render() returns a cleanup that removes every listener.

import { button, channel, el, listeners, noteKeeper, option, statusLine } from "./common.js";
import { TICKED, UNTICKED, header, layout, pin } from "./grid_header.js";

// The height of a row, border included: the one place it is set (CSS reads it as --wb-row-px).
const ROW_PX = 26;
const VIEW_PX = 440; // height of the scrolling area, a horizontal scroll bar included
const OVERSCAN = 40; // rows asked for above and below those in sight
const MAX_SCROLL_PX = 8000000; // browsers cap element heights: taller tables scroll proportionally
const FOCUS_HINT = [
  "Click a row to use the keys.",
  "Keys: ↑ ↓ ← → move · Space ticks a tag or selects the row · Shift+↑↓ selects · typing or Enter edits a note · Ctrl+A selects all · Esc clears · u undoes.",
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

  // Tools: the tag to apply, the bulk buttons, the counts.
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
    el("span", "wb-label", "Tag"), picker,
    button("Apply tag to selected rows", "Add the tag to every selected row", () => send({ event: "apply", tag: picker.value }, { what: `applying ${picker.value}` })),
    button("Remove tag from selected rows", "Take the tag off every selected row", () => send({ event: "remove", tag: picker.value }, { what: `removing ${picker.value}` })),
    button("Undo last change", "Undo your last change, a bulk change as a whole (u)", () => send({ event: "undo" }, { what: "undo" })),
    button("Select all shown", "Select every row the filters show (Ctrl+A)", () => send({ event: "select_all" })),
    button("Clear selection", "Select nothing (Esc)", () => send({ event: "clear_selection" })),
    counts,
  );
  const question = el("span", "wb-grid-question");
  const confirmBar = el("div", "wb-nav wb-grid-confirm");
  const yes = button("Yes, change them", "Carry out the change", () => send({ event: "confirm" }));
  yes.classList.add("wb-warning");
  confirmBar.append(question, yes, button("Cancel", "Change nothing", () => send({ event: "cancel" })));
  const drawQuestion = () => {
    question.textContent = model.get("question");
    confirmBar.style.display = model.get("question") ? "" : "none"; // .wb-nav's display would override hidden
  };
  on.model("change:question", drawQuestion);
  drawQuestion();

  // The grid: a scrolling area with a sticky header and a pane of the rows in sight.
  const scroller = el("div", "wb-grid-scroll");
  scroller.tabIndex = 0;
  scroller.style.height = `${VIEW_PX}px`;
  const body = el("div", "wb-grid-body");
  const pane = el("div", "wb-grid-pane");
  body.append(pane);
  let sizes = layout(model.get("columns"), VIEW_PX * 2);
  const measure = () => (sizes = layout(model.get("columns"), scroller.clientWidth || root.clientWidth || 900));
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

  let rows = { start: 0, revision: -1, cells: [], selected: [] }; // the last window the kernel sent
  let asked = ""; // the window asked for and not yet received
  let cursor = { row: 0, col: 1 };
  let editing = null; // the note being edited: { row, input }
  let frame = 0;

  const columns = () => model.get("columns");
  const viewPx = () => scroller.clientHeight || VIEW_PX; // without a horizontal scroll bar
  const viewRows = () => Math.ceil(viewPx() / ROW_PX) + 1;
  const bodyPx = () => Math.min(model.get("row_count") * ROW_PX, MAX_SCROLL_PX);
  const headerPx = () => Math.ceil(head.getBoundingClientRect().height); // whole pixels, never short of the header
  const firstRow = () => {
    const count = model.get("row_count");
    const top = Math.max(0, scroller.scrollTop);
    if (count * ROW_PX <= MAX_SCROLL_PX) return Math.min(Math.floor(top / ROW_PX), Math.max(0, count - 1));
    const room = Math.max(1, bodyPx() - (viewPx() - headerPx()));
    return Math.round((Math.min(top, room) / room) * Math.max(0, count - viewRows()));
  };
  const paneTop = (first) => (model.get("row_count") * ROW_PX <= MAX_SCROLL_PX ? first * ROW_PX : scroller.scrollTop);

  const ask = (first) => {
    const start = Math.max(0, first - OVERSCAN);
    const count = viewRows() + 2 * OVERSCAN;
    const key = `${start}:${count}:${model.get("revision")}`;
    if (key === asked) return;
    asked = key;
    if (!send({ event: "window", start, count }, { what: "showing other rows", always: true })) asked = "";
  };
  const covered = (first) =>
    rows.revision === model.get("revision") &&
    first >= rows.start &&
    Math.min(first + viewRows(), model.get("row_count")) <= rows.start + rows.cells.length;

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
      node.textContent = value === null || value === undefined ? "" : String(value);
      if (c.kind !== "number" && node.textContent) node.title = node.textContent;
    }
    if (cursor.row === row && cursor.col === col) node.classList.add("wb-cursor");
    return node;
  };

  const draw = () => {
    frame = 0;
    const count = model.get("row_count");
    body.style.height = `${bodyPx()}px`;
    body.style.width = `${sizes.total}px`; // rows as wide as their columns, so pinned cells stay in sight
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

  // Showing the cursor: scroll so its row is in sight.
  const reveal = (row) => {
    const count = model.get("row_count");
    if (count * ROW_PX > MAX_SCROLL_PX) {
      const room = Math.max(1, bodyPx() - (viewPx() - headerPx()));
      scroller.scrollTop = (row / Math.max(1, count - viewRows())) * room;
    } else {
      const top = row * ROW_PX;
      const inSight = viewPx() - headerPx() - ROW_PX;
      if (top < scroller.scrollTop) scroller.scrollTop = top;
      else if (top > scroller.scrollTop + inSight) scroller.scrollTop = top - inSight;
    }
    redraw();
  };

  // A tick box flips at once; the kernel's answer (a new revision) confirms it. While the kernel
  // is away the click is refused and named under the banner; a flip the kernel never acknowledged
  // is taken back, so no tick shows as stored when it may not be.
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

  // Notes are edited in place and saved as the analyst types; the page keeps a note the kernel
  // has not stored and shows it, to copy, when it cannot be saved.
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
  // Open the editor on a note cell; ``typed`` is a first character to add (typing in a selected cell).
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
    // Redraws move the editor to the new cell of its row; it closes only when focus really leaves it.
    input.addEventListener("blur", () =>
      setTimeout(() => editing && editing.input === input && document.activeElement !== input && closeEditor()),
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
    if (!cell || (editing && cell.contains(editing.input))) return;
    const row = Number(cell.dataset.row);
    const col = Number(cell.dataset.col);
    cursor = { row, col };
    const kind = columns()[col].kind;
    if (kind === "tag") toggle(row, col);
    else if (kind !== "note") send({ event: "select", row, extend: event.shiftKey, toggle: event.ctrlKey || event.metaKey }, { what: `selecting row ${row + 1}` });
    if (kind !== "note") scroller.focus({ preventScroll: true });
    draw();
    if (kind === "note") editNote(row, col); // after the redraw, which would otherwise take the editor away
  });

  // Keys never reach JupyterLab's command mode (which would turn the cell into Markdown on "m").
  on.dom(root, "keydown", (event) => {
    event.stopPropagation();
    if (["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(event.target.tagName)) return;
    const count = model.get("row_count");
    const last = columns().length - 1;
    const chord = event.ctrlKey || event.metaKey;
    const moves = {
      ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1],
      PageDown: [viewRows() - 2, 0], PageUp: [2 - viewRows(), 0],
    };
    let handled = true;
    const typing = event.key.length === 1 && !chord && !event.altKey;
    if (typing && count && columns()[cursor.col].kind === "note") {
      editNote(cursor.row, cursor.col, event.key); // as in a spreadsheet: typing in a note cell writes in it
    } else if (moves[event.key] && count) {
      const [down, right] = moves[event.key];
      cursor = {
        row: Math.max(0, Math.min(count - 1, cursor.row + down)),
        col: Math.max(0, Math.min(last, cursor.col + right)),
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
    } else if ((chord && event.key.toLowerCase() === "z") || event.key === "u") {
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

export default { render: renderGrid };
