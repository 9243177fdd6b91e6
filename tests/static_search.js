// Runs the static searcher (templates/assets/search.js) over a built site's
// index in node.
//   node static_search.js SITE_DIR QUERIES_JSON > results.json
//     QUERIES_JSON: [{"q": "...", "lang": "ja"|"en"}]; output: [[id, ...], ...]
//     (top 10, both languages, query language first).
//   node static_search.js --analyse SITE_DIR QUERIES_JSON > analyses.json
//     the page's analysis of each query (parity with the Rust analyser).
//   node static_search.js --heads SEARCH_DIR QUERIES_JSON
//     compares the first pages (10 and 20 hits) read from the heads with
//     those of scoring every result: {checked, heads (decided from the
//     heads), cut (of which the heads were cut), topic (of those, pages
//     that read a topic's category heads, hg<c>.js), page (pages that are
//     a topic's page written by the build, tp<c>.js; market: pages that
//     are a market's, mk<j>-<c>.js; group: a synonym group's or device
//     type's, gp<g>.js; within: questions that read a unit's scores
//     within a market, mt/mg; unit: for every document, ut/ug;
//     page_refused: questions
//     whose topic page had no idfs this engine computes), differ: [...],
//     digest: of every reference page}; each
//     question is asked with the topic pages and without them.
//   node static_search.js --page SITE_DIR LANG QUERY
//     what the search page shows: total, hit ids, markets not covered, the
//     glossary term asked for and its definition, with no hits the
//     suggestions, and the counts beside the filters' values.
//   node static_search.js --bytes INDEX_DIR LANG QUERY [FILTERS_JSON] [--counts]
//     prints the bytes of the index files one first search (a page of ten
//     hits) fetches, as a browser would: only the chunks the searcher asks
//     for (`keys`), and the time it took; with --counts, also what the
//     filters' counts then fetch (the page asks for them only once the
//     filters are in use).
const fs = require('fs');
const path = require('path');
const vm = require('vm');
global.window = globalThis;
require(path.join(__dirname, '..', 'templates', 'assets', 'search.js'));
const RS = globalThis.RegnavSearch;
const store = {};
const orig = RS.chunk;
RS.chunk = (k, d) => { store[k] = d; orig(k, d); };

if (process.argv[2] === '--bytes') {
  const [dir, lang, query] = process.argv.slice(3);
  const filters = process.argv[6] && process.argv[6] !== '--counts' ? JSON.parse(process.argv[6]) : {};
  const counts = process.argv.includes('--counts');
  let bytes = 0; const files = [];
  const load = (k) => {
    if (!store[k]) {
      const file = path.join(dir, k.split('/').pop() + '.js');
      const text = fs.readFileSync(file, 'utf8');
      bytes += Buffer.byteLength(text); files.push(k);
      vm.runInThisContext(text);
    }
    return Promise.resolve(store[k]);
  };
  const t0 = process.hrtime.bigint();
  RS.search(load, lang, query, filters, 10).then(async (r) => {
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const first = { bytes, files: files.length, keys: files.slice(), ms: Math.round(ms), total: r.total, at_least: r.atLeast, heads: r.heads, page: r.page, hits: r.hits.map((h) => h.id) };
    if (counts) {
      first.counts = await RS.counts(load, lang, r);
      first.counts_bytes = bytes - first.bytes;
    }
    process.stdout.write(JSON.stringify(first));
  });
} else if (process.argv[2] === '--heads') {
  // Every query's first pages (10 and 20 hits) from the heads and from
  // scoring every result: they must be the same.
  const [dir, queriesFile] = process.argv.slice(3);
  let read = [];
  const load = (k) => {
    read.push(k);
    if (!store[k]) vm.runInThisContext(fs.readFileSync(path.join(dir, k.split('/')[0], k.split('/').pop() + '.js'), 'utf8'));
    return Promise.resolve(store[k]);
  };
  // The same index without the pages the build scored (tp<c>.js,
  // mk<j>-<c>.js), the units' scores within markets (mt, mg) and the
  // documents naming each market (fn<k>.js): what the heads decide alone (a
  // searcher whose Math.log disagrees with the build's), and every unit
  // scored from its postings — the reference.
  const noPages = (k) => load(k).then((v) => (/\/meta$/.test(k) ? Object.assign({}, v, { topic_pages: [], market_pages: [], group_pages: [], name_docs: undefined, unit_scores: undefined }) : v));
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
  (async () => {
    // A digest of every reference page, to compare indexes written
    // otherwise (the shards' first terms in meta.js or in files).
    let digest = 2166136261;
    const fnv = (h, text) => { for (const c of Buffer.from(text)) h = Math.imul(h ^ c, 16777619) >>> 0; return h; };
    const out = { checked: 0, heads: 0, cut: 0, topic: 0, page: 0, market: 0, group: 0, within: 0, unit: 0, page_refused: [], topic_full: [], differ: [] };
    for (const q of queries) {
      for (const limit of [10, 20]) {
        const f = await RS.full(noPages, q.lang, q.q, {}, limit);
        digest = fnv(digest, q.lang + q.q + limit + JSON.stringify(f.hits.map((x) => x.id + ' ' + x.score)) + f.total);
        const ids = (r) => r.hits.map((x) => x.id + ' ' + x.score);
        for (const [pages, loader] of [[true, load], [false, noPages]]) {
          read = [];
          const h = await RS.search(loader, q.lang, q.q, {}, limit);
          const topic = read.some((k) => /\/hg\d+$/.test(k));
          out.checked++;
          if (h.heads) out.heads++;
          if (h.partial) out.cut++;
          if (h.partial && topic) out.topic++;
          // A topic page read but not used: no page's idfs were this engine's.
          if (pages && read.some((k) => /\/(tp|gp)\d+$/.test(k))) { if (h.page) out.page++; else out.page_refused.push(q.lang + ':' + q.q); }
          if (pages && read.some((k) => /\/mk\d+-(\d+|x)$/.test(k)) && h.page) out.market++;
          if (pages && read.some((k) => /\/gp\d+$/.test(k)) && h.page) out.group++;
          if (pages && read.some((k) => /\/m[tg]\d+-\d+$/.test(k))) out.within++;
          if (pages && read.some((k) => /\/u[tg]\d+$/.test(k))) out.unit++;
          if (topic && !h.partial) out.topic_full.push(q.lang + ':' + q.q + ':' + limit + (h.heads ? ':heads' : ''));
          if (JSON.stringify(ids(h)) !== JSON.stringify(ids(f)) || (!h.atLeast && h.total !== f.total) || h.total > f.total) {
            out.differ.push({ q: q.q, lang: q.lang, limit, pages, heads: ids(h), full: ids(f), total: [h.total, f.total] });
          }
        }
      }
    }
    out.digest = digest;
    process.stdout.write(JSON.stringify(out));
  })();
} else if (process.argv[2] === '--page') {
  const [site, lang, query] = process.argv.slice(3);
  for (const f of fs.readdirSync(path.join(site, 'search', lang))) {
    vm.runInThisContext(fs.readFileSync(path.join(site, 'search', lang, f), 'utf8'));
  }
  const load = (k) => Promise.resolve(store[k]);
  RS.search(load, lang, query, {}, 10).then(async (r) => {
    const suggestions = r.hits.length ? [] : await RS.suggestions(load, lang, r.analysis);
    const definition = await RS.definition(load, lang, r.analysis);
    const counts = await RS.counts(load, lang, r);
    process.stdout.write(JSON.stringify({ counts, total: r.total, ids: r.hits.map((h) => h.id), snippets: r.hits.map((h) => h.snippet), not_covered: r.analysis.not_covered, suggestions, term: r.analysis.term || null, definition }));
  });
} else if (process.argv[2] === '--analyse') {
  const site = process.argv[3];
  // The whole lexicon: lexicon.js with the glossary's forms (lt<k>.js)
  // and the markets' routes (rt-<code>.js) it ships apart.
  const dir = path.join(site, 'search', 'ja');
  for (const f of fs.readdirSync(dir).filter((f) => /^(lexicon|lt\d+|rt-.*)\.js$/.test(f))) {
    vm.runInThisContext(fs.readFileSync(path.join(dir, f), 'utf8'));
  }
  const lex = store['ja/lexicon'];
  lex.terms = {};
  for (let k = 0; k < lex.term_shards; k++) Object.assign(lex.terms, store['ja/lt' + k]);
  for (const code of lex.route_files) lex.markets[code].routes = store['ja/rt-' + code];
  const queries = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
  process.stdout.write(JSON.stringify(queries.map((q) => RS.analyse(lex, q))));
} else {
  const site = process.argv[2];
  for (const lang of fs.readdirSync(path.join(site, 'search'))) {
    for (const f of fs.readdirSync(path.join(site, 'search', lang))) {
      vm.runInThisContext(fs.readFileSync(path.join(site, 'search', lang, f), 'utf8'));
    }
  }
  const load = (k) => Promise.resolve(store[k]);
  const queries = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  (async () => {
    const out = [];
    for (const q of queries) {
      const langs = q.lang === 'ja' ? ['ja', 'en'] : ['en', 'ja'];
      const seen = new Set(); const ids = [];
      const rs = await Promise.all(langs.map((l) => RS.search(load, l, q.q, {}, 10)));
      // Merge: the query language's ranking first, then the other's.
      for (const r of rs) for (const h of r.hits) if (!seen.has(h.id)) { seen.add(h.id); ids.push(h.id); }
      out.push(ids.slice(0, 10));
    }
    process.stdout.write(JSON.stringify(out));
  })();
}
