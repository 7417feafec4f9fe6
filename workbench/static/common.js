// What the front end of every view uses: elements, listeners removed by one call, and the
// channel of acknowledged messages to the kernel with its banner for a kernel that stopped
// answering. views.js and grid.js import it; esbuild bundles each with it (dist/).

const ANSWER_MS = 3000; // a kernel that has not acknowledged a message by then is shown as not answering
const PING_MS = 2000; // how often a view asks the kernel whether it still answers, so a restart shows at once
const NOTE_PAUSE_MS = 400; // a note is sent this long after the last key typed in it

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(label, title, onClick) {
  const node = el("button", "wb-button", label);
  node.title = title;
  node.addEventListener("click", onClick);
  return node;
}

// Listeners on the model and the DOM, all removed by one call (the cleanup render returns).
export function listeners(model) {
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
    },
  };
}

// Why the page stores nothing for now; the banner of every view says it.
const NOT_ANSWERING =
  "This view's kernel is not answering (busy, restarted or stopped): nothing you do here is stored until it " +
  "answers. After a restart, run this cell again to get a working view.";
const CONNECTION_GONE =
  "This view lost its kernel connection: nothing you do here is stored. Run this cell again to get a working view.";

// Messages to the kernel, each acknowledged. The view asks every PING_MS whether the kernel still
// answers (a restarted kernel no longer knows the view and never does); a banner says so when a
// message has no acknowledgement after ANSWER_MS, and that the connection is gone when a message
// cannot be sent at all. While the kernel is away, send() refuses what the analyst does and names
// it under the banner; a message already sent that is not acknowledged is reported to its onLost.
export function channel(model, on, root, banner) {
  let last = 0;
  let gone = false;
  const waiting = new Map(); // message id -> { timer, onLost }
  const answered = new Set(); // callbacks run on every acknowledgement, with its id
  const goneWatchers = new Set(); // callbacks run once the connection is gone
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
    waiting.delete(id); // never delivered: no acknowledgement can come
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
  // Send a message; return its id, or 0 when refused because the kernel is away (``what`` names it
  // under the banner unless ``quiet``). ``always`` sends it even to a kernel that is not answering.
  const send = (message, { what = "what you did", onLost, always = false, quiet = false } = {}) => {
    if (gone || (away() && !always)) {
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
    onGone: (callback) => goneWatchers.add(callback),
  };
}

// A note typed in the page: sent after a pause in typing, kept in the page until the kernel
// acknowledges it, sent again when the kernel answers after a silence, and never shown as saved
// before that. ``label`` says which; ``message(text)`` is the message that stores the text.
export function noteKeeper(io, on, label, message) {
  let timer; // set while the analyst is typing
  let unsent = null; // the text the kernel has not acknowledged
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
    timer = undefined;
    if (unsent === null) return;
    lost = false;
    // quiet: its own label says so (a line added under the banner as the box loses focus would move the click)
    id = io.send(message(unsent), { always: true, quiet: true, onLost: () => { lost = true; say(); } });
    if (!id) lost = true;
    say();
  };
  io.onAnswer((answer) => {
    if (unsent === null || timer !== undefined) return;
    if (answer === id) {
      unsent = null;
      lost = false;
      label.textContent = "saved";
      label.classList.remove("wb-error");
    } else if (lost && (answer > id || !io.waiting(id))) {
      flush(); // the kernel answers again, and answered later messages first: send what it never received
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
    lostText: () => (unsent !== null && (lost || io.gone()) ? unsent : null),
    reset() {
      label.textContent = "";
      label.classList.remove("wb-error");
    },
  };
}

// The status line of every view: the Python side's text, in red for an error.
export function statusLine(model, on) {
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

export function option(value, label) {
  const node = el("option", "", label);
  node.value = value;
  return node;
}

export function select(model, on, trait, placeholder, options) {
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
  on.model(`change:${trait}`, () => (node.value = model.get(trait)));
  return { node, fill };
}

export function checkbox(model, on, trait, label) {
  const wrap = el("label", "wb-check");
  const box = el("input");
  box.type = "checkbox";
  box.checked = model.get(trait);
  on.dom(box, "change", () => {
    model.set(trait, box.checked);
    model.save_changes();
  });
  on.model(`change:${trait}`, () => (box.checked = model.get(trait)));
  wrap.append(box, document.createTextNode(` ${label}`));
  return wrap;
}

// Redraws replace buttons; when the focused one goes, give the keys back to the view, not to the notebook.
export function keepingFocus(root, draw) {
  return () => {
    const inside = root.contains(document.activeElement);
    draw();
    if (inside && !root.contains(document.activeElement)) root.focus({ preventScroll: true });
  };
}

export function tagButton(label, title, tag, onClick) {
  const node = button(label, title, onClick);
  node.style.setProperty("--wb-color", tag.color);
  node.style.setProperty("--wb-text", tag.text_color);
  return node;
}
