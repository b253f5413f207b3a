using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.Workflows;

/// <summary>
/// 自动审核 of a key-field change (subject "EnterpriseChange"): <see cref="EnterpriseChangeService.CheckAsync"/> in the
/// runtime's transaction. Outcomes: "Passed" (applied, report unfrozen) or "Failed" (sent to the reviewer, still frozen).
/// <code>{ "id": "check", "type": "CheckEnterpriseChange", "next": { "Failed": "review" } }</code>
/// </summary>
internal sealed class CheckEnterpriseChangeActivity : IActivity
{
    public const string Passed = "Passed", Failed = "Failed";
    /// <summary>The reasons are stored once for every reader: in the platform's language, whatever thread fires the timer.</summary>
    private static readonly CultureInfo PlatformCulture = CultureInfo.GetCultureInfo("zh-CN");

    public string Type => "CheckEnterpriseChange";

    public IEnumerable<ActivitySettingError> Validate(JsonElement settings) => [];

    public IReadOnlyCollection<string> GetOutcomes(JsonElement settings) => [Passed, Failed];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken ct)
    {
        if (context.Subject.Type != EnterpriseWorkflows.ChangeSubject)
            throw new WorkflowFaultException($"checks subjects of type '{EnterpriseWorkflows.ChangeSubject}', not '{context.Subject.Type}'");
        // Resolved here, not injected: the service starts workflows, and the runtime is built with the activities.
        var changes = context.Services.GetRequiredService<EnterpriseChangeService>();
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = PlatformCulture;
        try
        {
            var status = await changes.CheckAsync(EnterpriseSubjectHandler.ParseId(context.Subject.Id), ct)
                         ?? throw new WorkflowFaultException($"change {context.Subject.Id} does not exist");
            return ActivityResult.Outcome(status == ChangeStatus.PendingReview ? Failed : Passed);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
