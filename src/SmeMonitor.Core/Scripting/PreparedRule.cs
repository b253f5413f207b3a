using Acornima.Ast;
using Jint;

namespace SmeMonitor.Core.Scripting;

/// <summary>A rule text that passed the whitelist for its globals, parsed once; shared by every engine.</summary>
public sealed class PreparedRule
{
    internal PreparedRule(string expression, RuleGlobals globals, Prepared<Script> script, IReadOnlyList<string> usedGlobals)
    {
        Expression = expression;
        Globals = globals;
        Script = script;
        UsedGlobals = usedGlobals;
    }

    public string Expression { get; }
    public RuleGlobals Globals { get; }
    internal Prepared<Script> Script { get; }
    /// <summary>The declared globals the text reads: set to undefined when the caller gives no value.</summary>
    internal IReadOnlyList<string> UsedGlobals { get; }

    public override string ToString() => Expression;
}
