// regnav classification assistant: a line-by-line port of src/classify/{engine,outcome}.rs
// over the page's data (classify::data::page_data). tests/classify.rs runs both
// on the same answers and compares the JSON.
(function (root) {
  'use strict';

  function fact(q, o) { return q + '=' + o; }
  function holds(c, facts) {
    var all = c.all || [], any = c.any || [], none = c.none || [];
    return all.every(function (f) { return facts[f]; }) &&
      (!any.length || any.some(function (f) { return facts[f]; })) &&
      !none.some(function (f) { return facts[f]; });
  }

  // Questions in order; one is asked when its ask_if holds over the answers
  // to the questions asked before it (engine::walk).
  function walk(set, answers) {
    var w = { asked: [], next: null, skipped: [], facts: {} };
    set.questions.forEach(function (q) {
      if (!holds(q.ask_if || {}, w.facts)) {
        if (Object.prototype.hasOwnProperty.call(answers, q.id)) w.skipped.push(q.id);
        return;
      }
      var chosen = answers[q.id];
      if (chosen === undefined) { if (w.next === null) w.next = q.id; return; }
      if (w.next !== null) return;
      w.asked.push(q.id);
      chosen.forEach(function (o) { w.facts[fact(q.id, o)] = true; });
    });
    return w;
  }

  function fired(set, facts) { return set.rules.filter(function (r) { return holds(r.when || {}, facts); }); }
  function rank(set, c) { var i = set.classes.indexOf(c); return i < 0 ? 0 : i; }
  function decide(set, list) {
    if (!list.length) return null;
    var top = Math.max.apply(null, list.map(function (r) { return rank(set, r.class); }));
    return list.filter(function (r) { return rank(set, r.class) === top; })[0];
  }

  function word(data, key, lang) { return (data.words[key] || {})[lang] || ''; }
  function pick(t, lang) { return t ? (t[lang] || '') : ''; }

  function localName(j, c, lang) {
    var label = j.class_labels[c] ? pick(j.class_labels[c], lang) : null;
    if (label !== null) return lang === 'ja' ? 'クラス' + c + '（' + label + '）' : 'Class ' + c + ' (' + label + ')';
    return lang === 'ja' ? 'クラス' + c : 'Class ' + c;
  }

  // The class of a device of GHTF class g in one market (outcome::market_class).
  function marketClass(data, j, g, type, lang) {
    var ivd = type === 'ivd';
    var map = ivd && Object.keys(j.ivd_class_map).length ? j.ivd_class_map : j.class_map;
    var cls = Object.prototype.hasOwnProperty.call(map, g) ? map[g] : null;
    // Through the general map, only to a class IVDs have (as map_class).
    if (cls !== null && ivd && !Object.keys(j.ivd_class_map).length && (j.ivd_classes || []).length && j.ivd_classes.indexOf(cls) < 0) cls = null;
    var notes = [];
    if (cls === null) notes.push(word(data, 'no_map', lang));
    else {
      var same = Object.keys(map).sort().filter(function (k) { return map[k] === cls; });
      if (same.length > 1) notes.push(word(data, 'merged', lang).replace('{classes}', same.join(lang === 'ja' ? '・' : ', ')).replace('{class}', cls));
    }
    if (ivd && !Object.keys(j.ivd_class_map).length && Object.keys(j.class_map).length) notes.push(word(data, 'ivd_fallback', lang));
    var routes = cls === null ? [] : j.routes.filter(function (r) {
      return r.classes.indexOf(cls) >= 0 && (r.type === null || r.type === undefined || r.type === type);
    }).map(function (r) { return pick(r.name, lang); });
    return {
      code: j.code, title: pick(j.title, lang), class: cls, name: cls === null ? '—' : localName(j, cls, lang),
      routes: routes, notes: notes,
      classification: j.classification.map(function (c) { return [c.id, pick(c.title, lang), pick(c.summary, lang)]; })
    };
  }

  function ruleView(set, r, lang) {
    var s = set.sources[r.source];
    return { id: r.id, rule: r.rule, class: r.class, text: pick(r.text, lang), quote: r.quote === undefined ? null : r.quote,
      source_title: s ? pick(s.title, lang) : '', source_url: s ? s.url : '' };
  }

  function notice(data, scheme, lang) { return word(data, 'notice', lang) + (scheme === 'samd' ? word(data, 'samd', lang) : ''); }

  function checklistQuery(data, to, cls, type, attrs) {
    var q = [];
    if (to.length) q.push('to=' + to.join(','));
    if (cls) q.push('class=' + cls);
    if (type === 'ivd') q.push('type=ivd');
    var uniq = data.attrs.filter(function (a) { return attrs.indexOf(a) >= 0; });
    if (uniq.length) q.push('attr=' + uniq.join(','));
    return q.join('&');
  }

  // The answer for complete answers, or null (outcome::outcome).
  function outcome(data, setName, answers, to, lang) {
    var set = data.sets.filter(function (s) { return s.name === setName; })[0];
    if (!set) return null;
    var w = walk(set, answers);
    if (w.next !== null) return null;
    var f = fired(set, w.facts);
    var decided = decide(set, f);
    if (!decided) return null;
    var attrs = [];
    var views = w.asked.map(function (qid) {
      var q = set.questions.filter(function (x) { return x.id === qid; })[0];
      var chosen = answers[qid];
      var pairs = [];
      q.options.forEach(function (o) {
        if (chosen.indexOf(o.id) >= 0) { attrs = attrs.concat(o.attrs || []); pairs.push([o.id, pick(o.text, lang)]); }
      });
      return { question: q.id, text: pick(q.text, lang), chosen: pairs };
    });
    var g = set.scheme === 'ghtf' && ['A', 'B', 'C', 'D'].indexOf(decided.class) >= 0 ? decided.class : null;
    var markets = [];
    if (g !== null && !to.length) {
      markets = data.jurisdictions.map(function (j) { return marketClass(data, j, g, set.type, lang); }).filter(function (m) { return m.class !== null; });
    } else if (g !== null) {
      to.forEach(function (c) {
        var j = data.jurisdictions.filter(function (x) { return x.code === c; })[0];
        if (j) markets.push(marketClass(data, j, g, set.type, lang));
      });
    }
    return {
      rules: set.id, title: pick(set.title, lang), scheme: set.scheme, type: set.type, lang: lang,
      answers: views, class: decided.class, decided_by: ruleView(set, decided, lang),
      also: f.filter(function (r) { return r.id !== decided.id; }).map(function (r) { return ruleView(set, r, lang); }),
      markets: markets, checklist: checklistQuery(data, to, g, set.type, attrs), notice: notice(data, set.scheme, lang)
    };
  }

  var api = { walk: walk, outcome: outcome, holds: holds };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.RegnavClassify = api;
})(this);
