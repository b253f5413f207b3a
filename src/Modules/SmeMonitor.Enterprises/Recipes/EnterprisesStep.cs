using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Api;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Enterprises.Workflows;

namespace SmeMonitor.Enterprises.Recipes;

/// <summary>
/// Enterprises with their accounts, e.g. the migrated users of ACC-6:
/// <code>
/// { "name": "enterprises", "file": "data/demo-enterprises.json" }   (the file holds { "enterprises": [ … ] })
/// { "name": "enterprises", "enterprises": [ { "userName": "ent_demo", "displayName": "…", "phone": "13800000010",
///   "password": "…", "email": "…", "status": "approved", "returnReason": "…",
///   "enterprise": { "name": "…", "creditCode": "…", "legalRepresentative": "…", "industryCode": "3311", "regionCode": "330102",
///     "registrationType": "私营企业", "holdingType": "私人控股", "revenue": 12000, "employees": 80, "assets": 9000, "listed": false,
///     "stockCode": null, "address": "…", "postcode": "310000", "openedOn": "2012-05-01", "website": "https://…", "contactName": "…",
///     "phone": "0571-87654321", "fax": null, "mobile": "13900000000", "email": "…", "mainBusiness": "…" } } ] }
/// </code>
/// Accounts are matched by userName and created when missing; an account imported without a password or a phone must
/// bind a phone before signing in (MustBindPhone), and a password is never reset. The step's optional "defaultPassword"
/// (next to "enterprises" or "file") is given to every account that comes without a password of its own (ACC-6). Enterprises are matched by their
/// account. status: draft, pending, returned (needs returnReason) or approved (the default). The enterprise is checked
/// by the same <see cref="EnterpriseValidator"/> as the form (draft: what is filled; otherwise everything) and must be
/// unique by name and credit code; the size is computed and the direct reviewer assigned when the status is set.
/// An enterprise imported as pending gets its review workflow (<see cref="EnterpriseWorkflows.Registration"/>) unless
/// one already waits, so the national recipe's workflows step must have been applied first.
/// Applying the same data again changes nothing.
/// </summary>
public sealed partial class EnterprisesStep(SmeDbContext db, UserManager<User> users, EnterpriseValidator validator, DirectoryCache directory,
    DirectReviewer reviewers, EnterpriseWorkflows workflows, IAuditLog audit, TimeProvider clock) : IRecipeStep
{
    public string Name => "enterprises";
    public string? Feature => "SmeMonitor.Enterprises";
    /// <summary>After users (50) and the reference data, which enterprises refer to.</summary>
    public int ExportOrder => 200;

    private static readonly string[] StringFields =
    [
        nameof(EnterpriseForm.Name), nameof(EnterpriseForm.CreditCode), nameof(EnterpriseForm.LegalRepresentative),
        nameof(EnterpriseForm.IndustryCode), nameof(EnterpriseForm.RegionCode), nameof(EnterpriseForm.RegistrationType),
        nameof(EnterpriseForm.HoldingType), nameof(EnterpriseForm.StockCode), nameof(EnterpriseForm.Address), nameof(EnterpriseForm.Postcode),
        nameof(EnterpriseForm.OpenedOn), nameof(EnterpriseForm.Website), nameof(EnterpriseForm.ContactName), nameof(EnterpriseForm.Phone),
        nameof(EnterpriseForm.Fax), nameof(EnterpriseForm.Mobile), nameof(EnterpriseForm.Email), nameof(EnterpriseForm.MainBusiness),
    ];

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        var (source, sourcePath) = ReadSource(ctx);
        var snapshot = await directory.GetAsync(ct);
        // Who holds each name and code now, so that an import never takes another enterprise's.
        var holders = await db.Set<Enterprise>().AsNoTracking().Select(e => new { e.UserId, e.Name, e.CreditCode }).ToListAsync(ct);
        var nameHolder = holders.ToDictionary(h => h.Name, h => h.UserId, StringComparer.Ordinal);
        var codeHolder = holders.Where(h => h.CreditCode is not null).ToDictionary(h => h.CreditCode!, h => h.UserId, StringComparer.Ordinal);
        var seenUsers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var seenNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenCodes = new Dictionary<string, string>(StringComparer.Ordinal);
        int added = 0, updated = 0;
        var defaultPassword = await DefaultPasswordHashAsync(ctx, ct);
        var pending = new List<Enterprise>();

        foreach (var (item, path) in ctx.Objects(source, "enterprises", sourcePath))
        {
            var userName = ctx.String(item, "userName", path).Trim();
            if (userName.Length == 0) throw ctx.Error($"{path}.userName", "is required");
            if (!seenUsers.TryAdd(userName, path)) throw ctx.Error($"{path}.userName", $"'{userName}' is listed twice (first at {seenUsers[userName]})");
            var statusKey = ctx.OptionalString(item, "status", path) ?? "approved";
            var status = ParseStatus(statusKey) ?? throw ctx.Error($"{path}.status", "must be one of draft, pending, returned, approved");
            var returnReason = ctx.OptionalString(item, "returnReason", path)?.Trim();
            if (status == RegistrationStatus.Returned && returnReason is not { Length: >= 1 and <= 150 })
                throw ctx.Error($"{path}.returnReason", "a returned enterprise needs a reason of 1–150 characters");

            var enterprisePath = $"{path}.enterprise";
            var form = ReadForm(ctx, ctx.Object(item["enterprise"], enterprisePath), enterprisePath);
            var check = validator.Validate(form, submit: status != RegistrationStatus.Draft, snapshot.Regions, snapshot.Industries);
            if (!check.IsValid)
            {
                var (field, message) = check.Errors.First();
                throw ctx.Error($"{enterprisePath}.{Camel(field)}", message);
            }
            var values = check.Values;
            if (!seenNames.TryAdd(values.Name!, path)) throw ctx.Error($"{enterprisePath}.name", $"'{values.Name}' is listed twice (first at {seenNames[values.Name!]})");
            if (values.CreditCode is { } code && !seenCodes.TryAdd(code, path))
                throw ctx.Error($"{enterprisePath}.creditCode", $"'{code}' is listed twice (first at {seenCodes[code]})");

            var user = await UpsertAccountAsync(ctx, item, path, userName, defaultPassword);
            if (await db.Set<Administrator>().AnyAsync(a => a.UserId == user.Id, ct))
                throw ctx.Error($"{path}.userName", $"'{userName}' is an administrator; administrators do not register enterprises");
            if (nameHolder.TryGetValue(values.Name!, out var holder) && holder != user.Id)
                throw ctx.Error($"{enterprisePath}.name", validator.NameTaken());
            if (values.CreditCode is not null && codeHolder.TryGetValue(values.CreditCode, out holder) && holder != user.Id)
                throw ctx.Error($"{enterprisePath}.creditCode", validator.CreditCodeTaken());

            var now = clock.GetUtcNow();
            var enterprise = await db.Set<Enterprise>().FirstOrDefaultAsync(e => e.UserId == user.Id, ct);
            var isNew = enterprise is null;
            enterprise ??= db.Add(new Enterprise { UserId = user.Id, CreatedAt = now, UpdatedAt = now, Status = status }).Entity;
            values.ApplyTo(enterprise);
            enterprise.Size = RegistrationService.SizeOf(snapshot.Sizes, enterprise);
            if (isNew || enterprise.Status != status)
            {
                enterprise.Status = status;
                if (status != RegistrationStatus.Draft) enterprise.SubmittedAt ??= now;
                if (status == RegistrationStatus.Approved) enterprise.ApprovedAt ??= now;
            }
            enterprise.ReturnReason = status == RegistrationStatus.Returned ? returnReason : null;
            // The reviewer is assigned once (and again when the region changes); a reassignment (ENT-7) is kept on re-apply.
            if (status != RegistrationStatus.Draft && (enterprise.ReviewerId is null || db.Entry(enterprise).Property(e => e.RegionCode).IsModified))
                enterprise.ReviewerId = (await reviewers.FindAsync(enterprise.RegionCode, ct))?.Id;

            if (isNew) added++;
            else if (db.Entry(enterprise).State == EntityState.Modified)
            {
                enterprise.UpdatedAt = now;
                updated++;
            }
            if (status == RegistrationStatus.PendingReview) pending.Add(enterprise);
            nameHolder[values.Name!] = user.Id;
            if (values.CreditCode is not null) codeHolder[values.CreditCode] = user.Id;
        }
        if (added + updated > 0) audit.Record("enterprise.import", nameof(Enterprise), "*", new { added, updated });
        if (pending.Count == 0) return;
        if (await workflows.CannotStartAsync(EnterpriseWorkflows.Registration, ct) is not null)
            throw ctx.Error(ctx.Path, $"pending enterprises need the workflow '{EnterpriseWorkflows.Registration}', defined and enabled; apply the national recipe's workflows step first");
        await db.SaveChangesAsync(ct); // the ids
        foreach (var enterprise in pending) await workflows.StartReviewAsync(enterprise, ct);
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var rows = await db.Set<Enterprise>().AsNoTracking().Include(e => e.User).OrderBy(e => e.Id).ToListAsync(ct);
        if (rows.Count == 0) return null;
        var list = new JsonArray();
        foreach (var e in rows)
        {
            var item = new JsonObject { ["userName"] = e.User!.UserName, ["displayName"] = e.User.DisplayName };
            if (e.User.PhoneNumber is not null) item["phone"] = e.User.PhoneNumber;
            if (e.User.Email is not null) item["email"] = e.User.Email;
            item["status"] = RegistrationApi.StatusKey(e.Status);
            if (e.Status == RegistrationStatus.Returned && e.ReturnReason is not null) item["returnReason"] = e.ReturnReason;
            var form = EnterpriseForm.From(e);
            var fields = new JsonObject();
            foreach (var field in StringFields)
            {
                var value = (string?)typeof(EnterpriseForm).GetProperty(field)!.GetValue(form);
                if (value is not null) fields[Camel(field)] = value;
            }
            if (e.Revenue is { } revenue) fields["revenue"] = revenue;
            if (e.Employees is { } employees) fields["employees"] = employees;
            if (e.Assets is { } assets) fields["assets"] = assets;
            fields["listed"] = e.Listed;
            item["enterprise"] = fields;
            list.Add(item);
        }
        return new JsonObject { ["enterprises"] = list };
    }

    /// <summary>The step itself, or the file it names.</summary>
    private static (JsonObject Source, string Path) ReadSource(RecipeStepContext ctx)
    {
        if (ctx.OptionalString(ctx.Step, "file", ctx.Path) is not { } file) return (ctx.Step, ctx.Path);
        var filePath = $"{ctx.Path}.file";
        var root = ctx.LoadFile(file, filePath);
        return (root as JsonObject ?? throw ctx.Error(filePath, $"file '{file}' must hold an object with \"enterprises\""), $"{file}:$");
    }

    private static EnterpriseForm ReadForm(RecipeStepContext ctx, JsonObject obj, string path)
    {
        var form = new EnterpriseForm();
        foreach (var field in StringFields)
            typeof(EnterpriseForm).GetProperty(field)!.SetValue(form, ctx.OptionalString(obj, Camel(field), path));
        form.Revenue = Number(ctx.Decimal(obj, "revenue", path));
        form.Assets = Number(ctx.Decimal(obj, "assets", path));
        form.Employees = obj["employees"] is null ? null : ctx.Int(obj, "employees", path).ToString(CultureInfo.InvariantCulture);
        form.Listed = ctx.Bool(obj, "listed", path);
        return form;
    }

    /// <summary>
    /// The hash of the step's "defaultPassword" (ACC-6: the default password policy of migrated accounts), or null.
    /// Hashed once for the whole import: hashing is deliberately slow, and thousands of accounts share the password anyway
    /// until each binds its phone and changes it.
    /// </summary>
    private async Task<string?> DefaultPasswordHashAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        if (ctx.OptionalString(ctx.Step, "defaultPassword", ctx.Path) is not { } password) return null;
        var probe = new User { UserName = "default-password" };
        foreach (var rule in users.PasswordValidators)
            Check(await rule.ValidateAsync(users, probe, password), ctx, $"{ctx.Path}.defaultPassword");
        return users.PasswordHasher.HashPassword(probe, password);
    }

    private async Task<User> UpsertAccountAsync(RecipeStepContext ctx, JsonObject item, string path, string userName, string? defaultPasswordHash)
    {
        var displayName = ctx.OptionalString(item, "displayName", path);
        var password = ctx.OptionalString(item, "password", path);
        var phone = ctx.OptionalString(item, "phone", path);
        if (phone is not null && !MobilePhone().IsMatch(phone)) throw ctx.Error($"{path}.phone", "must be an 11-digit mobile number starting with 1");
        var email = ctx.OptionalString(item, "email", path);
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            user = new User
            {
                UserName = userName, DisplayName = displayName ?? userName, PhoneNumber = phone, PhoneNumberConfirmed = phone is not null,
                Email = email, EmailConfirmed = email is not null, MustBindPhone = password is null || phone is null, CreatedAt = clock.GetUtcNow(),
            };
            if (password is null) user.PasswordHash = defaultPasswordHash;
            Check(password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password), ctx, path);
            return user;
        }
        var changed = false;
        if (displayName is not null && user.DisplayName != displayName) { user.DisplayName = displayName; changed = true; }
        if (phone is not null && user.PhoneNumber != phone) { user.PhoneNumber = phone; user.PhoneNumberConfirmed = true; changed = true; }
        if (email is not null && user.Email != email) { user.Email = email; user.EmailConfirmed = true; changed = true; }
        if (changed) Check(await users.UpdateAsync(user), ctx, path);
        // Never reset a password; only give one to an account that has none.
        if (password is not null && !await users.HasPasswordAsync(user)) Check(await users.AddPasswordAsync(user, password), ctx, $"{path}.password");
        else if (password is null && defaultPasswordHash is not null && !await users.HasPasswordAsync(user))
        {
            user.PasswordHash = defaultPasswordHash;
            Check(await users.UpdateAsync(user), ctx, path);
        }
        return user;
    }

    private static void Check(IdentityResult result, RecipeStepContext ctx, string path)
    {
        if (!result.Succeeded) throw ctx.Error(path, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static RegistrationStatus? ParseStatus(string key) => key switch
    {
        "draft" => RegistrationStatus.Draft,
        "pending" => RegistrationStatus.PendingReview,
        "returned" => RegistrationStatus.Returned,
        "approved" => RegistrationStatus.Approved,
        _ => null,
    };

    private static string? Number(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);

    private static string Camel(string field) => JsonNamingPolicy.CamelCase.ConvertName(field);

    [GeneratedRegex(@"^1\d{10}$")]
    private static partial Regex MobilePhone();
}
