// The classification page: one question at a time (radio buttons or check
// boxes in a fieldset, Next submits), answers kept in the URL, the answer of
// RegnavClassify.outcome rendered below. Works with the keyboard alone: Tab to
// an answer, Space or the arrow keys to choose, Enter to go on.
(function () {
  'use strict';
  var form = document.getElementById('classify-form');
  var out = document.getElementById('classify-result');
  if (!form || !out || !window.RegnavClassify) return;
  var C = window.RegnavClassify;
  var data = JSON.parse(document.getElementById('classify-data').textContent);
  var T = JSON.parse(document.getElementById('classify-labels').textContent);
  var lang = form.getAttribute('data-lang');
  var base = form.getAttribute('data-base');
  var answersBox = document.getElementById('classify-answers');
  var questionBox = document.getElementById('classify-question');
  var state = { rules: null, answers: {}, order: [] };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function pick(t) { return t ? (t[lang] || '') : ''; }
  function set() { return data.sets.filter(function (s) { return s.name === state.rules; })[0] || null; }

  // The URL holds the rule set and the answers (`?rules=general&invasive=surgical&special=none`).
  function toUrl() {
    var q = new URLSearchParams();
    if (state.rules) q.set('rules', state.rules);
    state.order.forEach(function (id) { var a = state.answers[id]; q.set(id, a.length ? a.join('+') : 'none'); });
    var s = q.toString();
    history.replaceState(null, '', s ? '?' + s : location.pathname);
  }
  function fromUrl() {
    var q = new URLSearchParams(location.search);
    var name = q.get('rules');
    if (!name || !data.sets.some(function (s) { return s.name === name; })) return;
    state.rules = name;
    var s = set();
    // Answers are data: compared with the options, never put in a selector.
    s.questions.forEach(function (qu) {
      var v = q.get(qu.id);
      if (v === null) return;
      var vals = v === 'none' && qu.multiple ? [] : v.split('+');
      var ok = vals.every(function (x) { return qu.options.some(function (o) { return o.id === x; }); }) && (qu.multiple || vals.length === 1);
      if (ok) { state.answers[qu.id] = vals; state.order.push(qu.id); }
    });
    prune();
  }
  // Answers to questions no longer asked are dropped (engine::walk skips them).
  function prune() {
    var s = set();
    if (!s) return;
    var w = C.walk(s, state.answers);
    w.skipped.forEach(function (id) { delete state.answers[id]; });
    state.order = state.order.filter(function (id) { return Object.prototype.hasOwnProperty.call(state.answers, id); });
  }

  function render(focus) {
    Array.prototype.forEach.call(form.elements.rules, function (r) { r.checked = r.value === state.rules; });
    answersBox.textContent = '';
    questionBox.textContent = '';
    out.textContent = '';
    var s = set();
    document.getElementById('classify-back').disabled = !state.order.length;
    if (!s) { document.getElementById('classify-next').hidden = false; return; }
    var w = C.walk(s, state.answers);
    if (w.asked.length) {
      answersBox.appendChild(el('h2', {}, T.your_answers));
      var ol = el('ol', { class: 'classify-answers' });
      w.asked.forEach(function (id) {
        var qu = s.questions.filter(function (x) { return x.id === id; })[0];
        var chosen = qu.options.filter(function (o) { return state.answers[id].indexOf(o.id) >= 0; }).map(function (o) { return pick(o.text); });
        ol.appendChild(el('li', {}, pick(qu.text) + ' → ' + (chosen.length ? chosen.join(lang === 'ja' ? '、' : '; ') : T.none_ticked)));
      });
      answersBox.appendChild(ol);
    }
    if (w.next !== null) {
      document.getElementById('classify-next').hidden = false;
      var qu = s.questions.filter(function (x) { return x.id === w.next; })[0];
      var fs = el('fieldset', { class: 'classify-question', 'data-question': qu.id });
      fs.appendChild(el('legend', {}, (w.asked.length + 1) + '. ' + pick(qu.text)));
      if (qu.help) fs.appendChild(el('p', { class: 'muted' }, pick(qu.help)));
      if (qu.multiple) fs.appendChild(el('p', { class: 'muted' }, T.tick_any));
      qu.options.forEach(function (o, i) {
        var id = 'q-' + qu.id + '-' + i;
        var lab = el('label', { class: 'check', for: id });
        var input = el('input', { type: qu.multiple ? 'checkbox' : 'radio', name: 'answer', value: o.id, id: id });
        if (!qu.multiple && i === 0) input.required = true;
        lab.appendChild(input);
        lab.appendChild(document.createTextNode(' ' + pick(o.text)));
        fs.appendChild(lab);
        if (o.help) fs.appendChild(el('span', { class: 'muted' }, pick(o.help)));
      });
      questionBox.appendChild(fs);
      if (focus) { var first = fs.querySelector('input'); if (first) first.focus(); }
      return;
    }
    document.getElementById('classify-next').hidden = true;
    var o = C.outcome(data, state.rules, state.answers, [], lang);
    if (!o) return;
    result(o, s, focus);
  }

  function result(o, s, focus) {
    var h = el('h2', { tabindex: '-1', id: 'classify-heading' }, (o.scheme === 'samd' ? T.samd_result : T.ghtf_result) + ': ' + o.class);
    out.appendChild(h);
    var r = o.decided_by;
    var p = el('p', {}, T.decided_by + ': ' + T.rule + ' ' + r.rule + ' — ' + r.text);
    out.appendChild(p);
    if (r.quote) out.appendChild(el('blockquote', { lang: 'en' }, '“' + r.quote + '”'));
    var src = el('p', { class: 'muted' }, T.source + ': ');
    src.appendChild(el('a', { href: r.source_url, rel: 'noopener noreferrer' }, r.source_title));
    out.appendChild(src);
    if (o.also.length) {
      out.appendChild(el('h3', {}, T.other_rules));
      var ul = el('ul', {});
      o.also.forEach(function (x) { ul.appendChild(el('li', {}, T.rule + ' ' + x.rule + ' (' + x.class + '): ' + x.text)); });
      out.appendChild(ul);
    }
    if (o.markets.length) {
      out.appendChild(el('h3', {}, T.market_classes));
      var table = el('table', { class: 'matrix classify-markets' });
      var head = el('tr', {});
      [T.market, T.local_class, T.route_here, T.notes_here].forEach(function (x) { head.appendChild(el('th', { scope: 'col' }, x)); });
      var thead = el('thead', {}); thead.appendChild(head); table.appendChild(thead);
      var tbody = el('tbody', {});
      o.markets.forEach(function (m) {
        var tr = el('tr', { 'data-market': m.code });
        var th = el('th', { scope: 'row' });
        th.appendChild(el('a', { href: base + lang + '/jurisdictions/' + m.code + '/' }, m.title));
        tr.appendChild(th);
        tr.appendChild(el('td', { class: 'local-class', 'data-label': T.local_class }, m.name));
        tr.appendChild(el('td', { 'data-label': T.route_here }, m.routes.join(lang === 'ja' ? '／' : ' / ')));
        var td = el('td', { 'data-label': T.notes_here });
        m.notes.forEach(function (n) { td.appendChild(el('div', {}, n)); });
        m.classification.forEach(function (c) {
          var d = el('div', { class: 'muted' }, T.how_it_classifies + ': ');
          d.appendChild(el('a', { href: base + lang + '/' + c[0] + '/', title: c[2] }, c[1]));
          td.appendChild(d);
        });
        tr.appendChild(td);
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      out.appendChild(table);
    }
    var link = el('p', {});
    link.appendChild(el('a', { href: base + lang + '/checklist/' + (o.checklist ? '?' + o.checklist : ''), id: 'classify-checklist' }, T.open_checklist));
    out.appendChild(link);
    out.appendChild(el('p', { class: 'note' }, o.notice));
    if (focus) h.focus();
  }

  form.addEventListener('change', function (e) {
    if (e.target.name === 'rules') {
      state = { rules: e.target.value, answers: {}, order: [] };
      toUrl();
      render(false);
    }
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var s = set();
    if (!s) { var first = form.querySelector('input[name=rules]'); if (first) first.focus(); return; }
    var w = C.walk(s, state.answers);
    if (w.next === null) return;
    var qu = s.questions.filter(function (x) { return x.id === w.next; })[0];
    var chosen = Array.prototype.filter.call(questionBox.querySelectorAll('input[name=answer]'), function (i) { return i.checked; }).map(function (i) { return i.value; });
    if (!qu.multiple && chosen.length !== 1) { var r = questionBox.querySelector('input'); if (r) r.focus(); return; }
    state.answers[qu.id] = chosen;
    state.order.push(qu.id);
    toUrl();
    render(true);
  });
  document.getElementById('classify-back').addEventListener('click', function () {
    var last = state.order.pop();
    if (last !== undefined) delete state.answers[last];
    toUrl();
    render(true);
  });
  document.getElementById('classify-restart').addEventListener('click', function () {
    state = { rules: state.rules, answers: {}, order: [] };
    toUrl();
    render(true);
  });
  fromUrl();
  render(false);
})();
