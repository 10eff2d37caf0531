// Search page: results and filters drawn from the Pagefind index (sidelight/searchindex.py).
// The form is plain HTML: the query and ticked filters live in the address, so back,
// reload and shared links show the same results. Nothing is fetched from other sites.

const app = document.getElementById("search-app");
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const filterBox = document.getElementById("search-filters");
const PAGE_SIZE = 10;
// The words this script shows, in the page's language: data-* of #search-app (search.html).
const words = app.dataset;
const plurals = new Intl.PluralRules(document.documentElement.lang || "en");

let pagefind = null;
let pending = [];
let generation = 0;

// The bundle's address comes from the page (relative links work under any sub-path);
// result addresses are made relative to the site root, the folder above the bundle.
// The index is in shards, one Pagefind bundle each (shards.json lists them,
// sidelight/output/searchshards.py): the first of the page's language is Pagefind's
// primary index and the others are merged into it, so one search covers them all.
async function load() {
  const bundle = new URL(app.dataset.bundle, document.baseURI);
  const listed = await fetch(new URL("shards.json", bundle));
  if (!listed.ok) throw new Error(`shards.json: ${listed.status}`);
  const language = (document.documentElement.lang || "").split("-")[0].toLowerCase();
  const indexed = (await listed.json()).shards.filter((shard) => shard.pages > 0);
  const own = indexed.filter((shard) => shard.language === language);
  const chosen = own.length ? own : indexed;
  if (!chosen.length) throw new Error("no search index");
  const [first, ...rest] = chosen.map((shard) => new URL(shard.path, bundle));
  const options = { baseUrl: new URL("../", bundle).pathname, excerptLength: 24 };
  pagefind = await import(new URL("pagefind.js", first).href);
  await pagefind.options({ ...options, basePath: first.pathname });
  await pagefind.init(chosen[0].language);
  await Promise.all(rest.map((url) => pagefind.mergeIndex(url.pathname, options)));
}

function params() {
  return new URLSearchParams(location.search);
}

function chosenFilters(query) {
  const filters = {};
  for (const box of filterBox.querySelectorAll("fieldset[data-filter]")) {
    const values = query.getAll(box.dataset.filter);
    if (values.length) filters[box.dataset.filter] = { any: values };
  }
  return filters;
}

// One checkbox per value the index holds, in the order the page gives the groups.
function drawFilters(all, query) {
  for (const box of filterBox.querySelectorAll("fieldset[data-filter]")) {
    const name = box.dataset.filter;
    const values = Object.keys(all[name] || {}).sort((a, b) => a.localeCompare(b));
    const chosen = new Set(query.getAll(name));
    for (const value of values) {
      const label = document.createElement("label");
      const tick = document.createElement("input");
      Object.assign(tick, { type: "checkbox", name, value, checked: chosen.has(value) });
      const count = document.createElement("span");
      count.className = "count";
      count.dataset.value = value;
      label.append(tick, " " + value + " ", count);
      box.append(label);
    }
    box.hidden = values.length < 2;  // a filter with one value cannot narrow anything
  }
  filterBox.hidden = !filterBox.querySelector("fieldset:not([hidden])");
  // Open where there is room beside the results, or when a filter is already chosen.
  filterBox.open = matchMedia("(min-width: 52rem)").matches || Object.keys(chosenFilters(query)).length > 0;
}

function drawCounts(counts) {
  for (const span of filterBox.querySelectorAll(".count")) {
    const name = span.closest("fieldset").dataset.filter;
    const n = (counts[name] || {})[span.dataset.value] || 0;
    span.textContent = `(${n})`;
  }
}

// Pagefind's excerpt is HTML with <mark> around the matched words: rebuild it from its
// text and marks only, so no markup from an indexed page can reach this one.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  const p = document.createElement("p");
  p.className = "result-excerpt";
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

function resultItem(data) {
  const meta = data.meta || {};
  const li = document.createElement("li");
  li.className = "search-result";
  const kind = document.createElement("p");
  kind.className = "result-kind";
  kind.textContent = [meta.kind, meta.byline].filter(Boolean).join(" · ");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = meta.title || data.url;
  heading.append(link);
  li.append(heading, kind);
  if (meta.rating) {
    const rating = document.createElement("p");
    rating.className = "result-rating";
    const badge = document.createElement("span");
    badge.className = `rating tone-${meta.tone || "off"}`;
    badge.textContent = meta.rating;
    rating.append(words.ourRating + " ", badge);
    li.append(rating);
  }
  li.append(inLanguage(excerpt(data.excerpt || ""), meta));
  inLanguage(link, meta);
  return li;
}

// An article in another language than the site's: its title and excerpt carry its `lang`
// (and `dir`, for a right-to-left script), as on its own page.
function inLanguage(node, meta) {
  if (meta.language && meta.language !== document.documentElement.lang) {
    node.lang = meta.language;
    if (meta.direction) node.dir = meta.direction;
  }
  return node;
}

async function showMore(run) {
  const batch = pending.splice(0, PAGE_SIZE);
  const items = await Promise.all(batch.map((r) => r.data()));
  if (run !== generation) return;
  for (const data of items) list.append(resultItem(data));
  more.hidden = pending.length === 0;
}

function describe(count, query, filters) {
  const form = words[`results${plurals.select(count).replace(/^./, (c) => c.toUpperCase())}`] || words.resultsOther;
  const what = form.replace("{n}", count);
  const asked = query ? " " + words.forQuery.replace("{q}", query) : "";
  const narrowed = Object.keys(filters).length ? " " + words.filtered : "";
  return count ? `${what}${asked}${narrowed}.` : `${words.none}${asked}${narrowed}. ${words.tryOther}`;
}

async function run() {
  const query = params();
  const text = (query.get("q") || "").trim();
  const filters = chosenFilters(query);
  const mine = ++generation;
  list.replaceChildren();
  more.hidden = true;
  if (!text && !Object.keys(filters).length) {
    status.textContent = "";
    drawCounts(await pagefind.filters());
    return;
  }
  status.textContent = words.searching;
  const found = await pagefind.search(text || null, { filters });
  if (mine !== generation) return;
  pending = found.results.slice();
  drawCounts(found.filters || {});
  await showMore(mine);
  status.textContent = describe(found.results.length, text, filters);
}

// The form's own fields, as the address a plain submit would go to.
function formAddress() {
  const query = new URLSearchParams(new FormData(form));
  if (!(query.get("q") || "").trim()) query.delete("q");
  return query.toString() ? `?${query}` : location.pathname;
}

function listen() {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.pushState(null, "", formAddress());
    run();
  });
  filterBox.addEventListener("change", () => {
    history.replaceState(null, "", formAddress());
    run();
  });
  more.addEventListener("click", () => {
    const first = list.children.length;
    showMore(generation).then(() => list.children[first]?.querySelector("a")?.focus());
  });
  window.addEventListener("popstate", () => {
    syncForm();
    run();
  });
}

function syncForm() {
  const query = params();
  input.value = query.get("q") || "";
  for (const tick of filterBox.querySelectorAll("input[type=checkbox]")) {
    tick.checked = query.getAll(tick.name).includes(tick.value);
  }
}

async function start() {
  try {
    await load();
    drawFilters(await pagefind.filters(), params());
  } catch (error) {
    document.getElementById("search-failed").hidden = false;
    console.error("search index:", error);
    return;
  }
  syncForm();
  listen();
  await run();
}

start();
