// Quote by selecting, in `serve` only (sidelight/preview/quoting.py serves this file and
// adds it to source pages as they are served; no built page links it). Select words of the
// article with the mouse, or with Shift and the arrow keys (the panel opens when Shift is
// released): a panel shows the passage ready to paste as YAML, made by the build's own
// anchoring code, and can add it to a claim's coverage of this article. Below the article,
// the claims it appears to repeat, each with its passage. Escape or Close closes the panel.
(() => {
  "use strict";
  const meta = document.querySelector('meta[name="sidelight-quote-token"]');
  const token = meta && meta.content;
  const source = meta && meta.dataset.source;
  const article = document.getElementById("article-text");
  if (!token || !article || !source) return;
  const BASE = "/_sidelight/quote/";
  // What the page adds among the article's words: margin notes, citation numbers, anchors, cuts.
  const ADDED = "sup.cite, span.side, span.anchor, span.cut";

  async function ask(action, body) {
    const response = await fetch(BASE + action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Sidelight-Token": token },
      body: JSON.stringify({ source, ...body }),
      credentials: "same-origin",
    });
    const reply = await response.json().catch(() => ({ error: `the preview answered ${response.status}` }));
    if (!response.ok) throw new Error(reply.error || `the preview answered ${response.status}`);
    return reply;
  }

  function make(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  // ---- where a selection is, as the server can find it in the source's text ----
  const paragraphs = () => Array.from(article.querySelectorAll(".para > p"));

  function shownText(fragmentOrNode) {
    const copy = fragmentOrNode.cloneNode(true);
    copy.querySelectorAll(ADDED).forEach((n) => n.remove());
    return copy.textContent;
  }

  function end(node, offset) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const p = element && element.closest("#article-text .para > p");
    if (!p || (element.closest(ADDED) && p.contains(element.closest(ADDED)))) return null;
    const before = document.createRange();
    before.setStart(p, 0);
    before.setEnd(node, offset);
    return { paragraph: shownText(p), index: paragraphs().indexOf(p), offset: shownText(before.cloneContents()).length };
  }

  // ---- the panel ----
  const panel = make("div", { className: "quote-panel", hidden: true });
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "quote-panel-title");
  const title = make("p", { className: "quote-panel-title", id: "quote-panel-title", tabIndex: -1 }, "Quote these words");
  const yaml = make("textarea", { className: "quote-yaml", readOnly: true, rows: 3, spellcheck: false });
  yaml.setAttribute("aria-label", "The passage as YAML, ready to paste");
  const copyButton = make("button", { type: "button" }, "Copy");
  const claimSelect = make("select", { id: "quote-claim" });
  const fidelitySelect = make("select", { id: "quote-fidelity" });
  const stanceSelect = make("select", { id: "quote-stance" });
  const ratingFields = make(
    "div",
    { className: "quote-rating" },
    make("label", { htmlFor: "quote-fidelity" }, "Fidelity"), fidelitySelect,
    make("label", { htmlFor: "quote-stance" }, "Stance"), stanceSelect,
  );
  const addButton = make("button", { type: "button", className: "quote-add" }, "Add to claim");
  const closeButton = make("button", { type: "button", className: "quote-close" }, "Close");
  const status = make("p", { className: "quote-status" });
  status.setAttribute("role", "status");
  panel.append(
    title,
    yaml,
    make("div", { className: "quote-row" }, copyButton),
    make("label", { htmlFor: "quote-claim" }, "Add to the coverage of this article in"),
    claimSelect,
    ratingFields,
    make("div", { className: "quote-row" }, addButton, closeButton),
    status,
  );
  document.body.append(panel);
  let current = null; // { passage, claims }
  let opener = null;

  function fill(select, items, label, none) {
    select.replaceChildren(
      ...(none ? [make("option", { value: "" }, none)] : []),
      ...items.map((item) => make("option", { value: item.id }, label(item))),
    );
  }

  function showRating() {
    const claim = current && current.claims.find((c) => c.id === claimSelect.value);
    ratingFields.hidden = !claim || claim.cites;
  }

  function open(reply, claim) {
    current = { passage: reply.passage, claims: reply.claims };
    yaml.value = reply.yaml;
    yaml.rows = Math.min(6, reply.yaml.split("\n").length);
    fill(claimSelect, reply.claims, (c) => `${c.cites ? "✓ " : ""}${c.claim || c.id}`, "— choose a claim —");
    fill(fidelitySelect, reply.fidelities, (t) => t.label, "leave for later (TODO in the file)");
    fill(stanceSelect, reply.stances, (t) => t.label, "leave for later (TODO in the file)");
    if (claim) claimSelect.value = claim;
    showRating();
    status.textContent = "";
    opener = document.activeElement;
    panel.hidden = false;
    title.focus({ preventScroll: true });
  }

  function shut() {
    if (panel.hidden) return;
    panel.hidden = true;
    if (opener && opener.focus) opener.focus({ preventScroll: true });
  }

  async function quoteSelection() {
    const selection = getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (!article.contains(range.commonAncestorContainer) && !range.intersectsNode(article)) return;
    const start = end(range.startContainer, range.startOffset);
    const stop = end(range.endContainer, range.endOffset);
    if (!start || !stop) return;
    try {
      open(await ask("passage", { start, end: stop }));
    } catch (error) {
      open({ passage: null, claims: [], fidelities: [], stances: [], yaml: "" });
      status.textContent = error.message;
    }
  }

  article.addEventListener("mouseup", () => setTimeout(quoteSelection, 0));
  document.addEventListener("keyup", (e) => { if (e.key === "Shift" && panel.hidden) quoteSelection(); });
  // A drag that ends on a highlighted passage is a selection, not a tap on it (marks.js).
  document.addEventListener("click", (e) => {
    const selection = getSelection();
    if (selection && !selection.isCollapsed && article.contains(e.target)) e.stopPropagation();
  }, true);
  claimSelect.addEventListener("change", showRating);
  closeButton.addEventListener("click", shut);
  panel.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); shut(); } });
  copyButton.addEventListener("click", async () => {
    yaml.select();
    try {
      await navigator.clipboard.writeText(yaml.value);
      status.textContent = "Copied.";
    } catch {
      status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
    }
  });
  addButton.addEventListener("click", async () => {
    if (!current || !current.passage) return;
    if (!claimSelect.value) { status.textContent = "Choose a claim first."; claimSelect.focus(); return; }
    status.textContent = "Adding…";
    try {
      const reply = await ask("add", {
        claim: claimSelect.value,
        passage: current.passage,
        fidelity: fidelitySelect.value,
        stance: stanceSelect.value,
      });
      status.textContent = `Added to ${reply.written}, line ${reply.line}; the preview rebuilds and reloads.`;
    } catch (error) {
      status.textContent = error.message;
    }
  });

  // ---- the claims this article appears to repeat ----
  async function listMatches() {
    let reply;
    try {
      reply = await ask("matches", {});
    } catch {
      return;
    }
    const section = make("section", { className: "quote-matches" });
    section.setAttribute("aria-labelledby", "quote-matches-h");
    section.append(make("h2", { id: "quote-matches-h" }, "Claims this article may repeat (preview only)"));
    if (!reply.matches.length) {
      section.append(make("p", {}, "No other claim of the content appears to be repeated here."));
    }
    const list = make("ol");
    for (const m of reply.matches) {
      const add = make("button", { type: "button" }, "Add…");
      add.addEventListener("click", async () => {
        const choices = await ask("choices", {}).catch(() => null);
        open({ ...(choices || { claims: [], fidelities: [], stances: [] }), passage: m.passage, yaml: m.yaml }, m.claim);
      });
      list.append(make(
        "li", {},
        make("p", {}, make("strong", {}, m.statement || m.claim), ` — ${m.score}% close to ${m.basis}`),
        make("pre", {}, m.yaml),
        add,
      ));
    }
    section.append(list);
    article.closest("section").after(section);
  }

  listMatches();
})();
