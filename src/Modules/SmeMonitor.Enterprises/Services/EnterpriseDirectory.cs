using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;

namespace SmeMonitor.Enterprises.Services;

/// <summary>Filters of the enterprise lists (监测企业信息管理, 企业注册审核) and of the API.</summary>
/// <param name="RegionCode">A province, city or county code: the list keeps that subtree.</param>
/// <param name="Keyword">Part of the enterprise name or of the account's user name (用户ID).</param>
public sealed record EnterpriseFilter(string? RegionCode = null, string? Keyword = null, RegistrationStatus? Status = null,
    bool? Disabled = null, int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 200;
    public int SafePage => Math.Max(1, Page);
    public int SafePageSize => Math.Clamp(PageSize, 1, MaxPageSize);
}

/// <summary>One enterprise as the lists show it.</summary>
public sealed record EnterpriseRow(
    long Id, string Name, string UserName, string RegionCode, string RegionName, string? CreditCode, EnterpriseSize? Size,
    RegistrationStatus Status, bool Disabled, long? ReviewerId, string? ReviewerName, DateTimeOffset? SubmittedAt, int Version);

public sealed record EnterprisePage(IReadOnlyList<EnterpriseRow> Items, int Total, int Page, int PageSize)
{
    public bool HasNext => Page * PageSize < Total;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Every field of an enterprise (ENT-1) with the names of its codes, for the detail pages and the API.</summary>
public sealed record EnterpriseDetail(Enterprise Enterprise, string UserName, string? AccountPhone, string RegionName,
    string? IndustryName, string? ReviewerName);

/// <summary>
/// Reads enterprises for administrators. Two reaches, both inside the administrator's region (RegionScope):
/// <see cref="Manageable"/> (监测企业信息管理, ENT-7: direct reviewer is the administrator itself or one below it) and
/// <see cref="InRegion"/> (registration review, ENT-5: any enterprise of the region). Outside the reach is the same as missing.
/// </summary>
public sealed class EnterpriseDirectory(SmeDbContext db, RegionDirectory regions, IndustryDirectory industries)
{
    /// <summary>Every enterprise whose region is inside the scope.</summary>
    public IQueryable<Enterprise> InRegion(RegionScope scope) => scope.Apply(db.Set<Enterprise>());

    /// <summary>
    /// The region filter's subtree as a range of codes too (prefix ≤ code &lt; next prefix): LIKE 'prefix%' cannot use an index
    /// on SQLite (its LIKE ignores case), a range can, e.g. the (Status, RegionCode) index. The LIKE stays the authority.
    /// Not applied to the scope itself: for a wide scope (a province) the range makes SQLite leave the id order and sort
    /// most of the table (measured: province page 1 went from ~40 to ~345 ms in bench enterprise-list).
    /// </summary>
    private static IQueryable<Enterprise> WithinPrefix(IQueryable<Enterprise> q, string prefix)
    {
        q = q.Where(e => e.RegionCode.StartsWith(prefix) && string.Compare(e.RegionCode, prefix) >= 0);
        if (prefix.All(c => c == '9')) return q;
        var next = (long.Parse(prefix) + 1).ToString().PadLeft(prefix.Length, '0');
        return q.Where(e => string.Compare(e.RegionCode, next) < 0);
    }

    /// <summary>
    /// The enterprises an administrator manages (ENT-7): in its region, and whose direct reviewer (直接授权审核员) is
    /// itself or an administrator below its level inside its region. An enterprise without a reviewer (not yet
    /// assigned, or its reviewer's account was removed) belongs to every administrator of its region, so that
    /// someone can assign one; a peer's enterprises (same level, same region) are not the administrator's.
    /// </summary>
    public IQueryable<Enterprise> Manageable(RegionScope scope)
    {
        var q = InRegion(scope);
        if (scope.Administrator is not { } actor) return q;
        var actorId = actor.Id;
        var level = actor.Level;
        var prefix = scope.Prefix!;
        return prefix.Length == 0
            ? q.Where(e => e.ReviewerId == null || e.ReviewerId == actorId || e.Reviewer!.Level > level)
            : q.Where(e => e.ReviewerId == null || e.ReviewerId == actorId
                           || (e.Reviewer!.Level > level && e.Reviewer.RegionCode.StartsWith(prefix)));
    }

    /// <summary>A page of <paramref name="source"/> filtered, newest first (by id, which the primary key orders).</summary>
    public async Task<EnterprisePage> ListAsync(IQueryable<Enterprise> source, EnterpriseFilter filter, CancellationToken ct = default)
    {
        var q = Filter(source, filter, db.Set<User>());
        var page = filter.SafePage;
        var pageSize = filter.SafePageSize;
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(e => new
            {
                e.Id, e.Name, UserName = e.User!.UserName, e.RegionCode, e.CreditCode, e.Size, e.Status, e.Disabled,
                e.ReviewerId, ReviewerName = e.Reviewer!.User!.DisplayName, e.SubmittedAt, e.Version,
            })
            .AsNoTracking().ToListAsync(ct);
        var names = await regions.PathsAsync(items.Select(i => i.RegionCode), ct);
        return new EnterprisePage(items.Select(i => new EnterpriseRow(
            i.Id, i.Name, i.UserName ?? "", i.RegionCode, names.GetValueOrDefault(i.RegionCode, i.RegionCode), i.CreditCode, i.Size,
            i.Status, i.Disabled, i.ReviewerId, i.ReviewerName, i.SubmittedAt, i.Version)).ToList(), total, page, pageSize);
    }

    /// <summary>The filters of the lists; an unknown or malformed region code matches nothing.</summary>
    public static IQueryable<Enterprise> Filter(IQueryable<Enterprise> q, EnterpriseFilter filter, IQueryable<User> users)
    {
        if (!string.IsNullOrWhiteSpace(filter.RegionCode))
        {
            var code = filter.RegionCode.Trim();
            if (code.Length != 6 || !code.All(char.IsAsciiDigit)) return q.Where(_ => false);
            var prefix = RegionScope.PrefixOf(RegionScope.LevelOf(code), code);
            if (prefix.Length > 0) q = WithinPrefix(q, prefix);
        }
        if (!string.IsNullOrWhiteSpace(filter.Keyword))
        {
            var k = filter.Keyword.Trim();
            // The accounts matching the keyword as a subquery (IN), not a join: the database finds them once
            // instead of joining every enterprise of the region to its account (bench enterprise-list).
            var accounts = users.Where(u => u.UserName!.Contains(k)).Select(u => u.Id);
            q = q.Where(e => e.Name.Contains(k) || accounts.Contains(e.UserId));
        }
        if (filter.Status is { } status) q = q.Where(e => e.Status == status);
        if (filter.Disabled is { } disabled) q = q.Where(e => e.Disabled == disabled);
        return q;
    }

    /// <summary>One enterprise of <paramref name="source"/> with the names of its codes, or null.</summary>
    public async Task<EnterpriseDetail?> FindAsync(IQueryable<Enterprise> source, long id, CancellationToken ct = default)
    {
        var found = await source.Where(e => e.Id == id)
            .Select(e => new { e, UserName = e.User!.UserName, Phone = e.User.PhoneNumber, ReviewerName = e.Reviewer!.User!.DisplayName })
            .AsNoTracking().FirstOrDefaultAsync(ct);
        return found is null ? null : await DetailAsync(found.e, found.UserName ?? "", found.Phone, found.ReviewerName, ct);
    }

    /// <summary>The enterprise registered by an account (an enterprise user's own), or null.</summary>
    public async Task<EnterpriseDetail?> FindByUserAsync(string userId, CancellationToken ct = default)
    {
        var found = await db.Set<Enterprise>().Where(e => e.UserId == userId)
            .Select(e => new { e, UserName = e.User!.UserName, Phone = e.User.PhoneNumber, ReviewerName = e.Reviewer!.User!.DisplayName })
            .AsNoTracking().FirstOrDefaultAsync(ct);
        return found is null ? null : await DetailAsync(found.e, found.UserName ?? "", found.Phone, found.ReviewerName, ct);
    }


    private async Task<EnterpriseDetail> DetailAsync(Enterprise e, string userName, string? phone, string? reviewerName, CancellationToken ct)
    {
        var paths = await regions.PathsAsync([e.RegionCode], ct);
        return new EnterpriseDetail(e, userName, phone, paths[e.RegionCode],
            await IndustryPathAsync(e.IndustryCode, ct), reviewerName);
    }

    /// <summary>门类→大类→中类→小类 as the manual shows it, e.g. 农、林、牧、渔业→农业→谷物种植→稻谷种植.</summary>
    private async Task<string?> IndustryPathAsync(string? code, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(code)) return null;
        var tree = await industries.GetTreeAsync(ct);
        return tree.Find(code) is { } industry ? string.Join("→", tree.PathTo(industry).Select(i => i.Name)) : code;
    }
}

/// <summary>The zh-CN names (also the localization keys) of statuses and sizes, as the pages show them.</summary>
public static class EnterpriseTexts
{
    public static string Status(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Draft => "暂存",
        RegistrationStatus.PendingReview => "待审核",
        RegistrationStatus.Returned => "退回",
        _ => "审核通过",
    };

    public static string Size(EnterpriseSize? size) => size switch
    {
        EnterpriseSize.Large => "大型",
        EnterpriseSize.Medium => "中型",
        EnterpriseSize.Small => "小型",
        EnterpriseSize.Micro => "微型",
        _ => "未划型",
    };
}
