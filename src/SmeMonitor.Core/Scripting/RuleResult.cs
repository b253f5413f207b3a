namespace SmeMonitor.Core.Scripting;

public enum RuleErrorKind
{
    /// <summary>The text is not a rule: syntax, or outside the whitelist. Found when the rule is saved.</summary>
    Validation,
    /// <summary>The rule ran and failed, e.g. reading a property of a missing value (TypeError).</summary>
    Runtime,
    /// <summary>The rule hit a sandbox limit (time, statements, memory, recursion, regex time).</summary>
    Limit,
}

/// <summary>
/// The outcome of one rule run. <see cref="Passed"/> is the JavaScript truthiness of the value, and false
/// on any error; whether a failure blocks (error) or asks for an explanation (warning) is the caller's.
/// <see cref="Value"/> is plain data: null, bool, double, string, object?[] or Dictionary&lt;string, object?&gt;.
/// </summary>
public sealed record RuleResult(bool Passed, object? Value, RuleErrorKind? ErrorKind = null, string? Error = null)
{
    public static RuleResult Failure(RuleErrorKind kind, string message) => new(false, null, kind, message);
}

/// <summary>The outcome of checking a rule text: the prepared rule, or a localized message with its position.</summary>
public sealed record RuleValidation(PreparedRule? Rule, string? Error = null, int? Line = null, int? Column = null)
{
    public bool IsValid => Rule is not null;
}
