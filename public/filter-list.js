// Progressive enhancement for the procedure picker: filter the list as the clerk types
// (accent-insensitive), Enter opens the only match. Without JavaScript the form's GET
// search does the same on the server.
(function () {
  var input = document.querySelector('[data-filter-list]');
  if (!input) return;
  var list = document.getElementById(input.getAttribute('data-filter-list'));
  var count = document.getElementById('procedures-count');
  var items = Array.prototype.slice.call(list.querySelectorAll('li'));
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().trim();
  }
  function visible() {
    return items.filter(function (li) { return !li.hidden; });
  }
  function apply() {
    var q = fold(input.value);
    items.forEach(function (li) { li.hidden = q !== '' && li.getAttribute('data-search').indexOf(q) === -1; });
    if (count) count.textContent = visible().length + ' / ' + items.length + ' thủ tục';
  }
  input.addEventListener('input', apply);
  input.form.addEventListener('submit', function (e) {
    var shown = visible();
    if (shown.length === 1) {
      e.preventDefault();
      window.location.href = shown[0].querySelector('a').href;
    }
  });
})();
