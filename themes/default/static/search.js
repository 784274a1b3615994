// dossier search: loads search-index.json once and finds stories, names, documents and pages
// as the reader types. No dependencies, nothing loaded from elsewhere.
// Every string from the index reaches the page as text (textContent), never
// as markup. The index format is documented in dossier's src/search.rs.
"use strict";

(() => {
  const MAX_NAMES = 20;
  const MAX_STORIES = 50;
  const DEBOUNCE_MS = 100;
  // Where a query word is found decides the rank: a title or a name above an
  // alias or a tag, and those above a summary.
  const TITLE = 4;
  const NAME = 3;
  const ALIAS = 2;
  const TAG = 2;
  const SUMMARY = 1;
  // Letters that NFD does not split into a base letter and an accent.
  const LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };

  const root = document.getElementById("search");
  if (!root) return;
  const base = root.dataset.base;
  const form = root.querySelector("form");
  const input = form.elements.q;
  const kindSelect = form.elements.kind;
  const yearSelect = form.elements.year;
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  // The page's words (the theme's i18n file, as search.html gives them) and
  // its locale, whose dates, numbers and plural rules the browser knows.
  const STRINGS = JSON.parse(root.dataset.strings || "{}");
  const locale = root.dataset.locale || document.documentElement.lang || "en";
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const days = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const months = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });

  /** A string of the page's language, its `{name}` parts filled from `args`. */
  function text(key, args = {}) {
    let message = STRINGS[key] ?? key;
    if (typeof message === "object") {
      const count = args.count ?? 0;
      message = message[plurals.select(count)] ?? message.other;
    }
    return message.replace(/\{([a-z_][a-z0-9_]*)\}/g, (whole, name) => {
      const value = args[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : String(value);
    });
  }

  /** Lower case, without accents: `Patiño` → `patino`. */
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase()
      .replace(/[ßæœøłđðþı]/g, (letter) => LETTERS[letter]);
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  /** `ascii_slug` of src/slug.rs: what the index leaves out of slugs. */
  function asciiSlug(text) {
    return text.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase();
  }

  /** A slug of the index: 0 (all of the text's ASCII slug), a length of it, or the slug. */
  function slugOf(ref, text) {
    if (typeof ref === "string") return ref;
    const slug = asciiSlug(text);
    return ref ? slug.slice(0, ref) : slug;
  }

  /** The index in the shape searching needs: words folded, URLs built, rows named. */
  function load(raw) {
    if (raw.v !== 1) throw new Error(`unknown search index version ${raw.v}`);
    const kinds = raw.k.map(([key, singular]) => ({ key, singular }));
    const names = raw.e.map(([kind, name, count, slug = 0, aliases = [], role = ""]) => ({
      name,
      count,
      role,
      kind: kinds[kind],
      url: `${base}${kinds[kind].key}/${slugOf(slug, name)}/`,
      nameWords: words(name),
      aliasWords: aliases.flatMap(words),
      years: new Set(),
    }));
    const stories = raw.s.map(([title, date, slug = 0, entities = [], tags = []]) => {
      const year = Math.floor(date / 10000);
      for (const e of entities) names[e].years.add(year);
      return { title, date, year, entities, tags, url: `${base}stories/${slugOf(slug, title)}/`, titleWords: words(title) };
    });
    const tagWords = raw.t.map(words);
    const vocabulary = raw.w.map(([word, ...gaps]) => ({ word: fold(word), gaps }));
    const pages = (raw.p || []).map(([title, slug = 0, description = ""]) => ({
      title,
      description,
      url: `${base}${slugOf(slug, title)}/`,
      titleWords: words(title),
      descriptionWords: words(description),
    }));
    const documents = (raw.d || []).map(([title, date, slug = 0, type = "", entities = []]) => ({
      title,
      date,
      year: Math.floor(date / 10000),
      type,
      entities,
      url: `${base}documents/${slugOf(slug, title)}/`,
      titleWords: words(title),
      typeWords: words(type),
    }));
    return { names, stories, tagWords, vocabulary, pages, documents };
  }

  /** A word's score: found whole beats found as a prefix; 0 when not found. */
  function wordScore(list, q, weight) {
    let best = 0;
    for (const word of list) {
      if (word === q) return weight * 2 + 1;
      if (word.startsWith(q)) best = weight * 2;
    }
    return best;
  }

  /** Where one query word is found: each name's, tag's and story summary's score. */
  function find(index, q) {
    const names = index.names.map((n) =>
      Math.max(wordScore(n.nameWords, q, NAME), wordScore(n.aliasWords, q, ALIAS)));
    const tags = index.tagWords.map((list) => wordScore(list, q, TAG));
    const summaries = new Uint8Array(index.stories.length);
    for (const { word, gaps } of index.vocabulary) {
      if (!word.startsWith(q)) continue;
      const score = SUMMARY * 2 + (word === q ? 1 : 0);
      let position = 0;
      for (const gap of gaps) {
        position += gap;
        summaries[position] = Math.max(summaries[position], score);
      }
    }
    return { q, names, tags, summaries };
  }

  /** The sum of each query word's best score, or -1 when one is missing. */
  function storyScore(story, position, found) {
    let total = 0;
    for (const f of found) {
      let best = Math.max(wordScore(story.titleWords, f.q, TITLE), f.summaries[position]);
      for (const e of story.entities) best = Math.max(best, f.names[e]);
      for (const t of story.tags) best = Math.max(best, f.tags[t]);
      if (!best) return -1;
      total += best;
    }
    return total;
  }

  /** A page matches when every query word is in its title or description. */
  function pageScore(page, found) {
    let total = 0;
    for (const f of found) {
      const best = Math.max(wordScore(page.titleWords, f.q, TITLE), wordScore(page.descriptionWords, f.q, SUMMARY));
      if (!best) return -1;
      total += best;
    }
    return total;
  }

  /** A document matches when every query word is in its title, its type or the names it concerns. */
  function documentScore(doc, found) {
    let total = 0;
    for (const f of found) {
      let best = Math.max(wordScore(doc.titleWords, f.q, TITLE), wordScore(doc.typeWords, f.q, TAG));
      for (const e of doc.entities) best = Math.max(best, f.names[e]);
      if (!best) return -1;
      total += best;
    }
    return total;
  }

  function nameScore(position, found) {
    let total = 0;
    for (const f of found) {
      if (!f.names[position]) return -1;
      total += f.names[position];
    }
    return total;
  }

  /** Matching items, best first; ties keep the index's order. */
  function ranked(items, score) {
    const scored = [];
    items.forEach((item, position) => {
      const s = score(item, position);
      if (s >= 0) scored.push({ item, s, position });
    });
    scored.sort((a, b) => b.s - a.s || a.position - b.position);
    return scored.map((x) => x.item);
  }

  /** Names and stories matching every word of the query and the filters; null for no search. */
  function search(index, query, kind, year) {
    const queryWords = [...new Set(words(query))];
    if (!queryWords.length && !kind && !year) return null;
    const found = queryWords.map((q) => find(index, q));
    const inYear = (y) => !year || y === year;
    const names = kind === "stories" || kind === "documents" ? [] : ranked(index.names, (n, i) =>
      (!kind || n.kind.key === kind) && (!year || n.years.has(year)) ? nameScore(i, found) : -1);
    const stories = kind && kind !== "stories" ? [] : ranked(index.stories, (s, i) =>
      inYear(s.year) ? storyScore(s, i, found) : -1);
    const documents = kind && kind !== "documents" ? [] : ranked(index.documents, (d) =>
      inYear(d.year) ? documentScore(d, found) : -1);
    // Pages have no kind or year: filters leave them out.
    const pages = kind || year || !found.length ? [] : ranked(index.pages, (p) => pageScore(p, found));
    return { names, stories, documents, pages };
  }

  function count(key, n) {
    return text(key, { count: n });
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function item(url, title, meta) {
    const li = element("li");
    const link = element("a", title);
    link.href = url;
    const p = element("p", undefined, "meta");
    p.append(meta);
    li.append(link, p);
    return li;
  }

  function nameItem(n) {
    const role = n.role ? ` · ${n.role}` : "";
    return item(n.url, n.name, `${n.kind.singular}${role} · ${count("stories_count", n.count)}`);
  }

  /** `20120530` as the pages write it: `30 May 2012`, `May 2012` or `2012`. */
  function dateText(date) {
    const year = Math.floor(date / 10000);
    const month = Math.floor(date / 100) % 100;
    const day = date % 100;
    const pad = (n) => String(n).padStart(2, "0");
    const utc = new Date(Date.UTC(year, Math.max(month, 1) - 1, Math.max(day, 1)));
    if (!month) return [String(year), String(year)];
    if (!day) return [months.format(utc), `${year}-${pad(month)}`];
    return [days.format(utc), `${year}-${pad(month)}-${pad(day)}`];
  }

  function documentItem(d) {
    const [text, datetime] = dateText(d.date);
    const time = element("time", text);
    time.dateTime = datetime;
    const meta = document.createDocumentFragment();
    meta.append(`${d.type} · `, time);
    return item(d.url, d.title, meta);
  }

  function storyItem(s) {
    const [label, datetime] = dateText(s.date);
    const time = element("time", label);
    time.dateTime = datetime;
    return item(s.url, s.title, time);
  }

  function section(id, heading, total, items, listTag) {
    const part = element("section", undefined, "search-section");
    part.setAttribute("aria-labelledby", id);
    const h2 = element("h2", `${heading} `);
    h2.id = id;
    h2.append(element("span", numbers.format(total), "count"));
    const list = element(listTag, undefined, "search-results");
    list.append(...items);
    part.append(h2, list);
    return part;
  }

  function statusLine(query, names, stories, documents, pages) {
    if (!names && !stories && !documents && !pages) {
      return query ? text("search_nothing", { query }) : text("search_nothing_filtered");
    }
    const counts = [];
    if (names) counts.push(count("names_count", names));
    if (stories) counts.push(count("stories_count", stories));
    if (documents) counts.push(count("documents_count", documents));
    if (pages) counts.push(count("pages_count", pages));
    const cut = [];
    if (names > MAX_NAMES) cut.push(count("names_count", MAX_NAMES));
    if (stories > MAX_STORIES) cut.push(count("stories_count", MAX_STORIES));
    if (documents > MAX_STORIES) cut.push(count("documents_count", MAX_STORIES));
    const list = (parts) => parts.reduce((a, b) => text("search_and", { a, b }));
    if (!cut.length) return text("search_found", { counts: list(counts) });
    return text("search_found_showing", { counts: list(counts), shown: list(cut) });
  }

  function show(query, found) {
    results.replaceChildren();
    if (!found) {
      status.textContent = "";
      return;
    }
    const { names, stories, documents, pages } = found;
    status.textContent = statusLine(query.trim(), names.length, stories.length, documents.length, pages.length);
    if (pages.length) {
      const shown = pages.map((p) => item(p.url, p.title, p.description));
      results.append(section("search-pages", text("pages"), pages.length, shown, "ul"));
    }
    if (names.length) {
      const shown = names.slice(0, MAX_NAMES).map(nameItem);
      results.append(section("search-names", text("names"), names.length, shown, "ul"));
    }
    if (stories.length) {
      const shown = stories.slice(0, MAX_STORIES).map(storyItem);
      results.append(section("search-stories", text("stories"), stories.length, shown, "ol"));
    }
    if (documents.length) {
      const shown = documents.slice(0, MAX_STORIES).map(documentItem);
      results.append(section("search-documents", text("documents"), documents.length, shown, "ol"));
    }
  }

  /** The search in the address, so that it can be shared and survives a reload. */
  function remember(query, kind, year) {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    if (kind) params.set("kind", kind);
    if (year) params.set("year", year);
    const search = params.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  }

  let index = null;

  function run() {
    if (!index) return;
    const query = input.value;
    const year = Number(yearSelect.value) || 0;
    show(query, search(index, query, kindSelect.value, year));
    remember(query.trim(), kindSelect.value, yearSelect.value);
  }

  function addYears(stories, selected) {
    const years = [...new Set(stories.map((s) => s.year))].sort((a, b) => b - a);
    for (const year of years) yearSelect.append(new Option(String(year), String(year)));
    yearSelect.value = selected;
    if (yearSelect.selectedIndex < 0) yearSelect.value = "";
  }

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  kindSelect.value = params.get("kind") || "";
  if (kindSelect.selectedIndex < 0) kindSelect.value = "";
  root.hidden = false;
  status.textContent = text("search_loading");

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  kindSelect.addEventListener("change", run);
  yearSelect.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });

  fetch(`${base}search-index.json`)
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    })
    .then((raw) => {
      index = load(raw);
      addYears(index.stories.concat(index.documents), params.get("year") || "");
      status.textContent = "";
      run();
    })
    .catch(() => {
      status.textContent = text("search_failed");
    });
})();
