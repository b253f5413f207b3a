using System.Text.Json.Nodes;
using SmeMonitor.Core.Settings;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Review.Services;

/// <summary>
/// Which review chain (审核链, a workflow definition) a submitted report follows: the setting
/// <c>Review.ReportChain.{2-digit province code}</c> names the workflow for enterprises of that province (a province
/// recipe sets it, e.g. Henan → ReportReviewHenan); without it the report type's workflow (ReportReview, the national
/// county → city → province → nation chain) applies.
/// </summary>
internal sealed class ReportChains(ISettingsService settings) : IReviewWorkflowChooser
{
    public const string SettingPrefix = "Review.ReportChain.";

    public static string SettingKey(string regionCode) => SettingPrefix + regionCode[..2];

    public async Task<string?> ChooseAsync(Enterprise enterprise, string workflowName, CancellationToken ct)
    {
        if (enterprise.RegionCode.Length != 6) return null;
        return await settings.GetNodeAsync(SettingKey(enterprise.RegionCode), ct) is JsonValue v && v.TryGetValue<string>(out var name)
               && !string.IsNullOrWhiteSpace(name) ? name : null;
    }
}
