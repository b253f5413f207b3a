using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Review.Services;

/// <summary>One line of a report's timeline: when, what (a zh-CN key), who (display name, administrators only), at which level (a zh-CN key), the reason.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string What, string? Who, string? Level, string? Reason);

/// <summary>
/// A report's review history (REV-8): its status transitions with reasons (what the enterprise sees) and, for
/// administrators, the audited review actions (接收, 退回, 一键接收, 越级接收, the level changes of the chain) with who did them.
/// </summary>
public sealed class ReviewTimeline(SmeDbContext db)
{
    /// <summary>An action and the status change it made are saved in one transaction: well within this of each other.</summary>
    private static readonly TimeSpan SameAction = TimeSpan.FromMinutes(1);

    private static readonly string[] ReviewActions =
        ["review.accept", "review.return", "review.oneClickAccept", "review.skipLevelAccept", "report.level"];

    public async Task<IReadOnlyList<TimelineEntry>> ForAsync(long reportId, bool administrator, CancellationToken ct = default)
    {
        var lines = (await db.Set<ReportTransition>().AsNoTracking().Where(t => t.ReportId == reportId).ToListAsync(ct))
            .Select(t => new Line(t.At, ReportActions.StatusText(t.To), t.UserId, null, t.Reason)).ToList();
        if (administrator)
        {
            var id = reportId.ToString(CultureInfo.InvariantCulture);
            var rows = await db.Set<AuditEntry>().AsNoTracking()
                .Where(a => a.EntityType == ReportService.SubjectType && a.EntityId == id && ReviewActions.Contains(a.Action)).ToListAsync(ct);
            var actions = new List<Line>();
            foreach (var a in rows)
            {
                using var details = a.Details is null ? null : JsonDocument.Parse(a.Details);
                string? Prop(string name) => details?.RootElement.TryGetProperty(name, out var v) == true && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                var action = a.Action == "report.level"
                    ? new Line(a.At, "等待审核", null, LevelName(Prop("to")), null)
                    : new Line(a.At, ActionText(a.Action), Prop("by") ?? a.UserId, LevelName(Prop("level")), Prop("reason"));
                // A 退回 is both the action and the status it sets: one line, the action's, which also says at which level.
                var sameStep = lines.Where(t => t.What == action.What && t.UserId == action.UserId && t.Reason == action.Reason
                                                && (t.At - a.At).Duration() <= SameAction).MinBy(t => (t.At - a.At).Duration());
                if (sameStep is not null) lines.Remove(sameStep);
                actions.Add(action);
            }
            lines.AddRange(actions);
        }
        var userIds = lines.Select(e => e.UserId).OfType<string>().Distinct().ToList();
        var names = administrator
            ? await db.Set<User>().AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName.Length > 0 ? u.DisplayName : u.UserName!, ct)
            : [];
        return lines.OrderBy(e => e.At).Select(e => new TimelineEntry(e.At, e.What,
            administrator && e.UserId is not null ? names.GetValueOrDefault(e.UserId) ?? e.UserId : null, e.Level, e.Reason)).ToList();
    }

    private sealed record Line(DateTimeOffset At, string What, string? UserId, string? Level, string? Reason);

    private static string ActionText(string action) => action switch
    {
        "review.accept" => "接收",
        "review.return" => "退回",
        "review.oneClickAccept" => "一键接收",
        _ => "越级接收",
    };

    private static string? LevelName(string? key) =>
        AdminLevels.TryParseKey(key, out var level) ? ReviewService.LevelText(level) : null;
}
