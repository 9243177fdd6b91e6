// regnav static search: the browser side of src/search/static_index.rs.
// Same tokenizer as the index (NFKC, lower case, CJK bigrams, words with
// diacritics stripped), Latin words also match by prefix and with one typo,
// synonyms and "クラスB"/"class IIa" as in the embedded index. Chunks are
// scripts, so it works on any static host and from file://.
(function (root) {
  'use strict';
  var pending = {}, loaded = {};
  var RS = root.RegnavSearch || (root.RegnavSearch = {});
  RS.chunk = function (key, data) { loaded[key] = data; if (pending[key]) { pending[key].forEach(function (f) { f(data); }); delete pending[key]; } };

  function scriptLoader(base, version) {
    return function (key) {
      if (loaded[key]) return Promise.resolve(loaded[key]);
      return new Promise(function (resolve, reject) {
        var first = !pending[key];
        (pending[key] = pending[key] || []).push(resolve);
        if (!first) return;
        var s = document.createElement('script');
        s.src = base + key + '.js?v=' + version;
        s.async = true;
        s.onerror = function () { reject(new Error('cannot load ' + key)); };
        document.head.appendChild(s);
      });
    };
  }

  var CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u3005\u3006]/;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;

  function normalize(q) {
    return Array.from(q.slice(0, 1024).normalize('NFKC').toLowerCase()).map(function (c) { return /\p{Cc}/u.test(c) ? ' ' : c; }).slice(0, 256).join('');
  }
  function terms(text) {
    var chars = Array.from(normalize(text)), out = [], i = 0;
    while (i < chars.length) {
      var c = chars[i];
      if (CJK.test(c)) {
        var s = i;
        while (i < chars.length && CJK.test(chars[i])) i++;
        if (i - s === 1) out.push(chars[s]);
        else for (var k = s; k < i - 1; k++) out.push(chars[k] + chars[k + 1]);
      } else if (ALNUM.test(c)) {
        var s2 = i;
        while (i < chars.length && ALNUM.test(chars[i]) && !CJK.test(chars[i])) i++;
        var w = chars.slice(s2, i).join('').normalize('NFD').replace(/\p{M}/gu, '');
        if (w) out.push(w);
      } else i++;
    }
    return out;
  }
  // Numbers in the index are base-64 digits; a varint's digits carry 5 bits,
  // low first, 32 added to all but the last (src/search/static_index.rs).
  var DIG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', VAL = {};
  for (var di = 0; di < 64; di++) VAL[DIG[di]] = di;
  function reader(s) {
    var i = 0;
    return {
      more: function () { return i < s.length; },
      digit: function () { return VAL[s[i++]]; },
      varint: function () { var n = 0, mul = 1, v; while ((v = VAL[s[i++]]) >= 32) { n += (v - 32) * mul; mul *= 32; } return n + v * mul; }
    };
  }
  // Postings (gap, weight digit) into out as {doc: weight × factor}, keeping the best.
  function addPostings(s, factor, out) {
    var r = reader(s), end = 0;
    while (r.more()) { var d = end + r.varint(), w = r.digit() * factor; if (!(out[d] >= w)) out[d] = w; end = d + 1; }
  }
  // A doc list: runs of (gap since the last run's end, length − 1).
  function docList(s) {
    var r = reader(s), end = 0, out = [];
    while (r.more()) { var start = end + r.varint(), len = r.varint() + 1; for (var k = 0; k < len; k++) out.push(start + k); end = start + len; }
    return out;
  }
  // Code-point order, as the index sorts (UTF-16 order differs above U+D7FF).
  function cmp(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1; j += y > 0xffff ? 2 : 1;
    }
    return (a.length - i) - (b.length - j);
  }
  // The term shard that holds (or would hold) a term.
  function shardIndex(meta, term) {
    var lo = 0, hi = meta.bounds.length - 1, at = 0;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (cmp(meta.bounds[mid], term) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1; }
    return at;
  }
  function within1(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (a.length < b.length) j++;
      else if (a[i + 1] === b[j] && a[i] === b[j + 1]) { i += 2; j += 2; }
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }
  var CLASS_RE = /(クラス|\bclass)\s*(iia|iib|iii|iv|ii|i|a|b|c|d|1|2|3|4)(?![a-z0-9])/g;

  function units(q, synonyms) {
    var taken = [], m;
    CLASS_RE.lastIndex = 0;
    while ((m = CLASS_RE.exec(q))) taken.push({ s: m.index, e: m.index + m[0].length, cls: m[2] });
    var phrases = [];
    synonyms.forEach(function (g, gi) { g.forEach(function (p) { if (p) phrases.push([gi, p]); }); });
    phrases.sort(function (a, b) { return b[1].length - a[1].length; });
    phrases.forEach(function (gp) {
      var p = gp[1], from = 0, pos;
      var ascii = /^[\x00-\x7f]*$/.test(p);
      while ((pos = q.indexOf(p, from)) >= 0) {
        var end = pos + p.length;
        var before = q.slice(0, pos), after = q.slice(end);
        var ok = !ascii || ((!before || !ALNUM.test(Array.from(before).pop()) || CJK.test(Array.from(before).pop())) && (!after || !ALNUM.test(Array.from(after)[0]) || CJK.test(Array.from(after)[0])));
        if (ok && !taken.some(function (t) { return pos < t.e && t.s < end; })) taken.push({ s: pos, e: end, group: gp[0] });
        from = end;
      }
    });
    taken.sort(function (a, b) { return a.s - b.s; });
    var out = [], cursor = 0;
    function words(s) { s.split(/\s+/).forEach(function (w) { var t = terms(w); if (t.length) out.push({ alts: [t] }); }); }
    taken.forEach(function (t) {
      words(q.slice(cursor, t.s));
      if (t.cls !== undefined) out.push({ cls: t.cls });
      else out.push({ alts: synonyms[t.group].map(terms).filter(function (x) { return x.length; }) });
      cursor = t.e;
    });
    words(q.slice(cursor));
    return out;
  }

  // Postings of a term as {doc: weight}: the term itself; for Latin words
  // also the words it begins (search as you type) and, when the word itself
  // is not in the index, the most common known words one typo away.
  function termPostings(load, meta, lang, term) {
    var latin = !CJK.test(term), prefix = latin && term.length >= 3, k = shardIndex(meta, term), ks = [k];
    for (var j = k + 1; prefix && j < meta.bounds.length && j <= k + 2 && meta.bounds[j].lastIndexOf(term, 0) === 0; j++) ks.push(j);
    return Promise.all(ks.map(function (x) { return load(lang + '/t' + x); })).then(function (shards) {
      var out = {}, exact = false;
      shards.forEach(function (sh) {
        sh.forEach(function (e) {
          if (e[0] === term) { exact = true; addPostings(e[1], 1, out); }
          else if (prefix && e[0].lastIndexOf(term, 0) === 0) addPostings(e[1], 0.7, out);
        });
      });
      if (exact || !latin || term.length < 5 || meta.initials.indexOf(term[0]) < 0) return out;
      return load(lang + '/v' + term.codePointAt(0).toString(16)).then(function (words) {
        var near = words.filter(function (w) { return within1(term, w[0]); }).sort(function (a, b) { return b[1] - a[1]; }).slice(0, 3);
        return Promise.all(near.map(function (w) {
          return load(lang + '/t' + shardIndex(meta, w[0])).then(function (sh) {
            sh.forEach(function (e) { if (e[0] === w[0]) addPostings(e[1], 0.5, out); });
          });
        })).then(function () { return out; });
      });
    });
  }

  // Scores of the documents matching a term list (CJK lists: ~75 % of bigrams).
  function listScores(load, meta, lang, list) {
    return Promise.all(list.map(function (t) { return termPostings(load, meta, lang, t); })).then(function (per) {
      var need = list.some(function (t) { return CJK.test(t); }) ? Math.max(1, Math.ceil(list.length * 3 / 4)) : list.length;
      var count = {}, score = {};
      per.forEach(function (p) {
        var idf = Math.log(1 + meta.docs / Math.max(1, Object.keys(p).length));
        Object.keys(p).forEach(function (d) { count[d] = (count[d] || 0) + 1; score[d] = (score[d] || 0) + p[d] * idf; });
      });
      var out = {};
      Object.keys(count).forEach(function (d) { if (count[d] >= need) out[d] = score[d]; });
      return out;
    });
  }

  // Per document [kind, jurisdiction, category, [classes]] (value numbers).
  var decoded = {};
  function facetsOf(lang, meta, f) {
    if (decoded[lang]) return decoded[lang];
    var facets = new Array(meta.docs);
    for (var d = 0; d < meta.docs; d++) facets[d] = [null, null, null, []];
    [['kind', 0], ['jurisdiction', 1], ['category', 2]].forEach(function (p) {
      f[p[0]].forEach(function (s, v) { docList(s).forEach(function (x) { facets[x][p[1]] = v; }); });
    });
    f.cls.forEach(function (s, v) { docList(s).forEach(function (x) { facets[x][3].push(v); }); });
    return (decoded[lang] = facets);
  }

  function run(load, lang, query, filters) {
    return Promise.all([load(lang + '/meta'), load(lang + '/facets')]).then(function (mf) {
      var meta = mf[0], facets = facetsOf(lang, meta, mf[1]);
      var q = normalize(query || '');
      var us = units(q, meta.synonyms);
      function allowed(d) {
        var f = facets[d];
        if (filters.kind && meta.kinds[f[0]] !== filters.kind) return false;
        if (filters.jurisdiction && meta.jurisdictions[f[1]] !== filters.jurisdiction) return false;
        if (filters.category && meta.categories[f[2]] !== filters.category) return false;
        if (filters.cls && f[3].map(function (c) { return meta.classes[c]; }).indexOf(filters.cls.toLowerCase()) < 0) return false;
        return true;
      }
      var unitScores = us.map(function (u) {
        if (u.cls !== undefined) {
          var ci = meta.classes.indexOf(u.cls), out = {};
          facets.forEach(function (f, d) { if (f[3].indexOf(ci) >= 0) out[d] = 20; });
          return Promise.resolve(out);
        }
        return Promise.all(u.alts.map(function (l) { return listScores(load, meta, lang, l); })).then(function (alts) {
          var out = {};
          alts.forEach(function (a) { Object.keys(a).forEach(function (d) { if (!out[d] || out[d] < a[d]) out[d] = a[d]; }); });
          return out;
        });
      });
      return Promise.all(unitScores).then(function (scores) {
        var results = [];
        if (!us.length) {
          for (var d = 0; d < meta.docs; d++) if (allowed(d)) results.push({ doc: d, units: 0, score: 0 });
        } else {
          var agg = {};
          scores.forEach(function (s) { Object.keys(s).forEach(function (d) { var a = agg[d] || (agg[d] = { doc: +d, units: 0, score: 0 }); a.units++; a.score += s[d]; }); });
          Object.keys(agg).forEach(function (d) { if (allowed(+d)) results.push(agg[d]); });
          results.sort(function (a, b) { return (b.units === us.length) - (a.units === us.length) || b.units - a.units || b.score - a.score || a.doc - b.doc; });
        }
        var counts = { kind: {}, jurisdiction: {}, category: {}, cls: {} };
        results.forEach(function (r) {
          var f = facets[r.doc];
          counts.kind[meta.kinds[f[0]]] = (counts.kind[meta.kinds[f[0]]] || 0) + 1;
          if (f[1] !== null) counts.jurisdiction[meta.jurisdictions[f[1]]] = (counts.jurisdiction[meta.jurisdictions[f[1]]] || 0) + 1;
          if (f[2] !== null) counts.category[meta.categories[f[2]]] = (counts.category[meta.categories[f[2]]] || 0) + 1;
          f[3].forEach(function (c) { counts.cls[meta.classes[c]] = (counts.cls[meta.classes[c]] || 0) + 1; });
        });
        return { meta: meta, units: us, results: results, counts: counts };
      });
    });
  }

  function escapeHtml(s) { return s.replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function snippet(text, us) {
    var words = [];
    us.forEach(function (u) { (u.alts || []).forEach(function (l) { l.forEach(function (t) { if (t.length > 1 || CJK.test(t)) words.push(t); }); }); });
    var lower = text.toLowerCase().normalize('NFKC'), at = -1;
    words.forEach(function (w) { var i = lower.indexOf(w); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 40), piece = text.slice(start, start + 160);
    var html = escapeHtml(piece);
    words.sort(function (a, b) { return b.length - a.length; }).forEach(function (w) {
      var re = new RegExp('(' + escapeHtml(w).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ')', 'gi');
      html = html.replace(re, '<mark>$1</mark>');
    });
    return (start > 0 ? '…' : '') + html + (start + 160 < text.length ? '…' : '');
  }

  // Searches one language; resolves to {total, hits:[{id,title,url,snippet,lang}], counts}.
  RS.search = function (load, lang, query, filters, limit) {
    return run(load, lang, query, filters || {}).then(function (r) {
      var top = r.results.slice(0, limit || 20);
      var chunks = {};
      top.forEach(function (x) { chunks[Math.floor(x.doc / r.meta.docs_per_chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (k) { return load(lang + '/d' + k).then(function (d) { return [k, d]; }); })).then(function (loadedChunks) {
        var byChunk = {};
        loadedChunks.forEach(function (kd) { byChunk[kd[0]] = kd[1]; });
        var hits = top.map(function (x) {
          var d = byChunk[Math.floor(x.doc / r.meta.docs_per_chunk)][x.doc % r.meta.docs_per_chunk];
          return { id: d[0], title: d[1], url: d[2], snippet: snippet(d[3] + ' ' + d[4], r.units), lang: lang, score: x.score };
        });
        return { total: r.results.length, hits: hits, counts: r.counts, meta: r.meta };
      });
    });
  };
  RS.terms = terms;
  RS.scriptLoader = scriptLoader;

  // The search page.
  if (typeof document === 'undefined') return;
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('search-form');
    var out = document.getElementById('search-results');
    if (!form || !out) return;
    var lang = form.getAttribute('data-lang'), base = form.getAttribute('data-index'), version = form.getAttribute('data-version'), siteBase = form.getAttribute('data-base');
    var T = JSON.parse(document.getElementById('search-labels').textContent);
    var load = scriptLoader(base, version);
    var params = new URLSearchParams(location.search);
    ['q', 'kind', 'jurisdiction', 'category', 'cls', 'scope'].forEach(function (k) { if (params.get(k) && form.elements[k]) form.elements[k].value = params.get(k); });
    var langs = JSON.parse(form.getAttribute('data-langs'));
    function fill(select, counts, names) {
      var keep = select.value;
      while (select.options.length > 1) select.remove(1);
      Object.keys(counts).sort().forEach(function (v) { var o = document.createElement('option'); o.value = v; o.textContent = (names && names[v] || v) + ' (' + counts[v] + ')'; select.appendChild(o); });
      select.value = keep;
      if (select.value !== keep) { var o = document.createElement('option'); o.value = keep; o.textContent = keep; select.appendChild(o); select.value = keep; }
    }
    var seq = 0, shown = 10;
    function go(more) {
      var mine = ++seq;
      shown = more === true ? shown + 10 : 10;
      var q = form.elements.q.value, filters = { kind: form.elements.kind.value, jurisdiction: form.elements.jurisdiction.value, category: form.elements.category.value, cls: form.elements.cls.value };
      var p = new URLSearchParams();
      ['q', 'kind', 'jurisdiction', 'category', 'cls', 'scope'].forEach(function (k) { if (form.elements[k].value) p.set(k, form.elements[k].value); });
      history.replaceState(null, '', '?' + p.toString());
      var which = form.elements.scope.value === 'all' ? langs : [lang];
      Promise.all(which.map(function (l) { return RS.search(load, l, q, filters, shown); })).then(function (rs) {
        if (mine !== seq) return;
        var seen = {}, hits = [];
        rs.forEach(function (r) { r.hits.forEach(function (h) { if (!seen[h.id]) { seen[h.id] = true; hits.push(h); } }); });
        var counts = rs[0].counts;
        fill(form.elements.kind, counts.kind, T.kind);
        fill(form.elements.jurisdiction, counts.jurisdiction);
        fill(form.elements.category, counts.category, T.categories);
        fill(form.elements.cls, counts.cls);
        out.textContent = '';
        var p2 = document.createElement('p');
        p2.className = 'muted';
        p2.textContent = T.results.replace('{n}', rs[0].total);
        out.appendChild(p2);
        var ol = document.createElement('ol');
        ol.className = 'search-hits';
        hits.slice(0, shown).forEach(function (h) {
          var li = document.createElement('li');
          li.setAttribute('data-id', h.id);
          var a = document.createElement('a');
          a.href = siteBase + h.url.replace(/^\//, '');
          a.textContent = h.title;
          li.appendChild(a);
          var meta = document.createElement('span');
          meta.className = 'kind';
          meta.textContent = ' ' + h.id + (h.lang !== lang ? ' · ' + h.lang : '');
          li.appendChild(meta);
          var sn = document.createElement('p');
          sn.innerHTML = h.snippet; // escaped in snippet(), only <mark> added
          li.appendChild(sn);
          ol.appendChild(li);
        });
        out.appendChild(ol);
        if (rs[0].total > shown) {
          var btn = document.createElement('button');
          btn.type = 'button';
          btn.className = 'more';
          btn.textContent = T.more_results;
          btn.addEventListener('click', function () { go(true); });
          out.appendChild(btn);
        }
        out.setAttribute('data-ready', '1');
      }).catch(function (e) { out.textContent = String(e); });
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); go(); });
    form.addEventListener('change', function () { go(); });
    form.elements.q.addEventListener('input', function () { clearTimeout(go.t); go.t = setTimeout(function () { go(); }, 120); });
    go();
  });
})(typeof window !== 'undefined' ? window : globalThis);
