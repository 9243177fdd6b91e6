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
