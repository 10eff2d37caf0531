"""Checks that run inside the page, as JavaScript handed to `page.evaluate`: what a reader
sees is decided by the browser's computed styles, so that is where they are measured."""
from __future__ import annotations

# Every piece of visible text whose colour is too close to what is behind it, with the
# WCAG 2.x contrast ratio: at least 4.5, or 3 for large text (24px, or 18.66px bold).
# The background is found by compositing the element's and its ancestors' background
# colours; text over a background image or gradient cannot be judged this way and is
# reported as such, so a design change to images fails loudly instead of passing unseen.
LOW_CONTRAST = r"""
() => {
  const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  function rgba(css) {  // any CSS colour, as the browser resolves it, to [r, g, b, a] in 0..255 / 0..1
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0,0,0,0)";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  }
  function over(top, below) {
    const a = top[3] + below[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i) => (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  }
  function luminance([r, g, b]) {
    const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  }
  function backdrop(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== "none") return null;
      const colour = rgba(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let result = rgba(getComputedStyle(document.documentElement).colorScheme.includes("dark")
                      && matchMedia("(prefers-color-scheme: dark)").matches ? "#121212" : "#ffffff");
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  }
  function ratio(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }
  function describe(el) {
    let path = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.classList.length ? "." + [...el.classList].join(".") : "");
    const parent = el.parentElement;
    return parent ? describe.short(parent) + " > " + path : path;
  }
  describe.short = (el) => el.tagName.toLowerCase() + (el.classList.length ? "." + el.classList[0] : "");
  function visible(el) {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1;  // screen-reader-only text is 1px and clipped
  }
  function check(el, text, foreground, failures, seen) {
    if (seen.has(el) || !visible(el)) return;
    seen.add(el);
    const behind = backdrop(el);
    const style = getComputedStyle(el);
    if (!behind) { failures.push({ element: describe(el), text, problem: "text over a background image" }); return; }
    const fg = over(rgba(foreground(style)), behind);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    const found = ratio(fg, behind);
    if (found < needed) failures.push({ element: describe(el), text, ratio: Math.round(found * 100) / 100, needed,
      colour: style.color, background: "rgb(" + behind.slice(0, 3).map(Math.round).join(",") + ")" });
  }
  const failures = [], seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || ["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName)) continue;
    const svg = el instanceof SVGElement;
    check(el, node.textContent.trim().slice(0, 50), (s) => (svg ? s.fill : s.color), failures, seen);
  }
  for (const input of document.querySelectorAll("input[placeholder]")) {
    const placeholder = getComputedStyle(input, "::placeholder").color;
    check(input, "placeholder: " + input.placeholder, () => placeholder, failures, new Set());
  }
  return failures;
}
"""

# Everything the keyboard should reach, in document order: links, buttons, form fields,
# summaries and anything given tabindex >= 0, if rendered and not disabled or inert.
FOCUSABLE = r"""
() => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
  return [...document.querySelectorAll(selector)].filter((el) => {
    if (el.disabled || el.closest("[inert]") || el.tabIndex < 0) return false;
    return el.checkVisibility({ visibilityProperty: true });  // false inside a closed <details>
  }).map((el, i) => { el.dataset.tabProbe = String(i); return i; }).length;
}
"""

# The focused element's probe number (from FOCUSABLE), and whether focus is visible on
# it: an outline or a box shadow that differs from the element's look without focus.
FOCUSED = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { probe: null };
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  return { probe: el.dataset.tabProbe ?? null, visible: outline || shadow, matches: el.matches(":focus-visible"),
           text: (el.innerText || el.value || el.getAttribute("aria-label") || el.tagName).trim().slice(0, 60),
           outline: style.outlineStyle + " " + style.outlineWidth, shadow: style.boxShadow };
}
"""

# How far the page reaches past the window's right edge, in CSS pixels (0 when it fits).
OVERFLOW = "() => document.scrollingElement.scrollWidth - window.innerWidth"

# What overflows: the elements whose right edge lies past the window.
OVERFLOWING = r"""
() => [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 8).map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""))
"""
