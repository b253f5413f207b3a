using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;

namespace SmeMonitor.Enterprises.Services;

/// <summary>
/// Tells whether an enterprise ever submitted data (a report, an answered questionnaire). The modules that own
/// such data implement it; an enterprise for which any implementation says yes is never deleted (ENT-7).
/// </summary>
public interface IEnterpriseActivityCheck
{
    Task<bool> HasSubmittedDataAsync(long enterpriseId, CancellationToken ct = default);
}

public enum ManagementOutcome
{
    Done,
    /// <summary>删除 of an enterprise that submitted data: it stays (disabled) instead.</summary>
    KeptDisabled,
    NotFound,
    Invalid,
    Conflict,
}

public sealed record ManagementResult(ManagementOutcome Outcome, string? Error = null)
{
    public bool Succeeded => Outcome is ManagementOutcome.Done or ManagementOutcome.KeptDisabled;
    public static readonly ManagementResult Ok = new(ManagementOutcome.Done);
    public static readonly ManagementResult Missing = new(ManagementOutcome.NotFound);
}

/// <summary>An administrator who may become an enterprise's direct reviewer (直接授权审核员).</summary>
public sealed record ReviewerCandidate(long Id, string UserName, string DisplayName, AdminLevel Level, string RegionCode, string RegionName);

/// <summary>
/// 监测企业信息管理 (ENT-7) changes: 禁用/启用, 删除 and 变更审核员, only of enterprises the administrator manages
/// (<see cref="EnterpriseDirectory.Manageable"/>), each transactional and audited.
/// </summary>
public sealed class EnterpriseManagement(SmeDbContext db, EnterpriseDirectory directory, IRegionNames regionNames, IEnumerable<IEnterpriseActivityCheck> activity,
    IAuditLog audit, TimeProvider clock, IStringLocalizer<Strings> T)
{
    /// <summary>禁用 or 启用, from the version the administrator saw.</summary>
    public async Task<ManagementResult> SetDisabledAsync(RegionScope scope, long enterpriseId, bool disabled, int version, CancellationToken ct = default)
    {
        var e = await directory.Manageable(scope).FirstOrDefaultAsync(x => x.Id == enterpriseId, ct);
        if (e is null) return ManagementResult.Missing;
        if (e.Version != version) return Conflict();
        if (e.Disabled == disabled) return ManagementResult.Ok;
        e.Disabled = disabled;
        e.UpdatedAt = clock.GetUtcNow();
        // A new security stamp ends the account's open sessions at their next validation.
        if (disabled && await db.Set<User>().FindAsync([e.UserId], ct) is { } account) account.SecurityStamp = Guid.NewGuid().ToString();
        audit.Record(disabled ? "enterprise.disable" : "enterprise.enable", nameof(Enterprise), e.Id.ToString(), new { name = e.Name });
        return await SaveAsync(ct);
    }

    /// <summary>
    /// 删除 of a disabled enterprise. If it ever submitted data (<see cref="IEnterpriseActivityCheck"/>) it stays, disabled,
    /// and the result says so. Otherwise the enterprise row goes (with its change records), and the audit row keeps all of
    /// it: every field and every change record, so nothing anyone submitted is lost. The account stays; it may register again.
    /// </summary>
    public async Task<ManagementResult> DeleteAsync(RegionScope scope, long enterpriseId, int version, CancellationToken ct = default)
    {
        var e = await directory.Manageable(scope).FirstOrDefaultAsync(x => x.Id == enterpriseId, ct);
        if (e is null) return ManagementResult.Missing;
        if (e.Version != version) return Conflict();
        if (!e.Disabled) return new ManagementResult(ManagementOutcome.Invalid, T["只能删除已禁用的企业，请先禁用。"]);
        foreach (var check in activity)
            if (await check.HasSubmittedDataAsync(e.Id, ct))
                return new ManagementResult(ManagementOutcome.KeptDisabled, T["该企业上报过数据或填写过调查问卷，不能删除，已保持禁用状态。"]);

        var changes = await db.Set<EnterpriseChange>().AsNoTracking().Include(c => c.Fields)
            .Where(c => c.EnterpriseId == e.Id).OrderBy(c => c.Id).ToListAsync(ct);
        audit.Record("enterprise.delete", nameof(Enterprise), e.Id.ToString(), new
        {
            enterprise = Snapshot(e),
            changes = changes.Select(c => new
            {
                c.Id, c.IsKeyChange, status = c.Status.ToString(), c.ChangedByUserId, c.ChangedAt, c.DecidedAt, c.DecidedByUserId, c.Reason,
                fields = c.Fields.Select(f => new { f.Field, f.Before, f.After }),
            }),
        });
        db.Remove(e);
        return await SaveAsync(ct);
    }

    /// <summary>Enabled administrators inside the actor's region, the actor included: whom 变更审核员 offers.</summary>
    public async Task<IReadOnlyList<ReviewerCandidate>> ReviewerCandidatesAsync(RegionScope scope, CancellationToken ct = default)
    {
        var rows = await scope.Apply(db.Set<Administrator>().Where(a => a.Enabled))
            .OrderBy(a => a.Level).ThenBy(a => a.RegionCode).ThenBy(a => a.User!.UserName)
            .Select(a => new { a.Id, a.User!.UserName, a.User.DisplayName, a.Level, a.RegionCode })
            .AsNoTracking().ToListAsync(ct);
        var names = await regionNames.GetAsync(rows.Select(r => r.RegionCode), ct);
        return rows.Select(r => new ReviewerCandidate(r.Id, r.UserName ?? "", r.DisplayName, r.Level, r.RegionCode,
            names.GetValueOrDefault(r.RegionCode, r.RegionCode))).ToList();
    }

    /// <summary>
    /// 变更审核员: makes <paramref name="reviewerId"/> the direct reviewer of every selected enterprise, all or none:
    /// the reviewer must be an enabled administrator inside the actor's region whose manageable region contains each
    /// enterprise, else nothing changes and the message names the enterprises that do not fit. One audit row per enterprise.
    /// Reports follow <see cref="Enterprise.ReviewerId"/>, so all of an enterprise's reports of all periods move with it.
    /// </summary>
    public async Task<ManagementResult> ChangeReviewerAsync(RegionScope scope, IReadOnlyCollection<long> enterpriseIds, long reviewerId,
        CancellationToken ct = default)
    {
        var ids = enterpriseIds.Distinct().ToList();
        if (ids.Count == 0) return new ManagementResult(ManagementOutcome.Invalid, T["请先勾选要变更审核员的企业。"]);
        var reviewer = await scope.Apply(db.Set<Administrator>().Where(a => a.Enabled)).AsNoTracking().FirstOrDefaultAsync(a => a.Id == reviewerId, ct);
        if (reviewer is null) return new ManagementResult(ManagementOutcome.Invalid, T["请选择您可管理地区内的有效管理员作为审核员。"]);

        var enterprises = await directory.Manageable(scope).Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        if (enterprises.Count != ids.Count) return ManagementResult.Missing;
        var reviewerScope = RegionScope.For(reviewer);
        var misfits = enterprises.Where(e => !reviewerScope.Contains(e.RegionCode)).Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
        if (misfits.Count > 0)
            return new ManagementResult(ManagementOutcome.Invalid,
                T["以下企业不在所选审核员的可管理地区内，未做任何变更：{0}", string.Join("、", misfits)]);

        var now = clock.GetUtcNow();
        foreach (var e in enterprises.Where(e => e.ReviewerId != reviewer.Id))
        {
            audit.Record("enterprise.change-reviewer", nameof(Enterprise), e.Id.ToString(),
                new { name = e.Name, from = e.ReviewerId, to = reviewer.Id });
            e.ReviewerId = reviewer.Id;
            e.UpdatedAt = now;
        }
        // One SaveChanges is one transaction: all enterprises change, or (on a conflict) none.
        return await SaveAsync(ct);
    }

    private async Task<ManagementResult> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return ManagementResult.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict();
        }
    }

    private ManagementResult Conflict() =>
        new(ManagementOutcome.Conflict, T["该企业已被他人修改，本次操作未做任何更改；页面已显示最新内容，请重试。"]);

    private static object Snapshot(Enterprise e) => new
    {
        e.Id, e.UserId, e.Name, e.CreditCode, e.LegalRepresentative, e.IndustryCode, e.RegionCode, e.RegistrationType, e.HoldingType,
        e.Revenue, e.Employees, e.Assets, size = e.Size?.ToString(), e.Listed, e.StockCode, e.Address, e.Postcode, e.OpenedOn,
        e.Website, e.ContactName, e.Phone, e.Fax, e.Mobile, e.Email, e.MainBusiness, status = e.Status.ToString(), e.ReturnReason,
        e.ReviewerId, e.Disabled, e.ReportFrozen, e.CreatedAt, e.UpdatedAt, e.SubmittedAt, e.ApprovedAt,
    };
}
