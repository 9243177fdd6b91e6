// regnav serve: live reload, the error overlay, the warnings badge and
// "edit this file" (injected by the dev server only, never into a build).
(function () {
  'use strict';
  var overlay = null, panel = null, badge = null, editLink = null;
  var follow = localStorage.getItem('regnav-follow') === '1';
  var all = { count: 0, files: 0, warnings: [] }, mine = [];
  function el(tag, css, text) { var e = document.createElement(tag); if (css) e.style.cssText = css; if (text) e.textContent = text; return e; }
  function ready(f) { if (document.body) f(); else document.addEventListener('DOMContentLoaded', f); }
  function edit(href, text, css) {
    var a = el('a', css || 'color:inherit;margin-left:.5em', text || 'edit');
    a.href = href;
    return a;
  }
  function clear() { if (overlay) { overlay.remove(); overlay = null; } }
  function showErrors(d) {
    clear();
    overlay = el('div', 'position:fixed;inset:0;z-index:99999;background:rgba(20,0,0,.88);color:#fff;font:14px/1.5 ui-monospace,Menlo,monospace;overflow:auto;padding:2rem');
    overlay.id = 'regnav-overlay';
    overlay.appendChild(el('h2', 'margin:0 0 1rem;color:#ff8080', 'regnav: the last save has errors — the previous version is still served'));
    (d.errors || []).forEach(function (e) {
      var box = el('div', 'margin:0 0 1rem;padding:.6rem .8rem;border-left:4px solid #ff6b6b;background:rgba(255,255,255,.06)');
      box.setAttribute('data-file', e.file);
      var where = el('div', 'color:#ffd479', e.file + ':' + e.line + ':' + e.column + ' [' + e.code + ']');
      if (e.edit) where.appendChild(edit(e.edit, 'open in the editor', 'color:#9fd;margin-left:.8em'));
      box.appendChild(where);
      box.appendChild(el('div', '', e.message));
      if (e.source_line) box.appendChild(el('pre', 'margin:.3rem 0;padding:.2rem .4rem;background:rgba(0,0,0,.35);white-space:pre-wrap', e.line + ' | ' + e.source_line));
      if (e.help) box.appendChild(el('div', 'color:#9fd', 'help: ' + e.help));
      overlay.appendChild(box);
    });
    document.body.appendChild(overlay);
  }
  // One warning: where, what, a link to open it.
  function warningLine(w) {
    var row = el('li', 'margin:.25rem 0');
    row.setAttribute('data-file', w.file);
    row.appendChild(el('code', 'font-size:12px', w.file + ':' + w.line + ':' + w.column));
    row.appendChild(document.createTextNode(' [' + w.code + '] ' + w.message));
    if (w.edit) row.appendChild(edit(w.edit));
    return row;
  }
  function renderPanel() {
    if (!panel) return;
    panel.textContent = '';
    var close = el('button', 'float:right;border:0;background:none;font-size:16px;cursor:pointer', '×');
    close.setAttribute('aria-label', 'close');
    close.onclick = togglePanel;
    panel.appendChild(close);
    function section(title, list) {
      if (!list.length) return;
      panel.appendChild(el('h2', 'font-size:13px;margin:.3rem 0', title));
      var ul = el('ul', 'margin:0;padding-left:1.1rem');
      list.forEach(function (w) { ul.appendChild(warningLine(w)); });
      panel.appendChild(ul);
    }
    section('This page (' + mine.length + ')', mine);
    var shown = all.warnings.length < all.count ? ' — the first ' + all.warnings.length + '; `regnav check` lists them all' : '';
    section('All ' + all.count + ' warning(s) in ' + all.files + ' file(s)' + shown, all.warnings);
  }
  function togglePanel() {
    if (panel) { panel.remove(); panel = null; if (badge) badge.setAttribute('aria-expanded', 'false'); return; }
    panel = el('div', 'position:fixed;right:1rem;bottom:3rem;z-index:99998;max-width:36rem;max-height:50vh;overflow:auto;background:#fff8e1;color:#3a2f00;border:1px solid #e0c060;border-radius:8px;padding:.6rem .8rem;font:13px/1.4 system-ui,sans-serif;box-shadow:0 2px 10px rgba(0,0,0,.2)');
    panel.id = 'regnav-warnings';
    badge.setAttribute('aria-expanded', 'true');
    renderPanel();
    document.body.appendChild(panel);
  }
  function renderBadge() {
    ready(function () {
      if (!all.count && !mine.length) { if (badge) { badge.remove(); badge = null; } if (panel) { panel.remove(); panel = null; } return; }
      if (!badge) {
        badge = el('button', 'position:fixed;right:1rem;bottom:.5rem;z-index:99998;background:#fff3c4;color:#3a2f00;border:1px solid #e0c060;border-radius:999px;padding:.2rem .7rem;font:12px system-ui,sans-serif;cursor:pointer');
        badge.id = 'regnav-warnings-badge';
        badge.setAttribute('aria-expanded', 'false');
        badge.setAttribute('aria-controls', 'regnav-warnings');
        badge.onclick = togglePanel;
        document.body.appendChild(badge);
      }
      badge.textContent = '⚠ ' + (mine.length ? mine.length + ' on this page · ' : '') + all.count + ' warning(s)';
      badge.setAttribute('data-count', String(all.count));
      badge.setAttribute('data-page-count', String(mine.length));
      renderPanel();
    });
  }
  // The files this page is made from: the edit link and the page's own warnings.
  function loadPage() {
    fetch('/_regnav/page?path=' + encodeURIComponent(location.pathname)).then(function (r) { return r.json(); }).then(function (d) {
      mine = d.warnings || [];
      var f = (d.files || [])[0];
      ready(function () {
        if (f && f.edit && !editLink) {
          editLink = edit(f.edit, '✎ Edit this file', 'position:fixed;left:.5rem;bottom:2.2rem;z-index:99997;background:#eef;color:#123;padding:.15rem .4rem;border-radius:4px;font:12px system-ui,sans-serif;text-decoration:none;opacity:.9');
          editLink.id = 'regnav-edit';
          editLink.title = f.file + ':' + f.line;
          document.body.appendChild(editLink);
        }
      });
      renderBadge();
    }).catch(function () {});
  }
  var toggle = el('label', 'position:fixed;left:.5rem;bottom:.5rem;z-index:99997;background:#eef;padding:.15rem .4rem;border-radius:4px;font:12px system-ui,sans-serif;opacity:.8');
  var cb = el('input'); cb.type = 'checkbox'; cb.checked = follow;
  cb.onchange = function () { follow = cb.checked; localStorage.setItem('regnav-follow', follow ? '1' : '0'); };
  toggle.appendChild(cb); toggle.appendChild(document.createTextNode(' follow edits'));
  ready(function () { document.body.appendChild(toggle); });
  loadPage();
  var wasDown = false;
  function connect() {
    var es = new EventSource('/_regnav/events');
    es.addEventListener('open', function () { if (wasDown) location.reload(); });
    es.addEventListener('reload', function (ev) {
      var d = JSON.parse(ev.data);
      clear();
      if (follow && d.paths && d.paths.length && d.paths[0] !== '*' && d.paths.indexOf(location.pathname) < 0) {
        var here = location.pathname.slice(0, 4);
        var target = d.paths.filter(function (p) { return p.slice(0, 4) === here; })[0] || d.paths[0];
        location.assign(target);
        return;
      }
      if (!d.paths || d.paths.indexOf('*') >= 0 || d.paths.indexOf(location.pathname) >= 0) location.reload();
    });
    es.addEventListener('warnings', function (ev) {
      all = JSON.parse(ev.data);
      loadPage();
    });
    es.addEventListener('error', function (ev) {
      if (ev.data) { showErrors(JSON.parse(ev.data)); return; }
      wasDown = true;
    });
  }
  connect();
})();
