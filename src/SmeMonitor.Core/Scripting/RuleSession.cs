using Jint;
using Jint.Native;

namespace SmeMonitor.Core.Scripting;

/// <summary>
/// One pooled engine holding one set of inputs as globals, for running several rules over the same
/// report or answer sheet. Use from one thread; dispose to give the engine back.
/// </summary>
public sealed class RuleSession : IDisposable
{
    private readonly RuleService _service;
    private readonly IReadOnlyDictionary<string, object?> _inputs;
    // Globals this session set on the engine; cleared before the engine goes back to the pool.
    private readonly HashSet<string> _set = [];
    private Engine? _engine;

    internal RuleSession(RuleService service, IReadOnlyDictionary<string, object?> inputs)
    {
        _service = service;
        _inputs = inputs;
        _engine = Attach();
    }

    public RuleResult Evaluate(PreparedRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var engine = _engine ??= Attach();
        // A declared global without a value reads as undefined, as in the browser.
        foreach (var name in rule.UsedGlobals)
            if (_set.Add(name)) engine.SetValue(name, JsValue.Undefined);
        var result = _service.Run(engine, rule.Script, out var discard);
        if (discard)
        {
            engine.Dispose();
            _engine = null;
            _set.Clear();
        }
        return result;
    }

    /// <summary>Validates (cached) and runs a stored rule text.</summary>
    public RuleResult Evaluate(string expression, RuleGlobals globals)
    {
        var validation = _service.Validate(expression, globals);
        return validation.Rule is null
            ? RuleResult.Failure(RuleErrorKind.Validation, validation.Error!)
            : Evaluate(validation.Rule);
    }

    private Engine Attach()
    {
        var engine = _service.Rent();
        try
        {
            foreach (var (name, value) in _inputs)
            {
                engine.SetValue(name, RuleValues.ToJs(engine, value, name));
                _set.Add(name);
            }
            return engine;
        }
        catch
        {
            Release(engine);
            throw;
        }
    }

    private void Release(Engine engine)
    {
        foreach (var name in _set) engine.SetValue(name, JsValue.Undefined);
        _set.Clear();
        _service.Return(engine);
    }

    public void Dispose()
    {
        if (_engine is null) return;
        Release(_engine);
        _engine = null;
    }
}
