// Card view front end (after views.js): draws the traits the Python side computes and sends one
// message per click or key press. No tagging logic lives here (see workbench/widgets/_card.py).

function option(value, label) {
  const node = el("option", "", label);
  node.value = value;
  return node;
}

function select(model, trait, placeholder, options) {
  const node = el("select", "wb-filter");
  node.title = placeholder;
  const fill = () => {
    node.replaceChildren(option("", placeholder), ...options().map(([value, label]) => option(value, label)));
    node.value = model.get(trait);
  };
  fill();
  node.addEventListener("change", () => {
    model.set(trait, node.value);
    model.save_changes();
  });
  model.on(`change:${trait}`, () => (node.value = model.get(trait)));
  return { node, fill };
}

function checkbox(model, trait, label) {
  const wrap = el("label", "wb-check");
  const box = el("input");
  box.type = "checkbox";
  box.checked = model.get(trait);
  box.addEventListener("change", () => {
    model.set(trait, box.checked);
    model.save_changes();
  });
  model.on(`change:${trait}`, () => (box.checked = model.get(trait)));
  wrap.append(box, document.createTextNode(` ${label}`));
  return wrap;
}

function render({ model, el: root }) {
  const send = (message) => model.send(message);
  root.classList.add("wb-tagger");
  root.tabIndex = 0;

  // Filters
  const article = select(model, "filter_article", "All articles", () => model.get("article_options"));
  const actor = select(model, "filter_actor", "All actors", () => model.get("actor_options").map((a) => [a, a]));
  const tag = select(model, "filter_tag", "Any tag", () => model.get("tag_states").map((t) => [t.name, t.name]));
  model.on("change:article_options", article.fill);
  model.on("change:actor_options", actor.fill);
  const search = el("input", "wb-search");
  search.type = "search";
  search.placeholder = "Search text";
  search.value = model.get("search");
  search.addEventListener("change", () => {
    model.set("search", search.value);
    model.save_changes();
  });
  model.on("change:search", () => (search.value = model.get("search")));
  const filters = el("div", "wb-filters");
  filters.append(
    article.node, actor.node, tag.node, search,
    checkbox(model, "claims_only", "claims"), checkbox(model, "hedged_only", "hedged"),
    checkbox(model, "untagged_only", "uncoded"),
  );

  // Card, tags, suggestions, note
  const card = el("div", "wb-card");
  const tags = el("div", "wb-tags");
  const suggested = el("div", "wb-suggested");
  const note = el("textarea", "wb-note");
  note.placeholder = "Note on this sentence";
  note.addEventListener("change", () => {
    model.set("note", note.value);
    model.save_changes();
  });

  // Navigation, progress and status
  const jump = el("input", "wb-jump");
  jump.type = "number";
  jump.min = 1;
  jump.title = "Go to sentence number";
  jump.addEventListener("change", () => send({ event: "go_to", target: Number(jump.value) }));
  const position = el("span", "wb-position");
  const nav = el("div", "wb-nav");
  nav.append(
    button("◀ Previous", "Previous sentence (← or k)", () => send({ event: "previous" })),
    button("Next ▶", "Next sentence (→ or j)", () => send({ event: "next" })),
    button("Next uncoded", "Next sentence not yet coded (n)", () => send({ event: "next_untagged" })),
    button("Undo", "Undo your last change (u or Ctrl+Z)", () => send({ event: "undo" })),
    jump, position,
  );
  const progress = el("div", "wb-progress");
  const status = el("div", "wb-status");

  const drawTags = () => {
    const states = model.get("tag_states");
    tags.replaceChildren(...states.map((t) => {
      const node = button(t.key ? `${t.key} · ${t.name}` : t.name, t.description, () => send({ event: "toggle", tag: t.name }));
      node.classList.add("wb-tag");
      node.classList.toggle("wb-on", t.on);
      node.style.setProperty("--wb-color", t.color);
      return node;
    }));
    const open = states.filter((t) => t.suggested);
    suggested.replaceChildren(
      ...(open.length ? [el("span", "wb-label", "Suggested:")] : []),
      ...open.map((t) => {
        const node = button(`+ ${t.name}`, `Confirm: ${t.description}`, () => send({ event: "toggle", tag: t.name }));
        node.classList.add("wb-suggestion");
        node.style.setProperty("--wb-color", t.color);
        return node;
      }),
    );
    tag.fill();
  };
  const drawNote = () => (note.value = model.get("note"));
  const drawJump = () => (jump.max = model.get("count"));
  model.on("change:tag_states", drawTags);
  model.on("change:note", drawNote);
  model.on("change:count", drawJump);
  drawTags(); drawNote(); drawJump();
  drawShared(model, { card, position, progress, status });

  // Keys never reach JupyterLab's command mode (which would turn the cell into Markdown on "m").
  root.addEventListener("keydown", (event) => {
    event.stopPropagation();
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
    if (typing || ["Shift", "Control", "Alt", "Meta", "Tab"].includes(event.key)) return;
    event.preventDefault();
    const chord = event.ctrlKey ? "Ctrl+" : event.metaKey ? "Meta+" : "";
    send({ event: "press", key: chord + event.key });
  });

  root.append(filters, card, tags, suggested, note, nav, progress, status);
  root.focus();
}

export default { render };
