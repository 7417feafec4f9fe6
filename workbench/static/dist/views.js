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
function select(model, on, trait, placeholder, options) {
  const node = el("select", "wb-filter");
  node.title = placeholder;
  const fill = () => {
    node.replaceChildren(option("", placeholder), ...options().map(([value, label]) => option(value, label)));
    node.value = model.get(trait);
  };
  fill();
  on.dom(node, "change", () => {
    model.set(trait, node.value);
    model.save_changes();
  });
  on.model(`change:${trait}`, () => node.value = model.get(trait));
  return { node, fill };
}
function checkbox(model, on, trait, label) {
  const wrap = el("label", "wb-check");
  const box = el("input");
  box.type = "checkbox";
  box.checked = model.get(trait);
  on.dom(box, "change", () => {
    model.set(trait, box.checked);
    model.save_changes();
  });
  on.model(`change:${trait}`, () => box.checked = model.get(trait));
  wrap.append(box, document.createTextNode(` ${label}`));
  return wrap;
}
function keepingFocus(root, draw) {
  return () => {
    const inside = root.contains(document.activeElement);
    draw();
    if (inside && !root.contains(document.activeElement)) root.focus({ preventScroll: true });
  };
}
function tagButton(label, title, tag, onClick) {
  const node = button(label, title, onClick);
  node.style.setProperty("--wb-color", tag.color);
  node.style.setProperty("--wb-text", tag.text_color);
  return node;
}

// workbench/static/views.js
var FOCUS_HINTS = {
  card: ["Click here to tag with keys.", "Keys go to this card (? lists them)."],
  review: ["Click here to move with the arrow keys.", "Arrow keys and j/k move between disagreements."]
};
function drawShared(model, on, { card, position, progress }) {
  const drawCard = () => card.innerHTML = model.get("card_html");
  const drawPosition = () => {
    const count = model.get("count");
    position.textContent = count ? `${(model.get("index") + 1).toLocaleString()} of ${count.toLocaleString()}` : "0 of 0";
  };
  const drawProgress = () => progress.textContent = model.get("progress");
  on.model("change:card_html", drawCard);
  on.model("change:index", drawPosition);
  on.model("change:count", drawPosition);
  on.model("change:progress", drawProgress);
  drawCard();
  drawPosition();
  drawProgress();
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
  search.title = model.get("search_help");
  search.setAttribute("aria-label", "Search text");
  search.value = model.get("search");
  on.dom(search, "change", () => {
    model.set("search", search.value);
    model.save_changes();
  });
  on.model("change:search", () => search.value = model.get("search"));
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
  const drawMine = () => mine.hidden = !model.get("has_assignment");
  on.model("change:has_assignment", drawMine);
  drawMine();
  const filters = el("div", "wb-filters");
  filters.append(
    article.node,
    actor.node,
    tag.node,
    search,
    checkbox(model, on, "claims_only", "claims"),
    checkbox(model, on, "hedged_only", "hedged"),
    checkbox(model, on, "untagged_only", "uncoded"),
    mine
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
  io.onGone(() => note.readOnly = true);
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
    jump,
    shared.position
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
      ...open.length ? [el("span", "wb-label", "Suggested:")] : [],
      ...open.map((t) => {
        const node = tagButton(`+ ${t.name}`, `Confirm: ${t.description}`, t, () => toggle(t));
        node.classList.add("wb-suggestion");
        return node;
      })
    );
    tag.fill();
  });
  const drawNote = () => {
    if (notes.pending()) return;
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
  drawTags();
  drawNote();
  drawJump();
  const corrections = correctionMenu(model, root, on, io, shared.card);
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
function offsetIn(sentence, node, offset) {
  const before = document.createRange();
  before.selectNodeContents(sentence);
  before.setEnd(node, offset);
  return before.toString().length;
}
var lists = 0;
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
  let submit = () => {
  };
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
      const go = () => open.active === index ? submit() : send({ event: "choose", item: index }, { what: item.label });
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
    shared.position
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
      ...coders.length ? [el("span", "wb-label", "Take all tags of:")] : [],
      ...coders.map((c) => button(c, `Settle every tag here as ${c} coded it`, () => send({ event: "take", coder: c })))
    );
  });
  on.model("change:rows", drawRows);
  on.model("change:coders_here", drawTake);
  drawRows();
  drawTake();
  on.dom(root, "keydown", (event) => {
    event.stopPropagation();
    if (["Tab", "Enter", " "].includes(event.key)) return;
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
    status: statusLine(model, on)
  };
  drawShared(model, on, shared);
  (model.get("view") === "review" ? renderReview : renderCard)(model, root, on, io, shared);
  drawFocus();
  return () => on.removeAll();
}
var views_default = { render };
export {
  views_default as default
};
