// The period picker (views/reports/_period-picker.ejs): show only the fields of the kind
// chosen, at once. Without this script the page still works: the kind is sent with the
// form and the server shows that kind's fields.
(function () {
  'use strict';
  document.querySelectorAll('[data-period-picker]').forEach(function (picker) {
    var select = picker.querySelector('[data-period-kind]');
    if (!select) return;
    function show() {
      picker.querySelectorAll('[data-period-fields]').forEach(function (group) {
        var on = group.getAttribute('data-period-fields') === select.value;
        group.hidden = !on;
        group.querySelectorAll('input, select').forEach(function (input) {
          input.disabled = !on;
        });
      });
    }
    select.addEventListener('change', show);
    show();
  });
})();
