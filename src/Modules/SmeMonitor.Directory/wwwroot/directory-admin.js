// The /admin/directory page: shows the codes the pickers hold, and runs the size calculator and the
// credit-code check against the API. Texts come from the API (in the page's language) or from data-* on this script.
(function () {
  'use strict';
  var script = document.currentScript;
  var text = function (name) { return script.getAttribute('data-' + name); };
  var culture = 'culture=' + encodeURIComponent(document.documentElement.lang || 'zh-CN');

  document.querySelectorAll('[data-show-code]').forEach(function (box) {
    box.addEventListener('change', function (e) {
      if (e.target.type !== 'hidden') return;
      var leaf = box.querySelector('[data-leaf]');
      box.querySelector('[data-code]').textContent = e.target.value + (leaf && leaf.getAttribute('data-leaf') === 'true' ? ' ✓' : '');
    });
  });

  function show(target, cls, lines) {
    target.textContent = '';
    var box = document.createElement('div');
    box.className = 'alert mb-0 ' + cls;
    lines.forEach(function (line, i) {
      var p = document.createElement(i === 0 ? 'strong' : 'div');
      p.textContent = line;
      box.appendChild(p);
    });
    target.appendChild(box);
  }

  function problem(body) {
    var lines = [body.title || text('error')];
    Object.keys(body.errors || {}).forEach(function (k) {
      body.errors[k].forEach(function (m) { if (m !== body.title) lines.push(m); });
    });
    return lines;
  }

  function number(form, name) {
    var v = form.elements[name].value.trim();
    return v === '' ? null : Number(v);
  }

  var calculator = document.getElementById('size-calculator');
  calculator.addEventListener('submit', function (e) {
    e.preventDefault();
    var result = calculator.querySelector('[data-result]');
    var body = {
      industryCode: calculator.elements.industryCode.value,
      revenue: number(calculator, 'revenue'),
      employees: number(calculator, 'employees'),
      assets: number(calculator, 'assets')
    };
    fetch('/api/v1/size-classification?' + culture, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok) return show(result, 'alert-danger', problem(json));
        show(result, json.size ? 'alert-success' : 'alert-warning', [json.sizeName || '—', json.explanation]);
      });
    }).catch(function () { show(result, 'alert-danger', [text('error')]); });
  });

  var credit = document.getElementById('credit-code-check');
  credit.addEventListener('submit', function (e) {
    e.preventDefault();
    var result = credit.querySelector('[data-result]');
    var code = credit.elements.code.value.trim();
    fetch('/api/v1/credit-codes/' + encodeURIComponent(code || ' ') + '?' + culture, { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (json) {
        show(result, json.valid ? 'alert-success' : 'alert-danger', [json.valid ? text('valid') : text('invalid'), json.message]);
      })
      .catch(function () { show(result, 'alert-danger', [text('error')]); });
  });
})();
