/*
 * 当期报送: the browser twin of the report checks (REP-5). Evaluates the report type's rules with rules.js as the user
 * types, with the globals ReportRules documents: v.CODE = { m, c, lm, lc } for the applicable indicators, enterprise,
 * period, and lastMonth / lastYear (given only when those reports are approved; a rule needing a missing one is skipped,
 * as on the server). Also shows 累计同比增长 and flags text that is not a number. The server stays the authority.
 */
(function () {
  'use strict';
  var data = document.getElementById('report-rules');
  var form = document.getElementById('report-form');
  if (!data || !form || !window.SmeRules) return;
  var cfg = JSON.parse(data.textContent);
  var columns = ['m', 'c', 'lm', 'lc'];
  var needsOrder = ['lastMonth', 'lastYear'];
  var plain = /^[+-]?(\d{1,20}(\.\d{0,10})?|\.\d{1,10})$/;
  var live = document.getElementById('live-checks');

  function field(code, column) {
    return form.querySelector('input[data-code="' + code + '"][data-col="' + column + '"]');
  }

  // null for blank, undefined for text that is not a number.
  function number(input) {
    var text = input ? input.value.trim() : '';
    if (text === '') return null;
    return plain.test(text) ? Number(text) : undefined;
  }

  function applies(expression) {
    if (!expression) return true;
    return SmeRules.evaluate(expression, { enterprise: cfg.enterprise, period: cfg.period }, ['enterprise', 'period']).passed;
  }

  var rules = cfg.rules.filter(function (rule) {
    return rule.indicators.every(function (code) { return cfg.codes.indexOf(code) >= 0; }) && applies(rule.applies);
  });

  function growth(x) {
    if (x.c === null || x.lc === null || x.lc === 0) return '—';
    return (Math.round((x.c - x.lc) / Math.abs(x.lc) * 10000) / 100).toFixed(2) + '%';
  }

  function line(cls, text, ruleId) {
    var div = document.createElement('div');
    div.className = cls;
    if (ruleId) div.setAttribute('data-rule', ruleId);
    div.textContent = text;
    return div;
  }

  function check() {
    var v = {};
    cfg.codes.forEach(function (code) {
      var x = {};
      columns.forEach(function (column) {
        var input = field(code, column), value = number(input);
        if (value === undefined) {
          input.classList.add('is-invalid');
          input.title = cfg.texts.invalid;
          value = null;
        }
        x[column] = value;
      });
      v[code] = x;
      var out = form.querySelector('[data-growth="' + code + '"]');
      if (out) out.textContent = growth(x);
    });

    var globals = { v: v, enterprise: cfg.enterprise, period: cfg.period, lastMonth: cfg.lastMonth, lastYear: cfg.lastYear };
    var failed = rules.filter(function (rule) {
      var needs = needsOrder.filter(function (n) { return rule.needs.indexOf(n) >= 0; });
      if (needs.some(function (n) { return cfg[n] === null; })) return false;
      return !SmeRules.evaluate(rule.expression, globals, ['v', 'enterprise', 'period'].concat(needs)).passed;
    });

    form.querySelectorAll('[data-live-for]').forEach(function (el) { el.textContent = ''; });
    if (live) live.textContent = '';
    failed.forEach(function (rule) {
      var error = rule.severity === 'error';
      var cls = error ? 'text-danger' : 'text-warning-emphasis';
      var text = (error ? cfg.texts.error : cfg.texts.warning) + '：' + rule.message;
      if (live) live.appendChild(line(cls, text, rule.id));
      var beside = rule.indicators.length ? form.querySelector('[data-live-for="' + rule.indicators[0] + '"]') : null;
      if (beside) beside.appendChild(line(cls, text));
    });
  }

  form.addEventListener('input', function (event) {
    var input = event.target;
    if (!input.hasAttribute || !input.hasAttribute('data-code')) return;
    // The user is correcting this field: its earlier error no longer applies.
    input.classList.remove('is-invalid', 'suggested', 'bg-info-subtle');
    input.removeAttribute('title');
    check();
  });
  check();
})();
