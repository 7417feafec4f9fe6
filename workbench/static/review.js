// Review front end: draws the traits the Python side computes and sends one message per click
// or key press. No review logic lives here (see workbench/widgets/_review.py).

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label, title, onClick) {
  const node = el("button", "wb-button", label);
  node.title = title;
  node.addEventListener("click", onClick);
  return node;
}

function render({ model, el: root }) {
  const send = (message) => model.send(message);
  root.classList.add("wb-tagger", "wb-review");
  root.tabIndex = 0;

  const card = el("div", "wb-card");
  const rows = el("div", "wb-review-rows");
  const take = el("div", "wb-nav");
  const nav = el("div", "wb-nav");
  const position = el("span", "wb-position");
  nav.append(
    button("◀ Previous", "Previous sentence (← or k)", () => send({ event: "previous" })),
    button("Next ▶", "Next sentence (→ or j)", () => send({ event: "next" })),
    position,
  );
  const progress = el("div", "wb-progress");
  const status = el("div", "wb-status");

  const drawRows = () => {
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
  };
  const drawTake = () => {
    const coders = model.get("coders_here");
    take.replaceChildren(
      ...(coders.length ? [el("span", "wb-label", "Take all tags of:")] : []),
      ...coders.map((c) => button(c, `Settle every tag here as ${c} coded it`, () => send({ event: "take", coder: c }))),
    );
  };
  const drawCard = () => (card.innerHTML = model.get("card_html")); // escaped by the Python side
  const drawPosition = () => {
    const count = model.get("count");
    position.textContent = count ? `${model.get("index") + 1} of ${count.toLocaleString()}` : "0 of 0";
  };
  const drawStatus = () => {
    status.textContent = model.get("status");
    status.classList.toggle("wb-error", model.get("status_error"));
  };
  const drawProgress = () => (progress.textContent = model.get("progress"));
  model.on("change:rows", drawRows);
  model.on("change:coders_here", drawTake);
  model.on("change:card_html", drawCard);
  model.on("change:index", drawPosition);
  model.on("change:count", drawPosition);
  model.on("change:status", drawStatus);
  model.on("change:status_error", drawStatus);
  model.on("change:progress", drawProgress);
  drawRows(); drawTake(); drawCard(); drawPosition(); drawStatus(); drawProgress();

  // Keys never reach JupyterLab's command mode; arrows and j/k move.
  root.addEventListener("keydown", (event) => {
    event.stopPropagation();
    if (["Tab", "Enter", " "].includes(event.key)) return; // focus moves and button presses
    event.preventDefault();
    if (["ArrowRight", "ArrowDown", "j"].includes(event.key)) send({ event: "next" });
    else if (["ArrowLeft", "ArrowUp", "k"].includes(event.key)) send({ event: "previous" });
  });

  root.append(card, rows, take, nav, progress, status);
}

export default { render };
