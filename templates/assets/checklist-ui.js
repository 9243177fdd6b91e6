// The checklist page: form ⇄ URL ⇄ plan (RegnavChecklist.plan over REGNAV_CHECKLIST).
// Progress checkboxes are kept in localStorage per profile. No framework, works offline.
(function () {
  'use strict';
  var form = document.getElementById('checklist-form');
  var out = document.getElementById('checklist-result');
  if (!form || !out || !window.RegnavChecklist || !window.REGNAV_CHECKLIST) return;
  var P = window.RegnavChecklist;
  var data = window.REGNAV_CHECKLIST;
  var lang = form.getAttribute('data-lang');
  var base = form.getAttribute('data-base');
  var T = JSON.parse(document.getElementById('checklist-labels').textContent);
  var ATTRS = data.attrs;
  var current = null;
  // Markets keep the order the user chose them in (as the CLI's --to does).
  var order = [];
  function syncOrder() {
    var checked = values('to');
    order = order.filter(function (c) { return checked.indexOf(c) >= 0; });
    checked.forEach(function (c) { if (order.indexOf(c) < 0) order.push(c); });
    return order;
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  // `30 days`, `30–60 days`, `60日`; never "0–0" (checklist::export::span).
  function span(d) {
    if (!d || d.max === 0) return T.time_unknown;
    var unit = lang === 'ja' ? '日' : ' days';
    return (d.min === d.max ? d.min : d.min + '–' + d.max) + unit;
  }
  function values(name) { return Array.prototype.filter.call(form.elements[name] || [], function (i) { return i.checked; }).map(function (i) { return i.value; }); }
  function money(a, max, cur) {
    function n(x) { return x.toLocaleString('en-US', { maximumFractionDigits: 2 }); }
    return (max !== null && max !== undefined && max !== a ? n(a) + '–' + n(max) : n(a)) + ' ' + cur;
  }

  // `eu:IIb`, `IIb`, `jp:III` → the scheme's row (checklist::schemes, shipped as data).
  function scheme(value) {
    var i = value.indexOf(':'), prefix = i > 0 ? value.slice(0, i).toLowerCase() : '', label = i > 0 ? value.slice(i + 1) : value;
    return (data.schemes || []).filter(function (r) { return r.prefix === prefix && r.label.toLowerCase() === label.toLowerCase(); })[0] || null;
  }

  function profileFromForm() {
    var markets = syncOrder().slice();
    var perMarket = {};
    form.querySelectorAll('select[data-market]').forEach(function (s) { if (s.value && markets.indexOf(s.getAttribute('data-market')) >= 0) perMarket[s.getAttribute('data-market')] = s.value; });
    var attrs = values('attr').sort(function (a, b) { return ATTRS.indexOf(a) - ATTRS.indexOf(b); });
    var refs = values('ref').sort();
    var have = values('have').sort();
    // A held approval document is the fact ref:<code> (profile::approval_refs).
    var haveRefs = [];
    have.forEach(function (d) { var a = data.documents[d] && data.documents[d].approval_of; if (a && haveRefs.indexOf(a) < 0) haveRefs.push(a); });
    haveRefs.sort();
    var type = (Array.prototype.find.call(form.elements.type, function (r) { return r.checked; }) || {}).value || 'general';
    // A class of another scheme (eu:IIb) is taken to its usual GHTF class, said in the profile.
    var chosen = form.elements['class'].value || null, cls = { global: chosen, per_market: perMarket };
    var foreign = chosen && chosen.indexOf(':') > 0 ? scheme(chosen) : null;
    if (foreign) {
      cls.global = foreign.ghtf;
      cls.converted = [{ from: foreign.scheme + ' ' + foreign.label, ghtf: foreign.ghtf, market: null, caveat: foreign.caveat }];
    }
    var p = { markets: markets, class: cls, type: type, attrs: attrs, refs: refs };
    if (have.length) { p.have = have; }
    if (haveRefs.length) { p.have_refs = haveRefs; }
    return p;
  }

  function toQuery(p) {
    var q = new URLSearchParams();
    if (p.markets.length) q.set('to', p.markets.join(','));
    var cls = [];
    var picked = form.elements['class'].value;
    if (picked) cls.push(picked);
    Object.keys(p.class.per_market).sort().forEach(function (m) { cls.push(m + '=' + p.class.per_market[m]); });
    if (cls.length) q.set('class', cls.join(','));
    if (p.type !== 'general') q.set('type', p.type);
    if (p.attrs.length) q.set('attr', p.attrs.join(','));
    if (p.refs.length) q.set('ref', p.refs.join(','));
    if (p.have && p.have.length) q.set('have', p.have.map(function (d) { return d.replace(/^documents\//, ''); }).join(','));
    return q.toString();
  }

  function fromQuery() {
    var q = new URLSearchParams(location.search);
    var list = function (k) { return (q.get(k) || '').split(',').filter(Boolean); };
    var to = list('to');
    Array.prototype.forEach.call(form.elements.to, function (i) { i.checked = to.indexOf(i.value) >= 0; });
    order = to.filter(function (c) { return data.jurisdictions[c]; });
    renderPerMarket();
    // URL parameters are data: compared with option values, never put in a selector.
    var ignored = [];
    var choose = function (select, value) {
      var ok = select && Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      if (ok) select.value = value;
      return ok;
    };
    list('class').forEach(function (c) {
      var kv = c.split('=');
      var exact = kv.length === 1 && choose(form.elements['class'], kv[0]);
      var other = kv.length === 1 && !exact ? scheme(kv[0]) : null;
      if (other && !other.prefix) {
        // `IIb` without a scheme: the scheme option with the same label and class.
        var same = data.schemes.filter(function (r) { return r.prefix && r.label === other.label && r.ghtf === other.ghtf; })[0];
        if (same) other = same;
      }
      var ok = kv.length === 1
        ? exact || choose(form.elements['class'], other && other.prefix ? other.prefix + ':' + other.label : kv[0].toUpperCase())
        : kv.length === 2 && choose(Array.prototype.filter.call(form.querySelectorAll('select[data-market]'), function (s) { return s.getAttribute('data-market') === kv[0]; })[0], kv[1]);
      if (!ok) ignored.push('class=' + c);
    });
    to.forEach(function (c) { if (!data.jurisdictions[c]) ignored.push('to=' + c); });
    var note = document.getElementById('checklist-ignored');
    if (note) {
      note.hidden = !ignored.length;
      note.textContent = ignored.length ? (T.ignored_params || 'Ignored (not understood):') + ' ' + ignored.join(', ') : '';
    }
    var type = q.get('type') === 'ivd' ? 'ivd' : 'general';
    Array.prototype.forEach.call(form.elements.type, function (r) { r.checked = r.value === type; });
    var attrs = list('attr'), refs = list('ref');
    var have = list('have').map(function (d) { return 'documents/' + d.replace(/^documents\//, ''); });
    Array.prototype.forEach.call(form.elements.have || [], function (i) { i.checked = have.indexOf(i.value) >= 0; });
    Array.prototype.forEach.call(form.elements.attr, function (i) { i.checked = attrs.indexOf(i.value) >= 0; });
    Array.prototype.forEach.call(form.elements.ref, function (i) { i.checked = refs.indexOf(i.value) >= 0; });
  }

  function renderPerMarket() {
    var box = document.getElementById('per-market');
    var keep = {};
    box.querySelectorAll('select').forEach(function (s) { keep[s.getAttribute('data-market')] = s.value; });
    box.textContent = '';
    syncOrder().forEach(function (code) {
      var j = data.jurisdictions[code];
      var label = el('label', {}, j.title[lang] + ' ');
      var s = el('select', { 'data-market': code });
      s.appendChild(el('option', { value: '' }, T.from_ghtf));
      var classes = j.classes.concat(j.ivd_classes.filter(function (c) { return j.classes.indexOf(c) < 0; }));
      classes.forEach(function (c) { s.appendChild(el('option', { value: c }, c)); });
      if (keep[code]) s.value = keep[code];
      label.appendChild(s);
      box.appendChild(label);
    });
  }

  function storageKey(p) { return 'regnav-checklist:' + toQuery(p); }

  function gantt(m) {
    var NS = 'http://www.w3.org/2000/svg';
    var total = Math.max(m.duration_days.max, 1), w = 760, row = 22, label = 260;
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + (row * m.steps.length + 30));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', T.timeline + ' ' + m.title);
    svg.setAttribute('class', 'gantt');
    m.steps.forEach(function (s, i) {
      var y = 10 + row * i;
      var t = document.createElementNS(NS, 'text');
      t.setAttribute('x', 0); t.setAttribute('y', y + 11); t.setAttribute('font-size', 11);
      t.textContent = s.order + '. ' + (s.title.length > 20 ? s.title.slice(0, 20) + '…' : s.title);
      svg.appendChild(t);
      var r = document.createElementNS(NS, 'rect');
      var len = s.duration_days ? s.duration_days.max : 0;
      r.setAttribute('x', label + (w - label - 10) * s.start_days.max / total);
      r.setAttribute('y', y); r.setAttribute('height', 14); r.setAttribute('rx', 3);
      r.setAttribute('width', Math.max(3, (w - label - 10) * len / total));
      svg.appendChild(r);
    });
    return svg;
  }

  function render() {
    var p = profileFromForm();
    var q = toQuery(p);
    history.replaceState(null, '', q ? '?' + q : location.pathname);
    out.textContent = '';
    if (!p.markets.length) { out.appendChild(el('p', { class: 'muted' }, T.choose_market)); current = null; return; }
    var plan = window.RegnavChecklist.plan(data, p, lang);
    current = plan;
    var done = {};
    try { done = JSON.parse(localStorage.getItem(storageKey(p)) || '{}'); } catch (e) { done = {}; }
    // The profile in words, first: on screen and on paper (printing keeps it).
    out.appendChild(el('p', { class: 'plan-profile' }, plan.summary));
    plan.markets.forEach(function (m) {
      var sec = el('section', { class: 'plan-market', 'data-market': m.jurisdiction });
      sec.appendChild(el('h2', {}, m.title));
      var timed = m.steps.some(function (s) { return s.duration_days; });
      var open = m.steps.filter(function (s) { return !s.duration_days && ['registration', 'reliance', 'import-licence'].indexOf(s.category) >= 0; }).length;
      var dur = span(timed ? m.duration_days : null);
      if (timed && open) dur += lang === 'ja' ? '＋期間が公表されていない手続' + open + '件' : ', plus ' + open + ' route step(s) with no published time';
      var facts = T.class + ': ' + (m.class || '—') + ' · ' + T.duration + ': ' + dur;
      facts += ' · ' + T.fees_range + ': ' + (m.fees_total.length ? '' : T.fees_none) + m.fees_total.map(function (f) { return money(f.min, f.max, f.currency) + ' (' + f.as_of.join(', ') + ')'; }).join('; ');
      sec.appendChild(el('p', {}, facts));
      m.notes.forEach(function (n) { sec.appendChild(el('p', { class: 'notice' }, '⚠ ' + n)); });
      var now = new Date().toISOString().slice(0, 10);
      var coming = (m.deadlines || []).filter(function (d) { return d.date >= now; });
      if (coming.length) {
        var dl = el('ul', { class: 'plan-deadlines' });
        coming.forEach(function (d) {
          var li = el('li', {}, d.date + ' — ');
          li.appendChild(el('a', { href: base + lang + '/' + d.entry + '/' }, d.what));
          dl.appendChild(li);
        });
        sec.appendChild(el('p', { class: 'muted' }, T.plan_deadlines));
        sec.appendChild(dl);
      }
      if (m.steps.length) sec.appendChild(m.steps.some(function (s) { return s.duration_days; }) ? gantt(m) : document.createTextNode(''));
      var ol = el('ol', { class: 'plan-steps' });
      m.steps.forEach(function (s) {
        var li = el('li', { 'data-step-id': s.id });
        var id = 'step-' + m.jurisdiction + '-' + s.order;
        var cb = el('input', { type: 'checkbox', id: id });
        cb.checked = !!done[s.id];
        cb.addEventListener('change', function () {
          done[s.id] = cb.checked;
          try { localStorage.setItem(storageKey(p), JSON.stringify(done)); } catch (e) { /* private mode */ }
        });
        li.appendChild(cb);
        var lab = el('label', { for: id });
        lab.appendChild(document.createTextNode(s.order + '. '));
        lab.appendChild(el('a', { href: base + lang + '/' + s.id + '/' }, s.title));
        li.appendChild(lab);
        var meta = [T.categories[s.category] || s.category];
        if (s.duration_days) meta.push(span(s.duration_days));
        meta.push(T.applies + ': ' + s.when);
        li.appendChild(el('div', { class: 'muted' }, meta.join(' · ')));
        if (s.fees.length) {
          // Each fee with what it is for, the case it is charged in, its date and its source.
          var fe = el('div', { class: 'fees' }, T.fees + ': ');
          s.fees.forEach(function (f, i) {
            if (i) fe.appendChild(document.createTextNode('; '));
            var text = (f.label ? f.label + ': ' : '') + money(f.amount, f.amount_max, f.currency) + (f.only_if ? ' (' + T.only_if + f.only_if + ')' : '');
            fe.appendChild(document.createTextNode(text + ' '));
            var when = lang === 'ja' ? '（' + f.as_of + '時点）' : '(as of ' + f.as_of + ')';
            fe.appendChild(f.source ? el('a', { href: f.source, rel: 'noopener noreferrer', class: 'muted' }, when) : el('span', { class: 'muted' }, when));
          });
          li.appendChild(fe);
        }
        var docList = function (label, ids, cls) {
          if (!ids.length) return;
          var d = el('div', { class: cls }, label + ': ');
          ids.forEach(function (doc, i) {
            if (i) d.appendChild(document.createTextNode(', '));
            d.appendChild(el('a', { href: base + lang + '/' + doc + '/' }, data.documents[doc] ? data.documents[doc].title[lang] : doc));
          });
          li.appendChild(d);
        };
        docList(T.documents, s.documents, 'docs');
        docList('✓ ' + T.documents_held, s.held, 'docs muted');
        docList(T.opened_by, s.opened_by, 'docs muted');
        ol.appendChild(li);
      });
      sec.appendChild(ol);
      if (m.satisfied.length) {
        sec.appendChild(el('h3', {}, T.already_done));
        var doneList = el('ul', { class: 'plan-satisfied' });
        m.satisfied.forEach(function (s) {
          var li = el('li', { 'data-satisfied-id': s.id }, '☑ ');
          li.appendChild(el('a', { href: base + lang + '/' + s.id + '/' }, s.title));
          li.appendChild(document.createTextNode(' — ' + s.by.map(function (d) { return data.documents[d] ? data.documents[d].title[lang] : d; }).join(', ')));
          doneList.appendChild(li);
        });
        sec.appendChild(doneList);
      }
      if (m.contacts.length) {
        sec.appendChild(el('h3', {}, T.whom_to_ask));
        var ul = el('ul', {});
        m.contacts.forEach(function (c) { var li = el('li', {}); li.appendChild(el('a', { href: base + lang + '/' + c.id + '/' }, c.title)); li.appendChild(document.createTextNode(' — ' + (T.types[c.type] || c.type))); ul.appendChild(li); });
        sec.appendChild(ul);
      }
      out.appendChild(sec);
    });
    if (plan.documents.length) {
      out.appendChild(el('h2', {}, T.doc_matrix));
      var table = el('table', { class: 'matrix' });
      var head = el('tr', {});
      head.appendChild(el('th', { scope: 'col' }, T.documents));
      plan.markets.forEach(function (m) { head.appendChild(el('th', { scope: 'col' }, m.jurisdiction.toUpperCase())); });
      var thead = el('thead', {}); thead.appendChild(head); table.appendChild(thead);
      var tbody = el('tbody', {});
      plan.documents.forEach(function (d) {
        var tr = el('tr', {});
        var th = el('th', { scope: 'row' }); th.appendChild(el('a', { href: base + lang + '/' + d.id + '/' }, d.title)); tr.appendChild(th);
        plan.markets.forEach(function (m) { tr.appendChild(el('td', {}, d.markets.indexOf(m.jurisdiction) >= 0 ? '✓' : '')); });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      out.appendChild(table);
    }
  }

  function download(name, type, text) {
    var a = el('a', { href: URL.createObjectURL(new Blob([text], { type: type })), download: name });
    document.body.appendChild(a); a.click(); a.remove();
  }
  document.getElementById('dl-csv').addEventListener('click', function () { if (current) download('checklist.csv', 'text/csv;charset=utf-8', P.csv(current, T, { base_url: location.origin + base })); });
  document.getElementById('dl-xlsx').addEventListener('click', function () {
    if (!current || !window.RegnavXlsx) return;
    var today = new Date(), pad = function (n) { return (n < 10 ? '0' : '') + n; };
    var info = { generated: today.getFullYear() + '-' + pad(today.getMonth() + 1) + '-' + pad(today.getDate()), kb_reviewed: data.reviewed || null, base_url: location.origin + base };
    var bytes = window.RegnavXlsx.workbook(P.sheets(data, current, info, T));
    download('checklist.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes);
  });
  document.getElementById('dl-json').addEventListener('click', function () { if (current) download('checklist.json', 'application/json', JSON.stringify(current, null, 2)); });
  form.addEventListener('change', function (e) { if (e.target.name === 'to') renderPerMarket(); render(); });
  fromQuery();
  render();
})();
