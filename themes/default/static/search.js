// The search page: the hub's Pagefind index, queried in the browser. The query and the chosen
// filters live in the URL (/search/?q=coach&subjects=math) so a search can be shared and the
// Back button returns to the previous one. Filters of one group widen the search (any of them),
// filters of different groups narrow it (all groups). The words it writes come from the form's
// `data-` attributes, which the theme fills in the hub's language; without them, English.
// Pagefind's files can take seconds on a slow connection: the form works at once, says that
// search is loading, keeps what the reader types or ticks meanwhile and searches for it when
// ready; if the files cannot load, the page says so and links to the pages one can browse.
const form = document.getElementById("search");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const next = document.getElementById("search-next");
const unfilter = document.getElementById("search-unfilter");
const failed = document.getElementById("search-failed");
const boxes = Array.from(form.querySelectorAll(".search-filters input[type=checkbox]"));
const BATCH = 10;

form.hidden = false;
// On a phone the filters come before the results: fold the groups the address does not filter
// by, at once, so that the results are a few lines down instead of a few screens.
if (window.matchMedia("(max-width: 40rem)").matches) {
  const asked = new URLSearchParams(window.location.search);
  for (const group of form.querySelectorAll(".filter-group")) {
    if (!asked.has(group.dataset.filter)) group.open = false;
  }
}

let pagefind = null;
let totals = {};
let latest = 0;
let pending = [];

/** Sets the form from the address bar. */
function readAddress() {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
}

/** The address of the current search. */
function address() {
  const params = new URLSearchParams();
  const query = input.value.trim();
  if (query) params.set("q", query);
  for (const box of boxes) if (box.checked) params.append(box.name, box.value);
  const search = params.toString();
  return window.location.pathname + (search ? "?" + search : "");
}

/** The chosen filters, as Pagefind takes them: any value within a group. */
function chosenFilters() {
  const chosen = {};
  for (const box of boxes) {
    if (box.checked) (chosen[box.name] ||= { any: [] }).any.push(box.dataset.value);
  }
  return chosen;
}

/** Shows how many results each filter value has; values no page has are hidden. */
function showCounts(counts) {
  for (const box of boxes) {
    const label = box.closest("label");
    const count = (counts[box.name] || {})[box.dataset.value] || 0;
    label.querySelector(".filter-count").textContent = "(" + count + ")";
    label.hidden = !box.checked && !(totals[box.name] || {})[box.dataset.value];
  }
  for (const group of form.querySelectorAll(".filter-group")) {
    group.hidden = Array.from(group.querySelectorAll("label")).every((label) => label.hidden);
    if (group.querySelector("input:checked")) group.open = true;
  }
}

/**
 * Counts for each filter value: how many results the search would have with that value ticked
 * too. Within a group the values widen the search, so a group's counts come from the search
 * without that group's own filter.
 */
async function countsFor(query, filters, response) {
  const counts = { ...response.filters };
  await Promise.all(
    Object.keys(filters).map(async (name) => {
      const others = { ...filters };
      delete others[name];
      if (!query && Object.keys(others).length === 0) {
        counts[name] = totals[name];
        return;
      }
      const wider = await pagefind.search(query || null, { filters: others });
      counts[name] = wider.filters[name];
    }),
  );
  return counts;
}

/** An excerpt as nodes: Pagefind's text, with only its `<mark>` highlights kept as elements. */
function highlighted(excerpt) {
  const parsed = new DOMParser().parseFromString("<body>" + excerpt, "text/html");
  return Array.from(parsed.body.childNodes, (node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

/** `pattern` with each `{name}` in it replaced by `value`. */
function fill(pattern, name, value) {
  return pattern.split("{" + name + "}").join(String(value));
}

/** A text the theme put on the form as `data-NAME`, or `english` when it has none. */
function words(name, english) {
  return form.dataset[name] || english;
}

/** What a filter value is called on the page: its `data-label` (a kind's translated name). */
function labelOf(box) {
  return box.dataset.label || box.dataset.value;
}

/** A result's kind as the page calls it: the label of that kind's filter. */
function kindName(kind) {
  const box = boxes.find((each) => each.name === "kind" && each.dataset.value === kind);
  return box ? labelOf(box) : kind;
}

/** One result: its title, kind, excerpt, and the entries of the page that matched. */
function resultItem(data, query) {
  const item = document.createElement("li");
  item.className = "search-result";
  const title = document.createElement("h2");
  title.className = "search-result-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  title.append(link);
  item.append(title);
  const kind = (data.filters.kind || [])[0];
  if (kind) {
    const badge = document.createElement("p");
    badge.className = "search-result-kind";
    badge.textContent = kindName(kind);
    item.append(badge);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  if (query || !data.meta.summary) excerpt.append(...highlighted(data.excerpt));
  else excerpt.textContent = data.meta.summary;
  item.append(excerpt);
  const entries = query ? data.sub_results.filter((sub) => sub.url.includes("#")).slice(0, 3) : [];
  if (entries.length) {
    const nested = document.createElement("ul");
    nested.className = "search-entries";
    for (const sub of entries) {
      const entry = document.createElement("li");
      const anchor = document.createElement("a");
      anchor.href = sub.url;
      anchor.textContent = sub.title;
      const text = document.createElement("p");
      text.append(...highlighted(sub.excerpt));
      entry.append(anchor, text);
      nested.append(entry);
    }
    item.append(nested);
  }
  return item;
}

/** Adds the next batch of results to the list. */
async function showNext(run, query) {
  const batch = pending.splice(0, BATCH);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (run !== latest) return;
  list.append(...data.map((page) => resultItem(page, query)));
  more.hidden = pending.length === 0;
}

/** What the status line announces to everyone, screen readers included. */
function describe(count, query) {
  const chosen = boxes.filter((box) => box.checked).map(labelOf);
  const pattern = count === 1 ? words("one", "{count} result") : words("many", "{count} results");
  const found = count === 0 ? words("none", "No results") : fill(pattern, "count", count);
  const parts = [found];
  if (query) parts.push(fill(words("for", "for “{query}”"), "query", query));
  if (chosen.length) parts.push(fill(words("in", "in {filters}"), "filters", chosen.join(", ")));
  const hint = count === 0 ? " " + words("hint", "Try other words or fewer filters.") : "";
  return parts.join(" ") + "." + hint;
}

/** After a search with no results: search without the filters, or browse the hub. */
function offerNextSteps(count, query) {
  next.hidden = count > 0;
  unfilter.hidden = !boxes.some((box) => box.checked);
  const params = new URLSearchParams(query ? { q: query } : {}).toString();
  unfilter.querySelector("a").href = window.location.pathname + (params ? "?" + params : "");
}

/** Runs the search the form describes and shows its results. */
async function run() {
  if (!pagefind) return;
  const mine = ++latest;
  const query = input.value.trim();
  const filters = chosenFilters();
  if (!query && Object.keys(filters).length === 0) {
    list.replaceChildren();
    more.hidden = true;
    next.hidden = true;
    status.textContent = "";
    showCounts(totals);
    return;
  }
  const response = await pagefind.search(query || null, { filters });
  if (mine !== latest) return;
  const counts = await countsFor(query, filters, response);
  if (mine !== latest) return;
  showCounts(counts);
  pending = response.results.slice();
  list.replaceChildren();
  await showNext(mine, query);
  if (mine !== latest) return;
  status.textContent = describe(response.results.length, query);
  offerNextSteps(response.results.length, query);
}

/** Pagefind's browser code, ready to search, or `null` when its files cannot load. */
async function loadPagefind() {
  try {
    const loaded = await import(new URL("pagefind/pagefind.js", import.meta.url));
    await loaded.options({ excerptLength: 24 });
    totals = await loaded.filters();
    return loaded;
  } catch {
    return null;
  }
}

/** Puts the search in the address bar: a new history entry, or in place while typing. */
function remember(newEntry) {
  const target = address();
  if (target === window.location.pathname + window.location.search) return;
  if (newEntry) window.history.pushState(null, "", target);
  else window.history.replaceState(null, "", target);
}

let typing;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    remember(false);
    run();
  }, 250);
});
form.addEventListener("change", (event) => {
  if (event.target.type !== "checkbox") return;
  remember(true);
  run();
});
unfilter.querySelector("a").addEventListener("click", (event) => {
  event.preventDefault();
  for (const box of boxes) box.checked = false;
  remember(true);
  run();
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  remember(true);
  run();
});
more.addEventListener("click", () => showNext(latest, input.value.trim()));
window.addEventListener("popstate", () => {
  readAddress();
  run();
});

readAddress();
status.textContent = words("loading", "Loading search…");
pagefind = await loadPagefind();
if (pagefind) {
  // What the reader typed or ticked while it loaded is searched for now.
  remember(false);
  run();
} else {
  form.hidden = true;
  failed.hidden = false;
}
