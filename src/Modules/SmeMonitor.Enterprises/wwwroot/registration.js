// 企业规模 shown live on the registration page (ENT-3): as the figures or the industry change, asks
// /api/v1/size-classification (the same classifier the server applies when saving) and shows the size,
// or the server's explanation of why there is none yet.
(function () {
  'use strict';
  var output = document.getElementById('size');
  var explanation = document.getElementById('size-explanation');
  var form = document.querySelector('[data-testid="registration-form"]');
  if (!output || !form) return;
  var placeholder = output.textContent;
  var timer = 0;
  var sequence = 0;

  function value(name) {
    var input = form.querySelector('[name="' + name + '"]');
    return input ? input.value.trim() : '';
  }

  function number(text) {
    return text === '' || isNaN(Number(text)) ? null : Number(text);
  }

  function classify() {
    var industry = value('IndustryCode');
    if (!/^\d{4}$/.test(industry)) {
      output.textContent = placeholder;
      explanation.textContent = '';
      return;
    }
    var body = {
      industryCode: industry,
      revenue: number(value('Revenue')),
      employees: number(value('Employees')),
      assets: number(value('Assets'))
    };
    var mine = ++sequence;
    fetch('/api/v1/size-classification', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(function (result) {
      if (mine !== sequence) return;
      output.textContent = result.sizeName || placeholder;
      explanation.textContent = result.explanation || result.title || '';
    }).catch(function () {
      if (mine === sequence) output.textContent = placeholder;
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(classify, 250);
  }

  form.addEventListener('input', function (e) {
    if (e.target.hasAttribute('data-size-input')) later();
  });
  // The industry picker fires "change" on its hidden input when the chosen code changes.
  form.addEventListener('change', function (e) {
    if (e.target.name === 'IndustryCode') later();
  });
  // A form shown again with errors keeps the typed figures: show their size at once.
  if (value('IndustryCode') !== '' && ['Revenue', 'Employees', 'Assets'].some(function (name) { return value(name) !== ''; })) classify();
})();
