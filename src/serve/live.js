// regnav serve: live reload and the error overlay (injected by the dev server only).
(function () {
  'use strict';
  var overlay = null, panel = null;
  var follow = localStorage.getItem('regnav-follow') === '1';
  function el(tag, css, text) { var e = document.createElement(tag); if (css) e.style.cssText = css; if (text) e.textContent = text; return e; }
  function clear() { if (overlay) { overlay.remove(); overlay = null; } }
  function showErrors(d) {
    clear();
    overlay = el('div', 'position:fixed;inset:0;z-index:99999;background:rgba(20,0,0,.88);color:#fff;font:14px/1.5 ui-monospace,Menlo,monospace;overflow:auto;padding:2rem');
    overlay.id = 'regnav-overlay';
    overlay.appendChild(el('h2', 'margin:0 0 1rem;color:#ff8080', 'regnav: the last save has errors — the previous version is still served'));
    (d.errors || []).forEach(function (e) {
      var box = el('div', 'margin:0 0 1rem;padding:.6rem .8rem;border-left:4px solid #ff6b6b;background:rgba(255,255,255,.06)');
      box.setAttribute('data-file', e.file);
      box.appendChild(el('div', 'color:#ffd479', e.file + ':' + e.line + ':' + e.column + ' [' + e.code + ']'));
      box.appendChild(el('div', '', e.message));
      if (e.source_line) box.appendChild(el('pre', 'margin:.3rem 0;padding:.2rem .4rem;background:rgba(0,0,0,.35);white-space:pre-wrap', e.line + ' | ' + e.source_line));
      if (e.help) box.appendChild(el('div', 'color:#9fd', 'help: ' + e.help));
      overlay.appendChild(box);
    });
    document.body.appendChild(overlay);
  }
  function showWarnings(list) {
    if (panel) panel.remove();
    panel = null;
    if (!list || !list.length) return;
    panel = el('div', 'position:fixed;right:1rem;bottom:1rem;z-index:99998;max-width:32rem;max-height:40vh;overflow:auto;background:#fff8e1;color:#3a2f00;border:1px solid #e0c060;border-radius:8px;padding:.6rem .8rem;font:13px/1.4 system-ui,sans-serif;box-shadow:0 2px 10px rgba(0,0,0,.2)');
    panel.id = 'regnav-warnings';
    var close = el('button', 'float:right;border:0;background:none;font-size:16px;cursor:pointer', '×');
    close.setAttribute('aria-label', 'dismiss');
    close.onclick = function () { panel.remove(); panel = null; };
    panel.appendChild(close);
    list.forEach(function (w) { panel.appendChild(el('div', 'margin:.2rem 0', '⚠ ' + w.file + ':' + w.line + ' ' + w.message)); });
    document.body.appendChild(panel);
  }
  var toggle = el('label', 'position:fixed;left:.5rem;bottom:.5rem;z-index:99997;background:#eef;padding:.15rem .4rem;border-radius:4px;font:12px system-ui,sans-serif;opacity:.8');
  var cb = el('input'); cb.type = 'checkbox'; cb.checked = follow;
  cb.onchange = function () { follow = cb.checked; localStorage.setItem('regnav-follow', follow ? '1' : '0'); };
  toggle.appendChild(cb); toggle.appendChild(document.createTextNode(' follow edits'));
  document.addEventListener('DOMContentLoaded', function () { document.body.appendChild(toggle); });
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
      showWarnings(d.warnings);
    });
    es.addEventListener('error', function (ev) {
      if (ev.data) { var d = JSON.parse(ev.data); showErrors(d); showWarnings(d.warnings); return; }
      wasDown = true;
    });
  }
  connect();
})();
