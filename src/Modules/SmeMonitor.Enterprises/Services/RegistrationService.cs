using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Workflows;

namespace SmeMonitor.Enterprises.Services;

/// <summary>
/// What a save did: the enterprise as saved, or field errors (key "" for the whole form), and whether the
/// form was made from an older version than the one stored.
/// </summary>
public sealed record RegistrationResult(Enterprise? Enterprise, IReadOnlyDictionary<string, string> Errors, bool Conflict = false)
{
    public bool Succeeded => Errors.Count == 0;

    public static RegistrationResult Ok(Enterprise e) => new(e, new Dictionary<string, string>());
    public static RegistrationResult Refused(string message, bool conflict = false) => new(null, new Dictionary<string, string> { [""] = message }, conflict);
}

/// <summary>
/// 企业信息注册 (ENT-1, ENT-4): the signed-in account registers its own enterprise (one per account).
/// 暂存 keeps a draft (checking what is filled); 提交审核 checks everything, hands the enterprise to its
/// direct reviewer (<see cref="DirectReviewer"/>) and starts its review workflow (<see cref="EnterpriseWorkflows.Registration"/>). After 退回 the enterprise edits and submits again the
/// same way. The size is computed on every save (ENT-3). Administrators do not register enterprises.
/// Once submitted the information is read-only until reviewed; after approval it changes through
/// <see cref="EnterpriseChangeService"/>.
/// </summary>
public sealed class RegistrationService(SmeDbContext db, EnterpriseValidator validator, DirectoryCache directory,
    DirectReviewer reviewers, EnterpriseWorkflows workflows, IAuditLog audit, TimeProvider clock, IStringLocalizer<Strings> T)
{
    /// <summary>The account's enterprise, or null when it has not registered one yet.</summary>
    public Task<Enterprise?> FindOwnAsync(string userId, CancellationToken ct = default) =>
        db.Set<Enterprise>().AsNoTracking().FirstOrDefaultAsync(e => e.UserId == userId, ct);

    /// <summary>True when the account is an administrator: the registration form is not for it.</summary>
    public Task<bool> IsAdministratorAsync(string userId, CancellationToken ct = default) =>
        db.Set<Administrator>().AnyAsync(a => a.UserId == userId, ct);

    /// <summary>暂存: saves what is filled (a draft needs at least the name); a returned registration stays returned.</summary>
    public Task<RegistrationResult> SaveDraftAsync(string userId, EnterpriseForm form, CancellationToken ct = default) =>
        SaveAsync(userId, form, submit: false, ct);

    /// <summary>提交审核: checks every rule, then PendingReview with the direct reviewer assigned.</summary>
    public Task<RegistrationResult> SubmitAsync(string userId, EnterpriseForm form, CancellationToken ct = default) =>
        SaveAsync(userId, form, submit: true, ct);

    private async Task<RegistrationResult> SaveAsync(string userId, EnterpriseForm form, bool submit, CancellationToken ct)
    {
        if (await IsAdministratorAsync(userId, ct)) return RegistrationResult.Refused(T["管理员账号不能注册企业。"]);
        var enterprise = await db.Set<Enterprise>().FirstOrDefaultAsync(e => e.UserId == userId, ct);
        switch (enterprise?.Status)
        {
            case RegistrationStatus.PendingReview:
                return RegistrationResult.Refused(T["企业信息已提交审核，审核期间不能修改。"]);
            case RegistrationStatus.Approved:
                return RegistrationResult.Refused(T["企业信息已审核通过，请在企业信息页面修改（信息变更）。"]);
        }
        if (enterprise is not null && enterprise.Version != form.Version) return Stale();

        var snapshot = await directory.GetAsync(ct);
        var check = validator.Validate(form, submit, snapshot.Regions, snapshot.Industries);
        await AddUniquenessErrorsAsync(check, enterprise?.Id, ct);
        if (!check.IsValid) return new RegistrationResult(null, check.Errors);
        if (submit && await workflows.CannotStartAsync(EnterpriseWorkflows.Registration, ct) is { } cannotStart)
            return RegistrationResult.Refused(cannotStart);

        var now = clock.GetUtcNow();
        var isNew = enterprise is null;
        enterprise ??= new Enterprise { UserId = userId, Status = RegistrationStatus.Draft, CreatedAt = now };
        var before = isNew ? null : Snapshot(enterprise);
        check.Values.ApplyTo(enterprise);
        enterprise.Size = SizeOf(snapshot.Sizes, enterprise);
        enterprise.UpdatedAt = now;
        if (submit)
        {
            enterprise.Status = RegistrationStatus.PendingReview;
            enterprise.SubmittedAt = now;
            enterprise.ReturnReason = null;
            enterprise.ReviewerId = (await reviewers.FindAsync(enterprise.RegionCode, ct))?.Id;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                if (isNew) db.Add(enterprise);
                else db.Entry(enterprise).Property(e => e.Version).OriginalValue = form.Version;
                await db.SaveChangesAsync(ct); // the id, for the audit row
                audit.Record(submit ? "enterprise.submit" : "enterprise.draft", nameof(Enterprise), enterprise.Id.ToString(),
                    new { before, after = Snapshot(enterprise) });
                if (submit) await workflows.StartReviewAsync(enterprise, ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return RegistrationResult.Ok(enterprise);
            }
            catch (DbUpdateConcurrencyException)
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return Stale();
            }
            catch (DbUpdateException)
            {
                // A unique index refused it: someone registered the same name or code (or this account) a moment ago.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                var again = validator.Validate(form, submit, snapshot.Regions, snapshot.Industries);
                await AddUniquenessErrorsAsync(again, isNew ? null : enterprise.Id, ct);
                return again.IsValid ? Stale() : new RegistrationResult(null, again.Errors);
            }
        });
    }

    /// <summary>Adds 企业名称已存在 / 组织机构代码已存在 when another enterprise holds the name or the code.</summary>
    internal async Task AddUniquenessErrorsAsync(EnterpriseValidation check, long? selfId, CancellationToken ct)
    {
        var (name, code) = (check.Values.Name, check.Values.CreditCode);
        if (name is not null && !check.Errors.ContainsKey(nameof(Enterprise.Name)) &&
            await db.Set<Enterprise>().AnyAsync(e => e.Name == name && e.Id != selfId, ct))
            check.Add(nameof(Enterprise.Name), validator.NameTaken());
        if (code is not null && !check.Errors.ContainsKey(nameof(Enterprise.CreditCode)) &&
            await db.Set<Enterprise>().AnyAsync(e => e.CreditCode == code && e.Id != selfId, ct))
            check.Add(nameof(Enterprise.CreditCode), validator.CreditCodeTaken());
    }

    /// <summary>企业规模 by the loaded standard (ENT-3), or null while the industry or a figure is missing or the industry is not covered.</summary>
    public static EnterpriseSize? SizeOf(SizeClassifier? sizes, Enterprise e) =>
        sizes is null || e.IndustryCode is null ? null
            : sizes.Classify(e.IndustryCode, e.Revenue, e.Employees, e.Assets) is { Outcome: SizeOutcome.Classified } c ? c.Size : null;

    private RegistrationResult Stale() =>
        RegistrationResult.Refused(T["企业信息已在别处被修改，您的更改未保存；页面已显示最新内容，请重新修改。"], conflict: true);

    internal static object Snapshot(Enterprise e) => new
    {
        e.Name, e.CreditCode, e.LegalRepresentative, e.IndustryCode, e.RegionCode, e.RegistrationType, e.HoldingType, e.Revenue,
        e.Employees, e.Assets, size = e.Size?.ToString(), e.Listed, e.StockCode, e.Address, e.Postcode, e.OpenedOn, e.Website,
        e.ContactName, e.Phone, e.Fax, e.Mobile, e.Email, e.MainBusiness, status = e.Status.ToString(), e.ReviewerId,
    };
}
