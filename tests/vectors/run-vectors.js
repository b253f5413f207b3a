/*
 * Runs the shared rule vectors (rules.json) through the browser evaluator (rules.js) and summarises:
 * { total, passed, failures: [{ name, expression, expected, actual }] }.
 * In a page: runRuleVectors(SmeRules, suite). Under node: node run-vectors.js rules.js rules.json
 * prints the summary as JSON (the xunit test RuleVectorTests runs it that way).
 */
(function (root) {
  'use strict';

  function truthy(x) {
    return !!x;
  }

  function special(x) {
    return typeof x === 'number' && !isFinite(x) ? String(x) : null;
  }

  function same(expected, actual) {
    if (expected === null || typeof expected !== 'object') return expected === actual;
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual) || actual.length !== expected.length) return false;
      for (var i = 0; i < expected.length; i++) if (!same(expected[i], actual[i])) return false;
      return true;
    }
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    var keys = Object.keys(expected);
    if (keys.length !== Object.keys(actual).length) return false;
    for (var k = 0; k < keys.length; k++) if (!same(expected[keys[k]], actual[keys[k]])) return false;
    return true;
  }

  function check(vector, result) {
    if (vector.expectError) return result.errorKind === vector.expectError && result.passed === false;
    if (result.errorKind) return false;
    if (vector.expectNumber) return special(result.value) === vector.expectNumber && result.passed === (vector.expectNumber !== 'NaN');
    return same(vector.expect, result.value) && result.passed === truthy(vector.expect);
  }

  function runRuleVectors(rules, suite) {
    var failures = [];
    for (var i = 0; i < suite.vectors.length; i++) {
      var vector = suite.vectors[i];
      var globals = vector.globals || suite.globals;
      var declared = vector.declared || Object.keys(globals);
      var result = rules.evaluate(vector.expression, globals, declared);
      if (!check(vector, result)) {
        failures.push({
          name: vector.name,
          expression: vector.expression,
          expected: vector.expectError ? { errorKind: vector.expectError } : vector.expectNumber ? { number: vector.expectNumber } : { value: vector.expect },
          actual: { passed: result.passed, value: special(result.value) || result.value, errorKind: result.errorKind, error: result.error }
        });
      }
    }
    return { total: suite.vectors.length, passed: suite.vectors.length - failures.length, failures: failures };
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = runRuleVectors;
    if (require.main === module) {
      var fs = require('fs'), path = require('path');
      require(path.resolve(process.argv[2]));
      var suite = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
      process.stdout.write(JSON.stringify(runRuleVectors(globalThis.SmeRules, suite)));
    }
  } else {
    root.runRuleVectors = runRuleVectors;
  }
})(this);
