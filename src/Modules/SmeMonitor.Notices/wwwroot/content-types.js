// Content type editor: add and remove field rows. Rows carry their own key (Fields.Index), so gaps are fine.
(function () {
  'use strict';
  const form = document.querySelector('form[data-type-editor]');
  if (!form) return;
  const rows = form.querySelector('[data-rows]');
  const template = form.querySelector('template[data-row-template]');
  let next = 0;
  form.querySelector('[data-add-row]').addEventListener('click', function () {
    const key = 'n' + (next++) + '_' + Date.now();
    const html = template.innerHTML.split('__key__').join(key);
    const body = document.createElement('tbody');
    body.innerHTML = html;
    const row = body.firstElementChild;
    rows.appendChild(row);
    row.querySelector('input:not([type=hidden])').focus();
  });
  rows.addEventListener('click', function (e) {
    const button = e.target.closest('[data-remove-row]');
    if (button) button.closest('tr').remove();
  });
})();
