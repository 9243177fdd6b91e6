// regnav checklist planner: a line-by-line port of src/checklist/{rules,plan}.rs.
// The web page and the CLI must give identical plans; tests/checklist_parity.rs
// runs both over hundreds of random profiles and compares the JSON.
(function (root) {
  'use strict';
  var CONTACT_ORDER = ['embassy-business-desk', 'cross-border-economic-officer', 'jetro-office', 'regulator', 'industry-association', 'other'];
  var MAX = 4294967295;

  function allClasses(j) {
    var out = j.classes.slice();
    j.ivd_classes.forEach(function (c) { if (out.indexOf(c) < 0) out.push(c); });
    return out;
  }

  // As Jurisdiction::map_class: an IVD through the general map only to a
  // class IVDs have.
  function mapClass(j, g, ivd) {
    var own = ivd && Object.keys(j.ivd_class_map).length;
    var map = own ? j.ivd_class_map : j.class_map;
    var c = Object.prototype.hasOwnProperty.call(map, g) ? map[g] : null;
    return c !== null && ivd && !own && j.ivd_classes.length && j.ivd_classes.indexOf(c) < 0 ? null : c;
  }

  function localClass(profile, code, j) {
    var ivd = profile.type === 'ivd';
    var given = profile.class.per_market[code];
    if (given !== undefined) {
      if (allClasses(j).indexOf(given) >= 0) return given;
      var g = given.toUpperCase();
      return ['A', 'B', 'C', 'D'].indexOf(g) >= 0 ? mapClass(j, g, ivd) : null;
    }
    return profile.class.global ? mapClass(j, profile.class.global, ivd) : null;
  }

  function facts(profile, cls) {
    var f = {};
    if (cls !== null) f['class:' + cls] = true;
    f['type:' + profile.type] = true;
    profile.attrs.forEach(function (a) { f['attr:' + a] = true; });
    profile.refs.forEach(function (r) { f['ref:' + r] = true; });
    (profile.have_refs || []).forEach(function (r) { f['ref:' + r] = true; });
    return f;
  }

  function applies(rules, f) {
    var all = rules.all || [], any = rules.any || [], none = rules.none || [];
    if (!all.every(function (x) { return f[x]; })) return null;
    var matched = any.filter(function (x) { return f[x]; });
    if (any.length && !matched.length) return null;
    if (none.some(function (x) { return f[x]; })) return null;
    return all.concat(matched).concat(none.map(function (x) { return 'not ' + x; }));
  }

  // A rule in plain words: the same sentence as checklist::words (Rust).
  // A step's time for the device: the first per-device time whose rule
  // holds (none: no time published for it), or its one time.
  function durationFor(r, f) {
    if (!r.duration_by || !r.duration_by.length) return r.duration_days;
    for (var i = 0; i < r.duration_by.length; i++) {
      if (applies(r.duration_by[i].applies, f) !== null) return { min: r.duration_by[i].min, max: r.duration_by[i].max };
    }
    return null;
  }
  function pick(pair, lang, fallback) { return pair ? pair[lang === 'ja' ? 'ja' : 'en'] : fallback; }
  function place(words, code, lang) { return pick(words.place[code], lang, code.toUpperCase()); }
  function lowerWord(w) { return w.length > 1 && w.charAt(1) !== w.charAt(1).toUpperCase() ? w.charAt(0).toLowerCase() + w.slice(1) : w; }
  function orList(items) { return items.length < 2 ? (items[0] || '') : items.slice(0, -1).join(', ') + ' or ' + items[items.length - 1]; }
  function factWords(words, fact, lang) {
    var ja = lang === 'ja', i = fact.indexOf(':'), k = fact.slice(0, i), v = fact.slice(i + 1);
    if (k === 'class') return ja ? 'クラス' + v : 'class ' + v;
    if (k === 'type') return v === 'ivd' ? (ja ? '体外診断用（IVD）' : 'an IVD') : (ja ? 'IVD以外の機器' : 'a general (non-IVD) device');
    if (k === 'attr') { var label = pick(words.attr[v], lang, v); return ja ? '「' + label + '」に当たる' : lowerWord(label) + ' device'; }
    var name = place(words, v, lang);
    return ja ? name + 'の承認を使う' : 'you rely on a ' + name + ' approval';
  }
  function alternatives(words, any, lang) {
    var ja = lang === 'ja';
    var kind = function (p) { return any.filter(function (f) { return f.indexOf(p) === 0; }).map(function (f) { return f.slice(p.length); }); };
    var classes = kind('class:');
    if (classes.length === any.length) return ja ? 'クラス' + classes.join('または') : 'class ' + orList(classes);
    var refs = kind('ref:').map(function (c) { return place(words, c, lang); });
    if (refs.length === any.length) return ja ? refs.join('・') + 'のいずれかの承認を使う' : 'you rely on a ' + orList(refs) + ' approval';
    var w = any.map(function (f) { return factWords(words, f, lang); });
    return ja ? w.join('か、') : orList(w);
  }
  function rule(words, a, lang) {
    var ja = lang === 'ja', all = a.all || [], any = a.any || [], none = a.none || [];
    if (!all.length && !any.length && !none.length) return ja ? 'すべての機器' : 'Every device';
    var parts = all.map(function (f) { return factWords(words, f, lang); });
    if (any.length) parts.push(alternatives(words, any, lang));
    var head = parts.length ? parts.join(ja ? '、かつ' : ', and ') : '';
    var s = head;
    if (none.length) {
      var refs = none.filter(function (f) { return f.indexOf('ref:') === 0; }).map(function (f) { return place(words, f.slice(4), lang); });
      var others = none.filter(function (f) { return f.indexOf('ref:') !== 0; }).map(function (f) { return factWords(words, f, lang); });
      var unless = [];
      if (refs.length) unless.push(ja ? refs.join('・') + 'の承認を使う' : 'you rely on a ' + orList(refs) + ' approval');
      unless = unless.concat(others.map(function (w) { return ja ? w + beforeBaai(w) : w; }));
      if (ja) return head + (head ? 'で、' : '') + unless.join('か、') + '場合を除く';
      s = (head ? head : 'Every device') + ', unless ' + unless.join(' or ');
    } else if (ja) {
      s += beforeBaai(s) + '場合';
    }
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  // What comes between a condition and 場合: の after a noun (「クラス1の場合」),
  // nothing after a verb (「…に当たる場合」「…を使う場合」) — as words.rs.
  function beforeBaai(w) {
    var last = w.charAt(w.length - 1);
    return last === 'る' || last === 'う' ? '' : 'の';
  }

  // The profile in plain words (words::profile_summary in Rust).
  function profileSummary(data, p, markets, lang) {
    var ja = lang === 'ja', words = data.words;
    var l = function (j, e) { return ja ? j : e; };
    var list = function (items) { return items.join(l('、', ', ')); };
    var marketName = function (code) {
      var m = markets.filter(function (x) { return x.jurisdiction === code; })[0];
      return m ? m.title : place(words, code, lang);
    };
    var parts = [l('対象市場', 'Markets') + ': ' + list(p.markets.map(marketName))];
    var converted = p.class.converted || [];
    var note = function (c) {
      if (!c) return '';
      return ja ? '（' + c.from + 'から換算。' + c.caveat[1] + '）' : ' (from ' + c.from + ': ' + c.caveat[0] + ')';
    };
    if (p.class.global) parts.push(l('クラス（GHTF）', 'Class (GHTF)') + ': ' + p.class.global + note(converted.filter(function (c) { return c.market === null || c.market === undefined; })[0]));
    Object.keys(p.class.per_market).sort().forEach(function (m) {
      parts.push(l('クラス', 'Class') + '（' + marketName(m) + '）: ' + p.class.per_market[m] + note(converted.filter(function (c) { return c.market === m; })[0]));
    });
    parts.push(l('種類', 'Type') + ': ' + (p.type === 'ivd' ? l('体外診断用（IVD）', 'IVD') : l('一般の医療機器', 'general device')));
    if (p.attrs.length) parts.push(l('属性', 'Attributes') + ': ' + list(p.attrs.map(function (a) { return pick(words.attr[a], lang, a); })));
    if (p.refs.length) parts.push(l('取得済みの承認', 'Approvals held') + ': ' + list(p.refs.map(function (r) { return place(words, r, lang); })));
    if ((p.have || []).length) parts.push(l('取得済みの書類', 'Documents held') + ': ' + list(p.have.map(function (d) { return data.documents[d] ? data.documents[d].title[lang] : d; })));
    return parts.join(' · ');
  }

  function cmpKey(a, b) {
    if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  }

  function market(data, profile, code, lang) {
    var j = data.jurisdictions[code];
    if (!j) return { jurisdiction: code, title: code, class: null, steps: [], satisfied: [], duration_days: { min: 0, max: 0 }, fees_total: [], contacts: [], notes: [lang === 'ja' ? code + 'はナレッジベースにありません' : code + ' is not in the knowledge base'], deadlines: [] };
    var notes = [];
    var cls = localClass(profile, code, j);
    // The market's name in the plan's language, for its notes (as plan.rs).
    var name = j.title[lang];
    // An IVD's own classes where the market declares them (as plan.rs).
    var listed = profile.type === 'ivd' && j.ivd_classes.length ? j.ivd_classes : allClasses(j);
    if (cls === null) {
      notes.push(lang === 'ja' ? name + 'でのクラスが不明です。現地のクラス（' + listed.join('、') + '）を指定してください。クラスで決まる手続は含めていません'
        : 'class unknown in ' + name + ': give its local class (' + listed.join(', ') + '); the steps that depend on the class are left out');
    }
    var f = facts(profile, cls);
    var have = {};
    (profile.have || []).forEach(function (d) { have[d] = true; });
    // A step whose outcome (the documents it yields) is all held is done
    // (plan::market): listed as satisfied, left out of the steps.
    var applying = [], satisfied = [];
    j.requirements.forEach(function (id) {
      var r = data.requirements[id];
      var why = applies(r.applies, f);
      if (why === null) return;
      var outcome = r.outcome || [];
      if (outcome.length && outcome.every(function (d) { return have[d]; })) {
        satisfied.push({ id: id, title: r.title[lang], category: r.category, by: outcome.slice() });
        return;
      }
      applying.push({ id: id, why: why });
    });
    var ids = {};
    applying.forEach(function (a) { ids[a.id] = true; });
    function deps(id) { return data.requirements[id].depends_on.filter(function (d) { return ids[d]; }); }
    var placed = {}, done = [], rest = applying.slice();
    while (rest.length) {
      var best = -1, bestKey = null;
      for (var i = 0; i < rest.length; i++) {
        var ready = deps(rest[i].id).every(function (d) { return placed[d]; });
        if (!ready) continue;
        var step = data.requirements[rest[i].id].step;
        var key = [step === null || step === undefined ? MAX : step, rest[i].id];
        if (bestKey === null || cmpKey(key, bestKey) < 0) { best = i; bestKey = key; }
      }
      if (best < 0) best = 0;
      var item = rest.splice(best, 1)[0];
      placed[item.id] = true;
      done.push(item);
    }
    var finish = {}, steps = [];
    done.forEach(function (item, i) {
      var r = data.requirements[item.id];
      var d = deps(item.id);
      var start = [0, 0];
      d.forEach(function (x) { if (finish[x]) { start = [Math.max(start[0], finish[x][0]), Math.max(start[1], finish[x][1])]; } });
      // Information entries (a market's fee table) are never timed steps.
      var days = r.category === 'fees' || r.category === 'renewal' ? null : durationFor(r, f);
      var dur = days ? [days.min, days.max] : [0, 0];
      finish[item.id] = [start[0] + dur[0], start[1] + dur[1]];
      var needed = r.documents.filter(function (id) {
        var doc = data.documents[id];
        var own = !doc || !doc.applies || applies(doc.applies, f) !== null;
        var cond = r.document_conditions && r.document_conditions[id];
        return own && (!cond || applies(cond, f) !== null);
      });
      steps.push({
        id: item.id, title: r.title[lang], category: r.category, order: i + 1, depends_on: d, why: item.why, when: rule(data.words, r.applies, lang),
        duration_days: days ? { min: days.min, max: days.max } : null,
        start_days: { min: start[0], max: start[1] },
        fees: r.fees.filter(function (fee) { return applies(fee.applies || {}, f) !== null; }).map(function (fee) { return { label: fee.label ? fee.label[lang] : null, amount: fee.amount, amount_max: fee.amount_max === undefined ? null : fee.amount_max, currency: fee.currency, as_of: fee.as_of, source: fee.source === undefined ? null : fee.source, only_if: fee.only_if ? fee.only_if[lang] : null }; }),
        documents: needed.filter(function (id) { return !have[id]; }),
        held: needed.filter(function (id) { return have[id]; }),
        opened_by: (profile.have || []).filter(function (d) {
          var doc = data.documents[d];
          return !!(doc && doc.approval_of) && item.why.indexOf('ref:' + doc.approval_of) >= 0;
        }),
        contacts: r.contacts.slice(), sources: (r.sources || []).slice()
      });
    });
    var mins = Object.keys(finish).map(function (k) { return finish[k][0]; });
    var maxs = Object.keys(finish).map(function (k) { return finish[k][1]; });
    var duration = { min: mins.length ? Math.max.apply(null, mins) : 0, max: maxs.length ? Math.max.apply(null, maxs) : 0 };
    // Every fee a step charges the device, summed; fees charged only in some
    // cases and the upper ends of ranges raise the upper bound. Fee tables
    // (category `fees`), classification rulings and renewals are never counted.
    var totals = {};
    steps.forEach(function (s) {
      if (s.category === 'renewal' || s.category === 'fees' || s.category === 'classification') return;
      s.fees.forEach(function (fee) {
        var t = totals[fee.currency] || (totals[fee.currency] = { currency: fee.currency, min: 0, max: 0, as_of: [] });
        if (!fee.only_if) t.min += fee.amount;
        t.max += fee.amount_max === null ? fee.amount : fee.amount_max;
        if (t.as_of.indexOf(fee.as_of) < 0) { t.as_of.push(fee.as_of); t.as_of.sort(); }
      });
    });
    var feesTotal = Object.keys(totals).sort().map(function (k) { return totals[k]; });
    var stepContacts = [];
    steps.forEach(function (s) { stepContacts = stepContacts.concat(s.contacts); });
    var pool = stepContacts.concat(j.contacts);
    var contacts = [], seen = {};
    CONTACT_ORDER.forEach(function (t) {
      var group = pool.filter(function (id) { return data.contacts[id] && data.contacts[id].type === t; });
      group.sort();
      group.forEach(function (id) {
        if (seen[id]) return;
        seen[id] = true;
        contacts.push({ id: id, title: data.contacts[id].title[lang], type: t });
      });
    });
    if (!steps.length && !satisfied.length) {
      var ja = lang === 'ja';
      notes.push(j.requirements.length
        ? (ja ? name + 'ではこのプロファイルに当てはまる要件がありません。クラス・種類・属性を確認してください（内容の不足の場合もあります）' : 'no requirement in ' + name + ' applies to this profile: check the class, type and attributes, or it is a content gap')
        : (ja ? name + 'の要件はまだナレッジベースにありません（内容の不足）。下の相談先に問い合わせてください' : 'the knowledge base has no requirements for ' + name + ' yet: a content gap, ask the contacts below'));
    }
    // Dated rules that bind this market and device: the market's own and its steps'.
    var deadlines = [];
    var addDeadlines = function (id, list) {
      (list || []).forEach(function (d) {
        if (applies(d.applies || {}, f) !== null) deadlines.push({ date: d.date, what: d.what[lang], entry: id });
      });
    };
    addDeadlines('jurisdictions/' + code, j.deadlines);
    steps.forEach(function (st) { addDeadlines(st.id, data.requirements[st.id].deadlines); });
    var key3 = function (d) { return [d.date, d.entry, d.what]; };
    deadlines.sort(function (a, b) {
      var x = key3(a), y = key3(b);
      for (var i = 0; i < 3; i++) { if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1; }
      return 0;
    });
    return { jurisdiction: code, title: j.title[lang], class: cls, steps: steps, satisfied: satisfied, duration_days: duration, fees_total: feesTotal, contacts: contacts, notes: notes, deadlines: deadlines };
  }

  function plan(data, profile, lang) {
    var markets = profile.markets.map(function (code) { return market(data, profile, code, lang); });
    var docs = {}, held = {};
    markets.forEach(function (m) {
      var add = function (map, d) {
        var list = map[d] || (map[d] = []);
        if (list.indexOf(m.jurisdiction) < 0) list.push(m.jurisdiction);
      };
      m.steps.forEach(function (s) {
        s.documents.forEach(function (d) { add(docs, d); });
        s.held.forEach(function (d) { add(held, d); });
      });
      m.satisfied.forEach(function (s) { s.by.forEach(function (d) { add(held, d); }); });
    });
    var uses = function (map) {
      var list = Object.keys(map).sort().map(function (id) {
        return { id: id, title: data.documents[id] ? data.documents[id].title[lang] : id, markets: map[id] };
      });
      list.sort(function (a, b) { return b.markets.length - a.markets.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
      return list;
    };
    return { profile: profile, lang: lang, markets: markets, documents: uses(docs), held: uses(held), summary: profileSummary(data, profile, markets, lang) };
  }

  // Numbers and money exactly as the CLI writes them (site::views::money).
  function number(x) {
    var w = Math.trunc(x), f = Math.abs(x - w);
    var s = String(Math.abs(w)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (w < 0 ? '-' : '') + s + (f > 0 ? f.toFixed(2).replace(/^0/, '') : '');
  }
  function money(a, max, cur) {
    return (max !== null && max !== undefined ? number(a) + '–' + number(max) : number(a)) + ' ' + cur;
  }
  // A spreadsheet cell: text that a spreadsheet would run as a formula gets
  // a leading apostrophe (OWASP's advice on CSV injection); quoted as needed.
  function cell(c) {
    c = String(c);
    if (/^[=+\-@\t\r]/.test(c)) c = "'" + c;
    return /[",\n\r]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c;
  }
  // The plan as CSV, byte for byte what `regnav checklist --format csv` writes.
  // The step columns and rows of a market (checklist::xlsx::step_columns and
  // step_rows): the workbook's market sheets and the CSV are made from them.
  // A link cell is {link: url, text}; the workbook shows its text, the CSV its url.
  function withHeld(plan) { return !!(plan.profile.have && plan.profile.have.length); }
  function stepColumns(plan) {
    var ja = plan.lang === 'ja', l = function (j, e) { return ja ? j : e; };
    var cols = ['#', l('手続', 'Step'), l('区分', 'Topic'), l('適用条件', 'Applies when'), l('期間', 'Time'), l('開始（日目）', 'Starts (day)'), l('手数料', 'Fees'), l('書類', 'Documents'), l('相談先', 'Whom to ask'), l('詳細ページ', 'Page'), l('出典', 'Sources')];
    if (withHeld(plan)) cols.push(l('取得済み', 'Already held'));
    return cols;
  }
  function stepRows(plan, m, info, T) {
    var lang = plan.lang, ja = lang === 'ja', l = function (j, e) { return ja ? j : e; };
    var unit = ja ? '日' : ' days';
    var span = function (d) { return d.max === 0 ? l('公表された期間なし', 'time not published') : (d.min === d.max ? d.min : d.min + '–' + d.max) + unit; };
    var docTitle = function (id) { var d = plan.documents.concat(plan.held).filter(function (x) { return x.id === id; })[0]; return d ? d.title : id; };
    var titles = function (ids) { return ids.map(docTitle).join('\n'); };
    var held = withHeld(plan);
    var who = function (id) { var c = m.contacts.filter(function (x) { return x.id === id; })[0]; return c ? c.title : id; };
    var text = function (t) { return t === '' ? null : t; };
    var rows = m.steps.map(function (st) {
      var row = [st.order, st.title, (T.categories && T.categories[st.category]) || st.category, st.when, st.duration_days ? span(st.duration_days) : null, st.start_days.min,
        text(st.fees.map(function (f) { return (f.label ? f.label + ': ' : '') + money(f.amount, f.amount_max, f.currency) + (f.only_if ? ' (' + l('必要な場合のみ：', 'only if: ') + f.only_if + ')' : '') + ' (' + l('時点', 'as of') + ' ' + f.as_of + ')'; }).join('\n')),
        text(st.documents.map(docTitle).join('\n')), text(st.contacts.map(who).join('\n')),
        { link: info.base_url + lang + '/' + st.id + '/', text: l('開く', 'Open') },
        st.sources.length ? { link: st.sources[0], text: st.sources[0] } : null];
      if (held) {
        var h = titles(st.held);
        if (st.opened_by.length) h += (h ? '\n' : '') + l('この手続を可能にした承認: ', 'opened by: ') + titles(st.opened_by);
        row.push(text(h));
      }
      return row;
    });
    // With `--have`, the steps already done follow, marked ✓ with what did it.
    m.satisfied.forEach(function (st) {
      rows.push(['✓', st.title, (T.categories && T.categories[st.category]) || st.category, null, null, null, null, null, null,
        { link: info.base_url + lang + '/' + st.id + '/', text: l('開く', 'Open') }, null, l('取得済みで完了: ', 'done, held: ') + titles(st.by)]);
    });
    return rows;
  }
  // The plan as CSV, byte for byte what `regnav checklist --format csv` writes:
  // the workbook's step rows with the market first, in the plan's language.
  function csv(plan, T, info) {
    var rows = [[plan.lang === 'ja' ? '市場' : 'Market'].concat(stepColumns(plan))];
    plan.markets.forEach(function (m) {
      stepRows(plan, m, info, T).forEach(function (r) {
        rows.push([m.title].concat(r.map(function (c) { return c === null ? '' : (typeof c === 'object' ? c.link : c); })));
      });
    });
    return '\ufeff' + rows.map(function (r) { return r.map(cell).join(','); }).join('\n') + '\n';
  }

  // The workbook's sheets, cell for cell what checklist::xlsx writes (the
  // page turns them into a file with xlsx.js). `info`: {generated, kb_reviewed, base_url}.
  function sheets(data, plan, info, T) {
    var lang = plan.lang, ja = lang === 'ja', S = { head: 1, wrap: 2, title: 5 };
    var l = function (j, e) { return ja ? j : e; };
    var head = function (t) { return { text: t, style: S.head }; };
    var link = function (url, text) { return /^https?:\/\//.test(url) ? { link: url, text: text } : text; };
    var page = function (id) { return info.base_url + lang + '/' + id + '/'; };
    var out = [];
    var cover = [[{ text: l('医療機器 規制チェックリスト', 'Medical device regulatory checklist'), style: S.title }], null,
      [head(l('対象と機器', 'Profile')), plan.summary],
      [head(l('対象市場', 'Markets')), plan.markets.map(function (m) { return m.title; }).join(l('、', ', '))],
      [head(l('作成日', 'Generated')), info.generated ? { date: info.generated } : null],
      [head(l('情報の確認日（最新）', 'Knowledge base reviewed')), info.kb_reviewed ? { date: info.kb_reviewed } : null], null,
      [null, l('本表は公開情報に基づく計画の目安である。手数料・期間は各出典の時点の値であり、クラス分類や手続の最終判断は各国当局・認証機関が行う。申請前に必ず出典と当局で最新の情報を確認すること。',
        'This plan is guidance built from public sources. Fees and times are those of each source on its date; the regulator or notified body decides the class and the procedure. Check the sources and the regulator for the latest before you file.')]];
    out.push({ name: l('表紙', 'Cover'), cols: [26, 90], rows: cover });
    plan.markets.forEach(function (m) {
      var name = Array.from(m.title).filter(function (c) { return '[]:*?/\\'.indexOf(c) < 0; }).slice(0, 31).join('') || m.jurisdiction;
      var rows = [stepColumns(plan).map(head)].concat(stepRows(plan, m, info, T).map(function (r) {
        return r.map(function (c) { return c && typeof c === 'object' ? link(c.link, c.text) : c; });
      }));
      out.push({ name: name, cols: [4, 38, 16, 30, 14, 10, 32, 36, 30, 12, 40].concat(withHeld(plan) ? [30] : []), rows: rows, freeze: { col: 0 }, filter: true });
    });
    var docs = [[head(l('書類', 'Document'))].concat(plan.markets.map(function (m) { return head(m.title); }))];
    plan.documents.forEach(function (d) {
      docs.push([link(page(d.id), d.title)].concat(plan.markets.map(function (m) { return d.markets.indexOf(m.jurisdiction) >= 0 ? '✓' : null; })));
    });
    out.push({ name: l('書類マトリクス', 'Documents'), cols: [44].concat(plan.markets.map(function () { return 14; })), rows: docs, freeze: { col: 1 } });
    var who = [[head(l('市場', 'Market')), head(l('種類', 'Type')), head(l('相談先', 'Contact')), head(l('ページ', 'Page'))]];
    plan.markets.forEach(function (m) { m.contacts.forEach(function (c) {
      who.push([m.title, (T.types && T.types[c.type]) || c.type, c.title, link(page(c.id), l('開く', 'Open'))]);
    }); });
    out.push({ name: l('相談先', 'Contacts'), cols: [18, 24, 50, 12], rows: who, freeze: { col: 0 }, filter: true });
    return out;
  }

  var api = { sheets: sheets, plan: plan, localClass: localClass, applies: applies, csv: csv, money: money, rule: rule };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.RegnavChecklist = api;
})(this);
