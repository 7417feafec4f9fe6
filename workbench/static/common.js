// What the front end of every view uses: elements, listeners removed by one call, and the
// channel of acknowledged messages to the kernel with its banner for a kernel that stopped
// answering. views.js and grid.js import it; esbuild bundles each with it (dist/).

const ANSWER_MS = 3000; // a kernel that has not acknowledged a message by then is shown as not answering
export const NOTE_PAUSE_MS = 400; // a note is sent this long after the last key typed in it

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

// Messages to the kernel, each acknowledged; a banner says when the kernel stops answering.
export function channel(model, on, root, banner) {
  let last = 0;
  const waiting = new Map();
  const show = (text) => {
    banner.textContent = text;
    banner.hidden = !text;
    root.classList.toggle("wb-offline", Boolean(text));
  };
  const silent = () =>
    show("The kernel is not answering: keys are paused. If it stopped, restart the kernel and run this cell again.");
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
