using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmeMonitor.Core.Scripting;
using static SmeMonitor.Tests.Scripting.Rules;

namespace SmeMonitor.Tests.Scripting;

public class RuleServiceTests
{
    private readonly RuleService _rules = Create();

    [Fact]
    public void The_helpers_are_those_of_rules_js()
    {
        Assert.Equal(["abs", "count", "eq", "includes", "isBlank", "len", "matches", "max", "min", "round", "sum"],
            _rules.HelperNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_balance_rule_is_accepted_and_knows_the_globals_it_reads()
    {
        var validation = _rules.Validate("eq(v.output.cum, v.output.month + prev.output.cum)", ReportGlobals);

        Assert.True(validation.IsValid, validation.Error);
        Assert.Null(validation.Error);
        Assert.Equal(["v", "prev"], validation.Rule!.UsedGlobals);
    }

    [Theory]
    [InlineData("v.revenue.cum = 1", "不允许使用：赋值（=）", 1, 1)]
    [InlineData("sum(v.a, x)", "“x”不是已声明的全局变量或辅助函数", 1, 10)]
    [InlineData("v.constructor", "不允许访问属性 constructor", 1, 3)]
    [InlineData("v.a +\n  (function () { return 1; })()", "不允许使用：函数定义", 2, 4)]
    [InlineData("while (true) {}", "不允许使用：循环语句", 1, 1)]
    [InlineData("matches(v.a, /a+/)", "不允许使用：正则表达式字面量", 1, 14)]
    [InlineData("this.x", "不允许使用：this", 1, 1)]
    [InlineData("new Date()", "不允许使用：new 运算符", 1, 1)]
    [InlineData("v.a.toFixed(2)", "只能调用辅助函数：abs, count, eq", 1, 1)]
    [InlineData("v[prev.k]", "[ ] 中只能是字符串或非负整数字面量", 1, 3)]
    [InlineData("1 +* 2", "语法错误：Unexpected token '*'", 1, 4)]
    [InlineData("v.a <!-- hidden", "不允许使用：HTML 注释", 1, 5)]
    public void A_rejection_names_the_construct_and_its_position(string expression, string message, int line, int column)
    {
        var validation = _rules.Validate(expression, ReportGlobals);

        Assert.False(validation.IsValid);
        Assert.Contains(message, validation.Error);
        Assert.EndsWith($"（第 {line} 行第 {column} 列）", validation.Error);
        Assert.Equal((line, column), (validation.Line, validation.Column));
    }

    [Fact]
    public void Messages_follow_the_ui_culture()
    {
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Assignment (=) is not allowed (line 1, column 1)", _rules.Validate("v.a = 1", ReportGlobals).Error);
            Assert.Equal("The rule failed: Cannot read properties of undefined (reading 'a')",
                _rules.Evaluate("prev.a", ReportGlobals, Data()).Error);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    [Fact]
    public void Validation_is_cached_per_text_and_globals()
    {
        var first = _rules.Validate("v.a > 1", ReportGlobals).Rule;
        Assert.Same(first, _rules.Validate("v.a > 1", ReportGlobals).Rule);

        // The same text is outside the whitelist for globals that do not declare v.
        Assert.False(_rules.Validate("v.a > 1", new RuleGlobals("answers")).IsValid);
    }

    [Fact]
    public void Text_that_fails_validation_is_never_run()
    {
        var result = _rules.Evaluate("v.a = 5", ReportGlobals, Data(("v", new Dictionary<string, object?> { ["a"] = 1 })));

        Assert.Equal(RuleErrorKind.Validation, result.ErrorKind);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Inputs_may_be_dictionaries_decimals_lists_and_json()
    {
        var inputs = Data(
            ("v", new Dictionary<string, Dictionary<string, decimal?>>
            {
                ["revenue"] = new() { ["month"] = 120.5m, ["cum"] = 820.25m },
                ["cost"] = new() { ["month"] = null },
            }),
            ("prev", JsonNode.Parse("""{ "revenue": { "cum": 699.75 } }""")),
            ("lastYear", JsonDocument.Parse("""{ "revenue": { "cum": 700 } }""").RootElement),
            ("enterprise", new Dictionary<string, object?> { ["employees"] = 12, ["tags"] = new List<string> { "C", "专精特新" }, ["listed"] = false }),
            ("period", new Dictionary<string, object?> { ["year"] = 2018L, ["month"] = (byte)7 }));

        Assert.Equal(120.5, _rules.Evaluate("v.revenue.cum - prev.revenue.cum", ReportGlobals, inputs).Value);
        Assert.Equal(true, _rules.Evaluate("isBlank(v.cost.month) && lastYear.revenue.cum === 700", ReportGlobals, inputs).Value);
        Assert.Equal(true, _rules.Evaluate("includes(enterprise.tags, '专精特新') && !enterprise.listed", ReportGlobals, inputs).Value);
        Assert.Equal(201807.0, _rules.Evaluate("period.year * 100 + period.month", ReportGlobals, inputs).Value);
        Assert.Equal(12.0, _rules.Evaluate("enterprise.employees", ReportGlobals, inputs).Value);
    }

    [Fact]
    public void Rows_of_numbers_read_like_nested_objects_with_null_for_blank_cells()
    {
        var v = new RuleNumberRows(["revenue", "cost"], ["month", "cum"], [120.5m, 820.25m, null, 3m]);
        var inputs = Data(("v", v));

        Assert.Equal(940.75, _rules.Evaluate("v.revenue.month + v.revenue.cum", ReportGlobals, inputs).Value);
        Assert.Equal(true, _rules.Evaluate("isBlank(v.cost.month) && v.cost.month === null && v.cost.cum === 3", ReportGlobals, inputs).Value);
        Assert.Equal(true, _rules.Evaluate("v.other === undefined", ReportGlobals, inputs).Value);
        Assert.Throws<ArgumentException>(() => new RuleNumberRows(["revenue"], ["month", "cum"], [1m]));
    }

    [Fact]
    public void Values_come_back_as_plain_data()
    {
        var inputs = Data(("v", new Dictionary<string, object?> { ["revenue"] = new Dictionary<string, object?> { ["month"] = 1, ["note"] = "x" } }));

        var value = _rules.Evaluate("[v.revenue, len('ab'), null]", ReportGlobals, inputs).Value;

        var items = Assert.IsType<object?[]>(value);
        var revenue = Assert.IsType<Dictionary<string, object?>>(items[0]);
        Assert.Equal(1.0, revenue["month"]);
        Assert.Equal("x", revenue["note"]);
        Assert.Equal(2.0, items[1]);
        Assert.Null(items[2]);
    }

    [Fact]
    public void Passed_is_the_truthiness_of_the_value()
    {
        Assert.True(_rules.Evaluate("'x'", ReportGlobals, Data()).Passed);
        Assert.False(_rules.Evaluate("0", ReportGlobals, Data()).Passed);
        Assert.False(_rules.Evaluate("''", ReportGlobals, Data()).Passed);
        Assert.False(_rules.Evaluate("sum('x')", ReportGlobals, Data()).Passed);
    }

    [Fact]
    public void A_runtime_error_is_a_result_and_the_service_goes_on()
    {
        for (var i = 0; i < 20; i++)
        {
            var failed = _rules.Evaluate("prev.revenue.cum > 0", ReportGlobals, Data());
            Assert.Equal(RuleErrorKind.Runtime, failed.ErrorKind);
            Assert.Contains("Cannot read properties of undefined", failed.Error);

            var fine = _rules.Evaluate("prev.revenue.cum > 0", ReportGlobals,
                Data(("prev", new Dictionary<string, object?> { ["revenue"] = new Dictionary<string, object?> { ["cum"] = i + 1 } })));
            Assert.True(fine.Passed, fine.Error);
        }
    }

    [Fact]
    public void A_session_runs_several_rules_over_one_set_of_inputs()
    {
        var inputs = Data(
            ("v", new Dictionary<string, object?> { ["revenue"] = new Dictionary<string, object?> { ["cum"] = 820.25 } }),
            ("prev", new Dictionary<string, object?> { ["revenue"] = new Dictionary<string, object?> { ["cum"] = 699.75 } }));
        var rule = _rules.Validate("v.revenue.cum >= prev.revenue.cum", ReportGlobals).Rule!;

        using var session = _rules.Begin(inputs);

        Assert.True(session.Evaluate(rule).Passed);
        Assert.Equal(120.5, session.Evaluate("v.revenue.cum - prev.revenue.cum", ReportGlobals).Value);
        Assert.Equal(RuleErrorKind.Validation, session.Evaluate("v.x = 1", ReportGlobals).ErrorKind);
        Assert.Equal("undefined", session.Evaluate("typeof lastYear", ReportGlobals).Value);
    }

    [Fact]
    public void An_input_that_cannot_be_converted_is_named_by_its_whole_path()
    {
        var nested = new Dictionary<string, object?> { ["revenue"] = new Dictionary<string, object?> { ["cum"] = 1, ["rows"] = new object?[] { 1, new Uri("https://x") } } };
        var e = Assert.Throws<ArgumentException>(() => _rules.Begin(Data(("v", nested))));
        Assert.Equal("Rule input v.revenue.rows[1] is a Uri; give numbers, strings, booleans, null, dictionaries or lists.", e.Message);

        var json = JsonSerializer.SerializeToElement(new { a = new[] { new { b = 1 } } });
        var deep = new Dictionary<string, object?> { ["j"] = json };
        for (var i = 0; i < 14; i++) deep = new Dictionary<string, object?> { ["d"] = deep };
        Assert.Equal("Rule input v" + string.Concat(Enumerable.Repeat(".d", 14)) + ".j.a[0] is nested deeper than 16 levels.",
            Assert.Throws<ArgumentException>(() => _rules.Begin(Data(("v", deep)))).Message);

        var keyed = new System.Collections.Hashtable { [1] = 2 };
        Assert.Equal("Rule input v.x has a key that is not a string.",
            Assert.Throws<ArgumentException>(() => _rules.Begin(Data(("v", new Dictionary<string, object?> { ["x"] = keyed })))).Message);
    }

    [Fact]
    public void Inputs_of_one_run_never_leak_into_the_next()
    {
        // One pooled engine only, so both runs certainly share it.
        using var rules = Create();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(5.0, rules.Evaluate("v.a", ReportGlobals, Data(("v", new Dictionary<string, object?> { ["a"] = 5 }))).Value);
            Assert.Equal("undefined", rules.Evaluate("typeof v", ReportGlobals, Data()).Value);
        }
    }

    [Fact]
    public void Unsupported_inputs_are_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => _rules.Evaluate("v", ReportGlobals, Data(("v", DateTime.Now))));
        Assert.Throws<ArgumentException>(() => _rules.Evaluate("v", ReportGlobals, Data(("v", new { a = 1 }))));
        var cycle = new Dictionary<string, object?>();
        cycle["self"] = cycle;
        Assert.Throws<ArgumentException>(() => _rules.Evaluate("v", ReportGlobals, Data(("v", cycle))));
    }

    [Fact]
    public void Global_names_must_be_plain_and_must_not_hide_helpers_or_builtins()
    {
        Assert.Throws<ArgumentException>(() => new RuleGlobals("v", "this"));
        Assert.Throws<ArgumentException>(() => new RuleGlobals("a-b"));
        Assert.Throws<ArgumentException>(() => _rules.Validate("1", new RuleGlobals("sum")));
        Assert.Throws<ArgumentException>(() => _rules.Validate("1", new RuleGlobals("Math")));
    }

    [Fact]
    public void Empty_and_overlong_texts_are_refused()
    {
        Assert.Equal("规则表达式为空", _rules.Validate("  ", ReportGlobals).Error);
        Assert.Contains("最多 2000 个字符", _rules.Validate("1+" + new string('1', 2000), ReportGlobals).Error);
    }
}
