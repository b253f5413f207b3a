using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmeMonitor.Core;
using SmeMonitor.Core.Scripting;

namespace SmeMonitor.Tests.Scripting;

/// <summary>RuleService outside the web host, with the real localizer (zh-CN keys, Resources/Strings.en.resx).</summary>
internal static class Rules
{
    public static readonly RuleGlobals ReportGlobals = new("v", "prev", "lastYear", "enterprise", "period");

    public static RuleService Create(RuleLimits? limits = null)
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new RuleService(new StringLocalizer<Strings>(factory), NullLogger<RuleService>.Instance, limits);
    }

    public static Dictionary<string, object?> Data(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);
}
