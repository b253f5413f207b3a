using Jint;
using SmeMonitor.Core.Scripting;
using static SmeMonitor.Tests.Scripting.Rules;

namespace SmeMonitor.Tests.Scripting;

/// <summary>What the sandbox promises: loops never get in, what gets in is stopped by limits, the process lives.</summary>
public class RuleSafetyTests
{
    private readonly RuleService _rules = Create();

    // Wall-clock limits are loose here so that on a busy machine the limit under test is the one that trips.
    private static readonly RuleLimits PatientClock = RuleLimits.Default with { Timeout = TimeSpan.FromMinutes(1) };

    [Theory]
    [InlineData("while(true){}")]
    [InlineData("for(;;){}")]
    [InlineData("do {} while (true)")]
    [InlineData("(function f() { return f(); })()")]
    [InlineData("(() => { while (true) {} })()")]
    [InlineData("[1, 2].map(x => x)")]
    [InlineData("v.a.repeat(1e9)")]
    [InlineData("sum.call(null, 1)")]
    [InlineData("eval('while(true){}')")]
    [InlineData("1; while(true){}")]
    public void Loops_and_code_that_could_loop_are_refused_when_saved(string expression)
    {
        var validation = _rules.Validate(expression, ReportGlobals);

        Assert.False(validation.IsValid);
        Assert.NotNull(validation.Error);
    }

    [Theory]
    [InlineData("v.__proto__.polluted")]
    [InlineData("v['__proto__']")]
    [InlineData("v.constructor.prototype")]
    [InlineData("v['constr' + 'uctor']")]
    [InlineData("v.revenue.toString.constructor")]
    [InlineData("({}).constructor")]
    [InlineData("Object.prototype")]
    [InlineData("v.__defineGetter__")]
    [InlineData("v['\\u005f_proto__']")]
    [InlineData("v.__proto__ = null")]
    public void Prototype_pollution_is_refused(string expression)
    {
        Assert.False(_rules.Validate(expression, ReportGlobals).IsValid);
    }

    [Fact]
    public void A_backtracking_regex_is_stopped_by_the_regex_limit()
    {
        using var rules = Create(PatientClock);

        var result = rules.Evaluate("matches('aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', '(a+)+$')", ReportGlobals, Data());

        Assert.Equal(RuleErrorKind.Limit, result.ErrorKind);
        Assert.Equal("规则超出运行限制：正则表达式匹配时间", result.Error);
        Assert.True(rules.Evaluate("matches('aaa', '^(a+)+$')", ReportGlobals, Data()).Passed);
    }

    [Fact]
    public void Huge_inputs_are_stopped_by_the_statement_limit()
    {
        using var rules = Create(PatientClock);
        var big = Enumerable.Range(0, 100_000).Select(i => (object?)i).ToList();

        var result = rules.Evaluate("sum(v.values) > 0", ReportGlobals, Data(("v", new Dictionary<string, object?> { ["values"] = big })));

        Assert.Equal(RuleErrorKind.Limit, result.ErrorKind);
        Assert.Equal("规则超出运行限制：语句数", result.Error);
    }

    [Fact]
    public void Heavy_string_work_is_stopped_by_the_memory_limit()
    {
        using var rules = Create(PatientClock);
        var text = new string('a', 1_000_000);
        var twice = "(v.s + v.s + v.s + v.s + v.s + v.s + v.s + v.s)";

        var result = rules.Evaluate($"includes({twice} + {twice} + 'b', 'b')", ReportGlobals,
            Data(("v", new Dictionary<string, object?> { ["s"] = text })));

        Assert.Equal(RuleErrorKind.Limit, result.ErrorKind);
        Assert.Equal("规则超出运行限制：内存", result.Error);
    }

    [Fact]
    public void Runaway_recursion_is_stopped_by_the_recursion_limit()
    {
        // The whitelist keeps function literals out; this checks the engine's own guard behind it.
        using var engine = _rules.Rent();
        var result = _rules.Run(engine, Engine.PrepareScript("function f() { return f(); } f()"), out var discard);

        Assert.Equal(RuleErrorKind.Limit, result.ErrorKind);
        Assert.Equal("规则超出运行限制：递归深度", result.Error);
        Assert.True(discard);
    }

    [Fact]
    public void An_endless_loop_is_stopped_by_the_time_limit()
    {
        using var rules = Create(RuleLimits.Default with { MaxStatements = int.MaxValue, Timeout = TimeSpan.FromMilliseconds(50) });
        using var engine = rules.Rent();

        var result = rules.Run(engine, Engine.PrepareScript("while (true) {}"), out _);

        Assert.Equal(RuleErrorKind.Limit, result.ErrorKind);
        Assert.Equal("规则超出运行限制：运行时间", result.Error);
    }

    [Fact]
    public void After_a_limit_the_service_and_the_session_go_on()
    {
        var rule = _rules.Validate("matches(v.s, '(a+)+$') || len(v.s) > 1", ReportGlobals).Rule!;
        var inputs = Data(("v", new Dictionary<string, object?> { ["s"] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" }));
        using var session = _rules.Begin(inputs);

        Assert.Equal(RuleErrorKind.Limit, session.Evaluate(rule).ErrorKind);
        Assert.Equal(30.0, session.Evaluate("len(v.s)", ReportGlobals).Value);
        Assert.True(_rules.Evaluate("eq(1, 1)", ReportGlobals, Data()).Passed);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_harm()
    {
        var negations = new string('!', 100) + "v";
        Assert.Contains("表达式嵌套过深", _rules.Validate(negations, ReportGlobals).Error);

        var parentheses = new string('(', 990) + "1" + new string(')', 990);
        var validation = _rules.Validate(parentheses, ReportGlobals);
        Assert.True(validation.IsValid, validation.Error);
        Assert.Equal(1.0, _rules.Evaluate(validation.Rule!, Data()).Value);
    }

    [Fact]
    public void Parallel_evaluations_from_many_threads_are_correct()
    {
        var rule = _rules.Validate("eq(v.output.cum, v.output.month + prev.output.cum) ? v.output.month * 2 : -1", ReportGlobals).Rule!;
        var results = new double[1000];
        var errors = new int[1000];

        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var inputs = Data(
                ("v", new Dictionary<string, object?> { ["output"] = new Dictionary<string, object?> { ["month"] = i, ["cum"] = i + 100.0 } }),
                ("prev", new Dictionary<string, object?> { ["output"] = new Dictionary<string, object?> { ["cum"] = 100 } }));
            results[i] = (double)_rules.Evaluate(rule, inputs).Value!;
            // Interleave failures so that pooled engines also come back from errors.
            errors[i] = _rules.Evaluate("prev.missing.x", ReportGlobals, Data()).ErrorKind == RuleErrorKind.Runtime ? 0 : 1;
        });

        for (var i = 0; i < 1000; i++) Assert.Equal(i * 2.0, results[i]);
        Assert.Equal(0, errors.Sum());
    }

}
