namespace SmeMonitor.Core.Scripting;

/// <summary>
/// The sandbox of every rule run. Rules are single expressions without loops, so a healthy rule stays
/// far below these; they stop what slips through (a backtracking regex, huge inputs) with a message.
/// </summary>
public sealed record RuleLimits
{
    public static RuleLimits Default { get; } = new();

    /// <summary>Wall-clock, so generous: a healthy rule takes microseconds, but a busy server may pause any thread.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);
    public int MaxStatements { get; init; } = 20_000;
    public long MemoryBytes { get; init; } = 8 * 1024 * 1024;
    /// <summary>Without a recursion limit runaway recursion kills the process (TECH-NOTES §3).</summary>
    public int RecursionDepth { get; init; } = 32;
    /// <summary>Per match; Jint's default is 10 s.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);
    public int MaxExpressionLength { get; init; } = 2_000;
    /// <summary>Depth of the expression tree: the interpreter recurses on it.</summary>
    public int MaxNesting { get; init; } = 64;
}
