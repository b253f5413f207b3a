/*
 * SmeMonitor rules: the helper library and the browser evaluator, in one file.
 *
 * This file is the single source of the rule helpers. The server (RuleService, Jint) runs it in every
 * engine and exposes SmeRules.helpers as globals; pages load it from /js/rules.js and call
 * SmeRules.evaluate(expression, globals). Both runtimes therefore share the helpers' code, not a copy.
 *
 * A rule is one JavaScript expression from a small whitelist. The server checks the whitelist when a
 * rule is saved and is the authority; check() below is the browser's guard, so that text which did
 * not come from the server cannot reach the page's globals either. Keep the file plain ES5: no build.
 */
(function (root) {
  'use strict';

  // Captured once: a declared rule global named like a built-in must not change the helpers.
  var math = Math, toNumber = Number, toText = String, isArray = Array.isArray, RegExpType = RegExp;

  // Null, undefined, a string of spaces and an empty array are "blank" (未填).
  function isBlank(x) {
    return x === null || x === undefined ||
      (typeof x === 'string' && x.trim() === '') ||
      (isArray(x) && x.length === 0);
  }

  // Numbers typed into forms may arrive as text: '12.5' counts as 12.5. Blanks are not numbers.
  function num(x) {
    return typeof x === 'number' ? x : isBlank(x) ? NaN : toNumber(x);
  }

  // The arguments with arrays opened one level: sum(a, [b, c]) = a + b + c.
  function flatten(args) {
    var out = [];
    for (var i = 0; i < args.length; i++) {
      if (isArray(args[i])) {
        for (var j = 0; j < args[i].length; j++) out.push(args[i][j]);
      } else {
        out.push(args[i]);
      }
    }
    return out;
  }

  // The non-blank values of the arguments, as numbers.
  function numbers(args) {
    var all = flatten(args), out = [];
    for (var i = 0; i < all.length; i++) if (!isBlank(all[i])) out.push(num(all[i]));
    return out;
  }

  var helpers = {
    // Equal within a tolerance (default 0.001): money is never compared with == on doubles.
    // Two blanks are equal, a blank and a value are not; values that are not numbers compare with ===.
    eq: function (a, b, tol) {
      var within = tol === undefined ? 0.001 : num(tol);
      if (typeof a === 'number' && typeof b === 'number') return math.abs(a - b) <= within; // the usual case, first
      if (isBlank(a) || isBlank(b)) return isBlank(a) && isBlank(b);
      var x = num(a), y = num(b);
      if (x !== x || y !== y) return a === b;
      return math.abs(x - y) <= within;
    },
    isBlank: isBlank,
    // Sum of the non-blank values; arrays count their elements. Text that is not a number gives NaN.
    sum: function () {
      // numbers() without its two lists: sum runs in most balance rules.
      var total = 0;
      for (var i = 0; i < arguments.length; i++) {
        var x = arguments[i];
        if (typeof x === 'number') total += x;
        else if (isArray(x)) {
          for (var j = 0; j < x.length; j++) if (!isBlank(x[j])) total += num(x[j]);
        } else if (!isBlank(x)) total += num(x);
      }
      return total;
    },
    abs: function (x) {
      return isBlank(x) ? null : math.abs(num(x));
    },
    // Smallest / largest non-blank value; null when there is none.
    min: function () {
      var list = numbers(arguments);
      if (list.length === 0) return null;
      var m = list[0];
      for (var i = 1; i < list.length; i++) if (!(list[i] >= m)) m = list[i];
      return m;
    },
    max: function () {
      var list = numbers(arguments);
      if (list.length === 0) return null;
      var m = list[0];
      for (var i = 1; i < list.length; i++) if (!(list[i] <= m)) m = list[i];
      return m;
    },
    // Rounds half away from zero (四舍五入) to 0..10 decimal digits; the tiny nudge makes
    // round(1.005, 2) = 1.01 although 1.005 is stored as 1.00499999999999989...
    round: function (x, digits) {
      if (isBlank(x)) return null;
      var n = num(x), d = digits === undefined ? 0 : num(digits);
      if (!(d >= 0 && d <= 10 && d === math.floor(d))) return NaN;
      var f = math.pow(10, d), r = math.round(math.abs(n) * f + 1e-9) / f;
      return n < 0 ? -r : r;
    },
    // Length of a text or an array; 0 for a blank; a number counts its digits as written.
    len: function (x) {
      if (x === null || x === undefined) return 0;
      if (typeof x === 'string' || isArray(x)) return x.length;
      return toText(x).length;
    },
    // Whether the text matches the regular expression (JavaScript syntax, no flags). A blank never
    // matches. On the server a pattern that backtracks too long stops at the regex time limit.
    matches: function (text, pattern) {
      if (isBlank(text)) return false;
      return new RegExpType(toText(pattern)).test(toText(text));
    },
    // Number of non-blank items of an array (e.g. options chosen); a single value counts 1.
    count: function (x) {
      if (isBlank(x)) return 0;
      if (!isArray(x)) return 1;
      var n = 0;
      for (var i = 0; i < x.length; i++) if (!isBlank(x[i])) n++;
      return n;
    },
    // Whether an array holds the item (===), or a text contains it. False for a blank.
    includes: function (x, item) {
      if (isBlank(x)) return false;
      if (typeof x === 'string') return x.indexOf(toText(item)) !== -1;
      if (!isArray(x)) return false;
      for (var i = 0; i < x.length; i++) if (x[i] === item) return true;
      return false;
    }
  };

  var helperNames = [];
  for (var name in helpers) if (Object.prototype.hasOwnProperty.call(helpers, name)) helperNames.push(name);

  // Property names that lead from data to functions and prototypes.
  var forbiddenProperties = ['constructor', '__proto__', 'prototype', 'caller', 'callee', 'arguments',
    '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__'];
  var literalNames = ['true', 'false', 'null', 'undefined'];
  var binaryOperators = ['+', '-', '*', '/', '%', '**', '==', '!=', '===', '!==', '<', '<=', '>', '>=',
    '&&', '||', '??'];
  var reserved = ('break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw true try ' +
    'typeof var void while with yield let static implements interface package private protected public ' +
    'await arguments eval undefined NaN Infinity globalThis SmeRules').split(' ');

  var TOKEN = new RegExpType(
    '(\\s+|\\/\\/[^\\n]*|\\/\\*[\\s\\S]*?\\*\\/)' +                                  // 1 space, comment
    '|([A-Za-z_$\\u00aa-\\uffff][\\w$\\u00aa-\\uffff]*)' +                            // 2 name
    '|((?:0[xX][\\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)(?:[eE][+-]?\\d[\\d_]*)?))' + // 3 number
    '|(\'(?:[^\'\\\\\\n\\r]|\\\\[\\s\\S])*\'|"(?:[^"\\\\\\n\\r]|\\\\[\\s\\S])*")' + // 4 string
    '|(\\?\\.(?!\\d)|\\+\\+|--|===|!==|\\*\\*|==|!=|<=|>=|&&|\\|\\||\\?\\?|[()[\\],?:.+\\-*\\/%<>!])', // 5 punctuator (++ and -- only to refuse them)
    'g');

  function tokenize(text) {
    var tokens = [], at = 0, m;
    TOKEN.lastIndex = 0;
    while (at < text.length) {
      m = TOKEN.exec(text);
      if (!m || m.index !== at) return { error: 'unexpected character \'' + text.charAt(at) + '\' at ' + (at + 1) };
      at = TOKEN.lastIndex;
      if (m[1]) continue;
      var kind = m[2] ? 'name' : m[3] ? 'number' : m[4] ? 'string' : 'punct';
      tokens.push({ kind: kind, text: m[0], at: m.index + 1 });
    }
    return { tokens: tokens };
  }

  function contains(list, x) {
    return list.indexOf(x) !== -1;
  }

  // The browser's whitelist guard over tokens; returns a message or null. It accepts what the server
  // accepts; whatever slips past it is still one expression over declared names and helpers.
  function check(expression, declared) {
    var result = tokenize(expression);
    if (result.error) return result.error;
    var t = result.tokens, stack = [], operand = true; // operand: an operand is expected next
    for (var i = 0; i < t.length; i++) {
      var tok = t[i], next = t[i + 1], where = ' at ' + tok.at;
      var top = stack[stack.length - 1];
      if (operand) {
        if (tok.kind === 'name') {
          if (contains(literalNames, tok.text)) { operand = false; continue; }
          if (tok.text === 'typeof') continue;
          if (contains(helperNames, tok.text)) {
            if (!next || next.text !== '(') return 'helper ' + tok.text + ' must be called' + where;
            stack.push('call'); i++; continue;
          }
          if (contains(declared, tok.text)) { operand = false; continue; }
          return '\'' + tok.text + '\' is not a declared global or helper' + where;
        }
        if (tok.kind === 'number') {
          if (next && (next.kind === 'name' || next.kind === 'number') && next.at === tok.at + tok.text.length)
            return 'invalid number' + where;
          operand = false; continue;
        }
        if (tok.kind === 'string') { operand = false; continue; }
        if (tok.text === '(') { stack.push('group'); continue; }
        if (tok.text === '[') { stack.push('array'); continue; }
        if (tok.text === '!' || tok.text === '+' || tok.text === '-') continue;
        if ((tok.text === ')' && top === 'call') || (tok.text === ']' && top === 'array')) {
          var prev = t[i - 1].text;
          if (prev === ',' || (prev === '(' && top === 'call') || prev === '[') { stack.pop(); operand = false; continue; }
        }
        if (tok.text === '/') return 'regular expression literals are not allowed' + where;
        return 'unexpected \'' + tok.text + '\'' + where;
      }
      if (tok.text === '.' || tok.text === '?.') {
        if (!next || next.kind !== 'name') return 'a property name must follow \'' + tok.text + '\'' + where;
        if (contains(forbiddenProperties, next.text)) return 'property ' + next.text + ' is not allowed' + where;
        i++; continue;
      }
      if (tok.text === '[') {
        var key = t[i + 1], close = t[i + 2];
        if (key && key.kind === 'string' && contains(forbiddenProperties, key.text.slice(1, -1)))
          return 'property ' + key.text.slice(1, -1) + ' is not allowed' + where;
        var literalKey = key && ((key.kind === 'string' && key.text.indexOf('\\') === -1) ||
          (key.kind === 'number' && /^\d+$/.test(key.text)));
        if (!literalKey || !close || close.text !== ']') return 'only a string or whole-number literal may go inside [ ]' + where;
        i += 2; continue;
      }
      if (tok.text === ')' && (top === 'group' || top === 'call')) { stack.pop(); continue; }
      if (tok.text === ']' && top === 'array') { stack.pop(); continue; }
      if (tok.text === ',' && (top === 'call' || top === 'array')) { operand = true; continue; }
      if (tok.text === '?') { stack.push('?'); operand = true; continue; }
      if (tok.text === ':' && top === '?') { stack.pop(); operand = true; continue; }
      if (contains(binaryOperators, tok.text)) { operand = true; continue; }
      if (tok.text === '(') return 'only helper functions can be called' + where;
      return 'unexpected \'' + tok.text + '\'' + where;
    }
    if (operand || stack.length) return 'the expression is incomplete';
    return null;
  }

  // Plain data only in results: undefined becomes null, like the server's.
  function plain(x) {
    return x === undefined ? null : x;
  }

  function failure(kind, message) {
    return { passed: false, value: null, errorKind: kind, error: message };
  }

  var compiled = {};

  // Evaluates a rule with the same result shape as the server's RuleResult:
  // { passed, value, errorKind: null | 'validation' | 'runtime', error }.
  // declared: the names of the globals the rule may use (default: the keys of globals).
  function evaluate(expression, globals, declared) {
    globals = globals || {};
    declared = declared || Object.keys(globals);
    for (var d = 0; d < declared.length; d++) {
      if (!/^[A-Za-z_$][\w$]*$/.test(declared[d]) || contains(reserved, declared[d]) || contains(helperNames, declared[d]))
        return failure('validation', '\'' + declared[d] + '\' cannot be a global name');
    }
    var key = declared.join(',') + '\n' + expression, fn = compiled[key];
    if (!fn) {
      var problem = check(toText(expression), declared);
      if (problem) return failure('validation', problem);
      try {
        fn = new Function(helperNames.concat(declared).join(','), '"use strict"; return (' + expression + '\n);');
      } catch (e) {
        return failure('validation', e.message);
      }
      compiled[key] = fn;
    }
    var args = [];
    for (var h = 0; h < helperNames.length; h++) args.push(helpers[helperNames[h]]);
    for (var g = 0; g < declared.length; g++) args.push(globals[declared[g]]);
    try {
      var value = fn.apply(undefined, args);
      return { passed: !!value, value: plain(value), errorKind: null, error: null };
    } catch (e) {
      return failure('runtime', e && e.message ? e.message : toText(e));
    }
  }

  root.SmeRules = { helpers: helpers, helperNames: helperNames, evaluate: evaluate };
})(typeof globalThis !== 'undefined' ? globalThis : this);
