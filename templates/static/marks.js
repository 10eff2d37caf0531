// Source pages: a tap, click or Enter on a highlighted passage opens a panel, fixed inside
// the viewport, naming the claims that quote it with their ratings and links to them. The
// panel copies the entries of the page's own list of citing claims (the mark's
// aria-describedby names them), so it says nothing the page does not. Without this script
// the numbered link after each passage and the list at the end still lead to the claims.
// Escape, the Close button or a tap elsewhere closes it.
(() => {
  const marks = document.querySelectorAll("mark.passage");
  if (!marks.length) return;
  const words = document.getElementById("article-text").dataset; // in the page's language (source.html)
  const panel = document.createElement("div");
  panel.className = "mark-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", words.panelLabel);
  panel.hidden = true;
  const heading = document.createElement("p");
  heading.className = "mark-panel-title";
  heading.textContent = words.panelTitle;
  const list = document.createElement("ul");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "mark-panel-close";
  close.textContent = words.close;
  panel.append(heading, list, close);
  document.body.append(panel);
  let opener = null;

  function entry(id) {
    const link = document.getElementById(id);
    if (!link) return null;
    const item = document.createElement("li");
    const copy = link.cloneNode(true);
    copy.removeAttribute("id");
    item.append(copy);
    const badge = link.parentElement.querySelector(".rating");
    if (badge) item.append(" ", badge.cloneNode(true));
    return item;
  }

  function open(mark) {
    const ids = (mark.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    list.replaceChildren(...ids.map(entry).filter(Boolean));
    opener = mark;
    panel.hidden = false;
    document.documentElement.classList.add("mark-panel-open");
    const first = list.querySelector("a");
    (first || close).focus({ preventScroll: true });
  }

  function shut(refocus) {
    if (panel.hidden) return;
    panel.hidden = true;
    document.documentElement.classList.remove("mark-panel-open");
    if (refocus && opener) opener.focus({ preventScroll: true });
    opener = null;
  }

  for (const mark of marks) {
    mark.addEventListener("click", (event) => { event.stopPropagation(); open(mark); });
    mark.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); open(mark); }
    });
  }
  close.addEventListener("click", () => shut(true));

  // Margin notes stand level with their passage; when two passages share a line, the
  // later note moves down just below the earlier one instead of covering it.
  function unstack() {
    let below = -Infinity;
    for (const note of document.querySelectorAll(".side")) {
      note.style.marginTop = "";
      const box = note.getBoundingClientRect();
      if (!box.height) continue;
      const shift = Math.max(0, below + 2 - box.top);
      if (shift) note.style.marginTop = `calc(.2rem + ${shift}px)`;
      below = box.bottom + shift;
    }
  }
  unstack();
  addEventListener("resize", unstack);
  panel.addEventListener("click", (event) => event.stopPropagation());
  document.addEventListener("click", () => shut(false));
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") shut(true); });
})();
