using System.Text.RegularExpressions;

namespace SmeMonitor.Core.Scripting;

/// <summary>
/// The names of the globals a kind of rule may read, declared by its owner: e.g. v, prev, lastYear,
/// enterprise, period for report rules; answers for questionnaire rules. A rule using any other name
/// is rejected when saved.
/// </summary>
public sealed partial class RuleGlobals
{
    private static readonly HashSet<string> Reserved =
    [
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
        "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
        "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
        "while", "with", "yield", "let", "static", "implements", "interface", "package", "private", "protected",
        "public", "await", "arguments", "eval", "undefined", "NaN", "Infinity", "globalThis", "SmeRules",
    ];

    private readonly HashSet<string> _names;

    public RuleGlobals(params IEnumerable<string> names)
    {
        Names = names.Distinct().ToArray();
        foreach (var name in Names)
            if (!IdentifierPattern().IsMatch(name) || Reserved.Contains(name))
                throw new ArgumentException($"'{name}' cannot be the name of a rule global.", nameof(names));
        _names = [.. Names];
        Key = string.Join(",", Names);
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Identifies the set in caches.</summary>
    internal string Key { get; }

    public bool Contains(string name) => _names.Contains(name);

    public override string ToString() => Key;

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex IdentifierPattern();
}
