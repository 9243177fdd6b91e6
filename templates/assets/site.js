// Filters for list pages (contacts directory): no framework, works offline.
(function () {
  document.querySelectorAll('form[data-filter-list]').forEach(function (form) {
    var list = document.getElementById(form.getAttribute('data-filter-list'));
    if (!list) return;
    function apply() {
      var country = form.elements.country ? form.elements.country.value : '';
      var type = form.elements.type ? form.elements.type.value : '';
      list.querySelectorAll('li').forEach(function (li) {
        var okC = !country || (' ' + li.getAttribute('data-country') + ' ').indexOf(' ' + country + ' ') >= 0;
        var okT = !type || li.getAttribute('data-type') === type;
        li.hidden = !(okC && okT);
      });
    }
    form.addEventListener('change', apply);
    var params = new URLSearchParams(location.search);
    ['country', 'type'].forEach(function (k) { if (params.get(k) && form.elements[k]) form.elements[k].value = params.get(k); });
    apply();
  });
})();
// The regulatory calendar: filter by market and topic (also from ?market=&topic=).
(function () {
  var form = document.getElementById('calendar-filter');
  if (!form) return;
  function apply() {
    var market = form.elements.market.value, topic = form.elements.topic.value;
    document.querySelectorAll('#calendar-lists li[data-market]').forEach(function (li) {
      li.hidden = !((!market || li.getAttribute('data-market') === market) && (!topic || li.getAttribute('data-topic') === topic));
    });
  }
  form.addEventListener('change', apply);
  var params = new URLSearchParams(location.search);
  ['market', 'topic'].forEach(function (k) {
    var v = params.get(k), sel = form.elements[k];
    if (v && Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) sel.value = v;
  });
  apply();
})();
// "Updated since your last visit" on market pages: the newest review date of
// the market is compared with the one seen last time (kept in this browser only).
(function () {
  var a = document.querySelector('[data-seen-key][data-updated]');
  if (!a) return;
  var key = 'regnav-seen:' + a.getAttribute('data-seen-key'), updated = a.getAttribute('data-updated');
  var seen = null;
  try { seen = localStorage.getItem(key); localStorage.setItem(key, updated); } catch (e) { return; }
  var note = a.querySelector('.updated-since');
  if (note && seen && updated > seen) note.hidden = false;
})();
