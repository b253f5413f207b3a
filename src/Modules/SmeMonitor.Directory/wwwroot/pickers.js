// Cascading pickers for any form, fed by the /api/v1 tree endpoints.
//   <div data-region-picker data-name="RegionCode" data-value="330102" data-root="33"></div>
//     province → city → county; data-root (a code prefix: "33", "3301") limits it to a subtree.
//   <div data-industry-picker data-name="IndustryCode" data-value="3610"></div>
//     门类 → 大类 → 中类 → 小类; data-root takes a code ("C", "36").
// The deepest chosen code goes into the input named data-name (created hidden if absent; an existing
// input is the no-JavaScript fallback and becomes hidden). A choice without children (a county, or a
// prefecture without counties such as 东莞 441900) is complete: the container gets data-leaf="true".
// The input fires "change" when the code changes. Optional data-labels = {"prompts": [...], "error": "..."}
// gives the texts in the page's language (the <region-picker> tag helper fills it in).
(function () {
  'use strict';
  if (window.SmePickers) return;

  var kinds = {
    region: {
      api: '/api/v1/regions',
      levels: 3,
      prompts: ['请选择省份', '请选择城市', '请选择区县'],
      root: function (r) { return /^\d{2}(\d{2}){0,2}$/.test(r) ? (r + '0000').slice(0, 6) : null; },
      label: function (item) { return item.name; }
    },
    industry: {
      api: '/api/v1/industries',
      levels: 4,
      prompts: ['请选择门类', '请选择大类', '请选择中类', '请选择小类'],
      root: function (r) { return /^([A-Z]|\d{2,4})$/.test(r) ? r : null; },
      label: function (item) { return item.code + ' ' + item.name; }
    }
  };

  // One request per URL per page, shared by every picker on it.
  var requests = {};
  function getJson(url) {
    if (!requests[url]) {
      requests[url] = fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok) throw new Error(url + ': ' + r.status);
          return r.json();
        });
      requests[url].catch(function () { delete requests[url]; });
    }
    return requests[url];
  }

  function children(kind, parent) {
    return getJson(parent ? kind.api + '?parent=' + encodeURIComponent(parent) : kind.api);
  }

  function detail(kind, code) {
    return code ? getJson(kind.api + '/' + encodeURIComponent(code)) : Promise.resolve(null);
  }

  function parseLabels(text) {
    try { return text ? JSON.parse(text) : {}; } catch (e) { return {}; }
  }

  function init(el, kind) {
    el.setAttribute('data-picker-ready', '');
    var labels = parseLabels(el.getAttribute('data-labels'));
    var prompts = labels.prompts || kind.prompts;
    var name = el.getAttribute('data-name');
    var input = Array.prototype.find.call(el.querySelectorAll('input'), function (i) { return i.name === name; });
    if (!input) {
      input = document.createElement('input');
      input.name = name;
      el.appendChild(input);
    }
    var initial = el.getAttribute('data-value') || input.value || '';
    var root = el.getAttribute('data-root') ? kind.root(el.getAttribute('data-root')) : null;

    var row = document.createElement('div');
    row.className = 'row g-2';
    var selects = [];
    for (var i = 0; i < kind.levels; i++) {
      var col = document.createElement('div');
      col.className = 'col-12 col-md';
      var select = document.createElement('select');
      select.className = 'form-select';
      select.setAttribute('aria-label', prompts[i]);
      select.setAttribute('data-level', String(i));
      select.addEventListener('change', onChange);
      col.appendChild(select);
      row.appendChild(col);
      selects.push(select);
      reset(i, i > 0);
    }
    var error = document.createElement('div');
    error.className = 'form-text text-danger';
    error.hidden = true;
    error.textContent = labels.error || '加载失败，请重试。';
    el.appendChild(row);
    el.appendChild(error);
    input.type = 'hidden';

    var fixed = 0;   // levels fixed by data-root
    var version = 0; // answers to an older choice are dropped

    function reset(level, hide) {
      var s = selects[level];
      s.textContent = '';
      s.add(new Option(prompts[level], ''));
      s.disabled = true;
      s.parentNode.hidden = hide;
    }

    function fill(level, list, selected) {
      var s = selects[level];
      s.textContent = '';
      s.add(new Option(prompts[level], ''));
      list.forEach(function (item) {
        var option = new Option(kind.label(item), item.code);
        if (!item.hasChildren) option.setAttribute('data-leaf', '');
        s.add(option);
      });
      s.value = selected || '';
      s.disabled = level < fixed;
      s.parentNode.hidden = false;
    }

    function chosen(level) {
      var s = selects[level];
      return s.value ? s.options[s.selectedIndex] : null;
    }

    function update() {
      var code = '';
      var leaf = false;
      for (var i = 0; i < kind.levels && chosen(i); i++) {
        code = chosen(i).value;
        leaf = chosen(i).hasAttribute('data-leaf');
      }
      el.setAttribute('data-leaf', leaf ? 'true' : 'false');
      if (input.value !== code) {
        input.value = code;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }

    function failed() {
      error.hidden = false;
    }

    function onChange(e) {
      var level = Number(e.target.getAttribute('data-level'));
      var option = chosen(level);
      var v = ++version;
      error.hidden = true;
      for (var i = level + 1; i < kind.levels; i++) reset(i, !!option && option.hasAttribute('data-leaf'));
      update();
      if (!option || option.hasAttribute('data-leaf') || level + 1 >= kind.levels) return;
      children(kind, option.value).then(function (list) {
        if (v === version) fill(level + 1, list, '');
      }, failed);
    }

    Promise.all([detail(kind, root), detail(kind, initial).catch(function () { return null; })]).then(function (found) {
      var rootPath = found[0] ? found[0].path : [];
      var path = found[1] ? found[1].path : [];
      // A value outside the root is not offered; start from the root instead.
      var inside = rootPath.every(function (item, i) { return path[i] && path[i].code === item.code; });
      if (!inside || path.length < rootPath.length) path = rootPath;
      fixed = rootPath.length;
      var loads = [];
      for (var i = 0; i < kind.levels && i <= path.length; i++) {
        if (i < fixed) loads.push(Promise.resolve([rootPath[i]]));
        else if (i === 0) loads.push(children(kind, null));
        else if (path[i - 1].hasChildren) loads.push(children(kind, path[i - 1].code));
        else break;
      }
      return Promise.all(loads).then(function (lists) {
        lists.forEach(function (list, i) { fill(i, list, path[i] ? path[i].code : ''); });
        for (var j = lists.length; j < kind.levels; j++) reset(j, path.length > 0 && !path[path.length - 1].hasChildren);
        // An unknown initial code is kept as it was until the person picks something.
        if (found[1] || !initial) update();
      });
    }).catch(function () {
      // Without the tree the code box stays usable.
      row.hidden = true;
      input.type = 'text';
      failed();
    });
  }

  function scan(scope) {
    Object.keys(kinds).forEach(function (name) {
      (scope || document).querySelectorAll('[data-' + name + '-picker]:not([data-picker-ready])').forEach(function (el) {
        init(el, kinds[name]);
      });
    });
  }

  window.SmePickers = { scan: scan };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { scan(); });
  else scan();
})();
