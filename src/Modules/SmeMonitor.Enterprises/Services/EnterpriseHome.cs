using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Settings;
using SmeMonitor.Enterprises.Models;

namespace SmeMonitor.Enterprises.Services;

/// <summary>One report period on the enterprise home page, as the reports module describes it (<see cref="IReportPeriods"/>).</summary>
/// <param name="Period">yyyy-MM.</param>
/// <param name="QuarterEnd">A quarter-end month: the report type reads 季度指标(共N个指标), else 月度指标(共N个指标).</param>
/// <param name="IndicatorCount">N: the indicators that apply to this enterprise in this month.</param>
/// <param name="FillMode">在线填报 / 上报导入 (zh-CN, a localization key), or null when not filled.</param>
/// <param name="Status">The report status in zh-CN (a localization key), e.g. 未填报, 审核中.</param>
public sealed record HomePeriod(string Period, bool QuarterEnd, int IndicatorCount, DateTimeOffset? FilledAt, string? FillMode, string Status);

/// <summary>A titled link (报送指南, 用户手册, 指标解释) from the setting <c>Enterprises.Downloads</c>.</summary>
public sealed record HomeLink(string Title, string Url);

/// <summary>A contact group (企业QQ群, 服务电话) and its numbers, from the setting <c>Enterprises.ContactGroups</c>.</summary>
public sealed record HomeContact(string Name, string Value);

public sealed record HomeServiceInfo(string? ServiceHours, IReadOnlyList<HomeContact> Contacts, IReadOnlyList<HomeLink> Downloads);

/// <summary>企业用户首页 (ENT-8): the account's enterprise, its last three report periods and the service information.</summary>
public sealed class EnterpriseHome(EnterpriseDirectory directory, IReportPeriods reports, ISettingsService settings, TimeProvider clock)
{
    public const string ServiceHoursKey = "Portal.ServiceHours";
    public const string ContactGroupsKey = "Enterprises.ContactGroups";
    public const string DownloadsKey = "Enterprises.Downloads";
    /// <summary>China Standard Time: a period is a calendar month in China, whatever the server's zone.</summary>
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public Task<EnterpriseDetail?> FindAsync(string userId, CancellationToken ct = default) => directory.FindByUserAsync(userId, ct);

    /// <summary>The three months before the current one, latest first (the periods an enterprise reports in arrears), with their reports.</summary>
    public Task<IReadOnlyList<HomePeriod>> LastPeriodsAsync(Enterprise enterprise, CancellationToken ct = default)
    {
        var today = clock.GetUtcNow().ToOffset(ChinaOffset);
        var first = new DateOnly(today.Year, today.Month, 1);
        return reports.DescribeAsync(enterprise, [.. Enumerable.Range(1, 3).Select(i => first.AddMonths(-i))], ct);
    }

    public async Task<HomeServiceInfo> ServiceInfoAsync(CancellationToken ct = default)
    {
        var hours = (await settings.GetNodeAsync(ServiceHoursKey, ct)) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var contacts = Read(await settings.GetNodeAsync(ContactGroupsKey, ct), o => Text(o, "name") is { } n && Text(o, "value") is { } val ? new HomeContact(n, val) : null);
        var downloads = Read(await settings.GetNodeAsync(DownloadsKey, ct), o => Text(o, "title") is { } t && Text(o, "url") is { } u ? new HomeLink(t, u) : null);
        return new HomeServiceInfo(hours, contacts, downloads);
    }

    /// <summary>Entries of a JSON array setting; malformed entries are skipped, so one bad entry does not hide the rest.</summary>
    private static List<T> Read<T>(JsonNode? node, Func<JsonObject, T?> map) where T : class =>
        node is JsonArray array ? array.OfType<JsonObject>().Select(map).OfType<T>().ToList() : [];

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && (v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number) && v.ToString() is { Length: > 0 } s ? s : null;
}

/// <summary>
/// Whose region the content aimed at regions (目标地区) is filtered by: an administrator's region, else the
/// region of the signed-in account's enterprise, else none (content for everyone only).
/// </summary>
public sealed class EnterpriseViewerRegion(AdministratorViewerRegion administrators, Microsoft.AspNetCore.Http.IHttpContextAccessor http, SmeDbContext db)
    : IViewerRegion
{
    private string? _region;
    private bool _known;

    public async Task<string?> GetRegionCodeAsync(CancellationToken ct = default)
    {
        if (_known) return _region;
        _region = await administrators.GetRegionCodeAsync(ct);
        var userId = http.HttpContext?.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (_region is null && userId is not null)
            _region = await db.Set<Enterprise>().Where(e => e.UserId == userId).Select(e => e.RegionCode).FirstOrDefaultAsync(ct);
        _known = true;
        return _region;
    }
}
