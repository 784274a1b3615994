// dossier search: loads search-index.json once and finds stories, names, documents and pages
// as the reader types; the words of story texts are in files of their own
// (search/words-<n>.json), each loaded the first time a word typed needs it.
// No dependencies, nothing loaded from elsewhere. Every string from the index
// reaches the page as text (textContent), never as markup. The index format is
// documented in dossier's src/pipeline/render/search.rs.
"use strict";

(() => {
  const MAX_NAMES = 20;
  const MAX_STORIES = 50;
  const DEBOUNCE_MS = 100;
  // Where a query word is found decides the rank: a title or a name above an
  // alias or a tag, those above a summary or a name the text mentions, and
  // those above the rest of the text.
  const TITLE = 5;
  const NAME = 4;
  const ALIAS = 3;
  const TAG = 3;
  const SUMMARY = 2;
  const TEXT = 1;
  // A name misspelt by this many letters is still found, below one spelt right.
  const typos = (q) => (q.length >= 8 ? 2 : q.length >= 4 ? 1 : 0);
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
    if (raw.v !== 2) throw new Error(`unknown search index version ${raw.v}`);
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
    const stories = raw.s.map(([title, date, slug = 0, entities = [], tags = [], mentions = [], summary = ""]) => {
      const year = Math.floor(date / 10000);
      for (const e of entities.concat(mentions)) names[e].years.add(year);
      return { title, date, year, entities, tags, mentions, summary, url: `${base}stories/${slugOf(slug, title)}/`, titleWords: words(title) };
    });
    const tagWords = raw.t.map(words);
    const vocabulary = vocabularyOf(raw.w);
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
    return { names, stories, tagWords, vocabulary, pages, documents, shardCount: raw.b || 0, common: new Set((raw.x || []).map(fold)) };
  }

  function vocabularyOf(rows) {
    return rows.map(([word, ...gaps]) => ({ word: fold(word), gaps }));
  }

  // The files of text words, by number: each a promise, then its vocabulary.
  const shards = new Map();

  /** The file of text words a folded word is in: `shard_of` in search.rs. */
  function shardOf(index, q) {
    const [first, second] = Array.from(q, (c) => c.codePointAt(0));
    return (first * 31 + (second || 0)) % index.shardCount;
  }

  /** The files the query's words need that are not loaded yet. */
  function missingShards(index, queryWords) {
    if (!index.shardCount) return [];
    const needed = queryWords.filter((q) => q.length >= 2 && !index.common.has(q)).map((q) => shardOf(index, q));
    return [...new Set(needed)].filter((n) => !Array.isArray(shards.get(n)));
  }

  function loadShard(n) {
    if (!shards.has(n)) {
      shards.set(n, fetch(`${base}search/words-${n}.json`)
        .then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return response.json();
        })
        .then((raw) => shards.set(n, vocabularyOf(raw.w)))
        // A file that cannot be loaded finds nothing, rather than being asked for again.
        .catch(() => shards.set(n, [])));
    }
    return shards.get(n);
  }

  /** The letters by which `a` and `b` differ (a swap of two counts one), or more than `most`. */
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        current.push(d);
        best = Math.min(best, d);
      }
      if (best > most) return most + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /** A name word's score for a query word misspelt, whole or as the start of a word being typed. */
  function typoScore(list, q, weight) {
    const most = typos(q);
    if (!most) return 0;
    for (const word of list) {
      if (distance(q, word, most) <= most) return weight * 2 - 1;
      if (word.length > q.length && distance(q, word.slice(0, q.length), most) <= most) return weight * 2 - 1;
    }
    return 0;
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

  /** Each story's score for the words of `vocabulary` that start with `q`, into `scores`. */
  function scoreWords(vocabulary, q, weight, scores) {
    for (const { word, gaps } of vocabulary) {
      if (!word.startsWith(q)) continue;
      const score = weight * 2 + (word === q ? 1 : 0);
      let position = 0;
      for (const gap of gaps) {
        position += gap;
        scores[position] = Math.max(scores[position], score);
      }
    }
  }

  /** Where one query word is found: each name's, tag's and story's score; a name
      spelt nearly like it counts when none is spelt like it. */
  function find(index, q) {
    let names = index.names.map((n) =>
      Math.max(wordScore(n.nameWords, q, NAME), wordScore(n.aliasWords, q, ALIAS)));
    if (!names.some(Boolean)) {
      names = index.names.map((n) => Math.max(typoScore(n.nameWords, q, NAME), typoScore(n.aliasWords, q, ALIAS)));
    }
    const tags = index.tagWords.map((list) => wordScore(list, q, TAG));
    const stories = new Uint8Array(index.stories.length);
    scoreWords(index.vocabulary, q, SUMMARY, stories);
    if (q.length >= 2 && index.shardCount) {
      const shard = shards.get(shardOf(index, q));
      if (Array.isArray(shard)) scoreWords(shard, q, TEXT, stories);
    }
    // A word most stories have is in no file: it rules none out.
    const common = index.common.has(q);
    return { q, names, tags, stories, common };
  }

  /** The sum of each query word's best score, or -1 when one is missing. */
  function storyScore(story, position, found) {
    let total = 0;
    for (const f of found) {
      let best = Math.max(wordScore(story.titleWords, f.q, TITLE), f.stories[position]);
      for (const e of story.entities) best = Math.max(best, f.names[e]);
      // A name the text mentions counts as the summary would.
      for (const e of story.mentions) if (f.names[e]) best = Math.max(best, Math.min(f.names[e], SUMMARY * 2 + 1));
      for (const t of story.tags) best = Math.max(best, f.tags[t]);
      if (!best && !f.common) return -1;
      total += best;
    }
    return total || -1;
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

  // The query's words, and the words of names found by a misspelling of
  // them: what results mark in their titles, names and summaries.
  let marking = { queryWords: [], nameWords: new Set() };

  /** `text` with each word the search found marked (`<mark>`), as nodes. */
  function marked(text) {
    const fragment = document.createDocumentFragment();
    for (const part of text.split(/([\p{L}\p{N}]+)/u)) {
      if (!part) continue;
      const folded = fold(part);
      const found = marking.nameWords.has(folded) || marking.queryWords.some((q) => folded.startsWith(q));
      fragment.append(found ? element("mark", part) : part);
    }
    return fragment;
  }

  function item(url, title, meta, summary) {
    const li = element("li");
    const link = element("a");
    link.href = url;
    link.append(marked(title));
    const p = element("p", undefined, "meta");
    p.append(meta);
    li.append(link, p);
    if (summary) {
      const text = element("p", undefined, "summary");
      text.append(marked(summary));
      li.append(text);
    }
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
    return item(s.url, s.title, time, s.summary);
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
      const shown = pages.map((p) => item(p.url, p.title, "", p.description));
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

  // Counts the searches run, so that a file of words arriving late only
  // redraws the search it was loaded for.
  let runs = 0;

  function run() {
    if (!index) return;
    const ticket = ++runs;
    const query = input.value;
    const year = Number(yearSelect.value) || 0;
    const queryWords = [...new Set(words(query))];
    const found = search(index, query, kindSelect.value, year);
    marking = { queryWords, nameWords: typoWords(queryWords) };
    show(query, found);
    remember(query.trim(), kindSelect.value, yearSelect.value);
    // The words of story texts come in their own files: once those this
    // query needs are here, search again.
    const missing = missingShards(index, queryWords);
    if (missing.length) {
      Promise.all(missing.map(loadShard)).then(() => {
        if (ticket === runs) run();
      });
    }
  }

  /** The words of names that a query word matches only misspelt. */
  function typoWords(queryWords) {
    const found = new Set();
    for (const q of queryWords) {
      const spelt = index.names.some((n) => wordScore(n.nameWords, q, NAME) || wordScore(n.aliasWords, q, ALIAS));
      if (spelt || !typos(q)) continue;
      for (const n of index.names) {
        for (const word of n.nameWords.concat(n.aliasWords)) {
          if (typoScore([word], q, NAME)) found.add(word);
        }
      }
    }
    return found;
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
