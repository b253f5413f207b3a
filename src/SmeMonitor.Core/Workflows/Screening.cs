using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SmeMonitor.Core.Workflows;

/// <summary>
/// A named screening (筛查) that the Screen activity runs, e.g. a report's rules and the administrators'
/// screening rules. A module registers its own: <c>services.AddScoped&lt;IScreeningProvider, MyScreening&gt;()</c>.
/// It runs inside the runtime's transaction and may read or add instance variables through the context.
/// </summary>
public interface IScreeningProvider
{
    /// <summary>The name a Screen activity's "provider" setting gives, e.g. "Report".</summary>
    string Name { get; }

    Task<ScreeningResult> ScreenAsync(ActivityContext context, CancellationToken ct);
}

/// <param name="Passed">Whether the subject passed; decides the Screen activity's outcome.</param>
/// <param name="Messages">What did not pass (or notes), in the platform's language, shown to reviewers.</param>
public sealed record ScreeningResult(bool Passed, IReadOnlyList<string> Messages);

/// <summary>
/// 筛查: runs the named <see cref="IScreeningProvider"/> and stores its result in the instance variables
/// "screening" ("Passed" or "Failed") and "screeningMessages" (a JSON array of strings); the outcome is
/// "Passed" or "Failed". An unknown provider is refused when the definition is stored.
/// <code>{ "id": "screen", "type": "Screen", "provider": "Report", "next": { "Passed": "review", "Failed": "review" } }</code>
/// </summary>
internal sealed class ScreenActivity(IServiceProvider services) : IActivity
{
    public const string Passed = "Passed", Failed = "Failed";
    public const string ResultVariable = "screening", MessagesVariable = "screeningMessages";
    private static readonly JsonSerializerOptions MessageJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Type => "Screen";

    public IEnumerable<ActivitySettingError> Validate(JsonElement settings)
    {
        if (ActivitySettings.RequireString(settings, "provider") is { } error) { yield return error; yield break; }
        var name = ActivitySettings.String(settings, "provider")!;
        // Resolved when used, not injected: providers may depend on services that start workflows.
        var known = services.GetServices<IScreeningProvider>().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        if (!known.Contains(name, StringComparer.Ordinal))
            yield return new("provider", $"unknown screening '{name}'; known: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
    }

    public IReadOnlyCollection<string> GetOutcomes(JsonElement settings) => [Passed, Failed];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken ct)
    {
        var name = context.Setting("provider");
        var provider = context.Services.GetServices<IScreeningProvider>().FirstOrDefault(p => p.Name == name)
                       ?? throw new WorkflowFaultException($"screening '{name}' is not registered (is its module enabled?)");
        var result = await provider.ScreenAsync(context, ct);
        context.Variables[ResultVariable] = result.Passed ? Passed : Failed;
        context.Variables[MessagesVariable] = JsonSerializer.Serialize(result.Messages, MessageJson);
        return ActivityResult.Outcome(result.Passed ? Passed : Failed);
    }
}
