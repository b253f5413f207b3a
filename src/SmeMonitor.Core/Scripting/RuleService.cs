using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Runtime;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SmeMonitor.Core.Scripting;

/// <summary>
/// The sandboxed rule language (规则): one JavaScript expression over declared globals and the helpers
/// of rules.js. <see cref="Validate"/> when a rule is saved (whitelist, see <see cref="RuleWhitelist"/>);
/// <see cref="Evaluate(PreparedRule, IReadOnlyDictionary{string, object?})"/> or <see cref="Begin"/> to run
/// it. Thread-safe: rule texts are parsed once and shared, Jint engines (not thread-safe) are pooled,
/// and every run has the <see cref="RuleLimits"/>. Rule errors come back as results, never as exceptions.
/// </summary>
public sealed class RuleService : IDisposable
{
    // Rules are administrator-defined and few; the bound only keeps a flood of distinct texts from growing the caches forever.
    private const int CacheLimit = 10_000;

    /// <summary>The helper library and browser evaluator, served to pages at <see cref="RulesScript.Path"/>.</summary>
    public static string LibrarySource { get; } = ReadLibrary();

    private static readonly Prepared<Script> Library = Engine.PrepareScript(LibrarySource, "rules.js", strict: true);

    private readonly IStringLocalizer<Strings> _t;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<Engine> _pool = [];
    private readonly int _poolSize = Math.Max(4, Environment.ProcessorCount * 2);
    private readonly ConcurrentDictionary<string, Prepared<Script>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Globals, string Text), PreparedRule> _rules = new();
    // The first engine, and what it tells about rules.js: made on first use, not when the service is. Pages
    // whose services merely depend on this one (the home page, through the report services) then never pay
    // for a JavaScript engine; creating the first one is among the dearest steps of a cold start (Jint's
    // Temporal support reads every time zone of the system).
    private readonly Lazy<EngineFacts> _facts;

    private sealed record EngineFacts(HashSet<string> Helpers, HashSet<string> EngineGlobals);

    public RuleService(IStringLocalizer<Strings> localizer, ILogger<RuleService>? logger = null, RuleLimits? limits = null)
    {
        _t = localizer;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Limits = limits ?? RuleLimits.Default;
        _facts = new Lazy<EngineFacts>(FirstEngine, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public RuleLimits Limits { get; }

    /// <summary>The helper functions a rule may call, as rules.js defines them.</summary>
    public IReadOnlySet<string> HelperNames => _facts.Value.Helpers;

    private EngineFacts FirstEngine()
    {
        var engine = NewEngine();
        HashSet<string> helpers = [.. engine.Evaluate("SmeRules.helperNames").AsArray().Select(name => name.AsString())];
        InstallHelpers(engine, helpers);
        HashSet<string> globals = [.. engine.Global.GetOwnPropertyKeys().Select(key => key.ToString())];
        _pool.Add(engine);
        return new EngineFacts(helpers, globals);
    }

    /// <summary>Checks a rule text against the whitelist for these globals; use when a rule is saved and before running stored text.</summary>
    public RuleValidation Validate(string expression, RuleGlobals globals)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(globals);
        if (_rules.TryGetValue((globals.Key, expression), out var cached)) return new RuleValidation(cached);

        var facts = _facts.Value;
        foreach (var name in globals.Names)
            if (facts.EngineGlobals.Contains(name))
                throw new ArgumentException($"The rule global '{name}' clashes with a helper or a JavaScript built-in.", nameof(globals));
        if (string.IsNullOrWhiteSpace(expression)) return new RuleValidation(null, _t["规则表达式为空"]);
        if (expression.Length > Limits.MaxExpressionLength)
            return new RuleValidation(null, _t["规则表达式过长：最多 {0} 个字符", Limits.MaxExpressionLength]);

        if (!_scripts.TryGetValue(expression, out var script))
        {
            try
            {
                script = Engine.PrepareScript(expression, strict: true);
            }
            catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parse)
            {
                var message = _t["{0}（第 {1} 行第 {2} 列）", _t["语法错误：{0}", parse.Error.Description], parse.Error.LineNumber, parse.Error.Column + 1];
                return new RuleValidation(null, message, parse.Error.LineNumber, parse.Error.Column + 1);
            }
            catch (ScriptPreparationException e) when (e.InnerException is InsufficientExecutionStackException)
            {
                return new RuleValidation(null, _t["表达式嵌套过深：最多 {0} 层", Limits.MaxNesting]);
            }
            Remember(_scripts, expression, script);
        }

        var validation = RuleWhitelist.Check(expression, script.Program!, globals, facts.Helpers, Limits.MaxNesting, _t,
            used => new PreparedRule(expression, globals, script, used));
        if (validation.Rule is not null) Remember(_rules, (globals.Key, expression), validation.Rule);
        return validation;
    }

    /// <summary>Runs a prepared rule once. For several rules over the same inputs, <see cref="Begin"/> converts the inputs once.</summary>
    public RuleResult Evaluate(PreparedRule rule, IReadOnlyDictionary<string, object?> inputs)
    {
        using var session = Begin(inputs);
        return session.Evaluate(rule);
    }

    /// <summary>Validates (cached) and runs a stored rule text: text outside the whitelist never runs.</summary>
    public RuleResult Evaluate(string expression, RuleGlobals globals, IReadOnlyDictionary<string, object?> inputs)
    {
        var validation = Validate(expression, globals);
        return validation.Rule is null
            ? RuleResult.Failure(RuleErrorKind.Validation, validation.Error!)
            : Evaluate(validation.Rule, inputs);
    }

    /// <summary>
    /// Holds one engine with these inputs as globals, for running several rules in a row (one thread).
    /// Inputs are plain data: null, bool, numbers (decimal included), string, string-keyed dictionaries,
    /// lists, JsonElement/JsonNode; anything else is a programming error (ArgumentException).
    /// </summary>
    public RuleSession Begin(IReadOnlyDictionary<string, object?> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return new RuleSession(this, inputs);
    }

    internal Engine Rent()
    {
        _ = _facts.Value; // the first engine goes to the pool
        return _pool.TryTake(out var engine) ? engine : CreateEngine();
    }

    internal void Return(Engine engine)
    {
        if (_pool.Count < _poolSize) _pool.Add(engine);
        else engine.Dispose();
    }

    /// <summary>Runs prepared code on an engine; <paramref name="discard"/> says the engine must not be reused.</summary>
    internal RuleResult Run(Engine engine, in Prepared<Script> script, out bool discard)
    {
        discard = false;
        try
        {
            var value = engine.Evaluate(script);
            return new RuleResult(TypeConverter.ToBoolean(value), RuleValues.FromJs(value));
        }
        catch (JavaScriptException e)
        {
            return RuleResult.Failure(RuleErrorKind.Runtime, _t["规则运行出错：{0}", e.Message]);
        }
        catch (Exception e) when (LimitName(e) is { } limit)
        {
            discard = true;
            _logger.LogWarning("A rule hit the {Limit} limit: {Message}", limit, e.Message);
            return RuleResult.Failure(RuleErrorKind.Limit, _t["规则超出运行限制：{0}", _t[limit]]);
        }
        catch (Exception e)
        {
            // An engine fault must not take the caller down; the engine is dropped in case its state is broken.
            discard = true;
            _logger.LogError(e, "A rule failed inside the engine");
            return RuleResult.Failure(RuleErrorKind.Runtime, _t["规则运行出错：{0}", e.Message]);
        }
    }

    private static string? LimitName(Exception e) => e switch
    {
        // RegexMatchTimeoutException is a TimeoutException: test it first.
        RegexMatchTimeoutException or OperationCanceledException => "正则表达式匹配时间",
        TimeoutException => "运行时间",
        StatementsCountOverflowException => "语句数",
        MemoryLimitExceededException => "内存",
        RecursionDepthOverflowException or InsufficientExecutionStackException => "递归深度",
        _ => null,
    };

    private Engine CreateEngine()
    {
        var engine = NewEngine();
        InstallHelpers(engine, _facts.Value.Helpers);
        return engine;
    }

    private Engine NewEngine()
    {
        var engine = new Engine(o =>
        {
            o.Strict();
            o.TimeoutInterval(Limits.Timeout);
            o.MaxStatements(Limits.MaxStatements);
            o.LimitMemory(Limits.MemoryBytes);
            o.LimitRecursion(Limits.RecursionDepth);
            o.DisableStringCompilation();
            o.Constraints.RegexTimeout = Limits.RegexTimeout;
        });
        engine.Execute(Library);
        return engine;
    }

    private static void InstallHelpers(Engine engine, IEnumerable<string> names)
    {
        var helpers = engine.Evaluate("SmeRules.helpers").AsObject();
        foreach (var name in names) engine.SetValue(name, helpers.Get(name));
    }

    private static void Remember<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, TValue value) where TKey : notnull
    {
        if (cache.Count >= CacheLimit) cache.Clear();
        cache.TryAdd(key, value);
    }

    private static string ReadLibrary()
    {
        using var stream = typeof(RuleService).Assembly.GetManifestResourceStream("SmeMonitor.Core.Scripting.rules.js")
                           ?? throw new InvalidOperationException("rules.js is not embedded in SmeMonitor.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose()
    {
        while (_pool.TryTake(out var engine)) engine.Dispose();
    }
}
