// regnav static search: the browser side of src/search/static_index.rs.
// Same tokenizer as the index (NFKC, lower case, CJK bigrams, words with
// diacritics stripped), Latin words also match by prefix and with one typo;
// questions read by the same analyser as the embedded index's (markets,
// classes of any scheme, topics, synonyms, romaji, stop words). Chunks are
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
  // The last of sorted `list` at or before `term` (0 when none is).
  function lastUpTo(list, term) {
    var lo = 0, hi = list.length - 1, at = 0;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (cmp(list[mid], term) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1; }
    return at;
  }
  // The phrase of the lexicon a Latin word mistypes (its index, or -1): as
  // typo_of in src/search/understand/mod.rs.
  function typoOf(lex, word) {
    if (word.length < 7 || !/^[a-z]+$/.test(word)) return -1;
    var max = word.length >= 10 ? 2 : 1, best = -1, bestD = Infinity;
    lex.phrases.forEach(function (p, pi) {
      var k = p[1], s = p[0];
      if (!typoKind(k)) return;
      if (s[0] !== word[0] || Math.abs(s.length - word.length) > max || !/^[a-z]+$/.test(s)) return;
      var d = edits(word, s);
      if (d <= (k === 'market' || k === 'alias' ? max : 1) && d < bestD) { bestD = d; best = pi; }
    });
    return best;
  }
  function typoKind(k) { return ['topic', 'device', 'syn', 'market', 'alias'].indexOf(k) >= 0; }
  // Where the words of want end when typed from s with exactly one of them
  // mistyped (seven letters or more, one edit, the same first letter), or
  // -1: as mistyped_phrase_at in src/search/understand/mod.rs.
  function mistypedPhraseAt(low, s, want) {
    var at = s, typos = 0;
    for (var k = 0; k < want.length; k++) {
      if (k > 0) { if (low[at] !== ' ') return -1; at++; }
      var end = at;
      while (end < low.length && /[a-z]/.test(low[end])) end++;
      var typed = low.slice(at, end), w = want[k];
      if (typed.join('') !== w.join('')) {
        if (!(typed.length >= 7 && typed[0] === w[0] && edits(typed, w) === 1)) return -1;
        typos++;
      }
      at = end;
    }
    return typos === 1 && (at === low.length || !isLatin(low[at])) ? at : -1;
  }
  // Edits from a to b: insertions, deletions, substitutions and swaps of
  // neighbours (optimal string alignment).
  function edits(a, b) {
    var d = [];
    for (var i = 0; i <= a.length; i++) { d.push([i]); }
    for (var j = 1; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
        d[i][j] = v;
      }
    }
    return d[a.length][b.length];
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
  // The question analyser: the same steps as src/search/understand/mod.rs,
  // over the same lexicon (search/<lang>/lexicon.js); tests/static_search.rs
  // checks that both give the same analysis.
  var CLASS_LABELS = ['iia', 'iib', 'iii', 'iv', 'ii', 'i', 'a', 'b', 'c', 'd', '1', '2', '3', '4'];
  function lower1(c) { var l = c.toLowerCase(); return Array.from(l).length === 1 ? l : c; }
  function isLatin(c) { return ALNUM.test(c) && !CJK.test(c); }
  function isKata(c) { var n = c.codePointAt(0); return (n >= 0x30a1 && n <= 0x30fa) || n === 0x30fc; }
  function isHira(c) { var n = c.codePointAt(0); return n >= 0x3041 && n <= 0x3096; }
  function isKanji(c) { return CJK.test(c) && !isHira(c) && !isKata(c); }
  function foldRomaji(w) {
    var plain = w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, ''), out = '';
    for (var i = 0; i < plain.length; i++) {
      var p = out[out.length - 1], c = plain[i];
      if (!(p === c && 'aiueo'.indexOf(c) >= 0) && !(p === 'o' && c === 'u')) out += c;
    }
    return out;
  }
  // How a phrase can be typed: as written; without the spaces between a
  // letter and a digit or between Latin and Japanese ("iso 13485" as
  // ISO13485); and with a space between Latin and Japanese ("ceマーク" as
  // "CE マーク").
  function spellings(phrase) {
    var pc = Array.from(phrase), alpha = /[a-z]/i, digit = /[0-9]/, alnum = /[a-z0-9]/i;
    function boundary(x, y) {
      return (alpha.test(x) && digit.test(y)) || (digit.test(x) && alpha.test(y))
        || (alnum.test(x) && CJK.test(y)) || (CJK.test(x) && alnum.test(y));
    }
    var joined = pc.filter(function (c, i) {
      return !(c === ' ' && i > 0 && i + 1 < pc.length && boundary(pc[i - 1], pc[i + 1]));
    });
    var spaced = [];
    joined.forEach(function (c, i) {
      if (i > 0 && CJK.test(c) !== CJK.test(joined[i - 1]) && c !== ' ' && joined[i - 1] !== ' ') spaced.push(' ');
      spaced.push(c);
    });
    var out = [pc];
    [joined, spaced].forEach(function (v) {
      if (!out.some(function (o) { return o.join('') === v.join(''); })) out.push(v);
    });
    return out;
  }
  // Kanji that end compounds as a suffix (as KANJI_SUFFIXES in
  // src/search/understand/mod.rs).
  var KANJI_SUFFIXES = '届書所証者業料表票状';
  // A word as searched: itself and, for letters run into digits
  // (IEC62304, MD14), also its parts as a phrase ("iec 62304").
  function wordForms(word) {
    // A compound ending in a suffix (変更届, 製造所): also its stem.
    var cs = Array.from(word);
    if (cs.length >= 3 && cs.every(isKanji) && KANJI_SUFFIXES.indexOf(cs[cs.length - 1]) >= 0) return [word, cs.slice(0, -1).join('')];
    if (!/^[a-z0-9]+$/.test(word) || !/[a-z]/.test(word) || !/[0-9]/.test(word)) return [word];
    return [word, word.replace(/([a-z])(?=[0-9])|([0-9])(?=[a-z])/g, '$1$2 ')];
  }
  function startsAt(hay, at, needle) {
    if (hay.length < at + needle.length) return false;
    for (var k = 0; k < needle.length; k++) if (hay[at + k] !== needle[k]) return false;
    return true;
  }
  function wordNear(low, at, forward) {
    var i = at, w = [];
    if (forward) {
      while (i < low.length && !isLatin(low[i])) i++;
      while (i < low.length && isLatin(low[i])) w.push(low[i++]);
    } else {
      while (i > 0 && !isLatin(low[i - 1])) i--;
      while (i > 0 && isLatin(low[i - 1])) w.unshift(low[--i]);
    }
    return w.join('');
  }
  // The route for the one market and the class named (as understand::answer).
  function answer(lex, A) {
    if (A.markets.length !== 1) return null;
    var code = A.markets[0], m = lex.markets[code];
    if (!m) return null;
    var local;
    A.classes.some(function (c) { if (Object.prototype.hasOwnProperty.call(c.local, code)) { local = c.local[code]; return true; } return false; });
    if (local === undefined) return null;
    var ivd = A.device_types.indexOf('ivd') >= 0;
    var routes = (m.routes || []).filter(function (r) { return r.classes.some(function (c) { return c.toLowerCase() === local; }); });
    // An IVD never gets a route for general devices only (as route_for).
    var route = routes.filter(function (r) { return r.ivd === null || r.ivd === ivd; })[0] || (ivd ? undefined : routes[0]);
    if (!route) return null;
    var cls = route.classes.filter(function (c) { return c.toLowerCase() === local; })[0];
    // The card as understand::answer gives it (the document is the page's).
    var card = {};
    Object.keys(route).forEach(function (k) { if (k !== 'doc') card[k] = route[k]; });
    return { market: code, class: cls, route: card, checklist: 'checklist/?to=' + code + '&class=' + code + '%3D' + cls + (ivd ? '&type=ivd' : '') };
  }

  // The glossary term a question is (as understand::term_asked): all of it,
  // or all but the scaffolding dropped, folded to letters and digits.
  function fold(s) { return Array.from(s.normalize('NFKC')).map(lower1).filter(function (c) { return ALNUM.test(c); }).join(''); }
  // The keys looked up: the whole question, then without the scaffolding.
  function termKeys(low, dropped) {
    var keep = low.map(function () { return true; });
    dropped.forEach(function (d) { for (var k = d[0]; k < d[0] + Array.from(d[1]).length && k < keep.length; k++) keep[k] = false; });
    return [low.filter(function (c) { return ALNUM.test(c); }).join(''), low.filter(function (c, i) { return keep[i] && ALNUM.test(c); }).join('')];
  }
  function termIn(terms, keys) {
    for (var i = 0; i < keys.length; i++) if (Object.prototype.hasOwnProperty.call(terms, keys[i])) return terms[keys[i]];
    return undefined;
  }
  function termAsked(lex, low, dropped) { return termIn(lex.terms || {}, termKeys(low, dropped)); }
  // The site ships the glossary's forms in shards (lt<k>.js, by the key's
  // first code point) and each market's routes apart (rt-<code>.js): a
  // question fetches them only when it may be a term or names a market and
  // a class (complete).
  function termShard(key, n) { return key.codePointAt(0) % n; }

  function analyse(lex, query) {
    var orig = Array.from(Array.from(query || '').slice(0, 1024).join('').normalize('NFKC')).map(function (c) { return /\p{Cc}/u.test(c) ? ' ' : c; }).slice(0, 256);
    var low = orig.map(lower1), n = low.length, parts = [];
    function free(s, e) { return !parts.some(function (p) { return s < p[1] && p[0] < e; }); }
    var kurasu = Array.from('クラス'), klass = Array.from('class');
    for (var i = 0; i < n; i++) {
      var after;
      if (startsAt(low, i, kurasu)) after = i + 3;
      else if (startsAt(low, i, klass) && (i === 0 || !isLatin(low[i - 1]))) after = i + 5;
      else continue;
      var j = after;
      while (j < n && low[j] === ' ') j++;
      for (var li = 0; li < CLASS_LABELS.length; li++) {
        var lc = Array.from(CLASS_LABELS[li]), e = j + lc.length;
        if (startsAt(low, j, lc) && (e === n || !isLatin(low[e])) && free(i, e)) { parts.push([i, e, 'class', CLASS_LABELS[li]]); break; }
      }
    }
    lex.phrases.forEach(function (p, pi) { spellings(p[0]).forEach(function (pc) {
      if (!pc.length) return;
      var first = pc[0], last = pc[pc.length - 1];
      var kanjiName = (p[1] === 'market' || p[1] === 'alias') && pc.every(isKanji);
      var s = 0;
      while (s + pc.length <= n) {
        var e = s + pc.length;
        var bounded = startsAt(low, s, pc)
          && !(isLatin(first) && s > 0 && isLatin(low[s - 1]))
          && !(isKata(first) && s > 0 && isKata(low[s - 1]))
          && !(isLatin(last) && e < n && isLatin(low[e]))
          && !(isKata(last) && e < n && isKata(low[e]))
          && !(kanjiName && ((s > 0 && isKanji(low[s - 1])) || (e < n && isKanji(low[e]))));
        if (!bounded || !free(s, e)) { s++; continue; }
        if (p[1] === 'amb') {
          var a = lex.ambiguous[+p[2]];
          var caps = orig.slice(s, e).every(function (c) { return /\p{Uppercase}/u.test(c); });
          var ctx = !!a && (a.before.indexOf(wordNear(low, s, false)) >= 0 || a.after.indexOf(wordNear(low, e, true)) >= 0);
          if (a && (caps || ctx)) parts.push(a.market && !a.term ? [s, e, 'market', a.market] : [s, e, 'word']);
          else parts.push([s, e, 'stop']);
        } else parts.push([s, e, 'phrase', pi]);
        s = e;
      }
    }); });
    // Phrases of several Latin words, one of them mistyped ("notifed body").
    lex.phrases.forEach(function (p, pi) {
      if (!/^[a-z]+( [a-z]+)+$/.test(p[0]) || !typoKind(p[1])) return;
      var want = p[0].split(' ').map(function (w) { return Array.from(w); }), s = 0;
      while (s < n) {
        var e = isLatin(low[s]) && (s === 0 || !isLatin(low[s - 1])) ? mistypedPhraseAt(low, s, want) : -1;
        if (e >= 0 && free(s, e)) { parts.push([s, e, 'typo', pi]); s = e; } else s++;
      }
    });
    var dropped = [], i2 = 0;
    while (i2 < n) {
      if (!free(i2, i2 + 1) || !(isLatin(low[i2]) || CJK.test(low[i2]))) { i2++; continue; }
      var st = i2;
      while (i2 < n && free(i2, i2 + 1) && (isLatin(low[i2]) || CJK.test(low[i2]))) i2++;
      var pieces = [], k = st, start = st;
      while (k < i2) {
        if (isHira(low[k])) {
          var r = k;
          while (k < i2 && isHira(low[k])) k++;
          var run = low.slice(r, k).join('');
          if (lex.particles.indexOf(run) >= 0) { if (start < r) pieces.push([start, r]); dropped.push([r, run]); start = k; }
        } else k++;
      }
      if (start < i2) pieces.push([start, i2]);
      // Script runs apart, as the index reads them: 政令98号 is 政令, 98, 号.
      var runs = [];
      pieces.forEach(function (ab) {
        var from = ab[0];
        for (var k2 = ab[0] + 1; k2 < ab[1]; k2++) {
          if (CJK.test(low[k2]) !== CJK.test(low[k2 - 1])) { runs.push([from, k2]); from = k2; }
        }
        runs.push([from, ab[1]]);
      });
      runs.forEach(function (ab) {
        var a0 = ab[0], b0 = ab[1], w = low.slice(a0, b0).join('');
        // A counter beside a number (the 号 of 98号, the 第 of 第3条).
        var byDigit = (a0 > 0 && /[0-9]/.test(low[a0 - 1])) || (b0 < n && /[0-9]/.test(low[b0]));
        if (b0 - a0 === 1 && isKanji(low[a0]) && byDigit) { dropped.push([a0, w]); return; }
        if (b0 - a0 === 1 && isKanji(low[a0]) && (a0 === st || b0 === i2) && (st > 0 || i2 < n)) {
          var touches = (a0 === st && st > 0 && !free(st - 1, st)) || (b0 === i2 && i2 < n && !free(i2, i2 + 1));
          if (touches) { dropped.push([a0, w]); return; }
        }
        var key = foldRomaji(w), ro = b0 - a0 >= 3 && /^[A-Za-z]+$/.test(w) && Object.prototype.hasOwnProperty.call(lex.romaji, key) ? lex.romaji[key] : undefined;
        var ty = ro === undefined ? typoOf(lex, w) : -1;
        parts.push(ro !== undefined ? [a0, b0, 'romaji', ro] : ty >= 0 ? [a0, b0, 'typo', ty] : [a0, b0, 'word']);
      });
    }
    parts.sort(function (x, y) { return x[0] - y[0]; });
    var A = { markets: [], not_covered: [], classes: [], topics: [], device_types: [], romaji: [], corrected: [], dropped: [], units: [] };
    var classAt = [];
    function same(u, v) { return JSON.stringify(u) === JSON.stringify(v); }
    function pushUnit(u) { if (!A.units.some(function (x) { return same(x, u); })) A.units.push(u); }
    function group(key) { return (lex.groups[key] || []).slice(); }
    function market(code, said) {
      var m = lex.markets[code], covered = !!(m && m.covered);
      if (covered) { if (A.markets.indexOf(code) < 0) A.markets.push(code); }
      else if (!A.not_covered.some(function (c) { return c.code === code; })) A.not_covered.push({ code: code, ja: m ? m.ja : '', en: m ? m.en : '' });
      var u = A.units.filter(function (x) { return x.type === 'market' && x.code === code; })[0];
      if (u) { if (said) (u.said = u.said || []).push(said); }
      else { u = { type: 'market', code: code, covered: covered }; if (said) u.said = [said]; A.units.push(u); }
    }
    // Aliases of several markets, words until the question names one.
    var shared = [];
    parts.forEach(function (p) {
      var text = low.slice(p[0], p[1]).join('');
      if (p[2] === 'class') { classAt.push([A.units.length, p[3]]); A.units.push({ type: 'class', labels: [p[3]] }); return; }
      if (p[2] === 'market') return market(p[3]);
      if (p[2] === 'stop') { dropped.push([p[0], text]); return; }
      if (p[2] === 'word') return pushUnit({ type: 'terms', phrases: wordForms(text) });
      var ph = lex.phrases[p[3]];
      if (!ph) return;
      if (p[2] === 'romaji') A.romaji.push(text);
      if (p[2] === 'typo') A.corrected.push([text, ph[0]]);
      if (ph[1] === 'topic') {
        // The phrase typed, when it names a part of the topic (not the
        // first of its script): entries saying it first.
        var phrases = group('topic:' + ph[2]), cjk = CJK.test(ph[0]);
        var first = phrases.filter(function (x) { return CJK.test(x) === cjk; })[0];
        var said = first !== undefined && first !== ph[0] ? [ph[0]] : [];
        if (A.topics.indexOf(ph[2]) < 0) {
          A.topics.push(ph[2]);
          var tu = { type: 'topic', category: ph[2], phrases: phrases };
          if (said.length) tu.said = said;
          A.units.push(tu);
        } else {
          var had = A.units.filter(function (x) { return x.type === 'topic' && x.category === ph[2]; })[0];
          said.forEach(function (x) { if (!had.said) had.said = []; if (had.said.indexOf(x) < 0) had.said.push(x); });
        }
      } else if (ph[1] === 'device') {
        if (A.device_types.indexOf(ph[2]) < 0) A.device_types.push(ph[2]);
        pushUnit({ type: 'terms', phrases: group('device:' + ph[2]) });
      } else if (ph[1] === 'syn') pushUnit({ type: 'terms', phrases: group(ph[2]) });
      else if (ph[1] === 'market') market(ph[2]);
      else if (ph[1] === 'alias' && ph[2].indexOf(' ') >= 0) { shared.push([ph[0], ph[2].split(' ')]); pushUnit({ type: 'terms', phrases: [ph[0]] }); }
      else if (ph[1] === 'alias') market(ph[2], ph[0]);
      else dropped.push([p[0], text]);
    });
    // An alias of several markets is the one the question names, else a word.
    shared.forEach(function (sh) {
      var word = { type: 'terms', phrases: [sh[0]] }, at = A.units.findIndex(function (u) { return same(u, word); });
      var named = A.units.filter(function (u) { return u.type === 'market' && sh[1].indexOf(u.code) >= 0; })[0];
      if (at < 0) return;
      if (!named) {
        // No market named at all: the one the alias means alone.
        var code = own(lex.alias_defaults || {}, sh[0]);
        if (code !== undefined && !A.markets.length && !A.not_covered.length) {
          var m = lex.markets[code];
          A.markets.push(code);
          A.units[at] = { type: 'market', code: code, covered: !!(m && m.covered), said: [sh[0]] };
        }
        return;
      }
      (named.said = named.said || []).push(sh[0]);
      A.units.splice(at, 1);
      classAt.forEach(function (cl) { if (cl[0] > at) cl[0]--; });
    });
    var japanese = low.some(function (c) { return CJK.test(c); });
    function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined; }
    classAt.forEach(function (cl) {
      var label = cl[1], local = {};
      var ghtf = (japanese ? own(lex.class_labels_ja, label) : undefined);
      if (ghtf === undefined) ghtf = own(lex.class_labels, label);
      if (ghtf === undefined) ghtf = null;
      A.markets.forEach(function (code) {
        var m = lex.markets[code];
        if (!m) return;
        var l = (m.classes || []).indexOf(label) >= 0 ? label : (ghtf !== null ? own(m.class_map || {}, ghtf) : undefined);
        if (l !== undefined) local[code] = l;
      });
      var labels = [];
      Object.keys(local).sort(cmp).forEach(function (c) { if (labels[labels.length - 1] !== local[c]) labels.push(local[c]); });
      if (!labels.length) labels.push(label);
      A.units[cl[0]] = { type: 'class', labels: labels };
      A.classes.push({ label: label, ghtf: ghtf, local: local });
    });
    var ans = answer(lex, A);
    if (ans) A.answer = ans;
    dropped.sort(function (x, y) { return x[0] - y[0] || cmp(x[1], y[1]); });
    var term = termAsked(lex, low, dropped);
    if (term !== undefined) A.term = term;
    // Not in the analysis itself (parity with the Rust analyser): what
    // complete looks up when the forms are in shards.
    if (!lex.terms) Object.defineProperty(A, 'termKeys', { value: termKeys(low, dropped), enumerable: false });
    A.dropped = dropped.map(function (d) { return d[1]; });
    if (!A.units.length) { A.units = A.dropped.map(function (t) { return { type: 'terms', phrases: [t] }; }); A.dropped = []; }
    return A;
  }

  // The term shard that holds (or would hold) a term, as {k, count (of
  // shards), at(j): the first term of shard j, for j up to k + 2}, a
  // promise. The shards' first terms are in meta.bounds, or for many
  // shards in files of meta.bound_size (b<g>.js), meta.bound_groups being
  // the first of each.
  function shardOf(load, lang, meta, term) {
    if (meta.bounds) return Promise.resolve({ k: lastUpTo(meta.bounds, term), count: meta.bounds.length, at: function (j) { return meta.bounds[j]; } });
    var g = lastUpTo(meta.bound_groups, term), base = g * meta.bound_size;
    return load(lang + '/b' + g).then(function (list) {
      var k = base + lastUpTo(list, term);
      var next = k + 2 >= base + list.length && g + 1 < meta.bound_groups.length ? load(lang + '/b' + (g + 1)) : Promise.resolve([]);
      return next.then(function (more) {
        var all = list.concat(more);
        return { k: k, count: meta.bound_count, at: function (j) { return all[j - base]; } };
      });
    });
  }

  // Postings of a term as {doc: weight}: the term itself; for Latin words
  // also the words it begins (search as you type) and, when the word itself
  // is not in the index, the most common known words one typo away.
  function termPostings(load, meta, lang, term) {
    var latin = !CJK.test(term), prefix = latin && term.length >= 3;
    return shardOf(load, lang, meta, term).then(function (B) {
      var ks = [B.k];
      for (var j = B.k + 1; prefix && j < B.count && j <= B.k + 2 && B.at(j).lastIndexOf(term, 0) === 0; j++) ks.push(j);
      return Promise.all(ks.map(function (x) { return load(lang + '/t' + x); }));
    }).then(function (shards) {
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
          return shardOf(load, lang, meta, w[0]).then(function (B) { return load(lang + '/t' + B.k); }).then(function (sh) {
            sh.forEach(function (e) { if (e[0] === w[0]) addPostings(e[1], 0.5, out); });
          });
        })).then(function () { return out; });
      });
    });
  }

  // The head of a term (h<k>.js, src/search/static_heads.rs): what
  // termPostings gathers for it, highest weights first and cut, as
  // {n: documents in all, map: {doc: weight}, tail: the highest weight left
  // out (0: none), tailDoc: the lowest document with it}; null when the term
  // is not in the index but begins words or is one typo from some (the
  // shards must say).
  function termHead(load, meta, lang, term) {
    var none = { n: 0, map: {}, tail: 0, tailDoc: 0, out: 0, outDoc: 0 }, B;
    return shardOf(load, lang, meta, term).then(function (b) { B = b; return load(lang + '/h' + B.k); }).then(function (entries) {
      // 1 (nothing in this shard is cut) or [term]: the postings are the head.
      var e = entries === 1 ? [term] : entries.filter(function (x) { return x[0] === term; })[0];
      if (e && e.length === 1) return termPostings(load, meta, lang, term).then(function (map) { return { n: Object.keys(map).length, map: map, tail: 0, tailDoc: 0, out: 0, outDoc: 0 }; });
      if (!e) {
        // As termPostings: a head file holds every term of its shard.
        var latin = !CJK.test(term), begins = function (t) { return t.lastIndexOf(term, 0) === 0; };
        if (latin && term.length >= 3 && (entries.some(function (x) { return begins(x[0]); }) || (B.k + 1 < B.count && begins(B.at(B.k + 1))))) return null;
        if (!latin || term.length < 5 || meta.initials.indexOf(term[0]) < 0) return none;
        return load(lang + '/v' + term.codePointAt(0).toString(16)).then(function (words) {
          return words.some(function (w) { return within1(term, w[0]); }) ? null : none;
        });
      }
      return headOf(e);
    });
  }
  // A head entry [term, n, tail code, tail doc, head(, outside code,
  // outside doc)] as {n, map, tail, tailDoc, out, outDoc}: `out` bounds the
  // documents outside a category head (hg<c>.js); a term's head is of every
  // document, so there it is its tail.
  function headOf(e) {
    var r = reader(e[4]), map = {}, end;
    while (r.more()) {
      var code = r.varint(), len = r.varint() + 1, w = codeWeight(code);
      end = 0;
      for (var j = 0; j < len; j++) { var d = end + r.varint(); map[d] = w; end = d + 1; }
    }
    var tail = e[2] ? codeWeight(e[2]) : 0, whole = e.length < 7;
    return { n: e[1], map: map, tail: tail, tailDoc: e[3], out: whole ? tail : e[5] ? codeWeight(e[5]) : 0, outDoc: whole ? e[3] : e[6] };
  }
  // A head's weight code: the digit × 1 for the term, × 0.7 for a word it begins.
  function codeWeight(code) { return code % 2 ? Math.floor(code / 2) * 0.7 : Math.floor(code / 2) * 1; }

  // A question that ranks the same for every reader has its first page
  // scored by the build (src/search/static_pages.rs): a topic alone
  // (tp<c>.js), a synonym group or device type alone (gp<g>.js), or one
  // market named, covered, with or without one topic and one class
  // (mk<j>-<c>.js; c = x for no topic). Its file and class key (null: a
  // page of one unit, {total, pages: [{idf, hits}]}), or null. The build
  // sums units as market, class, topic — the same sums unless the topic is
  // asked first of three, whose pages are under <class>/tmc or /tcm where
  // they differ.
  function builtPage(meta, lex, A) {
    var us = A.units, m = null, t = null, cl = null;
    // A synonym group or a device type alone (gp<g>.js): its phrases are
    // the group's, whatever phrase was typed.
    if (us.length === 1 && us[0].type === 'terms') {
      var g = groupOf(meta, lex, us[0]);
      return g < 0 ? null : { key: 'gp' + g, cls: null };
    }
    for (var i = 0; i < us.length; i++) {
      var u = us[i];
      if (u.type === 'market' && !m && u.covered && !u.said) m = u;
      else if (u.type === 'topic' && !t && !u.said) t = u;
      else if (u.type === 'class' && !cl && u.labels.length === 1) cl = u;
      else return null;
    }
    var c = t ? meta.categories.indexOf(t.category) : -1;
    if (t && (meta.topic_pages || []).indexOf(c) < 0) return null;
    if (!m) return t && !cl ? { key: 'tp' + c, cls: null } : null;
    var j = meta.jurisdictions.indexOf(m.code);
    if ((meta.market_pages || []).indexOf(j) < 0) return null;
    var order = us.length === 3 && us[0] === t ? (us[1] === m ? '/tmc' : '/tcm') : '';
    return { key: 'mk' + j + '-' + (t ? c : 'x'), cls: cl ? cl.labels[0] : '', order: order };
  }

  // The first `limit` results of a question with no filter from a page the
  // build scored (builtPage) or from the heads alone, or null when they
  // cannot decide them (then every posting is scored). From the heads, for
  // one unit of words or a topic: a threshold top-k (as MaxScore), the page
  // decided when nothing outside it can score above its last.
  function headsRun(load, lang, query, filters, limit) {
    return Promise.all([load(lang + '/meta'), load(lang + '/lexicon')]).then(function (mf) {
      var meta = mf[0], lex = mf[1];
      if (!meta.heads || !(limit > 0) || ['kind', 'jurisdiction', 'category', 'cls'].some(function (k) { return filters[k]; })) return null;
      var A = analyse(lex, query || ''), built = builtPage(meta, lex, A);
      if (built) {
        return load(lang + '/' + built.key).then(function (f) {
          // The page scored with the logarithm this engine computes.
          var p = f.pages.filter(function (q) { return idfsAre(meta, q.idf); })[0];
          var got = p && (built.cls === null ? { total: f.total, hits: p.hits } : p.by[built.cls + built.order] || p.by[built.cls]);
          var whole = got && got.hits.length >= got.total;
          if (!got || (limit > got.hits.length && !whole)) return built.cls === null ? fromHeads(load, lang, meta, lex, A, limit) : null;
          var results = got.hits.map(function (h) { return { doc: h[0], score: h[1] }; });
          return { meta: meta, lex: lex, analysis: A, results: results, total: got.total, atLeast: false, partial: !whole, heads: true, page: true };
        });
      }
      var us = A.units, u = us[0];
      if (us.length !== 1 || (u.type !== 'terms' && u.type !== 'topic') || u.said) return null;
      return fromHeads(load, lang, meta, lex, A, limit);
    });
  }

  // The threshold top-k over the heads for headsRun's question (analysis
  // `A`, one unit of words or a topic): its first `limit` results, or null.
  function fromHeads(load, lang, meta, lex, A, limit) {
    var u = A.units[0];
    var topic = u.type === 'topic';
    var lists = u.phrases.map(terms).filter(function (l) { return l.length; }), all = {};
    lists.forEach(function (l) { l.forEach(function (t) { all[t] = true; }); });
    var words = Object.keys(all);
    var ci = topic ? meta.categories.indexOf(u.category) : -1;
    var category = topic ? valueDocs(load, lang, meta, 'category', ci) : null;
    // A topic's words among its category's entries, when the index has them.
    var own = ci >= 0 && (meta.topic_heads || []).indexOf(ci) >= 0 ? load(lang + '/hg' + ci) : Promise.resolve([]);
    return own.then(function (entries) {
      var inCat = {};
      entries.forEach(function (e) { inCat[e[0]] = e; });
      return Promise.all([category].concat(words.map(function (t) { return inCat[t] ? headOf(inCat[t]) : termHead(load, meta, lang, t); })));
    }).then(function (got) {
      var cat = got[0], hs = got.slice(1);
      if (hs.some(function (h) { return !h; })) return null;
      var H = {}, cand = {};
      words.forEach(function (t, i) {
        var h = hs[i];
        h.idf = Math.log(1 + meta.docs / Math.max(1, h.n));
        H[t] = h;
        for (var d in h.map) cand[d] = true;
      });
      // A topic's entries are results whatever their words (unitScores).
      if (cat) cat.list.forEach(function (d) { cand[d] = true; });
      function unit(t, d) {
        if (!topic) return t;
        var s = t === undefined ? undefined : t * 0.2;
        return cat.has[d] ? (s || 0) + TOPIC / 4 : s;
      }
      var kinds = kindOf(lang, meta), kt = meta.kinds.indexOf('term');
      function isTerm(d) { return kt >= 0 && kinds[d] === kt ? 1 : 0; }
      var needs = lists.map(function (l) { return l.some(function (t) { return CJK.test(t); }) ? Math.max(1, Math.ceil(l.length * 3 / 4)) : l.length; });
      // Per candidate: its score when every list is known for it (summed
      // and kept as listScores and textScores do), else a bound.
      var exact = [], unsure = [];
      Object.keys(cand).forEach(function (key) {
        var d = +key, best, bound = -1, known = true, inside = !cat || cat.has[d];
        lists.forEach(function (l, li) {
          var count = 0, unknown = 0, s = 0, ub = 0;
          l.forEach(function (t) {
            var h = H[t], w = h.map[key], tail = inside ? h.tail : h.out;
            if (w !== undefined) { count++; s = s + w * h.idf; ub = ub + w * h.idf; } else if (tail) { unknown++; ub = ub + tail * h.idf; }
          });
          // Known when no word is in doubt, or too few could be there.
          if (!unknown || count + unknown < needs[li]) { if (count >= needs[li] && !(best >= s)) best = s; } else { known = false; if (ub > bound) bound = ub; }
        });
        // Words not all known can still not beat a list that is.
        if (best !== undefined && best >= bound) known = true;
        var score = unit(best, d);
        if (known) { if (score !== undefined) exact.push({ doc: d, units: 1, markets: 0, score: score, member: 0, tier: 0 }); }
        else unsure.push({ doc: d, bound: unit(Math.max(bound, best === undefined ? 0 : best), d) });
      });
      exact.sort(function (a, b) { return isTerm(a.doc) - isTerm(b.doc) || b.score - a.score || a.doc - b.doc; });
      // The lists a document in no head could match (enough words cut);
      // a topic's category is all candidates, so such a document is outside it.
      var open = lists.filter(function (l, li) { return l.filter(function (t) { return H[t].out; }).length >= needs[li]; });
      if (!unsure.length && !open.length) return { meta: meta, lex: lex, analysis: A, results: exact, heads: true };
      var last = exact[limit - 1];
      if (!last || isTerm(last.doc)) return null;
      // A candidate not known in full: at most its bound, and on a tie
      // after the last shown if its number is higher.
      if (unsure.some(function (x) { return !isTerm(x.doc) && (x.bound > last.score || (x.bound === last.score && x.doc < last.doc)); })) return null;
      // Any other document: at most the tails' sum; on a tie it is a tail
      // document of every word, none lower than their tailDoc.
      var outside = open.every(function (l) {
        var ub = 0, tie = 0;
        l.forEach(function (t) { var h = H[t]; if (h.out) { ub = ub + h.out * h.idf; tie = Math.max(tie, h.outDoc); } });
        ub = unit(ub, -1);
        return ub < last.score || (ub === last.score && tie > last.doc);
      });
      if (!outside) return null;
      var total = Math.max(exact.length, cat ? cat.list.length : 0);
      lists.forEach(function (l) { if (l.length === 1) total = Math.max(total, H[l[0]].n); });
      var exactTotal = !topic && lists.length === 1 && lists[0].length === 1;
      return { meta: meta, lex: lex, analysis: A, results: exact.slice(0, limit), total: total, atLeast: !exactTotal, partial: true, heads: true };
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

  // Per document [kind, jurisdiction, category, [classes], [covers]] (value
  // numbers), from facets.js: only for the counts the filters show.
  var decoded = {};
  function facetsOf(lang, meta, f) {
    if (decoded[lang]) return decoded[lang];
    var facets = new Array(meta.docs);
    for (var d = 0; d < meta.docs; d++) facets[d] = [null, null, null, [], []];
    [['kind', 0], ['jurisdiction', 1], ['category', 2]].forEach(function (p) {
      f[p[0]].forEach(function (s, v) { docList(s).forEach(function (x) { facets[x][p[1]] = v; }); });
    });
    f.cls.forEach(function (s, v) { docList(s).forEach(function (x) { facets[x][3].push(v); }); });
    (f.covers || []).forEach(function (s, v) { docList(s).forEach(function (x) { facets[x][4].push(v); }); });
    return (decoded[lang] = facets);
  }
  // A set of documents: `list` sorted, `has[d]` 1 for a member.
  function docSet(meta, list) {
    var has = new Uint8Array(meta.docs);
    list.forEach(function (d) { has[d] = 1; });
    return { list: list, has: has };
  }
  // Each document's kind (a number), from the doc lists in meta.js.
  var kindsDecoded = {};
  function kindOf(lang, meta) {
    if (kindsDecoded[lang]) return kindsDecoded[lang];
    var k = new Array(meta.docs).fill(null);
    meta.kind_docs.forEach(function (s, v) { docList(s).forEach(function (d) { k[d] = v; }); });
    return (kindsDecoded[lang] = k);
  }
  // The documents of one value of a facet (its number in meta.js; -1: none),
  // each value its own small file (fj3.js …), fetched when a question or a
  // filter names it.
  var PREFIX = { jurisdiction: 'fj', category: 'fg', cls: 'fc', covers: 'fv', names: 'fn' }, valueSets = {};
  function valueDocs(load, lang, meta, facet, v) {
    if (!(v >= 0)) return Promise.resolve(docSet(meta, []));
    var key = lang + '/' + PREFIX[facet] + v;
    if (valueSets[key]) return Promise.resolve(valueSets[key]);
    return load(key).then(function (s) { return (valueSets[key] = docSet(meta, docList(s))); });
  }
  // The documents of any of some values of a facet.
  function anyOf(load, lang, meta, facet, vs) {
    return Promise.all(vs.map(function (v) { return valueDocs(load, lang, meta, facet, v); })).then(function (sets) {
      if (sets.length === 1) return sets[0];
      var has = new Uint8Array(meta.docs), list = [];
      sets.forEach(function (x) { x.list.forEach(function (d) { has[d] = 1; }); });
      for (var d = 0; d < meta.docs; d++) if (has[d]) list.push(d);
      return { list: list, has: has };
    });
  }

  // Scores of the units (see src/search/query.rs for the same in tantivy):
  // a market is a filter more than a score, a topic ranks its category
  // first, a class matches the entries about it, words score by weight.
  var MARKET = 30, TOPIC = 60, CLASS = 20, SAID = 0.5, IVD_ONLY = 'ivd-only';
  function textScores(load, meta, lang, phrases) {
    var lists = phrases.map(terms).filter(function (l) { return l.length; });
    return Promise.all(lists.map(function (l) { return listScores(load, meta, lang, l); })).then(function (alts) {
      var out = {};
      alts.forEach(function (a) { Object.keys(a).forEach(function (d) { if (!out[d] || out[d] < a[d]) out[d] = a[d]; }); });
      return out;
    });
  }
  // A unit of words or a topic from its postings.
  function wordScores(load, meta, lang, u, A) {
    if (u.type === 'terms') return textScores(load, meta, lang, u.phrases);
    var out = {}, cat = meta.categories.indexOf(u.category);
    return Promise.all([textScores(load, meta, lang, u.phrases), valueDocs(load, lang, meta, 'category', cat)]).then(function (tc) {
      var t = tc[0];
      Object.keys(t).forEach(function (d) { out[d] = t[d] * 0.2; });
      return topicWeight(out, A, tc[1].list);
    });
  }
  // A topic's unit scores: its text share (in `out`), and its weight for
  // its category's documents, a quarter of it when no market is named.
  function topicWeight(out, A, category) {
    var w = A.markets.length ? TOPIC : TOPIC / 4;
    category.forEach(function (d) { out[d] = (out[d] || 0) + w; });
    return out;
  }
  // Whether a page's [word, documents, idf] are those this engine's
  // Math.log gives (the build wrote a page per logarithm).
  function idfsAre(meta, idf) {
    return idf.every(function (x) { return Math.log(1 + meta.docs / Math.max(1, x[1])) === x[2]; });
  }
  // The synonym group or device type whose phrases a unit of words has
  // (its number in meta.group_pages), or -1.
  function groupOf(meta, lex, u) {
    var same = JSON.stringify(u.phrases);
    return (meta.group_pages || []).findIndex(function (k) { return JSON.stringify(lex.groups[k]) === same; });
  }
  // The file of a topic's or a synonym group's unit scores written by the
  // build (src/search/static_markets.rs), read instead of its postings, or
  // null: for every document (ut<c>.js, ug<g>.js), or, for a unit of many
  // documents (meta.within_topics, within_groups) asked with a market,
  // for the documents that market reaches (a question naming it ranks no
  // other: mt<j>-<c>.js, mg<j>-<g>.js).
  function unitFile(meta, lex, u, A) {
    if (!meta.unit_scores) return null;
    var key;
    if (u.type === 'terms') {
      var g = groupOf(meta, lex, u);
      if (g < 0) return null;
      key = g;
    } else {
      var c = meta.categories.indexOf(u.category);
      if ((meta.topic_pages || []).indexOf(c) < 0 || JSON.stringify(u.phrases) !== JSON.stringify(lex.groups['topic:' + u.category])) return null;
      key = c;
    }
    var kind = u.type === 'terms' ? 'g' : 't';
    var many = (meta[kind === 'g' ? 'within_groups' : 'within_topics'] || []).indexOf(key) >= 0;
    if (!many || !A.markets.length) return 'u' + kind + key;
    var m = A.units.filter(function (x) { return x.type === 'market' && (meta.market_pages || []).indexOf(meta.jurisdictions.indexOf(x.code)) >= 0; })[0];
    return m ? 'm' + kind + meta.jurisdictions.indexOf(m.code) + '-' + key : null;
  }
  function unitScores(load, meta, lex, lang, u, A) {
    var out = {};
    if (u.type === 'class') {
      // A question that does not say IVD is about a general device: an
      // IVD-only route of the class counts half (as query.rs).
      var cis = u.labels.map(function (l) { return meta.classes.indexOf(l); });
      var io = A.device_types.indexOf('ivd') < 0 ? meta.classes.indexOf(IVD_ONLY) : -1;
      var route = routeAsked(lex, A);
      return Promise.all([anyOf(load, lang, meta, 'cls', cis), valueDocs(load, lang, meta, 'cls', io)]).then(function (sets) {
        sets[0].list.forEach(function (d) { out[d] = sets[1].has[d] ? CLASS / 2 : CLASS; });
        // The route the answer names is about the class (as query.rs).
        if (route >= 0 && !sets[0].has[route]) out[route] = CLASS;
        return out;
      });
    }
    if (u.type === 'topic' && u.said) {
      // The part of the topic typed (認証 of registration), weighed beside
      // the topic's words (as SAID_BOOST in query.rs).
      var whole = { type: 'topic', category: u.category, phrases: u.phrases };
      return Promise.all([unitScores(load, meta, lex, lang, whole, A), textScores(load, meta, lang, u.said)]).then(function (ws) {
        Object.keys(ws[1]).forEach(function (d) { ws[0][d] = (ws[0][d] || 0) + ws[1][d] * SAID; });
        return ws[0];
      });
    }
    if (u.type === 'terms' || u.type === 'topic') {
      var file = unitFile(meta, lex, u, A), scores = function () { return wordScores(load, meta, lang, u, A); };
      if (!file) return scores();
      return load(lang + '/' + file).then(function (f) {
        var p = f.pages.filter(function (q) { return idfsAre(meta, q.idf); })[0];
        if (!p) return scores();
        // The documents scored; in their order, each one's score's number
        // (a topic's: its text share); then a topic's weight for its
        // category's documents.
        var r = reader(f.at);
        docList(f.docs).forEach(function (d) { out[d] = p.values[r.varint()]; });
        return f.category === undefined ? out : topicWeight(out, A, docList(f.category));
      });
    }
    // A market: its entries (its own page a little first), contacts elsewhere
    // serving it, entries of no other market that name it.
    var ji = meta.jurisdictions.indexOf(u.code), ci = (meta.covers || []).indexOf(u.code), kj = meta.kinds.indexOf('jurisdiction');
    var named = A.markets.map(function (c) { return meta.jurisdictions.indexOf(c); }).filter(function (j) { return j >= 0; });
    var names = (lex.markets[u.code] || { names: [] }).names, kinds = kindOf(lang, meta);
    // The documents naming it: written by the build (fn<k>.js; none for a
    // market not in meta.name_docs), else its names scored as text (only
    // which documents match counts).
    var ni = meta.name_docs ? meta.name_docs.indexOf(u.code) : -2;
    var naming = ni === -2 ? textScores(load, meta, lang, names) : valueDocs(load, lang, meta, 'names', ni).then(function (s) {
      var o = {};
      s.list.forEach(function (d) { o[d] = 1; });
      return o;
    });
    return Promise.all([
      naming, textScores(load, meta, lang, u.said || []),
      valueDocs(load, lang, meta, 'jurisdiction', ji), valueDocs(load, lang, meta, 'covers', ci),
      anyOf(load, lang, meta, 'jurisdiction', named)
    ]).then(function (ts) {
      var own = ts[2], serving = ts[3], namedSet = ts[4], none = meta.no_jurisdiction_set || (meta.no_jurisdiction_set = docSet(meta, docList(meta.no_jurisdiction)));
      own.list.forEach(function (d) { out[d] = MARKET + (kinds[d] === kj ? MARKET / 3 : 0) + (ts[1][d] || 0) * 0.5; });
      serving.list.forEach(function (d) { if (!own.has[d]) out[d] = MARKET / 2 + (ts[1][d] || 0) * 0.5; });
      Object.keys(ts[0]).forEach(function (d) {
        if (!own.has[d] && !serving.has[d] && (none.has[d] || namedSet.has[d])) out[d] = MARKET / 4 + (ts[1][d] || 0) * 0.5;
      });
      return out;
    });
  }

  function run(load, lang, query, filters) {
    return Promise.all([load(lang + '/meta'), load(lang + '/lexicon')]).then(function (mf) {
      var meta = mf[0], lex = mf[1], kinds = kindOf(lang, meta);
      var A = analyse(lex, query || '');
      return (routeOnly(A) ? withRoutes(load, lang, lex, A) : Promise.resolve()).then(function () { return ranked(load, lang, filters, meta, lex, kinds, A); });
    });
  }
  // The results of run's question `A`, ranked.
  function ranked(load, lang, filters, meta, lex, kinds, A) {
    var us = A.units, route = routeAsked(lex, A);
    // The entries of the markets named (and contacts serving them), to
    // rank before entries that merely name them.
    var codes = us.filter(function (u) { return u.type === 'market'; }).map(function (u) { return u.code; });
    function index(names, v) { return v ? names.indexOf(v) : -2; }
    var need = [
      anyOf(load, lang, meta, 'jurisdiction', codes.map(function (c) { return meta.jurisdictions.indexOf(c); })),
      anyOf(load, lang, meta, 'covers', codes.map(function (c) { return (meta.covers || []).indexOf(c); })),
      // Filters (-2: none set).
      index(meta.jurisdictions, filters.jurisdiction) === -2 ? null : valueDocs(load, lang, meta, 'jurisdiction', index(meta.jurisdictions, filters.jurisdiction)),
      index(meta.categories, filters.category) === -2 ? null : valueDocs(load, lang, meta, 'category', index(meta.categories, filters.category)),
      filters.cls ? valueDocs(load, lang, meta, 'cls', meta.classes.indexOf(filters.cls.toLowerCase())) : null
    ];
    return Promise.all(need.concat(us.map(function (u) { return unitScores(load, meta, lex, lang, u, A); }))).then(function (all) {
      var memberJ = all[0], memberC = all[1], fj = all[2], fg = all[3], fc = all[4], scores = all.slice(5);
      function allowed(d) {
        if (filters.kind && meta.kinds[kinds[d]] !== filters.kind) return false;
        if (fj && !fj.has[d]) return false;
        if (fg && !fg.has[d]) return false;
        if (fc && !fc.has[d]) return false;
        return true;
      }
      var results = [];
      // Glossary terms after the entries of their tier (a term asked for
      // is answered by its definition card, above the hits).
      var kt = meta.kinds.indexOf('term');
      function isTerm(d) { return kt >= 0 && kinds[d] === kt ? 1 : 0; }
      if (!us.length) {
        for (var d = 0; d < meta.docs; d++) if (allowed(d)) results.push({ doc: d, units: 0, score: 0, tier: 0 });
        results.sort(function (a, b) { return isTerm(a.doc) - isTerm(b.doc) || a.doc - b.doc; });
      } else {
        // Every unit first; then the markets named and half of the rest
        // (never every entry); for a market not covered, its contacts.
        var isMarket = us.map(function (u) { return u.type === 'market'; });
        var others = isMarket.filter(function (m) { return !m; }).length;
        var agg = {};
        scores.forEach(function (s, ui) {
          Object.keys(s).forEach(function (d) {
            var a = agg[d] || (agg[d] = { doc: +d, units: 0, markets: 0, score: 0 });
            if (isMarket[ui]) a.markets++; else a.units++;
            a.score += s[d];
          });
        });
        var markets = us.length - others;
        Object.keys(agg).forEach(function (d) {
          var a = agg[d];
          if (!allowed(a.doc) || a.markets < markets) return;
          a.member = codes.length && (memberJ.has[a.doc] || memberC.has[a.doc]) ? 1 : 0;
          if (a.units === others) a.tier = 0;
          else if (others > 1 && a.units >= Math.ceil(others / 2)) a.tier = 1;
          else if (!a.units && A.not_covered.length) a.tier = 2;
          else return;
          results.push(a);
        });
        if (results.some(function (r) { return r.tier < 2; })) results = results.filter(function (r) { return r.tier < 2; });
        // The route the answer card names first of its tier.
        var other = function (d) { return d === route ? 0 : 1; };
        results.sort(function (a, b) { return a.tier - b.tier || other(a.doc) - other(b.doc) || isTerm(a.doc) - isTerm(b.doc) || b.member - a.member || b.units - a.units || b.score - a.score || a.doc - b.doc; });
      }
      return { meta: meta, lex: lex, analysis: A, results: results };
    });
  }

  // Per facet, how many of the results have each value (what the filters
  // show): loads facets.js, so the page asks for it only when the filters
  // are in use (opened, or one is set), not for every first query.
  RS.counts = function (load, lang, r) {
    if (r.partial) return RS.full(load, lang, r.query, r.filters, 1).then(function (all) { return RS.counts(load, lang, all); });
    return load(lang + '/facets').then(function (f) {
      var meta = r.meta, facets = facetsOf(lang, meta, f);
      var counts = { kind: {}, jurisdiction: {}, category: {}, cls: {} };
      r.docs.forEach(function (doc) {
        var fd = facets[doc];
        counts.kind[meta.kinds[fd[0]]] = (counts.kind[meta.kinds[fd[0]]] || 0) + 1;
        if (fd[1] !== null) counts.jurisdiction[meta.jurisdictions[fd[1]]] = (counts.jurisdiction[meta.jurisdictions[fd[1]]] || 0) + 1;
        if (fd[2] !== null) counts.category[meta.categories[fd[2]]] = (counts.category[meta.categories[fd[2]]] || 0) + 1;
        fd[3].forEach(function (c) { if (meta.classes[c] !== IVD_ONLY) counts.cls[meta.classes[c]] = (counts.cls[meta.classes[c]] || 0) + 1; });
      });
      return counts;
    });
  };

  function escapeHtml(s) { return s.replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  // Where `w` occurs in `s` from `from` on, a Latin word only at the start
  // of a word (not the "to" of Bluetooth); -1 when it does not.
  function wordAt(s, w, from) {
    var latin = isLatin(w[0]);
    for (var i = s.indexOf(w, from || 0); i >= 0; i = s.indexOf(w, i + 1)) {
      if (!latin || i === 0 || !isLatin(s[i - 1])) return i;
    }
    return -1;
  }
  function snippet(text, us, lex) {
    // What is marked: each phrase whole (インド, not the イン of オンライン;
    // "licence to sell", not every "to"); a phrase that does not occur whole
    // (a compound typed as one word) by its words.
    var lower = text.toLowerCase().normalize('NFKC'), at = -1, words = [];
    us.forEach(function (u) {
      var ps = u.phrases || (u.type === 'market' ? ((lex.markets[u.code] || {}).names || []).concat(u.said || []) : []);
      ps.forEach(function (p) {
        var whole = p.toLowerCase().normalize('NFKC').trim();
        if (whole.length > 1 && wordAt(lower, whole) >= 0) { words.push(whole); return; }
        terms(p).forEach(function (t) { if ((t.length > 2 || CJK.test(t)) && wordAt(lower, t) >= 0) words.push(t); });
      });
    });
    words.forEach(function (w) { var i = wordAt(lower, w); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 40), piece = text.slice(start, start + 160), lp = piece.toLowerCase();
    // Marks over the matches, overlapping and touching ones merged (the
    // bigrams of ベトナム mark the word, not ベト and ナム).
    var spans = [];
    if (lp.length === piece.length) {
      words.forEach(function (w) { for (var i = wordAt(lp, w, 0); i >= 0; i = wordAt(lp, w, i + 1)) spans.push([i, i + w.length]); });
    }
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    spans.forEach(function (sp) { var l = merged[merged.length - 1]; if (l && sp[0] <= l[1]) l[1] = Math.max(l[1], sp[1]); else merged.push(sp.slice()); });
    var html = '', cur = 0;
    merged.forEach(function (m) { html += escapeHtml(piece.slice(cur, m[0])) + '<mark>' + escapeHtml(piece.slice(m[0], m[1])) + '</mark>'; cur = m[1]; });
    html += escapeHtml(piece.slice(cur));
    return (start > 0 ? '…' : '') + html + (start + 160 < text.length ? '…' : '');
  }

  // What analyse could not tell without the files shipped apart: the
  // glossary term a question is (lt<k>.js) and the route card of one market
  // and a class (rt-<code>.js, kept in the lexicon once fetched).
  function complete(load, lang, lex, A) {
    var jobs = [];
    if (A.termKeys && A.term === undefined && lex.term_shards) {
      var keys = A.termKeys.filter(function (k) { return k; }), shards = [];
      keys.forEach(function (k) { var t = termShard(k, lex.term_shards); if (shards.indexOf(t) < 0) shards.push(t); });
      jobs.push(Promise.all(shards.map(function (t) { return load(lang + '/lt' + t); })).then(function (got) {
        var terms = {};
        got.forEach(function (g) { Object.keys(g).forEach(function (k) { terms[k] = g[k]; }); });
        var term = termIn(terms, keys);
        if (term !== undefined) A.term = term;
      }));
    }
    jobs.push(withRoutes(load, lang, lex, A));
    return Promise.all(jobs);
  }
  // The routes of the one market named with a class (rt-<code>.js, kept in
  // the lexicon), and the answer they give.
  function withRoutes(load, lang, lex, A) {
    var m = A.markets.length === 1 ? lex.markets[A.markets[0]] : null;
    if (!m || m.routes || !A.classes.length || (lex.route_files || []).indexOf(A.markets[0]) < 0) return Promise.resolve();
    return load(lang + '/rt-' + A.markets[0]).then(function (routes) {
      m.routes = routes;
      var ans = answer(lex, A);
      if (ans) A.answer = ans;
    });
  }
  // Whether the question asks for nothing but a route (as
  // understand::route_asked): one market and a class, perhaps
  // registration (not a part of it), nothing else.
  function routeOnly(A) {
    return A.markets.length === 1 && A.classes.length > 0 && A.units.every(function (u) {
      return u.type === 'market' || u.type === 'class' || (u.type === 'topic' && u.category === 'registration' && !u.said);
    });
  }
  // The document of the route answered to such a question (ranked first of
  // its tier, and about the class), or -1.
  function routeAsked(lex, A) {
    if (!routeOnly(A) || !A.answer) return -1;
    var want = A.answer.route.requirement;
    var r = (lex.markets[A.answer.market].routes || []).filter(function (x) { return want && x.requirement === want; })[0];
    return r && r.doc !== undefined ? r.doc : -1;
  }

  // Searches one language; resolves to {total, hits:[{id,title,url,snippet,lang}],
  // docs (every result's number, for RS.counts), meta, analysis}.
  // First from the heads, when they decide the page (then `partial`: `docs`
  // holds only the hits shown, and with `atLeast` the total is a lower
  // bound; RS.full and RS.counts read everything).
  RS.search = function (load, lang, query, filters, limit, full) {
    filters = filters || {};
    var heads = full ? Promise.resolve(null) : headsRun(load, lang, query, filters, limit || 20);
    return heads.then(function (h) { return h || run(load, lang, query, filters); }).then(function (r) {
      return complete(load, lang, r.lex, r.analysis).then(function () { return r; });
    }).then(function (r) {
      var top = r.results.slice(0, limit || 20);
      var chunks = {};
      top.forEach(function (x) { chunks[Math.floor(x.doc / r.meta.docs_per_chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (k) { return load(lang + '/d' + k).then(function (d) { return [k, d]; }); })).then(function (loadedChunks) {
        var byChunk = {};
        loadedChunks.forEach(function (kd) { byChunk[kd[0]] = kd[1]; });
        var hits = top.map(function (x) {
          var d = byChunk[Math.floor(x.doc / r.meta.docs_per_chunk)][x.doc % r.meta.docs_per_chunk];
          return { id: d[0], title: d[1], url: d[2], snippet: snippet(d[3] + ' ' + d[4], r.analysis.units, r.lex), lang: lang, score: x.score };
        });
        return { total: r.total === undefined ? r.results.length : r.total, atLeast: !!r.atLeast, partial: !!r.partial, heads: !!r.heads, page: !!r.page, hits: hits, docs: r.results.map(function (x) { return x.doc; }), meta: r.meta, analysis: r.analysis, query: query, filters: filters };
      });
    });
  };
  // Searches to try when a question finds nothing (as SearchIndex::suggestions):
  // the markets named with each other thing asked, then each alone.
  RS.suggestions = function (load, lang, analysis) {
    return load(lang + '/lexicon').then(function (lex) {
      var ja = lang === 'ja';
      function pick(ps) { return ps.filter(function (p) { return CJK.test(p) === ja; })[0] || ps[0]; }
      var markets = [], rest = [];
      analysis.units.forEach(function (u) {
        if (u.type === 'market') { var m = lex.markets[u.code]; if (m) markets.push(ja ? m.ja : m.en); }
        else if (u.type === 'class') rest.push((ja ? 'クラス' : 'class ') + u.labels[0].toUpperCase());
        else rest.push(pick(u.phrases));
      });
      var prefix = markets.join(' '), tries = [];
      rest.forEach(function (r) { if (prefix) tries.push(prefix + ' ' + r); });
      if (prefix) tries.push(prefix);
      tries = tries.concat(rest);
      return Promise.all(tries.map(function (q) { return RS.search(load, lang, q, {}, 1).then(function (r) { return { query: q, total: r.total }; }); }));
    }).then(function (all) {
      var seen = {};
      return all.filter(function (x) { if (!x.total || seen[x.query]) return false; seen[x.query] = true; return true; }).slice(0, 5);
    });
  };
  // The definition of the glossary term a question is, in `lang` (null if none).
  RS.definition = function (load, lang, analysis) {
    if (!analysis || !analysis.term) return Promise.resolve(null);
    return load(lang + '/glossary').then(function (g) { return Object.prototype.hasOwnProperty.call(g, analysis.term) ? g[analysis.term] : null; });
  };
  // Scores every result (not the heads alone): the exact total and every
  // result's number.
  RS.full = function (load, lang, query, filters, limit) { return RS.search(load, lang, query, filters, limit, true); };
  RS.fold = fold;
  RS.terms = terms;
  RS.analyse = analyse;
  RS.foldRomaji = foldRomaji;
  RS.scriptLoader = scriptLoader;

  // The search page.
  if (typeof document === 'undefined') return;
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('search-form');
    var out = document.getElementById('search-results');
    if (!form || !out) return;
    var lang = form.getAttribute('data-lang'), base = form.getAttribute('data-index'), version = form.getAttribute('data-version'), siteBase = form.getAttribute('data-base');
    var T = JSON.parse(document.getElementById('search-labels').textContent);
    // "1 result", "2 results", "10+ results".
    function count(n, atLeast) { return (n === 1 && !atLeast ? T.result_one : T.results).replace('{n}', n + (atLeast ? '+' : '')); }
    var load = scriptLoader(base, version);
    var params = new URLSearchParams(location.search);
    // A filter from the URL is kept even before the facets fill its select
    // (a select without the option would drop it and the page show everything).
    ['q', 'kind', 'jurisdiction', 'category', 'cls', 'scope'].forEach(function (k) {
      var v = params.get(k), e = form.elements[k];
      if (!v || !e) return;
      if (e.tagName === 'SELECT' && !Array.prototype.some.call(e.options, function (o) { return o.value === v; })) {
        var o = document.createElement('option'); o.value = v; o.textContent = v; e.appendChild(o);
      }
      e.value = v;
    });
    var langs = JSON.parse(form.getAttribute('data-langs'));
    function fill(select, counts, names) {
      var keep = select.value;
      while (select.options.length > 1) select.remove(1);
      Object.keys(counts).sort().forEach(function (v) { var o = document.createElement('option'); o.value = v; o.textContent = (names && names[v] || v) + ' (' + counts[v] + ')'; select.appendChild(o); });
      select.value = keep;
      if (select.value !== keep) { var o = document.createElement('option'); o.value = keep; o.textContent = keep; select.appendChild(o); select.value = keep; }
    }
    var seq = 0, shown = 10;
    // The counts beside the filters' values need every entry's facets
    // (facets.js, ~350 KB at 100k entries): loaded once the filters are in
    // use — hovered, focused or one set — not for every first query.
    var wantCounts = false, last = null;
    function showCounts() {
      var at = last;
      return RS.counts(load, at.lang, at.r).then(function (counts) {
        if (!last || at.seq !== last.seq) return;
        fill(form.elements.kind, counts.kind, T.kind);
        fill(form.elements.jurisdiction, counts.jurisdiction);
        fill(form.elements.category, counts.category, T.categories);
        fill(form.elements.cls, counts.cls);
      }).catch(function () {});
    }
    var filterBox = form.querySelector('.filters');
    ['focusin', 'pointerover', 'touchstart'].forEach(function (ev) {
      filterBox.addEventListener(ev, function () {
        if (wantCounts) return;
        wantCounts = true;
        if (last) showCounts();
      }, { passive: true });
    });
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
        last = { lang: which[0], r: rs[0], seq: mine };
        var filtered = ['kind', 'jurisdiction', 'category', 'cls'].some(function (k) { return filters[k]; });
        if (filtered) wantCounts = true;
        var waitCounts = wantCounts ? showCounts() : Promise.resolve();
        out.textContent = '';
        out.removeAttribute('data-ready');
        var waiting = false, waitDefinition = Promise.resolve();
        // A market the knowledge base lacks is named first, then what relates.
        (rs[0].analysis.not_covered || []).forEach(function (m) {
          var nc = document.createElement('p');
          nc.className = 'notice not-covered';
          nc.textContent = T.not_covered.replace('{name}', lang === 'ja' ? m.ja : m.en) + (hits.length ? ' ' + T.not_covered_related : '');
          out.appendChild(nc);
        });
        // A word read as the market or topic it mistypes says so.
        var corrected = rs[0].analysis.corrected || [];
        if (corrected.length) {
          var note = document.createElement('p');
          note.className = 'notice corrected';
          note.textContent = corrected.map(function (c) { return T.corrected.replace('{typed}', c[0]).replace('{read}', c[1]); }).join(' ');
          out.appendChild(note);
        }
        // A glossary term: its definition, first (filled in when loaded).
        if (rs[0].analysis.term) {
          var dcard = document.createElement('aside');
          dcard.className = 'notice definition-card';
          dcard.setAttribute('data-term', rs[0].analysis.term);
          out.appendChild(dcard);
          waitDefinition = RS.definition(load, lang, rs[0].analysis).then(function (d) {
            if (mine !== seq || !d) { dcard.remove(); return; }
            var h = document.createElement('h2');
            h.appendChild(document.createTextNode(T.definition + ': '));
            var a = document.createElement('a');
            a.href = siteBase + d.url.replace(/^\//, '');
            a.textContent = d.title;
            h.appendChild(a);
            dcard.appendChild(h);
            var p = document.createElement('p');
            p.textContent = d.definition;
            dcard.appendChild(p);
            var pm = document.createElement('p');
            pm.className = 'muted';
            pm.textContent = T.term_markets + ': ' + (d.markets.length ? d.markets.join(', ') : T.whole_field);
            dcard.appendChild(pm);
          }).catch(function () { dcard.remove(); });
        }
        // One market and a class: the route that applies, first.
        var ans = rs[0].analysis.answer;
        if (ans) {
          var card = document.createElement('aside');
          card.className = 'notice answer-card';
          var r = ans.route, bits = [];
          var head = document.createElement('p');
          head.textContent = T.answer_route.replace('{market}', ans.market.toUpperCase()).replace('{class}', ans['class']) + ' ';
          var link = document.createElement('a');
          link.href = siteBase + lang + '/' + (r.requirement || '') + (r.requirement ? '/' : '');
          link.textContent = lang === 'ja' ? r.ja : r.en;
          head.appendChild(link);
          card.appendChild(head);
          if (r.days) bits.push(T.answer_days.replace('{days}', r.days[0] === r.days[1] ? r.days[0] : r.days[0] + '–' + r.days[1]));
          if (r.fees.length) bits.push(T.answer_fees.replace('{fees}', r.fees.join(' / ')));
          if (bits.length) { var pb = document.createElement('p'); pb.textContent = bits.join(' · '); card.appendChild(pb); }
          var cl = document.createElement('a');
          cl.href = siteBase + lang + '/' + ans.checklist;
          cl.textContent = T.answer_checklist;
          card.appendChild(cl);
          out.appendChild(card);
        }
        var p2 = document.createElement('p');
        p2.className = 'muted';
        p2.textContent = count(rs[0].total, rs[0].atLeast);
        out.appendChild(p2);
        if (!hits.length && q.trim()) {
          var sug = document.createElement('div');
          sug.className = 'search-suggestions';
          out.appendChild(sug);
          var waiting = true;
          RS.suggestions(load, lang, rs[0].analysis).then(function (list) {
            if (mine !== seq) return;
            out.setAttribute('data-ready', '1');
            if (!list.length) return;
            var head = document.createElement('p');
            head.textContent = T.search_try;
            sug.appendChild(head);
            var ul = document.createElement('ul');
            list.forEach(function (x) {
              var li = document.createElement('li'), a = document.createElement('a');
              a.href = '?q=' + encodeURIComponent(x.query);
              a.textContent = x.query;
              a.addEventListener('click', function (e) { e.preventDefault(); form.elements.q.value = x.query; go(); });
              li.appendChild(a);
              li.appendChild(document.createTextNode(' (' + count(x.total, false) + ')'));
              ul.appendChild(li);
            });
            sug.appendChild(ul);
          });
        }
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
        // With no hits, ready once the suggestions are in; with a term, once
        // its definition is; with the filters in use, once their counts are.
        if (!waiting) Promise.all([waitDefinition, waitCounts]).then(function () { if (mine === seq) out.setAttribute('data-ready', '1'); });
      }).catch(function (e) { out.textContent = String(e); });
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); go(); });
    form.addEventListener('change', function () { go(); });
    form.elements.q.addEventListener('input', function () { clearTimeout(go.t); go.t = setTimeout(function () { go(); }, 120); });
    go();
  });
})(typeof window !== 'undefined' ? window : globalThis);
