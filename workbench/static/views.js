// Shared by the card view and the review view: DOM helpers and the parts both draw the same way
// from their traits (the escaped card, "n of N", progress and the status line).

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

function drawShared(model, { card, position, progress, status }) {
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
  model.on("change:card_html", drawCard);
  model.on("change:index", drawPosition);
  model.on("change:count", drawPosition);
  model.on("change:status", drawStatus);
  model.on("change:status_error", drawStatus);
  model.on("change:progress", drawProgress);
  drawCard(); drawPosition(); drawStatus(); drawProgress();
}
