using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Administrators.Models;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;

namespace SmeMonitor.Administrators.Services;

/// <summary>
/// 下级管理员维护 (ADM-2, ADM-3): what an administrator (the actor) sees of, and does to, the
/// administrators below it. Every read starts from <see cref="Manageable"/>, so an id outside the
/// actor's reach is simply not found. Every change is checked by <see cref="SubordinateRules"/>,
/// versioned and audited in the same save.
/// </summary>
public sealed class AdministratorService(SmeDbContext db, UserManager<User> users, IRegionNames regionNames, IAuditLog audit, TimeProvider clock,
    IStringLocalizer<Strings> T)
{
    /// <summary>The administrators strictly below the actor's level inside its manageable region (none when it is disabled).</summary>
    public IQueryable<Administrator> Manageable(Administrator actor)
    {
        var level = actor.Level;
        return RegionScope.For(actor).Apply(db.Set<Administrator>().Where(a => a.Level > level));
    }

    public async Task<AdministratorPage> ListAsync(Administrator actor, AdministratorFilter filter, CancellationToken ct = default)
    {
        var pageSize = Math.Clamp(filter.PageSize, 1, 200);
        var page = Math.Max(1, filter.Page);
        var q = Manageable(actor);
        if (filter.Level is { } level) q = q.Where(a => a.Level == level);
        if (filter.Enabled is { } enabled) q = q.Where(a => a.Enabled == enabled);
        if (!string.IsNullOrWhiteSpace(filter.Keyword))
        {
            var k = filter.Keyword.Trim();
            q = q.Where(a => a.User!.UserName!.Contains(k) || a.User.DisplayName.Contains(k));
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(a => a.Level).ThenBy(a => a.RegionCode).ThenBy(a => a.User!.UserName)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new { a, a.User!.UserName, a.User.DisplayName, a.User.PhoneNumber })
            .AsNoTracking().ToListAsync(ct);
        var names = await regionNames.GetAsync(items.Select(i => i.a.RegionCode), ct);
        return new AdministratorPage(
            items.Select(i => Row(i.a, i.UserName ?? "", i.DisplayName, i.PhoneNumber, names)).ToList(), total, page, pageSize);
    }

    /// <summary>One administrator the actor manages, or null: outside its reach is the same as missing.</summary>
    public async Task<AdministratorRow?> FindAsync(Administrator actor, long id, CancellationToken ct = default)
    {
        var found = await Manageable(actor).Where(a => a.Id == id)
            .Select(a => new { a, a.User!.UserName, a.User.DisplayName, a.User.PhoneNumber })
            .AsNoTracking().FirstOrDefaultAsync(ct);
        if (found is null) return null;
        var names = await regionNames.GetAsync([found.a.RegionCode], ct);
        return Row(found.a, found.UserName ?? "", found.DisplayName, found.PhoneNumber, names);
    }

    /// <summary>Makes an existing account (ACC-1) an administrator below the actor.</summary>
    public async Task<ChangeResult> CreateAsync(Administrator actor, AdministratorForm form, CancellationToken ct = default)
    {
        var userName = form.UserName?.Trim() ?? "";
        if (userName.Length == 0) return new ChangeResult(T["请输入下级管理员的登录名。"], nameof(form.UserName));
        var user = await users.FindByNameAsync(userName);
        if (user is null)
            return new ChangeResult(T["账号“{0}”不存在：下级管理员需要先在政务平台注册账号。", userName], nameof(form.UserName));
        if (await db.Set<Administrator>().AnyAsync(a => a.UserId == user.Id, ct))
            return new ChangeResult(T["账号“{0}”已经是管理员。", userName], nameof(form.UserName));
        var regionCode = form.RegionCode?.Trim() ?? "";
        if (await CheckAsync(actor, form.Level, regionCode, form.SkipLevelAccept, ct) is { } problem) return problem;

        var admin = new Administrator
        {
            UserId = user.Id, Level = form.Level, RegionCode = regionCode, CanOneClickAccept = form.OneClickAccept,
            CanSkipLevelAccept = form.SkipLevelAccept, Enabled = true, CreatedById = actor.Id, CreatedAt = clock.GetUtcNow(),
        };
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Add(admin);
            try
            {
                await db.SaveChangesAsync(ct); // the id, for the audit row
            }
            catch (DbUpdateException)
            {
                // Someone made the same account an administrator a moment ago (unique UserId).
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return new ChangeResult(T["账号“{0}”已经是管理员。", userName], nameof(form.UserName));
            }
            // Administrators' permissions (e.g. this very page) come with the role, so the new one gets it.
            if (!await users.IsInRoleAsync(user, PermissionClaims.AdministratorRole) &&
                await db.Roles.AnyAsync(r => r.Name == PermissionClaims.AdministratorRole, ct))
            {
                var added = await users.AddToRoleAsync(user, PermissionClaims.AdministratorRole);
                if (!added.Succeeded) throw new InvalidOperationException(string.Join("; ", added.Errors.Select(e => e.Description)));
            }
            audit.Record("administrator.create", nameof(Administrator), admin.Id.ToString(),
                new { by = actor.Id, userName, after = Snapshot(admin) });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return ChangeResult.Ok(admin.Id);
        });
    }

    /// <summary>Changes level, region and grants of a subordinate, from the version the form was made of.</summary>
    public async Task<ChangeResult> UpdateAsync(Administrator actor, long id, AdministratorForm form, CancellationToken ct = default)
    {
        var target = await Manageable(actor).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (target is null) return ChangeResult.Missing;
        if (target.Version != form.Version) return Conflict();
        var regionCode = form.RegionCode?.Trim() ?? "";
        if (await CheckAsync(actor, form.Level, regionCode, form.SkipLevelAccept, ct) is { } problem) return problem;

        var before = Snapshot(target);
        target.Level = form.Level;
        target.RegionCode = regionCode;
        target.CanOneClickAccept = form.OneClickAccept;
        target.CanSkipLevelAccept = form.SkipLevelAccept;
        return await SaveAsync(actor, target, form.Version, "administrator.update", before, ct);
    }

    /// <summary>Disables (停用) or enables a subordinate. Administrators are never deleted: their history stays attributable.</summary>
    public async Task<ChangeResult> SetEnabledAsync(Administrator actor, long id, bool enabled, int version, CancellationToken ct = default)
    {
        var target = await Manageable(actor).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (target is null) return ChangeResult.Missing;
        if (target.Version != version) return Conflict();
        var before = Snapshot(target);
        target.Enabled = enabled;
        return await SaveAsync(actor, target, version, enabled ? "administrator.enable" : "administrator.disable", before, ct);
    }

    private async Task<ChangeResult?> CheckAsync(Administrator actor, AdminLevel level, string regionCode, bool skipLevel, CancellationToken ct)
    {
        var regionLevel = regionCode.Length == 0 ? null
            : await db.Set<Region>().Where(r => r.Code == regionCode).Select(r => (int?)r.Level).FirstOrDefaultAsync(ct);
        var field = nameof(AdministratorForm.RegionCode);
        switch (SubordinateRules.CheckPlacement(actor, level, regionCode, regionLevel))
        {
            case PlacementProblem.LevelNotBelow:
                return new ChangeResult(T["只能设置比自己低的管理员级别。"], nameof(AdministratorForm.Level));
            case PlacementProblem.RegionNotFound:
                return new ChangeResult(regionCode.Length == 0 ? T["请选择可管理地区。"] : T["地区代码“{0}”不存在。", regionCode], field);
            case PlacementProblem.RegionLevelMismatch:
                return new ChangeResult(T["可管理地区必须是{0}地区。", T[level.Text()]], field);
            case PlacementProblem.RegionOutsideScope:
                return new ChangeResult(T["可管理地区必须在您的可管理地区之内。"], field);
        }
        if (skipLevel && !SubordinateRules.CanGrantSkipLevelAccept(actor, level))
            return new ChangeResult(T["越级接收只能由国家管理员授予省级管理员。"], nameof(AdministratorForm.SkipLevelAccept));
        return null;
    }

    private async Task<ChangeResult> SaveAsync(Administrator actor, Administrator target, int version, string action, object before, CancellationToken ct)
    {
        var entry = db.Entry(target);
        if (entry.State == EntityState.Unchanged) return ChangeResult.Ok(target.Id);
        // The posted version is what the database must still hold, or someone else changed it meanwhile.
        entry.Property(a => a.Version).OriginalValue = version;
        audit.Record(action, nameof(Administrator), target.Id.ToString(), new { by = actor.Id, before, after = Snapshot(target) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict();
        }
        return ChangeResult.Ok(target.Id);
    }

    private ChangeResult Conflict() => new(T["该管理员已被他人修改，您的更改未保存；页面已显示最新内容，请重新修改。"], Conflict: true);

    private static object Snapshot(Administrator a) => new
    {
        level = a.Level.Key(), region = a.RegionCode, oneClickAccept = a.CanOneClickAccept, skipLevelAccept = a.CanSkipLevelAccept, enabled = a.Enabled,
    };

    private static AdministratorRow Row(Administrator a, string userName, string displayName, string? phone, IReadOnlyDictionary<string, string> names) =>
        new(a.Id, userName, displayName, phone, a.Level, a.RegionCode, names.GetValueOrDefault(a.RegionCode, a.RegionCode),
            a.CanOneClickAccept, a.CanSkipLevelAccept, a.Enabled, a.Version);

}
