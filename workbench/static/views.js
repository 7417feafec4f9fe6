// Front end of the card view and the review view (workbench/widgets/_card.py, _review.py).
// It only draws the traits the Python side computes and sends one message per click, key press
// or pause in typing a note; no tagging logic lives here. render() returns a cleanup that
// removes every listener it added, as anywidget expects.

import {
  button, channel, checkbox, el, keepingFocus, listeners, noteKeeper, option, select, statusLine, tagButton,
} from "./common.js";

const FOCUS_HINTS = {
  card: ["Click here to tag with keys.", "Keys go to this card (? lists them)."],
  review: ["Click here to move with the arrow keys.", "Arrow keys and j/k move between disagreements."],
};

// The parts both views draw the same way: the escaped card, "n of N" and progress.
function drawShared(model, on, { card, position, progress }) {
  const drawCard = () => (card.innerHTML = model.get("card_html")); // escaped by the Python side
  const drawPosition = () => {
    const count = model.get("count");
    position.textContent = count ? `${(model.get("index") + 1).toLocaleString()} of ${count.toLocaleString()}` : "0 of 0";
  };
  const drawProgress = () => (progress.textContent = model.get("progress"));
  on.model("change:card_html", drawCard);
  on.model("change:index", drawPosition);
  on.model("change:count", drawPosition);
  on.model("change:progress", drawProgress);
  drawCard(); drawPosition(); drawProgress();
}

function renderCard(model, root, on, io, shared) {
  const { send } = io;
  const article = select(model, on, "filter_article", "All articles", () => model.get("article_options"));
  const actor = select(model, on, "filter_actor", "All actors", () => model.get("actor_options").map((a) => [a, a]));
  const tag = select(model, on, "filter_tag", "Any tag", () => model.get("tag_states").map((t) => [t.name, t.name]));
  on.model("change:article_options", article.fill);
  on.model("change:actor_options", actor.fill);
  const search = el("input", "wb-search");
  search.type = "search";
  search.placeholder = "Search text";
  search.title = model.get("search_help"); // the kernel states the query language once, for every box
  search.setAttribute("aria-label", "Search text");
  search.value = model.get("search");
  on.dom(search, "change", () => {
    model.set("search", search.value);
    model.save_changes();
  });
  on.model("change:search", () => (search.value = model.get("search")));
  // Under the box: why the search cannot be read (the kernel then shows no sentence).
  const searchError = el("div", "wb-status wb-error wb-search-error");
  searchError.setAttribute("role", "alert");
  const drawSearchError = () => {
    searchError.textContent = model.get("search_error");
    searchError.hidden = !searchError.textContent;
    search.setAttribute("aria-invalid", String(Boolean(searchError.textContent)));
    search.style.outline = searchError.textContent ? "2px solid #b00020" : "";
  };
  on.model("change:search_error", drawSearchError);
  drawSearchError();
  const mine = checkbox(model, on, "assigned_only", "My assignment");
  mine.title = "Only the sentences assigned to you";
  const drawMine = () => (mine.hidden = !model.get("has_assignment"));
  on.model("change:has_assignment", drawMine);
  drawMine();
  const filters = el("div", "wb-filters");
  filters.append(
    article.node, actor.node, tag.node, search,
    checkbox(model, on, "claims_only", "claims"), checkbox(model, on, "hedged_only", "hedged"),
    checkbox(model, on, "untagged_only", "uncoded"), mine,
  );

  const tags = el("div", "wb-tags");
  const suggested = el("div", "wb-suggested");
  const note = el("textarea", "wb-note");
  note.placeholder = "Note on this sentence (saved as you type)";
  note.setAttribute("aria-label", "Note on this sentence");
  const noteState = el("span", "wb-label wb-note-state");
  noteState.setAttribute("role", "status");
  const notes = noteKeeper(io, on, noteState, (text) => ({ event: "note", text }));
  on.dom(note, "input", () => notes.typed(note.value));
  on.dom(note, "blur", notes.flush);
  // With the connection gone, the box keeps the unsaved text to copy, and takes no more.
  io.onGone(() => (note.readOnly = true));
  const toggle = (t) => send({ event: "toggle", tag: t.name }, { what: `the tag ${t.name}` });

  const jump = el("input", "wb-jump");
  jump.type = "number";
  jump.min = 1;
  jump.placeholder = "Go to";
  jump.title = "Go to sentence number";
  on.dom(jump, "change", () => jump.value && send({ event: "go_to", target: Number(jump.value) }));
  const nav = el("div", "wb-nav");
  nav.append(
    button("◀ Previous", "Previous sentence (← or k)", () => send({ event: "previous" }, { what: "moving to the previous sentence" })),
    button("Next ▶", "Next sentence (→ or j)", () => send({ event: "next" }, { what: "moving to the next sentence" })),
    button("Next uncoded", "Next sentence not yet coded (n)", () => send({ event: "next_untagged" }, { what: "moving to the next uncoded sentence" })),
    button("Undo", "Undo your last change (u or Ctrl+Z)", () => send({ event: "undo" }, { what: "undo" })),
    jump, shared.position,
  );

  const drawTags = keepingFocus(root, () => {
    const states = model.get("tag_states");
    tags.replaceChildren(...states.map((t) => {
      const node = tagButton(t.key ? `${t.key} · ${t.name}` : t.name, t.description, t, () => toggle(t));
      node.classList.add("wb-tag");
      node.classList.toggle("wb-on", t.on);
      return node;
    }));
    const open = states.filter((t) => t.suggested);
    suggested.replaceChildren(
      ...(open.length ? [el("span", "wb-label", "Suggested:")] : []),
      ...open.map((t) => {
        const node = tagButton(`+ ${t.name}`, `Confirm: ${t.description}`, t, () => toggle(t));
        node.classList.add("wb-suggestion");
        return node;
      }),
    );
    tag.fill();
  });
  const drawNote = () => {
    if (notes.pending()) return; // never overwrite what the analyst typed and the kernel has not stored
    note.value = model.get("note");
    notes.reset();
  };
  const drawJump = () => {
    jump.max = model.get("count");
    jump.value = "";
  };
  on.model("change:tag_states", drawTags);
  on.model("change:note", drawNote);
  on.model("change:count", drawJump);
  on.model("change:index", drawJump);
  drawTags(); drawNote(); drawJump();

  const corrections = correctionMenu(model, root, on, io, shared.card);

  // Keys never reach JupyterLab's command mode (which would turn the cell into Markdown on "m").
  on.dom(root, "keydown", (event) => {
    event.stopPropagation();
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
    if (typing || ["Shift", "Control", "Alt", "Meta", "Tab"].includes(event.key)) return;
    event.preventDefault();
    const chord = event.ctrlKey ? "Ctrl+" : event.metaKey ? "Meta+" : "";
    send({ event: "press", key: chord + event.key }, { what: `the key ${chord}${event.key}` });
  });

  const noteRow = el("div", "wb-note-row");
  noteRow.append(note, noteState);
  root.append(filters, searchError, shared.card, corrections, tags, suggested, noteRow, nav, shared.progress, shared.status);
}

// Where a DOM position falls in the sentence's text: the card's sentence is its text, escaped,
// so the characters before the position are the offset the kernel reads in the sentence.
function offsetIn(sentence, node, offset) {
  const before = document.createRange();
  before.selectNodeContents(sentence);
  before.setEnd(node, offset);
  return before.toString().length;
}

let lists = 0; // each card's list of actor names needs an id of its own on the page

// Corrections on the card: a click on a highlight or words selected in the sentence are sent as
// offsets; the kernel answers with the menu (model "menu"), drawn here as numbered buttons, and
// with the fields an item asks for (a name offered from the actors table, a type).
function correctionMenu(model, root, on, { send }, card) {
  on.dom(card, "mouseup", (event) => {
    const sentence = event.target.closest?.(".wb-sentence");
    if (!sentence) return;
    const picked = window.getSelection();
    if (picked && !picked.isCollapsed && picked.rangeCount) {
      const range = picked.getRangeAt(0);
      if (!sentence.contains(range.startContainer) || !sentence.contains(range.endContainer)) return;
      const start = offsetIn(sentence, range.startContainer, range.startOffset);
      const end = offsetIn(sentence, range.endContainer, range.endOffset);
      send({ event: "select", start, end }, { what: "the words selected" });
      return;
    }
    const mark = event.target.closest(".wb-mention, .wb-source, .wb-cue");
    if (mark && sentence.contains(mark)) {
      send({ event: "pick", offset: offsetIn(sentence, mark, 0) }, { what: "the correction menu" });
    }
  });

  const names = el("datalist");
  names.id = `wb-actors-${++lists}`;
  const fillNames = () => names.replaceChildren(...model.get("actor_options").map((a) => option(a, a)));
  on.model("change:actor_options", fillNames);
  fillNames();

  const menu = el("div", "wb-menu");
  menu.setAttribute("role", "menu");
  let submit = () => {};
  const draw = keepingFocus(root, () => {
    const open = model.get("menu");
    menu.hidden = !open.title;
    if (menu.hidden) {
      menu.replaceChildren(names);
      return;
    }
    let first = null;
    const items = open.items.map((item, index) => {
      const row = el("div", "wb-menu-item");
      const go = () => (open.active === index ? submit() : send({ event: "choose", item: index }, { what: item.label }));
      row.append(button(`${index + 1} · ${item.label}`, `${item.label} (key ${index + 1})`, go));
      if (open.active !== index) return row;
      const inputs = item.fields.map((field) => {
        const input = field.choices.length ? el("select", "wb-filter") : el("input", "wb-menu-input");
        field.choices.forEach((choice) => input.append(option(choice, choice)));
        if (field.actors) input.setAttribute("list", names.id);
        input.value = field.value;
        input.setAttribute("aria-label", field.label);
        input.title = field.label;
        const label = el("label", "wb-label", `${field.label} `);
        label.append(input);
        row.append(label);
        first = first || input;
        return [field.name, input];
      });
      submit = () => {
        const values = Object.fromEntries(inputs.map(([name, input]) => [name, input.value]));
        send({ event: "choose", item: index, values }, { what: item.label });
      };
      row.append(button("OK", `${item.label} (Enter)`, submit));
      return row;
    });
    const close = button("Esc · close", "Close this menu (Esc)", () => send({ event: "close_menu" }));
    menu.replaceChildren(el("div", "wb-menu-title", open.title), ...items, close, names);
    first?.focus({ preventScroll: true });
  });
  // In a field of the menu, Enter runs its item and Esc closes the menu (other keys type).
  on.dom(menu, "keydown", (event) => {
    if (!["INPUT", "SELECT"].includes(event.target.tagName)) return;
    if (event.key === "Enter") submit();
    else if (event.key === "Escape") send({ event: "close_menu" });
  });
  on.model("change:menu", draw);
  draw();
  return menu;
}

function renderReview(model, root, on, { send }, shared) {
  root.classList.add("wb-review");
  const rows = el("div", "wb-review-rows");
  const take = el("div", "wb-nav");
  const nav = el("div", "wb-nav");
  nav.append(
    button("◀ Previous", "Previous sentence (← or k)", () => send({ event: "previous" }, { what: "moving to the previous sentence" })),
    button("Next ▶", "Next sentence (→ or j)", () => send({ event: "next" }, { what: "moving to the next sentence" })),
    shared.position,
  );
  const drawRows = keepingFocus(root, () => {
    rows.replaceChildren(...model.get("rows").map((r) => {
      const row = el("div", "wb-review-row");
      const name = el("span", "wb-tag wb-review-tag", r.tag);
      name.style.setProperty("--wb-color", r.color);
      name.title = r.description;
      const keep = button("Accept", `Keep ${r.tag} on this sentence`, () => send({ event: "settle", tag: r.tag, keep: true }));
      const drop = button("Reject", `Leave ${r.tag} off this sentence`, () => send({ event: "settle", tag: r.tag, keep: false }));
      keep.classList.toggle("wb-on", r.decision === "accepted");
      drop.classList.toggle("wb-on", r.decision === "rejected");
      row.append(name, el("span", "wb-label", `yes: ${r.yes || "—"} · no: ${r.no || "—"}`), keep, drop);
      return row;
    }));
  });
  const drawTake = keepingFocus(root, () => {
    const coders = model.get("coders_here");
    take.replaceChildren(
      ...(coders.length ? [el("span", "wb-label", "Take all tags of:")] : []),
      ...coders.map((c) => button(c, `Settle every tag here as ${c} coded it`, () => send({ event: "take", coder: c }))),
    );
  });
  on.model("change:rows", drawRows);
  on.model("change:coders_here", drawTake);
  drawRows(); drawTake();

  on.dom(root, "keydown", (event) => {
    event.stopPropagation();
    if (["Tab", "Enter", " "].includes(event.key)) return; // focus moves and button presses
    event.preventDefault();
    if (["ArrowRight", "ArrowDown", "j"].includes(event.key)) send({ event: "next" });
    else if (["ArrowLeft", "ArrowUp", "k"].includes(event.key)) send({ event: "previous" });
  });
  root.append(shared.card, rows, take, nav, shared.progress, shared.status);
}

function render({ model, el: root }) {
  const on = listeners(model);
  root.classList.add("wb-tagger");
  root.tabIndex = 0;
  const banner = el("div", "wb-banner");
  banner.hidden = true;
  banner.setAttribute("role", "alert");
  const focusHint = el("div", "wb-focus-hint");
  const drawFocus = () => {
    const focused = root.contains(document.activeElement);
    root.classList.toggle("wb-focused", focused);
    focusHint.textContent = FOCUS_HINTS[model.get("view")][focused ? 1 : 0];
  };
  on.dom(root, "focusin", drawFocus);
  on.dom(root, "focusout", () => setTimeout(drawFocus));
  root.append(banner, focusHint);
  const io = channel(model, on, root, banner);
  const shared = {
    card: el("div", "wb-card"),
    position: el("span", "wb-position"),
    progress: el("div", "wb-progress"),
    status: statusLine(model, on),
  };
  drawShared(model, on, shared);
  (model.get("view") === "review" ? renderReview : renderCard)(model, root, on, io, shared);
  drawFocus();
  return () => on.removeAll();
}

export default { render };
