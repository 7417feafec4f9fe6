// Review front end (after views.js): draws the traits the Python side computes and sends one
// message per click or key press. No review logic lives here (see workbench/widgets/_review.py).

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
  model.on("change:rows", drawRows);
  model.on("change:coders_here", drawTake);
  drawRows(); drawTake();
  drawShared(model, { card, position, progress, status });

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
